"""The relationship and competitor maps of the customers in scope (domain.md R3): the gaps
of each key account's map, the key persons whose review is overdue, the drawn map of one
customer (DOT, every user text escaped), the competitors met most across the key accounts and
where they are strongest, and the branches' focus industries."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kam.dot import dot_text
from kam.i18n import translate
from kam.rules.params import Rules, table
from kam.rules.portraits import contact_reviews, industry_focus, relationship_flags
from kam.store.people import Org

# Fill colours by stance (support, neutral, against) and the customer's node.
STANCE_COLOURS = {"support": "#cdebd3", "neutral": "#e8e8e8", "against": "#f6c9c4"}
STANCE_BORDERS = {"support": "#2e7d32", "neutral": "#757575", "against": "#c62828"}
CUSTOMER_COLOUR = "#dbe7f7"


@dataclass(frozen=True)
class Maps:
    """The map tables as stored and what follows from them for every customer (unscoped):
    the key persons' reviews at the as-of date, each key account's gaps, each customer's
    focus industry."""

    contacts: pd.DataFrame  # with due_on, overdue
    links: pd.DataFrame  # customer_competitors
    competitors: pd.DataFrame
    prices: pd.DataFrame
    focus: pd.DataFrame  # branch_focus_industries
    flags: pd.DataFrame  # by customer id, the key accounts with a gap: gap (text), persons
    placed: pd.Series  # by customer id: the focus industry its industry falls in (or None)


def build_maps(
    tables: dict[str, pd.DataFrame],
    customers: pd.DataFrame,
    key_account: pd.Series,
    rules: Rules,
    as_of: dt.date,
    lang: str,
) -> Maps:
    """:param customers: id, industry; ``key_account``: by customer id (the pyramid's)."""
    contacts = tables["customer_contacts"]
    contacts = contacts.join(contact_reviews(contacts, rules, as_of))
    return Maps(
        contacts=contacts,
        links=tables["customer_competitors"],
        competitors=tables["competitors"],
        prices=tables["competitor_prices"],
        focus=tables["branch_focus_industries"],
        flags=_gaps(key_account, contacts, lang),
        placed=pd.Series(
            industry_focus(customers["industry"], table(rules, "r3_focus_industries")).to_numpy(),
            index=pd.Index(pd.to_numeric(customers["id"]).astype("int64"), name="customer_id"),
        ),
    )


def patch_maps(
    old: Maps, customers: pd.DataFrame, key_account: pd.Series, rules: Rules, changed: list[int], lang: str
) -> Maps:
    """``old`` after writes to the customers ``changed`` alone (deleted ones dropped): a
    customer's focus industry reads its own industry and its gaps its own key-account status
    (the pyramid's, patched the same way) over the map tables, which such a write leaves as
    they were (a customer deleted with its key persons is a write to the map tables too:
    everything is built again then). Equal to :func:`build_maps` now (tests compare them)."""
    ids = pd.Index(pd.to_numeric(customers["id"]).astype("int64"), name="customer_id")
    again = ids.isin(changed)
    placed = pd.Series(
        industry_focus(customers.loc[again, "industry"], table(rules, "r3_focus_industries")).to_numpy(),
        index=ids[again],
    )
    placed = pd.concat([old.placed[~old.placed.index.isin(changed)], placed]).reindex(ids)
    fresh = _gaps(key_account[key_account.index.isin(changed)], old.contacts, lang)
    flags = pd.concat([old.flags[~old.flags.index.isin(changed)], fresh])
    flags = flags.loc[key_account.index[key_account.index.isin(flags.index)]]  # in the customers' order
    return dataclasses.replace(old, flags=flags, placed=placed)


def _gaps(key_account: pd.Series, contacts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The key accounts whose map has a gap: the gap in words, the number of key persons."""
    f = relationship_flags(key_account, contacts)
    f = f[f.any(axis=1)]
    sep = translate("portraits.sep", lang)
    words = {c: translate(f"portraits.flag.{c}", lang) for c in f.columns}
    gap = pd.Series("", index=f.index, dtype="object")
    for c in f.columns:  # two columns: "no decision maker", "opponent, no supporter"
        hit = f[c].to_numpy(dtype=bool)
        gap[hit] = [f"{g}{sep}{words[c]}" if g else words[c] for g in gap[hit]]
    persons = pd.to_numeric(contacts["customer_id"]).value_counts().reindex(f.index, fill_value=0)
    return pd.DataFrame({"gap": gap, "persons": persons.astype("int64")}, index=f.index)


@dataclass(frozen=True)
class MapsView:
    """What the maps tabs draw for the customers in scope."""

    lang: str
    contacts: pd.DataFrame  # key persons in scope with due_on and overdue
    flags: pd.DataFrame  # the key accounts' gaps (with headers)
    overdue: pd.DataFrame  # key persons whose review is overdue (with headers)
    competitors: pd.DataFrame  # the summary across the key accounts (with headers)
    focus: pd.DataFrame  # per focus industry: chosen by, customers, matching (with headers)
    unplaced: int  # customers in scope whose industry falls in no focus industry
    names: dict[int, str]
    flagged: frozenset[int]  # the key accounts whose map has a gap
    with_competitors: frozenset[int]  # the customers with a competitor on their map
    competitor_names: dict[int, str]
    links: pd.DataFrame  # customer_competitors in scope
    prices: pd.DataFrame  # competitor_prices in scope

    def dot(self, customer: int) -> str:
        """The relationship map of ``customer`` in DOT: the customer on the left, its key
        persons to the right by decision role, coloured by stance, sized by closeness."""
        c = self.contacts.loc[pd.to_numeric(self.contacts["customer_id"], errors="coerce") == customer]
        t = lambda k: translate(k, self.lang)  # noqa: E731
        lines = [
            'digraph M { rankdir=LR; nodesep=0.2; ranksep=0.9; bgcolor="transparent"; '
            'node [shape=box, style="rounded,filled", fontname="Noto Sans CJK SC", fontsize=11]; '
            'edge [color="#9e9e9e", arrowhead=none];',
            f'  c [label="{dot_text(self.names.get(customer, customer))}", fillcolor="{CUSTOMER_COLOUR}", '
            "fontsize=13, penwidth=1.5];",
        ]
        order = {role: i for i, role in enumerate(ROLE_ORDER)}
        c = c.assign(_o=c["decision_role"].map(order).fillna(len(order))).sort_values(["_o", "id"], kind="stable")
        for row in c.itertuples(index=False):
            stance = str(row.stance) if row.stance in STANCE_COLOURS else "neutral"
            close = int(row.closeness) if pd.notna(row.closeness) else 1
            role = t(f"enum.decision_role.{row.decision_role}")
            title = "" if pd.isna(row.title) or not str(row.title).strip() else f"\\n{dot_text(row.title)}"
            label = f"{dot_text(row.name)}{title}\\n{dot_text(role)} · {dot_text(t(f'enum.stance.{stance}'))}"
            flag = ", peripheries=2" if bool(row.overdue) else ""
            lines.append(
                f'  k{int(row.id)} [label="{label}", fillcolor="{STANCE_COLOURS[stance]}", '
                f'color="{STANCE_BORDERS[stance]}", penwidth={0.6 + 0.5 * close:.1f}, '
                f'fontsize={10 + close}, margin="{0.08 + 0.03 * close:.2f},{0.04 + 0.02 * close:.2f}"{flag}];'
            )
            lines.append(f"  c -> k{int(row.id)} [penwidth={0.5 + 0.5 * close:.1f}];")
        lines.append("}")
        return "\n".join(lines)

    def persons(self, customer: int) -> int:
        return int((pd.to_numeric(self.contacts["customer_id"], errors="coerce") == customer).sum())


ROLE_ORDER = ("decision_maker", "influencer", "supporter", "insider", "beneficiary", "user", "opponent")


def view_of(
    m: Maps,
    frame: pd.DataFrame,
    rules: Rules,
    as_of: dt.date,
    lang: str,
    org: Org,
    names: dict[int, str] | None = None,
) -> MapsView:
    """The maps of the customers of ``frame`` (the page's customers in scope, by id);
    ``names``: their names by id, where the caller has them."""
    ids = frame.index
    names = names if names is not None else dict(zip(ids.tolist(), frame["name"].tolist(), strict=True))
    contacts = m.contacts.loc[pd.to_numeric(m.contacts["customer_id"], errors="coerce").isin(ids)]
    t = lambda k, **p: translate(k, lang, **p)  # noqa: E731
    flags, flagged = _flags(frame, m.flags, lang)
    over = contacts.loc[contacts["overdue"].astype(bool)]
    over = over.assign(_n=over["customer_id"].map(names)).sort_values(["due_on", "_n"], na_position="first")
    overdue = pd.DataFrame(
        {
            t("portraits.col.customer"): over["_n"].to_numpy(),
            t("col.name"): over["name"].to_numpy(),
            t("col.title"): over["title"].to_numpy(),
            t("col.decision_role"): over["decision_role"]
            .map(
                {r: t(f"enum.decision_role.{r}") for r in over["decision_role"].unique()}  # once per role
            )
            .to_numpy(dtype=object),
            t("col.reviewed_on"): over["reviewed_on"].to_numpy(),
            t("portraits.col.due_on"): over["due_on"].to_numpy(),
        }
    )
    links = m.links.loc[pd.to_numeric(m.links["customer_id"], errors="coerce").isin(ids)]
    prices = m.prices.loc[pd.to_numeric(m.prices["customer_id"], errors="coerce").isin(ids)]
    rivals = dict(zip(m.competitors["id"], m.competitors["name"], strict=True))
    focus_frame, unplaced = _focus(frame, m.placed.reindex(ids), m.focus, rules, org, lang)
    return MapsView(
        lang=lang,
        contacts=contacts,
        flags=flags,
        overdue=overdue,
        competitors=_competitor_summary(frame, links, prices, rivals, org, lang),
        focus=focus_frame,
        unplaced=unplaced,
        names=names,
        flagged=flagged,
        with_competitors=frozenset(int(c) for c in pd.to_numeric(links["customer_id"]).unique()),
        competitor_names=rivals,
        links=links,
        prices=prices,
    )


def _flags(frame: pd.DataFrame, gaps: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, frozenset[int]]:
    """The key accounts in scope whose map has a gap, the biggest first."""
    f = gaps.loc[gaps.index.isin(frame.index)]
    rows = frame.loc[f.index].assign(gap=f["gap"].to_numpy(), persons=f["persons"].to_numpy())
    rows = rows.sort_values(["coop", "name"], ascending=[False, True], kind="stable")
    t = lambda k: translate(k, lang)  # noqa: E731
    return pd.DataFrame(
        {
            t("portraits.col.customer"): rows["name"].to_numpy(),
            t("portraits.col.tier"): rows["tier_label"].to_numpy(),
            t("portraits.col.gap"): rows["gap"].to_numpy(),
            t("portraits.col.persons"): rows["persons"].to_numpy(),
            t("portraits.col.coop"): rows["coop"].to_numpy(dtype=float),
            t("portraits.col.owner"): rows["owner"].to_numpy(),
        }
    ), frozenset(int(i) for i in f.index)


def _competitor_summary(
    frame: pd.DataFrame, links: pd.DataFrame, prices: pd.DataFrame, rivals: dict, org: Org, lang: str
) -> pd.DataFrame:
    """Per competitor met at a customer in scope: at how many key accounts and customers,
    its mean relationship strength, the branch where it is strongest (highest mean strength;
    ties: more customers, then the branch's name) and its latest price's median."""
    t = lambda k: translate(k, lang)  # noqa: E731
    cols = [
        t(f"portraits.col.{k}") for k in ("competitor", "key_accounts", "customers", "strength", "strongest", "price")
    ]
    if links.empty:
        return pd.DataFrame(columns=cols)
    ln = links.assign(
        customer_id=pd.to_numeric(links["customer_id"]).astype("int64"),
        competitor_id=pd.to_numeric(links["competitor_id"]).astype("int64"),
        strength=pd.to_numeric(links["relationship_strength"], errors="coerce"),
    )
    ln["key_account"] = frame["key_account"].reindex(ln["customer_id"]).fillna(False).to_numpy(dtype=bool)
    ln["branch_id"] = frame["branch_id"].reindex(ln["customer_id"]).to_numpy()
    branch_names = dict(zip(org.branches["id"], org.branches["name"], strict=True))
    latest = prices.sort_values("price_date").groupby(["customer_id", "competitor_id"])["price"].last()
    g = ln.groupby("competitor_id")
    out = pd.DataFrame(
        {
            "key_accounts": g["key_account"].sum().astype(int),
            "customers": g["customer_id"].nunique(),
            "strength": g["strength"].mean().round(1),
        }
    )
    by_branch = (
        ln.dropna(subset=["branch_id"])
        .groupby(["competitor_id", "branch_id"])
        .agg(s=("strength", "mean"), n=("customer_id", "nunique"))
    )
    by_branch = by_branch.reset_index()
    by_branch["bname"] = by_branch["branch_id"].map(branch_names).fillna("")
    by_branch = by_branch.sort_values(["competitor_id", "s", "n", "bname"], ascending=[True, False, False, True])
    out["strongest"] = by_branch.drop_duplicates("competitor_id").set_index("competitor_id")["bname"]
    lp = latest.reset_index()
    lp["competitor_id"] = pd.to_numeric(lp["competitor_id"]).astype("int64")
    out["price"] = lp.groupby("competitor_id")["price"].median()
    out = out.assign(name=[rivals.get(i, i) for i in out.index])
    out = out.sort_values(["key_accounts", "customers", "name"], ascending=[False, False, True], kind="stable")
    return pd.DataFrame(
        dict(
            zip(
                cols,
                [
                    out["name"].to_numpy(),
                    out["key_accounts"].to_numpy(),
                    out["customers"].to_numpy(),
                    out["strength"].to_numpy(),
                    out["strongest"].fillna("").to_numpy(),
                    out["price"].to_numpy(dtype=float),
                ],
                strict=True,
            )
        )
    )


def _focus(
    frame: pd.DataFrame, placed: pd.Series, chosen: pd.DataFrame, rules: Rules, org: Org, lang: str
) -> tuple[pd.DataFrame, int]:
    """Per focus industry (both lists): the branches that chose it, the customers in scope
    whose industry falls in it, how many of them match the active portrait, their T12M
    cooperation; and how many customers fall in none."""
    focus = table(rules, "r3_focus_industries")
    branch_names = dict(zip(org.branches["id"], org.branches["name"], strict=True))
    ch = chosen.assign(branch_id=pd.to_numeric(chosen["branch_id"], errors="coerce"))
    ch = ch.loc[ch["branch_id"].isin(list(branch_names))]
    t = lambda k: translate(k, lang)  # noqa: E731
    rows = []
    for row in focus.sort_values(["list", "code"], ascending=[False, True]).itertuples(index=False):
        hit = (placed == row.code).to_numpy(dtype=bool)
        by = sorted(branch_names[b] for b in ch.loc[ch["industry"] == row.code, "branch_id"])
        rows.append(
            {
                t("portraits.col.focus"): getattr(row, f"label_{lang}"),
                t("col.list"): t(f"enum.list.{row.list}"),
                t("portraits.col.chosen_by"): translate("portraits.sep", lang).join(by),
                t("portraits.col.customers"): int(hit.sum()),
                t("portraits.col.matching"): int(frame["matches"].to_numpy(dtype=bool)[hit].sum()),
                t("portraits.col.coop"): float(frame["coop"].to_numpy(dtype=float)[hit].sum()),
            }
        )
    return pd.DataFrame(rows), int(placed.isna().sum())
