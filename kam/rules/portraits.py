"""R3 portraits and relationship maps (issue 16, domain.md R3): how well each customer fits a
portrait (pure, vectorised over the customers), and the gaps of each key account's map.

A portrait (``r3_portraits``) has forces (``r3_forces``), a force has criteria
(``r3_criteria``): a customer field tested as a number at least a threshold (``at_least``), a
yes/no flag (``flag``) or a 0-5 rating at least a minimum (``rating``), each with a weight.
- **fit score** = weight of the criteria met / total weight x 100 (unrounded; compared with
  thresholds only after rounding to 9 decimals, the house convention);
- a **force is met** when at least one of its criteria is met;
- a customer **matches** when every force of the portrait is met; a **near miss** is one
  force short.
Choices (domain.md's conventions): a missing value counts as 0 (so it meets no ``at_least``
of a positive threshold, no flag, no rating of a positive minimum) and flags the customer as
incomplete for that portrait; a flag is met by any non-zero value; a rating is compared as
it is (0-5), the threshold being its minimum.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import numpy as np
import pandas as pd

from kam.rules.params import DECIMALS, RuleInputError, Rules, int_param, parsed, rounded, table

CRITERION_KINDS = ("at_least", "flag", "rating")
FIT_COLUMNS = ["fit_score", "forces_met", "forces", "matches", "near_miss", "incomplete"]


def active_portrait(rules: Rules) -> int:
    """The id of the one active portrait.

    :raises RuleInputError: none or several are active."""
    p = table(rules, "r3_portraits")
    active = p.loc[pd.to_numeric(p["active"], errors="coerce").fillna(0).astype(bool), "id"]
    if len(active) != 1:
        raise RuleInputError("r3_portraits", None, "active", "exactly one portrait must be active")
    return int(active.iloc[0])


def portrait_criteria(rules: Rules, portrait_id: int) -> pd.DataFrame:
    """The criteria of a portrait with their force: id, force_id, field, test, threshold,
    weight (missing: 1), in force then criterion order.

    :raises RuleInputError: an unknown portrait, a force without criteria, an unknown kind,
      a negative weight or a total weight of 0."""
    p = table(rules, "r3_portraits")
    if not (pd.to_numeric(p["id"], errors="coerce") == portrait_id).any():
        raise RuleInputError("r3_portraits", portrait_id, "id", "unknown portrait")
    forces = table(rules, "r3_forces")
    forces = forces.loc[pd.to_numeric(forces["portrait_id"], errors="coerce") == portrait_id]
    crit = table(rules, "r3_criteria")
    crit = crit.loc[pd.to_numeric(crit["force_id"], errors="coerce").isin(pd.to_numeric(forces["id"]))].copy()
    if forces.empty:
        raise RuleInputError("r3_portraits", portrait_id, "id", "the portrait has no force yet")
    for force in pd.to_numeric(forces["id"]).astype("int64"):
        if not (pd.to_numeric(crit["force_id"]) == force).any():
            raise RuleInputError("r3_forces", force, "id", "a force needs at least one criterion")
    bad = crit.loc[~crit["test"].isin(CRITERION_KINDS)]
    if len(bad):
        raise RuleInputError("r3_criteria", bad["id"].iloc[0], "test", "expected at_least, flag or rating")
    crit["weight"] = pd.to_numeric(crit["weight"], errors="coerce").fillna(1.0)
    if (crit["weight"] < 0).any():
        raise RuleInputError("r3_criteria", crit.loc[crit["weight"] < 0, "id"].iloc[0], "weight", "negative weight")
    if rounded(float(crit["weight"].sum())) <= 0:
        raise RuleInputError("r3_portraits", portrait_id, "weight", "the criteria's total weight is 0")
    crit["threshold"] = pd.to_numeric(crit["threshold"], errors="coerce")
    crit = crit.assign(force_id=pd.to_numeric(crit["force_id"]).astype("int64"))
    return crit.sort_values(["force_id", "id"], kind="stable").reset_index(drop=True)


def _criteria(rules: Rules, portrait_id: int) -> pd.DataFrame:
    """:func:`portrait_criteria`, parsed once per state of the rules (a shallow copy: pandas
    copies it on write, the kept one stays as parsed)."""
    return parsed(rules, portrait_criteria, portrait_id).copy(deep=False)


def criteria_met(customers: pd.DataFrame, criteria: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per customer (rows as ``customers``) and criterion (columns: criterion ids): whether
    it is met, and whether its field is missing.

    :raises RuleInputError: a criterion names a field the customers lack."""
    met, missing = {}, {}
    for c in criteria.itertuples(index=False):
        if c.field not in customers.columns:
            raise RuleInputError("r3_criteria", c.id, "field", "unknown customer field")
        # Plain arrays (rounded as kam.rules.params.rounded rounds): a patch fits a customer
        # or two, where each pandas step's own cost was most of the time.
        raw = pd.to_numeric(customers[c.field], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        gone = np.isnan(raw)
        value = np.round(np.where(gone, 0.0, raw), DECIMALS)
        if c.test == "flag":
            hit = value != 0
        else:  # at_least, rating: the threshold is the minimum (a missing one: 0)
            bar = 0.0 if pd.isna(c.threshold) else rounded(float(c.threshold))
            hit = value >= bar
        met[c.id], missing[c.id] = hit, gone
    index = customers.index
    return pd.DataFrame(met, index=index), pd.DataFrame(missing, index=index)


def portrait_fit(
    customers: pd.DataFrame, rules: Rules, portrait_id: int | None = None, criteria: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each customer's fit to a portrait (default: the active one): :data:`FIT_COLUMNS`,
    rows as ``customers``. ``fit_score`` 0-100, ``forces_met`` of ``forces``, ``matches``
    (every force met), ``near_miss`` (one force short), ``incomplete`` (a field the
    portrait tests is missing: counted as 0).

    :param criteria: :func:`portrait_criteria` of the same rules and portrait, where the
      caller keeps it."""
    pid = parsed(rules, active_portrait) if portrait_id is None else int(portrait_id)
    crit = _criteria(rules, pid) if criteria is None else criteria
    met, missing = criteria_met(customers, crit)
    weights = crit.set_index("id")["weight"].astype("float64")
    total = float(weights.sum())
    score = met.to_numpy(dtype="float64") @ weights.reindex(met.columns).to_numpy() / total * 100
    force_of = crit.set_index("id")["force_id"].reindex(met.columns).to_numpy()
    forces = np.unique(force_of)
    force_met = np.column_stack([met.to_numpy()[:, force_of == f].any(axis=1) for f in forces])
    n_met = force_met.sum(axis=1)
    return pd.DataFrame(
        {
            "fit_score": score,
            "forces_met": n_met.astype("int64"),
            "forces": np.full(len(met), len(forces), dtype="int64"),
            "matches": n_met == len(forces),
            "near_miss": n_met == len(forces) - 1,
            "incomplete": missing.to_numpy().any(axis=1) if missing.shape[1] else np.zeros(len(met), bool),
        },
        index=customers.index,
    )


def short_force(customers: pd.DataFrame, rules: Rules, portrait_id: int | None = None) -> pd.Series:
    """Per customer, the force it does not meet when it is one force short (a near miss):
    the force's id; NaN for a customer that matches or misses more than one force.
    (Every criterion of that force is missed: that is what the customer lacks to match.)"""
    pid = parsed(rules, active_portrait) if portrait_id is None else int(portrait_id)
    crit = _criteria(rules, pid)
    met, _ = criteria_met(customers, crit)
    force_of = crit.set_index("id")["force_id"].reindex(met.columns).to_numpy()
    forces = np.unique(force_of)
    force_met = np.column_stack([met.to_numpy()[:, force_of == f].any(axis=1) for f in forces])
    one_short = (~force_met).sum(axis=1) == 1
    which = np.where(one_short, forces[np.argmin(force_met, axis=1)], np.nan)
    return pd.Series(which, index=customers.index, dtype="float64")


def active_fit(customers: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """``fit_score`` and ``matches`` of each customer (rows as ``customers``) to the active
    portrait: the pyramid's columns. Choice: NaN and False while no portrait can be scored
    (none active, a force without criteria, a field the customers lack), so that the pyramid
    never depends on the portraits being complete (the portraits page says why)."""
    absent = [f for f in FIELD_KINDS if f not in customers.columns]  # a partial frame: missing values
    try:
        fit = portrait_fit(customers.assign(**dict.fromkeys(absent, np.nan)) if absent else customers, rules)
    except RuleInputError:
        return pd.DataFrame({"fit_score": np.nan, "matches": False}, index=customers.index)
    return fit[["fit_score", "matches"]]


def missed_criteria(customers: pd.DataFrame, rules: Rules, portrait_id: int | None = None) -> pd.Series:
    """Per customer, the ids of the criteria it does not meet (a tuple, in criterion order)."""
    pid = parsed(rules, active_portrait) if portrait_id is None else int(portrait_id)
    met, _ = criteria_met(customers, _criteria(rules, pid))
    ids = np.asarray(met.columns)
    return pd.Series([tuple(int(i) for i in ids[~row]) for row in met.to_numpy()], index=customers.index)


# -- relationship maps ---------------------------------------------------------------------

# Choice (issue 16: "say which"): a key person is an opponent when their stance is against,
# or their decision role is opponent and their stance not support; a supporter when their
# stance is support, or their role is supporter and their stance not against (the stance is
# how they stand today: it wins over the role where the two disagree, so that one person is
# never both); a decision maker only by role.
FLAG_COLUMNS = ["no_decision_maker", "opponent_without_supporter"]
CONTACT_ROLES = ("decision_maker", "influencer", "supporter", "insider", "beneficiary", "opponent", "user")
STANCES = ("support", "neutral", "against")


def relationship_flags(key_accounts: pd.Series, contacts: pd.DataFrame) -> pd.DataFrame:
    """The gaps of each key account's relationship map (domain.md R3): no decision maker on
    the map; an opponent and no supporter.

    :param key_accounts: by customer id, whether the customer is of tier KA or above (the
      pyramid's ``key_account``); only those are flagged.
    :param contacts: rows of ``customer_contacts`` (customer_id, decision_role, stance).
    :returns: :data:`FLAG_COLUMNS` by customer id, for the key accounts."""
    ka = key_accounts.loc[key_accounts.fillna(False).astype(bool)]
    idx = pd.Index(pd.to_numeric(pd.Series(ka.index), errors="coerce").astype("int64"), name="customer_id")
    c = contacts.assign(customer_id=pd.to_numeric(contacts["customer_id"], errors="coerce"))
    c = c.loc[c["customer_id"].isin(idx)]
    role = c["decision_role"].astype("string").fillna("")
    stance = c["stance"].astype("string").fillna("neutral")
    per = pd.DataFrame(
        {
            "customer_id": c["customer_id"].astype("int64"),
            "decider": (role == "decision_maker").fillna(False).to_numpy(dtype=bool),
            "opponent": ((stance == "against") | ((role == "opponent") & (stance != "support"))).to_numpy(dtype=bool),
            "supporter": ((stance == "support") | ((role == "supporter") & (stance != "against"))).to_numpy(dtype=bool),
        }
    )
    has = per.groupby("customer_id")[["decider", "opponent", "supporter"]].any().reindex(idx, fill_value=False)
    return pd.DataFrame(
        {
            "no_decision_maker": ~has["decider"].astype(bool),
            "opponent_without_supporter": has["opponent"].astype(bool) & ~has["supporter"].astype(bool),
        },
        index=idx,
    )


REVIEW_COLUMNS = ["due_on", "overdue"]


def contact_reviews(contacts: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """Each key person's review (domain.md R3, the day-N convention): due ``r3_review_months``
    calendar months after the last one (31 January + 1 month = 28 February), overdue from the
    day after the due date. Choice: a key person never reviewed is overdue (due_on empty).

    :returns: :data:`REVIEW_COLUMNS`, rows as ``contacts``."""
    months = int_param(rules, "r3_review_months")
    last = pd.to_datetime(contacts["reviewed_on"], errors="coerce")
    due = last + pd.DateOffset(months=months)
    overdue = due.isna() | (due < pd.Timestamp(as_of))
    return pd.DataFrame({"due_on": due.dt.date, "overdue": overdue.to_numpy(dtype=bool)}, index=contacts.index)


# -- the customer fields a criterion may test ------------------------------------------------

# Each customer field a criterion may name, by the kind of test it fits: a number tested
# "at least" a threshold, a yes/no flag, a 0-5 rating at least a minimum (issue 16). The
# older portraits' stand-in fields (domain.md R3, kept as shipped): "boss loves learning" is
# study_sessions_year >= 1, "influence" is industry_top100, "demand" and "relevance" are the
# winnability and demonstration ratings.
FIELD_KINDS: dict[str, str] = {
    "customer_revenue": "at_least",
    "profit": "at_least",
    "employees": "at_least",
    "study_sessions_year": "at_least",
    "people_sent_year": "at_least",
    "learning_spend_year": "at_least",
    "cooperating_institutions": "at_least",
    "expected_cooperation_36m": "at_least",
    "industry_top100": "flag",
    "regional_top100": "flag",
    "segment_leader": "flag",
    "wants_no1": "flag",
    "ten_billion_strategy": "flag",
    "winnability": "rating",
    "demonstration": "rating",
}


def field_fits(field: object, test: object) -> bool:
    """Whether a criterion of kind ``test`` may test the customer field ``field``."""
    return FIELD_KINDS.get(str(field)) == test


def portrait_gaps(forces: pd.DataFrame, criteria: pd.DataFrame, portrait_id: int) -> tuple[list[int], bool]:
    """What keeps a portrait from being scored: the ids of its forces without a criterion,
    and whether it has no criterion at all (a total weight of 0: every weight is > 0)."""
    own = forces.loc[pd.to_numeric(forces["portrait_id"], errors="coerce") == portrait_id]
    force_ids = pd.to_numeric(own["id"], errors="coerce").dropna().astype("int64")
    crit_forces = set(pd.to_numeric(criteria["force_id"], errors="coerce").dropna().astype("int64"))
    empty = [int(f) for f in force_ids if f not in crit_forces]
    return empty, not (force_ids.isin(list(crit_forces))).any()


# -- competitors -----------------------------------------------------------------------------


def competitor_key(name: object) -> str:
    """The key two spellings of one competitor share: Unicode NFKC (full-width letters and
    digits as half-width), case folded, without spaces, punctuation and control characters
    (tabs, line breaks). Choices: symbols are kept ("C++" is not "C#"); legal forms ("有限公司",
    "Ltd") are kept: "华为" and "华为有限公司" may well be different firms."""
    text = unicodedata.normalize("NFKC", str(name or "")).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZ" and unicodedata.category(ch) != "Cc")


# -- focus industries ------------------------------------------------------------------------

KEYWORD_SEPARATORS = ",，、;；/ \u3000"


def keywords_of(text: object) -> list[str]:
    """The words of a focus industry's ``keywords`` cell (comma, 、, semicolon or space separated)."""
    raw = unicodedata.normalize("NFKC", str(text or "")).casefold()
    for sep in KEYWORD_SEPARATORS[1:]:
        raw = raw.replace(unicodedata.normalize("NFKC", sep), ",")
    return [w.strip() for w in raw.split(",") if w.strip()]


def industry_focus(industries: pd.Series, focus: pd.DataFrame) -> pd.Series:
    """The focus industry (``r3_focus_industries.code``) each free-text ``industry`` falls
    in: the first focus industry, by code, one of whose keywords the text contains (NFKC,
    case folded); None when none does. Choice: a text is placed in one focus industry only
    (the first), so that counts by focus industry add up."""
    focus = focus.sort_values("code", kind="stable")
    words_of = focus["keywords"].tolist() if "keywords" in focus else [None] * len(focus)
    lists = [(code, keywords_of(words)) for code, words in zip(focus["code"].tolist(), words_of, strict=True)]

    def place(text: str) -> str | None:
        text = unicodedata.normalize("NFKC", text).casefold()
        return next((code for code, words in lists if any(w in text for w in words)), None)

    # A few hundred distinct texts among tens of thousands of customers: each placed once.
    values = industries.astype("object").tolist()
    placed = {v: place(v) for v in set(values) if isinstance(v, str)}
    out = [placed.get(v) if isinstance(v, str) else None for v in values]
    return pd.Series(out, index=industries.index, dtype="object")


def focus_over_limit(focus: pd.DataFrame, limit: int) -> list[int]:
    """The branches (ids) that chose more than ``limit`` focus industries (rows of
    ``branch_focus_industries``: branch_id, industry)."""
    counts = pd.to_numeric(focus["branch_id"], errors="coerce").dropna().astype("int64").value_counts()
    return sorted(int(b) for b in counts.index[counts > limit])
