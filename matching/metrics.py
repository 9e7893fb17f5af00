"""The kesesuaian KPI and its breakdowns.

Official indicator (Renstra 2025-2029, Kegiatan 7798): *persentase kesesuaian data persediaan CPMI
terhadap data permintaan kerja luar negeri*. Computed here (DOMAIN.md §2.4, K1 slot coverage) as

    kesesuaian_rate = filled_slots / open_slots x 100

- ``open_slots``: slots of job orders open on the run date (verified and unexpired), including
  those blocked by protection rules, which are also counted as ``blocked_slots``;
- ``filled_slots``: slots filled by the optimal assignment (one candidate per slot, each candidate
  at most once), so the rate can never pass 100 % by double counting.

Supply side (K2): ``available_candidates`` (valid rows with status available), ``matched_candidates``
(assigned), ``usable_candidates`` (with at least one eligible pair).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from matching.rules import RuleSet

TARGETS: dict[int, float] = {2025: 30.0, 2026: 35.0, 2027: 40.0, 2028: 45.0, 2029: 50.0}


def _rate(num: float, den: float) -> float | None:
    return round(100.0 * num / den, 2) if den else None


def protection_reasons(rules: RuleSet) -> set[str]:
    from matching.eligibility import MINIMUM_WAGE_UNVERIFIABLE

    return {r.reason for r in rules.protection} | {MINIMUM_WAGE_UNVERIFIABLE}


def demand_table(
    job_orders: pd.DataFrame,
    selection_jobs: pd.DataFrame,
    assignments: pd.DataFrame,
    rules: RuleSet,
) -> pd.DataFrame:
    """One row per job order: attributes, open, blocked, slots, filled, eligible candidates."""
    jo = job_orders.copy()
    jo["job_order_id"] = jo["job_order_id"].astype(str)
    sel = selection_jobs.set_index("job_order_id")
    jo["open"] = sel["open"].reindex(jo["job_order_id"]).to_numpy(dtype=bool)
    jo["reason"] = sel["reason"].reindex(jo["job_order_id"]).to_numpy()
    jo["eligible_candidates"] = sel["eligible_candidates"].reindex(jo["job_order_id"]).to_numpy()
    jo["slots"] = jo["slots"].astype("Int64").fillna(0).astype(np.int64)
    jo["blocked"] = jo["open"] & jo["reason"].isin(protection_reasons(rules))
    filled = assignments.groupby(assignments["job_order_id"].astype(str)).size()
    jo["filled"] = filled.reindex(jo["job_order_id"]).fillna(0).astype(np.int64).to_numpy()
    jo["open_slots"] = np.where(jo["open"], jo["slots"], 0)
    jo["blocked_slots"] = np.where(jo["blocked"], jo["slots"], 0)
    jo["covered_slots"] = np.where(jo["open"] & (jo["eligible_candidates"] > 0), jo["slots"], 0)
    return jo


def _breakdown(
    frame: pd.DataFrame,
    column: str,
    sums: dict[str, str],
    rate: tuple[str, str, str],
) -> list[dict[str, Any]]:
    """Group ``frame`` by ``column`` (missing = "(unknown)"), sum ``sums`` (output name -> source
    column), keep groups with a positive denominator, add ``rate`` = (name, numerator,
    denominator) as a percentage, largest denominator first."""
    key = frame[column].astype("object").where(frame[column].notna(), "(unknown)").astype(str)
    g = frame.assign(_key=key).groupby("_key")
    table = pd.DataFrame({name: g[src].sum() for name, src in sums.items()})
    name, num, den = rate
    table = table[table[den] > 0]
    table[name] = (100 * table[num] / table[den]).round(2)
    return _records(table.sort_values(den, ascending=False), column)


def _by(frame: pd.DataFrame, column: str) -> list[dict[str, Any]]:
    """Demand side: open, blocked, filled and covered slots by a job-order attribute."""
    sums = {
        "open_slots": "open_slots",
        "blocked_slots": "blocked_slots",
        "filled_slots": "filled",
        "covered_slots": "covered_slots",
    }
    return _breakdown(frame, column, sums, ("kesesuaian_rate", "filled_slots", "open_slots"))


def _supply_by(cands: pd.DataFrame, column: str) -> list[dict[str, Any]]:
    """Supply side: available, usable and matched candidates by a candidate attribute."""
    sums = {
        "available_candidates": "available",
        "usable_candidates": "usable",
        "matched_candidates": "matched",
    }
    rate = ("matched_rate", "matched_candidates", "available_candidates")
    return _breakdown(cands, column, sums, rate)


def _records(table: pd.DataFrame, column: str) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts, counts as int, the group key under ``column``."""
    out = table.rename_axis(column).reset_index()
    counts = [c for c in out.columns if c != column and not c.endswith("rate")]
    out[counts] = out[counts].astype(np.int64)
    return [{str(k): v for k, v in row.items()} for row in out.to_dict("records")]


def unmet_demand(
    demand: pd.DataFrame, exclusions: pd.DataFrame, top_reasons: int = 3
) -> pd.DataFrame:
    """Unfilled open slots by (country, occupation), with the rules that excluded most candidates
    from those job orders (sub-major blocking left out: it says only 'other occupations')."""
    unmet = demand[demand["open"]].copy()
    unmet["unmet_slots"] = unmet["slots"] - unmet["filled"]
    unmet = unmet[unmet["unmet_slots"] > 0]
    cols = [
        "country_iso2",
        "isco08",
        "occupation_label",
        "unmet_slots",
        "job_orders",
        "top_reasons",
    ]
    if unmet.empty:
        return pd.DataFrame(columns=cols)
    # Blocked job orders: their own reason; others: the pair rules that excluded most candidates.
    pair = exclusions[
        (exclusions["scope"] == "pair") & (exclusions["reason"] != "occupation_different_submajor")
    ]
    per_jo = pair.groupby(["job_order_id", "reason"])["count"].sum().reset_index()
    own = unmet.loc[unmet["reason"] != "", ["job_order_id", "reason", "unmet_slots"]].rename(
        columns={"unmet_slots": "count"}
    )
    reasons = pd.concat([per_jo, own], ignore_index=True)
    keys = unmet[["job_order_id", "country_iso2", "isco08"]]
    reasons = reasons.merge(keys, on="job_order_id")
    reasons["country_iso2"] = reasons["country_iso2"].fillna("(unknown)")
    reasons["isco08"] = reasons["isco08"].fillna("(unknown)")
    top = (
        reasons.groupby(["country_iso2", "isco08", "reason"])["count"]
        .sum()
        .reset_index()
        .sort_values("count", ascending=False)
        .groupby(["country_iso2", "isco08"])
        .head(top_reasons)
        .groupby(["country_iso2", "isco08"])
        .apply(
            lambda g: "; ".join(
                f"{r} ({c:,})" for r, c in zip(g["reason"], g["count"], strict=True)
            )
        )
        .rename("top_reasons")
    )
    unmet["country_iso2"] = unmet["country_iso2"].fillna("(unknown)")
    unmet["isco08"] = unmet["isco08"].fillna("(unknown)")
    agg = (
        unmet.groupby(["country_iso2", "isco08"])
        .agg(
            occupation_label=("occupation_label", "first"),
            unmet_slots=("unmet_slots", "sum"),
            job_orders=("job_order_id", "size"),
        )
        .join(top)
        .reset_index()
        .sort_values("unmet_slots", ascending=False)
    )
    agg["top_reasons"] = agg["top_reasons"].fillna("no eligible candidate in this occupation")
    return agg[cols].reset_index(drop=True)


def kesesuaian(
    job_orders: pd.DataFrame,
    candidates: pd.DataFrame,
    selection_jobs: pd.DataFrame,
    usable_ids: set[str],
    assignments: pd.DataFrame,
    exclusions: pd.DataFrame,
    rules: RuleSet,
    as_of: date,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """The KPI, its breakdowns and the unmet-demand table.

    job_orders / candidates: prepared tables; selection_jobs: ``Selection.job_orders``;
    usable_ids: candidates with at least one eligible pair at or above the minimum score.
    Returns (metrics dict for metrics.json, unmet demand table).
    """
    demand = demand_table(job_orders, selection_jobs, assignments, rules)
    open_slots = int(demand["open_slots"].sum())
    filled = int(demand["filled"].sum())
    cands = candidates.copy()
    cands["candidate_id"] = cands["candidate_id"].astype(str)
    cands["available"] = (cands["status"] == rules.status_required).fillna(False).astype(bool)
    cands["usable"] = cands["candidate_id"].isin(usable_ids)
    cands["matched"] = cands["candidate_id"].isin(set(assignments["candidate_id"].astype(str)))
    available = int(cands["available"].sum())
    matched = int(cands["matched"].sum())
    unmet = unmet_demand(demand, exclusions)
    target = TARGETS.get(as_of.year)
    metrics: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "rule_set_version": rules.version,
        "definition": "kesesuaian_rate = filled_slots / open_slots x 100 (K1 slot coverage, "
        "optimal one-to-one assignment; open = verified and unexpired on the run date)",
        "kesesuaian_rate": _rate(filled, open_slots),
        "target": target,
        "targets": TARGETS,
        "open_slots": open_slots,
        "blocked_slots": int(demand["blocked_slots"].sum()),
        "filled_slots": filled,
        "covered_slots": int(demand["covered_slots"].sum()),
        "eligible_coverage_rate": _rate(int(demand["covered_slots"].sum()), open_slots),
        "all_slots": int(demand["slots"].sum()),
        "job_orders": len(demand),
        "open_job_orders": int(demand["open"].sum()),
        "available_candidates": available,
        "usable_candidates": int((cands["usable"] & cands["available"]).sum()),
        "matched_candidates": matched,
        "supply_matched_rate": _rate(matched, available),
        "supply_usable_rate": _rate(int((cands["usable"] & cands["available"]).sum()), available),
        "breakdowns": {
            "country": _by(demand, "country_iso2"),
            "sector": _by(demand, "sector"),
            "occupation": _by(demand, "isco08"),
            "p3mi": _by(demand, "p3mi_id"),
            "scheme": _by(demand, "scheme"),
            "province": _supply_by(cands, "province"),
            "gender": _supply_by(cands, "gender"),
        },
        "unmet_demand_top": unmet.head(20).to_dict("records"),
    }
    return metrics, unmet
