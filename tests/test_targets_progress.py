"""R6 progress on the page: expected share on the first and last day of a period, with and
without a monthly split; who is behind and by how much; the monthly chart's figures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kam.views.targets import progress as kprog

BRANCHES = pd.DataFrame({"id": [1, 2], "name": ["East", "West"]})
TEAMS = pd.DataFrame({"id": [10], "name": ["A"], "branch_id": [1], "leader_id": [1]})
PEOPLE = pd.DataFrame(
    {
        "id": [1, 2, 3],
        "name": ["Li", "Wang", "Sun"],
        "rank": ["director", "partner", "partner"],
        "branch_id": [1, 1, 2],
        "team_id": [10, 10, None],
        "left_date": [None, None, None],
    }
)


def targets(*rows: tuple[str, int | None, str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"id": i, "entity_type": t, "entity_id": e, "period": p, "amount": a, "version": 1}
            for i, (t, e, p, a) in enumerate(rows, start=1)
        ]
    )


def orders(*rows: tuple[int, int, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"id": i, "customer_id": 1, "owner_id": o, "stage": "won", "amount": a, "close_date": d}
            for i, (o, a, d) in enumerate(rows, start=1)
        ],
        columns=["id", "customer_id", "owner_id", "stage", "amount", "close_date"],
    )


def table(t: pd.DataFrame, o: pd.DataFrame, as_of: dt.date, year: int = 2026) -> pd.DataFrame:
    return kprog.progress_table(t, o, BRANCHES, TEAMS, PEOPLE, as_of, year, "en").set_index("target_id")


YEAR = targets(("person", 2, "2026", 365_000))
SPLIT = targets(("person", 2, "2026", 1_200_000), *(("person", 2, f"2026-{m:02d}", 100_000) for m in range(1, 13)))


@pytest.mark.parametrize(
    ("frame", "as_of", "expected"),
    [
        (YEAR, dt.date(2026, 1, 1), 1 / 365),  # first day of the year
        (YEAR, dt.date(2026, 12, 31), 1.0),  # last day
        (SPLIT, dt.date(2026, 1, 1), (100_000 / 31) / 1_200_000),  # first day, January's target x 1/31
        (SPLIT, dt.date(2026, 1, 31), 100_000 / 1_200_000),  # last day of January: the month is over
        (SPLIT, dt.date(2026, 12, 31), 1.0),
    ],
)
def test_r6_expected_on_the_first_and_last_day_with_and_without_a_monthly_split(frame, as_of, expected) -> None:  # noqa: ANN001
    row = table(frame, orders(), as_of).loc[1]
    assert row["expected"] == pytest.approx(expected)
    if frame is SPLIT:
        assert row["split"] == "month"
    else:
        assert pd.isna(row["split"])


@pytest.mark.parametrize(("actual", "behind", "gap"), [(9_999, True, 1), (10_000, False, 0), (10_001, False, 0)])
def test_r6_behind_and_the_gap_to_catch_up(actual: int, behind: bool, gap: int) -> None:
    row = table(YEAR, orders((2, actual, "2026-01-05")), dt.date(2026, 1, 10)).loc[1]
    assert (bool(row["behind"]), int(row["gap"])) == (behind, gap)
    assert row["status"] == ("behind" if behind else "on_track")


def test_r6_the_behind_list_starts_with_the_top_and_the_largest_gaps() -> None:
    t = targets(
        ("person", 3, "2026", 100),
        ("person", 1, "2026", 1_000),
        ("branch", 1, "2026", 1_000),
        ("team", 10, "2026", 10_000),
        ("company", None, "2026", 1),
    )
    got = kprog.progress_table(
        t, orders((3, 100, "2026-01-02")), BRANCHES, TEAMS, PEOPLE, dt.date(2026, 6, 30), 2026, "en"
    )
    assert got["name"].tolist() == ["East", "A", "Li", "Company", "Sun"]
    assert got["behind"].tolist() == [True, True, True, False, False]
    # Scope: one branch (its own row, its teams and people), one team.
    assert kprog.scope(got, 1, None)["name"].tolist() == ["East", "A", "Li"]
    assert kprog.scope(got, 1, 10)["name"].tolist() == ["A", "Li"]


def test_r6_no_target_is_no_data_and_not_behind() -> None:
    row = table(targets(("person", 2, "2026", 0)), orders((2, 5, "2026-02-01")), dt.date(2026, 6, 30)).loc[1]
    assert (row["status"], bool(row["behind"]), row["actual"]) == ("no_data", False, 5)
    assert pd.isna(row["progress"]) and pd.isna(row["gap"])


def test_headline_of_an_entity_with_and_without_a_target() -> None:
    o = orders((1, 100, "2026-02-01"), (3, 50, "2026-03-01"))
    t = targets(("branch", 1, "2026", 1_000))
    tab = kprog.progress_table(t, o, BRANCHES, TEAMS, PEOPLE, dt.date(2026, 6, 30), 2026, "en")
    head = kprog.headline(tab, o, TEAMS, PEOPLE, kprog.focus(1, None), 2026, dt.date(2026, 6, 30))
    assert (head.name, head.target, head.actual, head.progress) == ("East", 1_000, 100, 0.1)
    head = kprog.headline(tab, o, TEAMS, PEOPLE, kprog.focus(None, None), 2026, dt.date(2026, 6, 30))
    assert (head.target, head.actual, head.progress) == (None, 150, None)
    assert kprog.focus(1, 10) == ("team", 10)


def test_monthly_targets_from_months_quarters_or_the_year() -> None:
    o = orders((2, 70, "2026-01-15"), (2, 30, "2026-02-01"), (2, 99, "2026-03-02"))
    as_of = dt.date(2026, 2, 14)
    m = kprog.monthly(SPLIT, o, TEAMS, PEOPLE, "person", 2, 2026, as_of)
    assert (m["source"] == "month").all() and m["target"].tolist() == [100_000] * 12
    assert m["actual"].tolist()[:2] == [70, 30] and m["actual"].iloc[2:].isna().all()  # March is after as_of
    assert m["cum_actual"].iloc[1] == 100
    q = kprog.monthly(
        targets(("team", 10, "2026", 1), ("team", 10, "2026-Q1", 90_000)), o, TEAMS, PEOPLE, "team", 10, 2026, as_of
    )
    assert q["source"].iloc[0] == "quarter" and q["target"].iloc[0] == round(90_000 * 31 / 90)
    y = kprog.monthly(YEAR, o, TEAMS, PEOPLE, "person", 2, 2026, as_of)
    assert y["source"].iloc[0] == "year" and y["target"].tolist()[:2] == [31_000, 28_000]
    none = kprog.monthly(YEAR, o, TEAMS, PEOPLE, "company", None, 2026, as_of)
    assert (none["source"] == "none").all() and none["actual"].iloc[0] == 70


@pytest.mark.parametrize(
    ("as_of", "open_month"),
    [
        (dt.date(2026, 2, 1), 2),  # its first day: under way
        (dt.date(2026, 2, 27), 2),  # the day before its last
        (dt.date(2026, 2, 28), None),  # its last day: the month is complete, met or missed
        (dt.date(2026, 3, 1), 3),
    ],
)
def test_the_month_under_way_is_open_until_its_last_day(as_of: dt.date, open_month: int | None) -> None:
    m = kprog.monthly(SPLIT, orders((2, 70, "2026-01-15")), TEAMS, PEOPLE, "person", 2, 2026, as_of)
    assert m.loc[m["open"], "month"].tolist() == ([open_month] if open_month else [])


def test_the_monthly_chart_marks_met_missed_and_the_month_under_way() -> None:
    """Every month was red: the month under way (December after one day) was "missed"."""
    from kam.ui.charts.target_actual import monthly_chart

    m = kprog.monthly(
        SPLIT,
        orders((2, 120_000, "2026-01-15"), (2, 50_000, "2026-02-03"), (2, 10, "2026-03-02")),
        TEAMS,
        PEOPLE,
        "person",
        2,
        2026,
        dt.date(2026, 3, 5),
    )
    m["label"] = [f"M{k}" for k in m["month"]]
    chart = monthly_chart(
        m,
        lang="en",
        target_title="T",
        actual_title="A",
        month_title="M",
        met_title="met",
        behind_title="missed",
        open_title="open",
    )
    bars = chart.data["bars"]
    assert bars["series"].tolist() == ["met", "missed", "open"]  # March (10 of 100,000) is under way
