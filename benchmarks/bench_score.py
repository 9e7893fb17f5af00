"""Candidate generation and scoring at scale (issue 4), and vectorised vs per-pair scoring.

For each tier a fresh process generates the sample (``matching.sample``), writes it as CSV, then
runs prepare (read + normalise) and score (encode + eligibility + score + top-K select), and prints
pairs evaluated / eligible / kept, seconds per stage and peak RSS.

``--loop`` compares, on the same grid of pairs, the vectorised components with a per-pair Python
loop that computes the same components pair by pair (rapidfuzz per title pair, Python arithmetic),
and reports pairs per second of each.

Usage:
    python benchmarks/bench_score.py --tiers S,M,L
    python benchmarks/bench_score.py --loop
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
from tiers import AS_OF, TIERS, run_tiers


def run_tier(name: str, folder: str) -> dict[str, float]:
    """Runs in its own process on CSVs written by the parent, so peak RSS is the run's own."""
    from matching.pipeline import prepare, score

    n_c, n_j = TIERS[name]
    tmp = folder
    t = time.perf_counter()
    prepared = prepare(Path(tmp) / "candidates.csv", Path(tmp) / "job_orders.csv")
    prep = time.perf_counter() - t
    t = time.perf_counter()
    scored = score(prepared, AS_OF)
    sc = time.perf_counter() - t
    stats = scored.selection.stats
    return {
        "tier": name,  # type: ignore[dict-item]
        "candidates": n_c,
        "job_orders": n_j,
        "prepare_s": round(prep, 1),
        **{f"{k}_s": round(v, 1) for k, v in prepared.timings.items()},
        **{f"{k}_s": round(v, 1) for k, v in scored.timings.items()},
        "score_total_s": round(sc, 1),
        "pairs_evaluated": stats["pairs_evaluated"],
        "pairs_eligible": stats["pairs_eligible"],
        "pairs_kept": stats["pairs_kept"],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
    }


def loop_comparison(n_jobs: int = 200, n_cands: int = 5_000, repeats: int = 5) -> dict[str, float]:
    """Same pairs, two implementations: vectorised grid vs a per-pair Python loop."""
    from rapidfuzz import fuzz

    from matching.eligibility import Grid
    from matching.pipeline import prepare, score
    from matching.sample import generate_sample, write_sample
    from matching.score import DefaultCombiner, components

    with tempfile.TemporaryDirectory() as tmp:
        write_sample(generate_sample(20_000, 2_000, seed=5, n_history=10), Path(tmp))
        prepared = prepare(Path(tmp) / "candidates.csv", Path(tmp) / "job_orders.csv")
    scored = score(prepared, AS_OF)
    enc, j, c = scored.encoder, scored.job_order_arrays, scored.candidate_arrays
    # The largest sub-major group, as a block would see it.
    sub = np.bincount(np.maximum(j.isco // 100, 0)).argmax()
    jj = j.take(np.flatnonzero(j.isco // 100 == sub)[:n_jobs])
    cc = c.take(np.flatnonzero(c.isco // 100 == sub)[:n_cands])
    n_pairs = len(jj) * len(cc)

    runs = []
    for _ in range(repeats):  # median of several runs: one grid takes only tens of milliseconds
        t = time.perf_counter()
        parts = components(Grid(), enc, jj, cc)
        DefaultCombiner().score(parts)
        runs.append(time.perf_counter() - t)
    vec = float(np.median(runs))

    names = enc.title_names_
    w = DefaultCombiner().weights
    sample = min(n_pairs, 20_000)
    rng = np.random.default_rng(0)
    pick = rng.choice(n_pairs, size=sample, replace=False)
    t = time.perf_counter()
    for p in pick:
        a, b = divmod(int(p), len(cc))
        level = (
            1.0
            if jj.isco[a] == cc.isco[b]
            else 0.6
            if jj.isco[a] // 10 == cc.isco[b] // 10
            else 0.3
        )
        title = fuzz.token_sort_ratio(names[jj.title[a]], names[cc.title[b]]) / 100.0
        occ = 0.75 * level + 0.25 * title
        js = [int(x) for x in jj.skills[a]]
        cs = [int(x) for x in cc.skills[b]]
        covered = sum((x & y).bit_count() for x, y in zip(js, cs, strict=True))
        skills = covered / jj.n_skills[a] if jj.n_skills[a] else 1.0
        text = max(0.0, min(1.0, float(np.dot(jj.text[a], cc.text[b]))))
        dest = 0.0
        for lang in jj.dest_languages[a]:
            if lang >= 0:
                dest = max(dest, float(cc.language[b, lang]))
        language = min(dest / 4.0, 1.0)
        e, m = float(cc.experience[b]), float(jj.experience_min[a])
        experience = (
            max(0.0, min(1.0, 0.5 + 0.5 * (e - m) / max(m, 1.0))) if m > 0 else min(e / 5.0, 1.0)
        )
        jc = [int(x) for x in jj.certificates[a]]
        cc_ = [int(x) for x in cc.certificates[b]]
        extra = sum((y & ~x).bit_count() for x, y in zip(jc, cc_, strict=True))
        certificates = min(extra / 3.0, 1.0)
        prefs = [int(x) for x in cc.preferences[b] if x >= 0]
        country = (
            0.5
            if not prefs
            else (
                max(1.0 - 0.25 * prefs.index(int(jj.country[a])), 0.25)
                if int(jj.country[a]) in prefs
                else 0.0
            )
        )
        _ = (
            w["occupation"] * occ
            + w["skills"] * skills
            + w["text"] * text
            + w["language"] * language
            + w["experience"] * experience
            + w["certificates"] * certificates
            + w["country"] * country
        )
    loop = time.perf_counter() - t
    vec_rate = n_pairs / vec
    loop_rate = sample / loop
    return {
        "pairs": float(n_pairs),
        "vectorised_pairs_per_s": round(vec_rate),
        "loop_pairs_per_s": round(loop_rate),
        "speedup": round(vec_rate / loop_rate, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tiers", default="S,M")
    parser.add_argument("--loop", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_tier(args.one, args.dir)))
        return
    if args.loop:
        print(json.dumps(loop_comparison()))
        return
    run_tiers(__file__, args.tiers)


if __name__ == "__main__":
    main()
