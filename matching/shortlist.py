"""Shortlists per job order and recommendations per candidate, with reasons in plain words.

Both are read off the scored pairs (``matching.select``), so they explain exactly what the
optimiser could use: the component values, which soft criteria are unmet, and whether the pair was
assigned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from matching.score import COMPONENTS

# Below this a component counts as an unmet soft criterion; at or above STRONG it is a reason.
UNMET_BELOW = 0.5
STRONG_FROM = 0.75

_UNMET_TEXT = {
    "occupation": "occupation only loosely related",
    "skills": "asked-for skills missing",
    "text": "profile text differs",
    "language": "language weak",
    "experience": "little experience",
    "certificates": "no extra certificates",
    "country": "not a preferred country",
}
_STRONG_TEXT = {
    "occupation": "same occupation",
    "skills": "has the asked-for skills",
    "text": "similar profile",
    "language": "language strong",
    "experience": "experienced",
    "certificates": "extra certificates",
    "country": "preferred country",
}


def _explain(frame: pd.DataFrame, table: dict[str, str], strong: bool) -> pd.Series:
    """'; '-joined phrases for the components below (or at/above) the threshold, per row."""
    values = frame[list(COMPONENTS)].to_numpy()
    hit = values >= STRONG_FROM if strong else values < UNMET_BELOW
    # Skip the 'certificates' unmet phrase: extra certificates are a bonus, not a criterion.
    if not strong:
        hit[:, COMPONENTS.index("certificates")] = False
    words = np.array([table[c] for c in COMPONENTS], dtype=object)
    return pd.Series(["; ".join(words[row]) for row in hit], index=frame.index, dtype="str")


def _assigned(pairs: pd.DataFrame, assignments: pd.DataFrame) -> np.ndarray:
    key = pairs["candidate_id"].astype(str) + "\x1f" + pairs["job_order_id"].astype(str)
    chosen = (
        assignments["candidate_id"].astype(str) + "\x1f" + assignments["job_order_id"].astype(str)
    )
    return key.isin(set(chosen)).to_numpy()


def shortlists(
    pairs: pd.DataFrame, job_orders: pd.DataFrame, assignments: pd.DataFrame, per_slot: int = 3
) -> pd.DataFrame:
    """Top ``per_slot`` x slots eligible candidates per job order (the Korea EPS practice).

    pairs: scored pairs (candidate_id, job_order_id, score, components); job_orders: job_order_id,
    slots. Returns job_order_id, rank (1 = best), candidate_id, score, assigned, unmet, components.
    """
    if pairs.empty:
        return pd.DataFrame(
            columns=[
                "job_order_id",
                "rank",
                "candidate_id",
                "score",
                "assigned",
                "unmet",
                *COMPONENTS,
            ]
        )
    ranked = pairs.sort_values(["job_order_id", "score"], ascending=[True, False], kind="stable")
    ranked = ranked.assign(rank=ranked.groupby("job_order_id").cumcount() + 1)
    slots = job_orders.set_index(job_orders["job_order_id"].astype(str))["slots"].astype("Int64")
    limit = per_slot * slots.reindex(ranked["job_order_id"].astype(str)).fillna(0).to_numpy()
    out = ranked[ranked["rank"].to_numpy() <= limit].copy()
    out["assigned"] = _assigned(out, assignments)
    out["unmet"] = _explain(out, _UNMET_TEXT, strong=False)
    cols = ["job_order_id", "rank", "candidate_id", "score", "assigned", "unmet", *COMPONENTS]
    return out[cols].reset_index(drop=True)


def recommendations(
    pairs: pd.DataFrame, assignments: pd.DataFrame, job_orders: pd.DataFrame, top: int = 5
) -> pd.DataFrame:
    """The best ``top`` job orders per candidate, with reasons (for LTSA counselling).

    Returns candidate_id, rank, job_order_id, country_iso2, occupation_label, score, assigned,
    reasons, unmet.
    """
    cols = [
        "candidate_id",
        "rank",
        "job_order_id",
        "country_iso2",
        "occupation_label",
        "score",
        "assigned",
        "reasons",
        "unmet",
    ]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    ranked = pairs.sort_values(["candidate_id", "score"], ascending=[True, False], kind="stable")
    ranked = ranked.assign(rank=ranked.groupby("candidate_id").cumcount() + 1)
    out = ranked[ranked["rank"] <= top].copy()
    info = job_orders.set_index(job_orders["job_order_id"].astype(str))
    for col in ("country_iso2", "occupation_label"):
        out[col] = info[col].reindex(out["job_order_id"].astype(str)).to_numpy()
    out["assigned"] = _assigned(out, assignments)
    out["reasons"] = _explain(out, _STRONG_TEXT, strong=True)
    out["unmet"] = _explain(out, _UNMET_TEXT, strong=False)
    return out[cols].reset_index(drop=True)
