"""The talent page's tables without Streamlit: what each tab shows and the HR export, built
from a :class:`kam.views.talent.TalentModel` in its language. Names stay values of cells
(never markup); kam.ui.talent only draws these frames."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kam.i18n import translate
from kam.rules.camps import camp_paths, camp_pipeline
from kam.rules.params import int_param
from kam.views.talent import TalentModel, quarter_bounds

PIPE_SERIES = ("in_camp", "entered", "completed")
_WON = {"group": "talent.col.won", "principal_group": "talent.col.won_principal"}  # by r9_clearances.order_kind


def _tr(m: TalentModel) -> Callable[..., str]:
    return lambda key, **kw: translate(key, m.lang, **kw)


def status_label(m: TalentModel, code: object) -> str:
    return translate(f"talent.status.{code}", m.lang) if isinstance(code, str) else ""


def dash_whole(values: pd.Series) -> pd.Series:
    """Whole numbers as text, "—" where missing (Streamlit draws a missing cell as "None")."""
    return values.map(lambda v: "—" if pd.isna(v) else f"{int(v):,}").astype("string")


# --- camps ---------------------------------------------------------------------------------


def pipeline(m: TalentModel, quarter: str) -> pd.DataFrame:
    """Per camp in path order: the people in it now (on the team at the as-of date: a leaver
    is no longer in a camp), who entered and who completed it in ``quarter``; long form for
    the chart (``camp``, ``camp_order``, ``series``, ``what``, ``value``)."""
    first, last = quarter_bounds(quarter)
    e = m.figures.enrolments
    mine = e.loc[e["person_id"].isin(m.ids)]
    here = mine.loc[mine["person_id"].isin(m.people.index[m.people["active"]])]
    now = camp_pipeline(here, m.figures.rules, m.as_of, first, last).set_index("camp_code")
    moved = camp_pipeline(mine, m.figures.rules, m.as_of, first, last).set_index("camp_code")
    pipe = moved.assign(in_camp=now["in_camp"].reindex(moved.index).fillna(0).astype("int64")).reset_index()
    pipe["camp"] = pipe["camp_code"].map(m.labels("r9_camps"))
    long = pipe.melt(id_vars=["camp", "camp_order"], value_vars=list(PIPE_SERIES), var_name="series")
    long["what"] = long["series"].map(lambda k: translate(f"talent.pipe.{k}", m.lang))
    return long.sort_values(["camp_order", "series"], kind="stable").reset_index(drop=True)


def path(m: TalentModel, person: int | None) -> pd.DataFrame:
    """One person's camps in path order (empty when none or nobody is chosen)."""
    tr = _tr(m)
    cols = {k: tr(f"col.{k}") for k in ("camp_code", "start_date", "end_date", "status")}
    e = m.figures.enrolments
    if person is None:
        return pd.DataFrame(columns=list(cols.values()))
    p = camp_paths(e.loc[e["person_id"] == person], m.figures.rules)
    return pd.DataFrame(
        {
            cols["camp_code"]: p["camp_code"].map(m.labels("r9_camps")),
            cols["start_date"]: p["start_date"],
            cols["end_date"]: p["end_date"].fillna("—"),
            cols["status"]: p["status"].map(lambda s: tr(f"enum.status.{s}")),
        }
    )


# --- clearances ----------------------------------------------------------------------------


def _figures(m: TalentModel, rows: pd.DataFrame) -> pd.Series:
    """What decided each clearance: the score, or the precise customers and orders won
    (built column-wise: the list may hold thousands of rows at company size)."""
    tr = _tr(m)
    sep = "；" if m.lang == "zh" else "; "
    if rows.empty:
        return pd.Series([], index=rows.index, dtype="object")

    def num(v: pd.Series) -> pd.Series:
        return v.map(lambda x: "—" if pd.isna(x) else f"{x:g}").astype("object")

    parts = [
        (rows["min_score"].notna(), tr("col.score_result") + " " + num(rows["score"]) + " / " + num(rows["min_score"])),
        (
            rows["min_precise_customers"] > 0,
            f"{tr('talent.col.precise')} "
            + rows["precise_customers"].astype(str)
            + " / "
            + rows["min_precise_customers"].astype(str),
        ),
        (
            rows["min_orders_won"] > 0,
            rows["order_kind"].map(lambda k: _won_label(m, k)).astype("object")
            + " "
            + rows["orders_won"].astype(str)
            + " / "
            + rows["min_orders_won"].astype(str),
        ),
    ]
    out = pd.Series("", index=rows.index, dtype="object")
    for shown, text in parts:
        joined = out.where(out == "", out + sep) + text
        out = joined.where(shown.fillna(False).astype(bool), out)
    return out


def due_table(m: TalentModel) -> pd.DataFrame:
    """Due this week and overdue, by manager, with the figures that decided each."""
    tr = _tr(m)
    due = m.due_list()
    clr = m.labels("r9_clearances")
    return pd.DataFrame(
        {
            tr("col.manager_id"): due["manager_id"].map(m.name),
            tr("col.person_id"): due["person_id"].map(m.name),
            tr("col.clearance_code"): due["clearance_code"].map(clr),
            tr("talent.col.due_date"): due["due_date"],
            tr("col.status"): due["status"].map(lambda s: status_label(m, s)),
            tr("talent.col.days_overdue"): due["days_overdue"],
            tr("talent.col.figures"): _figures(m, due).to_numpy(),
        }
    )


def clearance_matrix(m: TalentModel) -> pd.DataFrame:
    """Person x clearance (in clearance order): each one's status."""
    c = m.clearances()
    if c.empty:
        return pd.DataFrame()
    clr = m.labels("r9_clearances")
    wide = c.pivot_table(index="person_id", columns="clearance_code", values="status", aggfunc="last")
    order = c.drop_duplicates("clearance_code").sort_values("clearance_order")["clearance_code"]
    wide = wide.reindex(columns=[k for k in order if k in wide.columns]).map(lambda s: status_label(m, s))
    wide.columns = [clr.get(str(k), str(k)) for k in wide.columns]
    wide.insert(0, translate("col.person_id", m.lang), [m.name(i) for i in wide.index])
    return wide.reset_index(drop=True)


def _won_label(m: TalentModel, kind: object) -> str:
    return translate(_WON.get(kind, "talent.col.won_any") if isinstance(kind, str) else "talent.col.won_any", m.lang)


def person_clearances(m: TalentModel, person: int | None) -> pd.DataFrame:
    """One person's clearances in order: when each opens and is due, its status, when it was
    met, and the figures behind it, as of the as-of date and by the due date."""
    tr = _tr(m)
    c = m.clearances()
    c = c.loc[c["person_id"] == person].sort_values("clearance_order", kind="stable")
    sep = "；" if m.lang == "zh" else "; "
    by_due = []
    for r in c.itertuples():  # four rows
        parts = [f"{tr('talent.col.precise')} {r.precise_by_due}" if r.min_precise_customers else ""]
        parts.append(f"{_won_label(m, r.order_kind)} {r.orders_won_by_due}" if r.min_orders_won else "")
        by_due.append(sep.join(p for p in parts if p))
    return pd.DataFrame(
        {
            tr("col.clearance_code"): c["clearance_code"].map(m.labels("r9_clearances")).to_numpy(),
            tr("talent.col.opens"): c["opens_date"].to_numpy(),
            tr("talent.col.due_date"): c["due_date"].to_numpy(),
            tr("col.status"): c["status"].map(lambda v: status_label(m, v)).to_numpy(),
            tr("talent.col.met"): c["met_date"].fillna("").to_numpy(),
            tr("talent.col.figures_now"): _figures(m, c).to_numpy(),
            tr("talent.col.by_due"): by_due,
        }
    )


# --- cadre ---------------------------------------------------------------------------------


def sales_label(m: TalentModel) -> str:
    return translate("talent.col.sales", m.lang, months=int_param(m.figures.rules, "r9_cadre_window_months"))


def cadre_table(m: TalentModel) -> pd.DataFrame:
    """The cadre standard of everyone in scope with its figures and the latest assessment,
    eligible first, then by sales."""
    tr = _tr(m)
    cad = m.cadre().sort_values(["eligible", "cadre_sales"], ascending=False, kind="stable")
    stars = m.stars().reindex(cad.index)
    fails = [
        ("、" if m.lang == "zh" else ", ").join(tr(f"talent.fail.{f}") for f in v.split(";") if f)
        if isinstance(v, str)
        else ""
        for v in cad["failed"]
    ]
    hr = (  # HR's assessment, for those who read it (a manager does not)
        {
            **{tr(f"col.{c}"): dash_whole(cad[c]).to_numpy() for c in ("virtue", "talent", "post")},
            tr("col.decision"): [tr(f"enum.decision.{d}") if isinstance(d, str) else "" for d in cad["decision"]],
        }
        if m.sees_assessments
        else {}
    )
    return pd.DataFrame(
        {
            tr("col.person_id"): [m.name(i) for i in cad.index],
            sales_label(m): cad["cadre_sales"].round().astype("int64").to_numpy(),
            tr("talent.col.customers"): cad["cadre_customers"].to_numpy(),
            tr("talent.col.new_self"): cad["cadre_new_self"].to_numpy(),
            tr("talent.col.eligible"): cad["eligible"].to_numpy(),
            tr("talent.col.failed"): fails,
            **hr,
            tr("col.star"): stars["star"].to_numpy(),
            tr("col.clearances_passed"): stars["clearances_passed"].to_numpy(),
        }
    )


def export_frame(m: TalentModel) -> pd.DataFrame:
    """The HR export, one row per person (eligible first): the cadre standard's figures,
    the latest assessment with who decided it and when, each clearance's status and due
    date, the three stars behind the star and the base salary."""
    tr = _tr(m)
    out = cadre_table(m)
    cad = m.cadre().sort_values(["eligible", "cadre_sales"], ascending=False, kind="stable")
    ids = cad.index
    if m.sees_assessments:
        for col in ("virtue", "talent", "post"):  # numbers in a spreadsheet, empty where missing
            out[tr(f"col.{col}")] = cad[col].astype("Int64").to_numpy()
        out[tr("col.assessment_date")] = cad["assessment_date"].to_numpy()
        out[tr("col.decided_by")] = cad["decided_by"].to_numpy()
        out[tr("col.decided_at")] = cad["decided_at"].to_numpy()
    c = m.clearances()
    clr = m.labels("r9_clearances")
    for code, rows in sorted(c.groupby("clearance_code"), key=lambda kv: int(kv[1]["clearance_order"].iloc[0])):
        by = rows.set_index("person_id").reindex(ids)
        name = clr.get(str(code), str(code))
        out[name] = by["status"].map(lambda v: status_label(m, v)).to_numpy()
        out[f"{name} · {tr('talent.col.due_date')}"] = by["due_date"].fillna("").to_numpy()
    s = m.stars().reindex(ids)
    for col in ("performance_stars", "process_stars", "clearance_stars", "base_salary"):
        out[tr(f"col.{col}")] = s[col].astype("Int64").to_numpy()
    return out


# --- stars ---------------------------------------------------------------------------------


def star_labels(m: TalentModel) -> dict[str, str]:
    rules = m.figures.rules
    return {
        "performance_sales": translate(
            "talent.col.star_sales", m.lang, months=int_param(rules, "r9_performance_window_months")
        ),
        "process_meetings": translate(
            "talent.col.star_meetings", m.lang, days=int_param(rules, "r9_process_window_days")
        ),
        "base_salary": translate("col.base_salary", m.lang),
    }


def stars_table(m: TalentModel) -> pd.DataFrame:
    """Everyone's star and the three indicators behind it, base salary and the warning."""
    tr = _tr(m)
    s = m.stars()
    labels = star_labels(m)
    return pd.DataFrame(
        {
            tr("col.person_id"): [m.name(i) for i in s.index],
            labels["performance_sales"]: s["performance_sales"].round().astype("int64").to_numpy(),
            labels["process_meetings"]: s["process_meetings"].to_numpy(),
            tr("col.clearances_passed"): s["clearances_passed"].to_numpy(),
            **{tr(f"col.{c}"): s[c].to_numpy() for c in ("performance_stars", "process_stars", "clearance_stars")},
            tr("col.star"): s["star"].to_numpy(),
            labels["base_salary"]: s["base_salary"].to_numpy(),
            tr("talent.m.warning"): s["warning"].to_numpy(),
        }
    )


def warned_names(m: TalentModel) -> list[str]:
    s = m.stars()
    return [m.name(i) for i in s.index[s["warning"]]]


def history_table(m: TalentModel) -> pd.DataFrame:
    """The stars kept per closed quarter (newest first), "—" where someone had none."""
    h = m.history()
    if h.empty:
        return pd.DataFrame()
    h = h[sorted(h.columns, reverse=True)].apply(dash_whole)
    h.insert(0, translate("col.person_id", m.lang), [m.name(i) for i in h.index])
    return h.reset_index(drop=True)


# --- command -------------------------------------------------------------------------------


def command_flags(m: TalentModel, people: pd.Index) -> pd.DataFrame:
    """The holders whose team lacks the structure and those ready for the next rank."""
    tr = _tr(m)
    ranks = m.labels("r9_command_ranks")
    cm = m.command()
    flagged = cm.loc[cm.index.isin(people) & (cm["lacks_structure"] | cm["ready_for_next"])]
    return pd.DataFrame(
        {
            tr("col.person_id"): [m.name(i) for i in flagged.index],
            tr("col.command_rank"): [ranks.get(str(r), "—") if pd.notna(r) else "—" for r in flagged["command_rank"]],
            tr("talent.col.partners"): flagged["direct_partners"].to_numpy(),
            tr("talent.col.subs"): flagged["sub_commanders"].to_numpy(),
            tr("talent.cmd.flags"): [
                tr("talent.cmd.lacks") if lk else f"{tr('talent.cmd.ready')} → {ranks.get(str(n), n)}"
                for lk, n in zip(flagged["lacks_structure"], flagged["next_rank"], strict=True)
            ],
        }
    )
