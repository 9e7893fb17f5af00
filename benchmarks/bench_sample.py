"""Time the synthetic sample generator at full scale (500,000 candidates x 50,000 job orders).

Run: ``.venv/bin/python benchmarks/bench_sample.py [--candidates N] [--job-orders M] [--write]``.
The budget is 60 s for generation on a 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.sample import generate_sample, write_sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=500_000)
    parser.add_argument("--job-orders", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="also time writing the CSV files")
    args = parser.parse_args()

    t0 = time.perf_counter()
    sample = generate_sample(args.candidates, args.job_orders, seed=args.seed)
    gen = time.perf_counter() - t0
    rows = len(sample.candidates) + len(sample.job_orders) + len(sample.history)
    print(
        f"generate_sample({args.candidates:,} x {args.job_orders:,}): {gen:.2f} s, "
        f"{rows:,} rows (incl. {len(sample.history):,} history), {rows / gen:,.0f} rows/s"
    )
    if args.write:
        with tempfile.TemporaryDirectory() as tmp:
            t1 = time.perf_counter()
            paths = write_sample(sample, Path(tmp))
            wr = time.perf_counter() - t1
            size = sum(p.stat().st_size for p in paths.values()) / 1e6
            print(f"write_sample(csv): {wr:.2f} s, {size:,.1f} MB, {rows / wr:,.0f} rows/s")


if __name__ == "__main__":
    main()
