"""Candidate generation that scales: block, filter on arrays, score, keep the top K per job order.

Blocks are (ISCO-08 sub-major group, destination country): a pair across sub-major groups is never
a fit, and a candidate who lists preferred countries is only considered for those. Inside a block,
job orders are taken in chunks so that chunk x candidates stays under ``pair_budget`` cells; every
rule and component is one numpy expression over the (chunk, candidates) grid.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from matching import eligibility as el
from matching.encode import CandidateArrays, Encoder, JobOrderArrays
from matching.rules import RuleSet
from matching.score import (
    COMPONENTS,
    DEFAULT_MIN_SCORE,
    DefaultCombiner,
    LearnedScorer,
    components,
    extra_features,
)

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


@dataclass
class _Run:
    """Everything a block needs; set once per run (shared with forked workers, not pickled)."""

    encoder: Encoder
    j: JobOrderArrays
    c: CandidateArrays
    prot: el.Protection
    k_per_jo: np.ndarray
    min_score: float
    model: LearnedScorer | None
    pair_budget: int
    n_ok: int


@dataclass
class _Partial:
    """What a set of blocks produced."""

    parts: list[dict[str, np.ndarray]] = field(default_factory=list)
    excl_jo: list[np.ndarray] = field(default_factory=list)
    excl_reason: list[np.ndarray] = field(default_factory=list)
    excl_count: list[np.ndarray] = field(default_factory=list)
    eligible: dict[int, int] = field(default_factory=dict)
    usable: list[np.ndarray] = field(default_factory=list)
    cells: int = 0
    n_eligible: int = 0


_RUN: _Run | None = None


def _run_blocks_single_thread(blocks: list[tuple[np.ndarray, np.ndarray, int]]) -> _Partial:
    """In a worker process: the processes are the parallelism, so BLAS/OpenMP get one thread."""
    with threadpool_limits(limits=1):
        return _run_blocks(blocks)


def _run_blocks(blocks: list[tuple[np.ndarray, np.ndarray, int]]) -> _Partial:
    """Score a list of (job-order rows, candidate pool, candidates in the sub-major group)."""
    run = _RUN
    assert run is not None
    grid = el.Grid()
    combiner = DefaultCombiner()
    out = _Partial()
    j, c = run.j, run.c
    for block, pool, in_group in blocks:
        # Blocking reasons, counted without building the pairs.
        for reason, count in (
            (el.OCCUPATION_DIFFERENT_SUBMAJOR, run.n_ok - in_group),
            (el.COUNTRY_NOT_PREFERRED, in_group - len(pool)),
        ):
            out.excl_jo.append(block)
            out.excl_reason.append(np.full(len(block), reason, dtype=object))
            out.excl_count.append(np.full(len(block), count, dtype=np.int64))
        if len(pool) == 0:
            continue
        cc = c.take(pool)
        step = max(1, run.pair_budget // len(pool))
        for start in range(0, len(block), step):
            rows = block[start : start + step]
            jj = j.take(rows)
            prot = run.prot.take(rows)
            languages = el.language_groups(grid, jj, cc)
            masks = el.pair_masks(grid, jj, cc, prot, languages)
            ok = np.ones((len(rows), len(pool)), dtype=bool)
            for reason, passes in masks.items():
                fails = ~np.broadcast_to(passes, ok.shape)
                ok &= ~fails
                out.excl_jo.append(rows)
                out.excl_reason.append(np.full(len(rows), reason, dtype=object))
                out.excl_count.append(fails.sum(axis=1))
            parts = components(grid, run.encoder, jj, cc, languages=languages)
            default = combiner.score(parts)
            above = ok & (default >= run.min_score)
            out.excl_jo.append(rows)
            out.excl_reason.append(np.full(len(rows), el.BELOW_MINIMUM_SCORE, dtype=object))
            out.excl_count.append((ok & ~above).sum(axis=1))
            for r, n in zip(rows.tolist(), above.sum(axis=1).tolist(), strict=True):
                out.eligible[r] = out.eligible.get(r, 0) + n
            out.usable.append(pool[above.any(axis=0)])
            out.cells += ok.size
            out.n_eligible += int(ok.sum())
            if run.model is not None:
                score = run.model.score(parts | extra_features(grid, jj, cc))
            else:
                score = default
            out.parts.append(_top_k(score, default, above, parts, rows, pool, run.k_per_jo[rows]))
    return out


def _top_k(
    score: np.ndarray,
    default: np.ndarray,
    above: np.ndarray,
    parts: dict[str, np.ndarray],
    rows: np.ndarray,
    pool: np.ndarray,
    k: np.ndarray,
) -> dict[str, np.ndarray]:
    """The best k[r] eligible candidates of each row of a (rows, pool) score grid."""
    ranked = np.where(above, score, -np.inf)
    kmax = int(min(k.max(), len(pool)))
    top = np.argpartition(-ranked, kmax - 1, axis=1)[:, :kmax]
    top_score = np.take_along_axis(ranked, top, axis=1)
    order = np.argsort(-top_score, axis=1, kind="stable")
    top = np.take_along_axis(top, order, axis=1)
    top_score = np.take_along_axis(top_score, order, axis=1)
    keep = np.isfinite(top_score) & (np.arange(kmax)[None, :] < k[:, None])
    r_idx, c_idx = np.nonzero(keep)
    cols = top[r_idx, c_idx]
    part = {
        "candidate": pool[cols],
        "job_order": rows[r_idx],
        "score": top_score[r_idx, c_idx],
        "default_score": default[r_idx, cols],
    }
    for name in COMPONENTS:
        part[name] = np.broadcast_to(parts[name], ranked.shape)[r_idx, cols]
    return part


def select_pairs(
    encoder: Encoder,
    j: JobOrderArrays,
    c: CandidateArrays,
    rules: RuleSet,
    as_of: date,
    *,
    top_k: int | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    model: LearnedScorer | None = None,
    pair_budget: int = 2_000_000,
    n_jobs: int | None = None,
    progress: Progress | None = None,
) -> Selection:
    """Eligible pairs at or above ``min_score`` (on the default combiner), top K per job order.

    With ``model`` the pair's ``score`` is the model's calibrated probability (ranking by it);
    ``default_score`` always holds the transparent combiner's value, on which ``min_score`` acts.
    ``n_jobs``: worker processes for the blocks (default: 2 when the run is large enough to pay
    for them, else 1); the result does not depend on it.
    """
    global _RUN
    t0 = time.perf_counter()
    cand_reason = el.candidate_reasons(c, rules)
    jo_table = el.job_order_reasons(j, rules, as_of)
    k_per_jo = (
        np.full(len(j), top_k, dtype=np.int64) if top_k is not None else default_top_k(j.slots)
    )
    ok_c = np.flatnonzero(cand_reason == "")
    matchable = np.flatnonzero(jo_table["open"].to_numpy() & (jo_table["reason"] == "").to_numpy())
    c_sub = c.isco // 100
    j_sub = j.isco // 100

    # Blocks: (sub-major group, country) among matchable job orders, with their candidate pools.
    order = np.lexsort((j.country[matchable], j_sub[matchable]))
    matchable = matchable[order]
    keys = j_sub[matchable].astype(np.int64) * 10_000 + j.country[matchable]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    blocks: list[tuple[np.ndarray, np.ndarray, int]] = []
    by_sub: dict[int, np.ndarray] = {}
    for block in np.split(matchable, bounds) if len(matchable) else []:
        g = int(j_sub[block[0]])
        country = int(j.country[block[0]])
        if g not in by_sub:
            by_sub[g] = ok_c[c_sub[ok_c] == g]
        in_group = by_sub[g]
        wants = (c.n_preferences[in_group] == 0) | (c.preferences[in_group] == country).any(axis=1)
        blocks.append((block, in_group[wants], len(in_group)))

    _RUN = _Run(
        encoder,
        j,
        c,
        el.protection_requirements(j, rules, encoder),
        k_per_jo,
        min_score,
        model,
        pair_budget,
        len(ok_c),
    )
    cells = np.array([len(b) * len(p) for b, p, _ in blocks], dtype=np.int64)
    workers = n_jobs or (min(2, os.cpu_count() or 1) if cells.sum() > 20_000_000 else 1)
    try:
        partials = _dispatch(blocks, cells, workers, progress)
    finally:
        _RUN = None

    eligible_count = np.zeros(len(j), dtype=np.int64)
    usable = np.zeros(len(c), dtype=bool)  # candidate has at least one eligible pair (K2)
    for part in partials:
        if part.eligible:
            idx = np.fromiter(part.eligible.keys(), dtype=np.int64)
            eligible_count[idx] += np.fromiter(part.eligible.values(), dtype=np.int64)
        for u in part.usable:
            usable[u] = True
    pairs = _pairs_frame([p for part in partials for p in part.parts], c, j)
    exclusions = _exclusions(
        j,
        [x for part in partials for x in part.excl_jo],
        [x for part in partials for x in part.excl_reason],
        [x for part in partials for x in part.excl_count],
        jo_table,
        cand_reason,
    )
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
        "candidates_eligible": float(len(ok_c)),
        "job_orders": float(len(j)),
        "job_orders_matchable": float(len(matchable)),
        "blocks": float(len(blocks)),
        "workers": float(workers),
        "pairs_evaluated": float(sum(p.cells for p in partials)),
        "pairs_eligible": float(sum(p.n_eligible for p in partials)),
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


def _dispatch(
    blocks: list[tuple[np.ndarray, np.ndarray, int]],
    cells: np.ndarray,
    workers: int,
    progress: Progress | None,
) -> list[_Partial]:
    """Run the blocks in ``workers`` forked processes (largest first, to balance), or inline."""
    total = len(blocks)
    if workers <= 1 or total <= 1:
        out = []
        for i, b in enumerate(blocks):
            out.append(_run_blocks([b]))
            if progress is not None:
                progress(i + 1, total)
        return out
    order = np.argsort(-cells, kind="stable")
    ctx = multiprocessing.get_context("fork")
    out = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [pool.submit(_run_blocks_single_thread, [blocks[i]]) for i in order]
        for done, fut in enumerate(futures, start=1):
            out.append(fut.result())
            if progress is not None:
                progress(done, total)
    return out


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
