"""Shared by the tiered benchmarks: tier sizes and the fresh-process runner.

Each tier's sample is generated and written by the parent; the measured run happens in a child
process on those CSVs, so its time and peak RSS are its own (not the generator's).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

TIERS: dict[str, tuple[int, int]] = {
    "S": (2_000, 200),
    "M": (50_000, 5_000),
    "L": (500_000, 50_000),
}
AS_OF = date(2026, 1, 15)


def run_tiers(script: str, tiers: str) -> None:
    """For each tier name in the comma-separated ``tiers``: write the sample, run
    ``script --one TIER --dir DIR`` in a fresh interpreter, print its last line (JSON)."""
    from matching.sample import generate_sample, write_sample

    for tier in tiers.split(","):
        tmp = tempfile.mkdtemp(prefix=f"bench-{tier}-")
        try:
            n_c, n_j = TIERS[tier]
            write_sample(generate_sample(n_c, n_j, seed=11, n_history=10), Path(tmp))
            proc = subprocess.run(
                [sys.executable, script, "--one", tier, "--dir", tmp],
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if proc.returncode:
            print(tier, "failed:", proc.stderr[-3000:])
            continue
        print(proc.stdout.strip().splitlines()[-1], flush=True)
