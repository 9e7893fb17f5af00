"""Time ``matching.assign.assign`` (auto -> min-cost flow) and the greedy baseline on synthetic pairs.

Run: ``.venv/bin/python benchmarks/bench_assign.py [--tiers S,M,L] [--seed 0]``.

Tiers (candidates x job orders): S 2k x 200, M 50k x 5k, L 500k x 50k. Slots average 30 per job
order (L: about 1.5 M slots, three per candidate, the DOMAIN.md §2.3 ratio). Two families:

* ``wide``: each job order lists K = max(3 x slots, 20) random candidates with decreasing scores
  (the shape ``matching.select`` produces; L: about 4.5 M pairs); a few country and
  (country, sector) quotas.
* ``tight``: one candidate in ten speaks Japanese; Japanese care orders want only them, Malaysian
  plantation orders rate them highest too; a binding (MY, plantation) sector quota and a binding
  Saudi country quota. Greedy spends the speakers on plantation orders and leaves care orders empty.

Each (tier, family) runs in a fresh process so the peak RSS (``resource.getrusage``) is its own.
Target: our assign stage (build + solve + extract) <= 1.5 x the bare OR-Tools solve call.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.assign import assign

TIERS: dict[str, tuple[int, int]] = {
    "S": (2_000, 200),
    "M": (50_000, 5_000),
    "L": (500_000, 50_000),
}
FAMILIES = ("wide", "tight")


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _lists(
    rng: np.random.Generator, slots: np.ndarray, pool: np.ndarray, top: float, bottom: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """K = max(3 x slots, 20) random candidates from ``pool`` per job order (J,), scores falling
    from about ``top`` to ``bottom`` down each list. Returns (job row, candidate, score) arrays."""
    k = np.maximum(3 * slots, 20)
    job = np.repeat(np.arange(len(slots)), k)
    cand = pool[rng.integers(0, len(pool), len(job))]
    rank = np.arange(len(job)) - np.repeat(np.cumsum(k) - k, k)
    start = np.repeat(rng.uniform(top - 0.05, top, len(slots)), k)
    score = start - (top - bottom) * rank / np.repeat(k, k)
    return job, cand, np.clip(score, 0.0, 1.0)


def _table(
    job: np.ndarray, cand: np.ndarray, score: np.ndarray, n_jobs: int, n_cand: int
) -> pd.DataFrame:
    """Pairs with string ids, one row per (candidate, job order)."""
    _, first = np.unique(job.astype(np.int64) * n_cand + cand, return_index=True)
    first.sort()
    cand_ids = np.array([f"C{i:07d}" for i in range(n_cand)], dtype=object)
    job_ids = np.array([f"J{i:06d}" for i in range(n_jobs)], dtype=object)
    return pd.DataFrame(
        {
            "candidate_id": cand_ids[cand[first]],
            "job_order_id": job_ids[job[first]],
            "score": np.round(score[first], 4),
        }
    )


def wide(
    n_cand: int, n_jobs: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Random lists of decreasing score; about 3 slots per candidate; some quotas."""
    slots = rng.integers(1, 60, n_jobs)
    countries = np.array(["MY", "SA", "TW", "HK", "JP", "KR", "SG", "AE", "QA", "DE"])
    sectors = np.array(["care", "domestic", "manufacturing", "plantation", "construction"])
    country = rng.choice(countries, n_jobs, p=[0.2, 0.15, 0.15, 0.15, 0.1, 0.1, 0.05, 0.04, 0.03,
                                                0.03])  # fmt: skip
    sector = rng.choice(sectors, n_jobs)
    job_orders = pd.DataFrame(
        {
            "job_order_id": [f"J{i:06d}" for i in range(n_jobs)],
            "slots": slots,
            "country_iso2": country,
            "sector": sector,
            "p3mi_id": [f"P{i:04d}" for i in rng.integers(0, 400, n_jobs)],
        }
    )
    job, cand, score = _lists(rng, slots, np.arange(n_cand), 0.95, 0.5)
    pairs = _table(job, cand, score, n_jobs, n_cand)
    country_slots = job_orders.groupby("country_iso2")["slots"].sum()
    sector_slots = job_orders.groupby(["country_iso2", "sector"])["slots"].sum()
    quotas = pd.DataFrame(
        {
            "country_iso2": ["HK", "KR", "SA", "TW", "MY"],
            "sector": [None, None, "domestic", "manufacturing", "plantation"],
            "quota": [
                int(0.15 * country_slots["HK"]),
                int(0.2 * country_slots["KR"]),
                int(0.2 * sector_slots["SA", "domestic"]),
                int(0.25 * sector_slots["TW", "manufacturing"]),
                int(0.3 * sector_slots["MY", "plantation"]),
            ],
        }
    )
    return pairs, job_orders, quotas


def tight(
    n_cand: int, n_jobs: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Scarce Japanese speakers wanted by care (JP) and plantation (MY) orders; binding quotas."""
    n_speak = n_cand // 10
    n_general = n_cand - n_speak
    speakers, general = np.arange(n_speak), np.arange(n_speak, n_cand)
    n_jp, n_my, n_tw = n_jobs // 10, 4 * n_jobs // 10, 3 * n_jobs // 10
    n_sa = n_jobs - n_jp - n_my - n_tw

    def slots(n: int, total: float) -> np.ndarray:
        return np.maximum(1, rng.poisson(total / n, n))

    jp, my = slots(n_jp, n_speak), slots(n_my, 0.8 * n_general)
    tw, sa = slots(n_tw, 0.35 * n_general), slots(n_sa, 0.4 * n_general)
    job_orders = pd.DataFrame(
        {
            "job_order_id": [f"J{i:06d}" for i in range(n_jobs)],
            "slots": np.concatenate([jp, my, tw, sa]),
            "country_iso2": np.repeat(["JP", "MY", "TW", "SA"], [n_jp, n_my, n_tw, n_sa]),
            "sector": np.repeat(
                ["care", "plantation", "manufacturing", "domestic"], [n_jp, n_my, n_tw, n_sa]
            ),
            "p3mi_id": "P0001",
        }
    )
    offset = np.cumsum([0, n_jp, n_my, n_tw])
    parts = [
        _lists(rng, jp, speakers, 0.75, 0.55),  # care orders need Japanese
        _lists(rng, my, general, 0.8, 0.5),  # plantation orders take anyone...
        _lists(rng, tw, general, 0.8, 0.5),
        _lists(rng, sa, general, 0.7, 0.4),
    ]
    # ...and rate speakers highest (30 % of the plantation lists' length, extra).
    my_speak = _lists(rng, np.maximum(1, my // 3), speakers, 1.0, 0.85)
    parts.append(my_speak)
    offsets = [*offset, offset[1]]
    job = np.concatenate([p[0] + o for p, o in zip(parts, offsets, strict=True)])
    cand = np.concatenate([p[1] for p in parts])
    score = np.concatenate([p[2] for p in parts])
    pairs = _table(job, cand, score, n_jobs, n_cand)
    quotas = pd.DataFrame(
        {
            "country_iso2": ["MY", "SA", "JP"],
            "sector": ["plantation", None, None],
            "quota": [int(0.4 * n_general), int(0.25 * n_general), n_cand],
        }
    )
    return pairs, job_orders, quotas


def run_child(tier: str, family: str, seed: int) -> dict[str, float | int | str]:
    """Generate one instance, run assign (auto) with the greedy baseline; figures as a dict."""
    n_cand, n_jobs = TIERS[tier]
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    pairs, job_orders, quotas = (wide if family == "wide" else tight)(n_cand, n_jobs, rng)
    gen = time.perf_counter() - t0
    rss_data = peak_rss_mb()
    result = assign(pairs, job_orders, quotas)
    s = result.seconds
    ours = s["build"] + s["solve"] + s["extract"]
    return {
        "tier": tier,
        "family": family,
        "candidates": n_cand,
        "job_orders": n_jobs,
        "slots": int(job_orders["slots"].sum()),
        "pairs": len(pairs),
        "gen_s": gen,
        "solver": result.solver,
        "status": result.status,
        "build_s": s["build"],
        "solve_s": s["solve"],
        "extract_s": s["extract"],
        "ours_s": ours,
        "ratio": ours / s["solve"] if s["solve"] > 0 else float("nan"),
        "greedy_s": s["greedy"],
        "rss_data_mb": rss_data,
        "rss_peak_mb": peak_rss_mb(),
        "filled": result.filled,
        "score": result.total_score,
        "greedy_filled": result.greedy_filled,
        "greedy_score": result.greedy_score,
    }


def report(r: dict[str, float | int | str]) -> None:
    print(
        f"{r['tier']} {r['family']:<5} {r['candidates']:>9,} cand x {r['job_orders']:>7,} JO, "
        f"{r['slots']:>10,} slots, {r['pairs']:>10,} pairs (gen {r['gen_s']:.1f} s)\n"
        f"  {r['solver']} {r['status']}: build {r['build_s']:.2f} s, bare solve "
        f"{r['solve_s']:.2f} s, extract {r['extract_s']:.2f} s -> ours {r['ours_s']:.2f} s "
        f"= {r['ratio']:.2f} x bare solve; greedy {r['greedy_s']:.2f} s\n"
        f"  peak RSS {r['rss_data_mb']:,.0f} MB after data, {r['rss_peak_mb']:,.0f} MB after assign\n"
        f"  optimum filled {r['filled']:,} score {r['score']:,.1f} | greedy filled "
        f"{r['greedy_filled']:,} score {r['greedy_score']:,.1f} | gap "
        f"{int(r['filled']) - int(r['greedy_filled']):+,} filled "
        f"({100 * (int(r['filled']) / max(int(r['greedy_filled']), 1) - 1):+.2f} %)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tiers", default="S,M", help="comma-separated subset of S,M,L")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", help=argparse.SUPPRESS)  # "TIER:FAMILY", run in this process
    args = parser.parse_args()
    if args.child:
        tier, family = args.child.split(":")
        print(json.dumps(run_child(tier, family, args.seed)))
        return
    for tier in args.tiers.split(","):
        for family in FAMILIES:
            out = subprocess.run(
                [sys.executable, __file__, "--child", f"{tier}:{family}", "--seed", str(args.seed)],
                check=True,
                capture_output=True,
                text=True,
            )
            report(json.loads(out.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
