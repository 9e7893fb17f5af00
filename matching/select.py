"""Candidate generation that scales: block, filter on arrays, score, keep the top K per job order.

Blocks are (ISCO-08 sub-major group, destination country): a pair across sub-major groups is never
a fit, and a candidate who lists preferred countries is only considered for those. Inside a block,
job orders are taken in chunks so that chunk x candidates stays under ``pair_budget`` cells; every
rule and component is one numpy expression over the (chunk, candidates) grid.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from matching import eligibility as el
from matching.encode import CandidateArrays, Encoder, JobOrderArrays
from matching.rules import RuleSet
from matching.score import COMPONENTS, DefaultCombiner, LearnedScorer, components, extra_features

Progress = Callable[[int, int], None]

EXCLUSION_COLUMNS = ("job_order_id", "reason", "count", "scope")


def default_top_k(slots: np.ndarray) -> np.ndarray:
    """K per job order: max(3 x slots, 20) — the Korea EPS practice of about 3 per vacancy, with a
    floor so small orders still get back-ups."""
    return np.maximum(3 * slots, 20).astype(np.int64)


@dataclass
class Selection:
    """Output of candidate generation."""

    pairs: pd.DataFrame  # candidate_id, job_order_id, score, components...
    exclusions: pd.DataFrame  # EXCLUSION_COLUMNS
    job_orders: pd.DataFrame  # job_order_id, open, reason, slots, eligible_candidates
    candidates: pd.DataFrame  # candidate_id, reason ("" = eligible), usable (>= 1 eligible pair)
    stats: dict[str, float] = field(default_factory=dict)


def select_pairs(
    encoder: Encoder,
    j: JobOrderArrays,
    c: CandidateArrays,
    rules: RuleSet,
    as_of: date,
    *,
    top_k: int | None = None,
    min_score: float = 0.5,
    model: LearnedScorer | None = None,
    pair_budget: int = 2_000_000,
    progress: Progress | None = None,
) -> Selection:
    """Eligible pairs at or above ``min_score`` (on the default combiner), top K per job order.

    With ``model`` the pair's ``score`` is the model's calibrated probability (ranking by it);
    ``default_score`` always holds the transparent combiner's value, on which ``min_score`` acts.
    """
    t0 = time.perf_counter()
    combiner = DefaultCombiner()
    grid = el.Grid()
    cand_reason = el.candidate_reasons(c, rules)
    jo_table = el.job_order_reasons(j, rules, as_of)
    prot = el.protection_requirements(j, rules, encoder)
    k_per_jo = (
        np.full(len(j), top_k, dtype=np.int64) if top_k is not None else default_top_k(j.slots)
    )

    ok_c = np.flatnonzero(cand_reason == "")
    matchable = np.flatnonzero(jo_table["open"].to_numpy() & (jo_table["reason"] == "").to_numpy())
    c_sub = c.isco // 100
    j_sub = j.isco // 100

    excl_jo: list[np.ndarray] = []
    excl_reason: list[np.ndarray] = []
    excl_count: list[np.ndarray] = []
    eligible_count = np.zeros(len(j), dtype=np.int64)
    usable = np.zeros(len(c), dtype=bool)  # candidate has at least one eligible pair (K2)
    out_parts: list[dict[str, np.ndarray]] = []
    n_cells = 0
    n_eligible = 0
    order = np.lexsort((j.country[matchable], j_sub[matchable]))
    matchable = matchable[order]
    # Group boundaries of (sub-major, country) among matchable job orders.
    keys = j_sub[matchable].astype(np.int64) * 10_000 + j.country[matchable]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    blocks = np.split(matchable, bounds) if len(matchable) else []
    n_ok = len(ok_c)
    by_sub: dict[int, np.ndarray] = {}
    done = 0
    for block in blocks:
        g = int(j_sub[block[0]])
        country = int(j.country[block[0]])
        if g not in by_sub:
            by_sub[g] = ok_c[c_sub[ok_c] == g]
        in_group = by_sub[g]
        prefs = c.preferences[in_group]
        npref = c.n_preferences[in_group]
        wants = (npref == 0) | (prefs == country).any(axis=1)
        pool = in_group[wants]
        # Blocking reasons, counted without building the pairs.
        for reason, count in (
            (el.OCCUPATION_DIFFERENT_SUBMAJOR, n_ok - len(in_group)),
            (el.COUNTRY_NOT_PREFERRED, len(in_group) - len(pool)),
        ):
            excl_jo.append(block)
            excl_reason.append(np.full(len(block), reason, dtype=object))
            excl_count.append(np.full(len(block), count, dtype=np.int64))
        if len(pool) == 0:
            done += len(block)
            continue
        cc = c.take(pool)
        step = max(1, pair_budget // len(pool))
        for start in range(0, len(block), step):
            rows = block[start : start + step]
            jj = j.take(rows)
            pp = el.Protection(
                prot.language[rows],
                prot.cefr[rows],
                prot.language_reason[rows],
                prot.eps_required[rows],
            )
            masks = el.pair_masks(grid, jj, cc, pp)
            ok = np.ones((len(rows), len(pool)), dtype=bool)
            for reason, passes in masks.items():
                fails = ~np.broadcast_to(passes, ok.shape)
                ok &= ~fails
                excl_jo.append(rows)
                excl_reason.append(np.full(len(rows), reason, dtype=object))
                excl_count.append(fails.sum(axis=1))
            parts = components(grid, encoder, jj, cc)
            default = combiner.score(parts)
            above = ok & (default >= min_score)
            excl_jo.append(rows)
            excl_reason.append(np.full(len(rows), el.BELOW_MINIMUM_SCORE, dtype=object))
            excl_count.append((ok & ~above).sum(axis=1))
            eligible_count[rows] += above.sum(axis=1)
            usable[pool[above.any(axis=0)]] = True
            n_cells += ok.size
            n_eligible += int(ok.sum())
            if model is not None:
                score = model.score(parts | extra_features(grid, jj, cc))
            else:
                score = default
            ranked = np.where(above, score, -np.inf)
            k = k_per_jo[rows]
            kmax = int(min(k.max(), len(pool)))
            top = np.argpartition(-ranked, kmax - 1, axis=1)[:, :kmax]
            top_score = np.take_along_axis(ranked, top, axis=1)
            order2 = np.argsort(-top_score, axis=1, kind="stable")
            top = np.take_along_axis(top, order2, axis=1)
            top_score = np.take_along_axis(top_score, order2, axis=1)
            rank = np.arange(kmax)[None, :]
            keep = np.isfinite(top_score) & (rank < k[:, None])
            r_idx, c_idx = np.nonzero(keep)
            cols = top[r_idx, c_idx]
            part = {
                "candidate": pool[cols],
                "job_order": rows[r_idx],
                "score": top_score[r_idx, c_idx],
                "default_score": default[r_idx, cols],
            }
            for name in COMPONENTS:
                part[name] = parts[name][r_idx, cols]
            out_parts.append(part)
            done += len(rows)
            if progress is not None:
                progress(done, len(matchable))

    pairs = _pairs_frame(out_parts, c, j)
    exclusions = _exclusions(j, excl_jo, excl_reason, excl_count, jo_table, cand_reason)
    jo_out = pd.DataFrame(
        {
            "job_order_id": j.ids,
            "open": jo_table["open"].to_numpy(),
            "reason": jo_table["reason"].to_numpy(),
            "slots": j.slots,
            "eligible_candidates": eligible_count,
        }
    )
    stats = {
        "candidates": float(len(c)),
        "candidates_eligible": float(n_ok),
        "job_orders": float(len(j)),
        "job_orders_matchable": float(len(matchable)),
        "blocks": float(len(blocks)),
        "pairs_evaluated": float(n_cells),
        "pairs_eligible": float(n_eligible),
        "pairs_kept": float(len(pairs)),
        "seconds": time.perf_counter() - t0,
    }
    return Selection(
        pairs=pairs,
        exclusions=exclusions,
        job_orders=jo_out,
        candidates=pd.DataFrame({"candidate_id": c.ids, "reason": cand_reason, "usable": usable}),
        stats=stats,
    )


def _pairs_frame(
    parts: list[dict[str, np.ndarray]], c: CandidateArrays, j: JobOrderArrays
) -> pd.DataFrame:
    columns = ["candidate_id", "job_order_id", "score", "default_score", *COMPONENTS]
    if not parts:
        return pd.DataFrame(columns=columns)
    merged = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    frame = pd.DataFrame(
        {
            "candidate_id": c.ids[merged["candidate"]],
            "job_order_id": j.ids[merged["job_order"]],
            "score": merged["score"].round(4),
            "default_score": merged["default_score"].round(4),
            **{k: merged[k].round(4) for k in COMPONENTS},
        }
    )
    return frame.sort_values(["job_order_id", "score"], ascending=[True, False], kind="stable")[
        columns
    ].reset_index(drop=True)


def _exclusions(
    j: JobOrderArrays,
    jo_idx: list[np.ndarray],
    reasons: list[np.ndarray],
    counts: list[np.ndarray],
    jo_table: pd.DataFrame,
    cand_reason: np.ndarray,
) -> pd.DataFrame:
    frames = []
    if jo_idx:
        pair = pd.DataFrame(
            {
                "job_order_id": j.ids[np.concatenate(jo_idx)],
                "reason": np.concatenate(reasons),
                "count": np.concatenate(counts),
                "scope": "pair",
            }
        )
        summed = pair.groupby(["job_order_id", "reason", "scope"], as_index=False)["count"].sum()
        frames.append(summed[summed["count"] > 0])
    blocked = jo_table["reason"] != ""
    frames.append(
        pd.DataFrame(
            {
                "job_order_id": j.ids[blocked.to_numpy()],
                "reason": jo_table.loc[blocked, "reason"].to_numpy(),
                "count": 1,
                "scope": "job_order",
            }
        )
    )
    cand = pd.Series(cand_reason[cand_reason != ""]).value_counts()
    frames.append(
        pd.DataFrame(
            {
                "job_order_id": "*",
                "reason": cand.index,
                "count": cand.to_numpy(),
                "scope": "candidate",
            }
        )
    )
    out = pd.concat([f for f in frames if len(f)] or [pd.DataFrame(columns=EXCLUSION_COLUMNS)])
    return out[list(EXCLUSION_COLUMNS)].reset_index(drop=True)
