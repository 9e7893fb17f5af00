"""End-to-end `match` at national scale (issue 5): stage times, peak RSS, solver vs greedy.

Each tier runs in a fresh process: generate the sample (not timed as part of the run), write CSVs,
then prepare -> score -> assign -> shortlists -> metrics exactly as `padupadan match` does. Prints
one JSON line per tier with the time of every stage, the end-to-end time (read to metrics), the bare
OR-Tools solve time beside our whole assignment stage, optimum vs greedy, and peak RSS.

Usage: python benchmarks/bench_match.py --tiers S,M,L
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from tiers import AS_OF, TIERS, run_tiers


def run_tier(name: str, folder: str) -> dict[str, object]:
    """Runs in its own process on CSVs written by the parent, so peak RSS is the run's own."""
    from matching.pipeline import match, prepare

    n_c, n_j = TIERS[name]
    tmp = folder
    t0 = time.perf_counter()
    prepared = prepare(
        Path(tmp) / "candidates.csv", Path(tmp) / "job_orders.csv", Path(tmp) / "quotas.csv"
    )
    result = match(prepared, AS_OF)
    total = time.perf_counter() - t0
    t = time.perf_counter()
    result.write(Path(tmp) / "out")
    write_s = time.perf_counter() - t
    info = result.run_info()
    a = info["assignment"]
    seconds = info["seconds"]
    return {
        "tier": name,
        "candidates": n_c,
        "job_orders": n_j,
        "slots": result.metrics["all_slots"],
        "pairs_evaluated": info["counts"]["pairs_evaluated"],
        "pairs_eligible": info["counts"]["pairs_eligible"],
        "pairs_kept": info["counts"]["pairs_kept"],
        "end_to_end_s": round(total, 1),
        "write_outputs_s": round(write_s, 1),
        "stages_s": seconds,
        "assign_stage_s": seconds["assign"],
        "bare_solve_s": a["solver_seconds"]["solve"],
        "assign_over_bare": round(seconds["assign"] / max(a["solver_seconds"]["solve"], 1e-9), 2),
        "solver": a["solver"],
        "status": a["status"],
        "optimum": a["objective"],
        "greedy": a["greedy_objective"],
        "kesesuaian_rate": result.metrics["kesesuaian_rate"],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        # forked block workers (copy-on-write: their RSS double-counts shared pages)
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tiers", default="S,M")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_tier(args.one, args.dir)))
        return
    run_tiers(__file__, args.tiers)


if __name__ == "__main__":
    main()
