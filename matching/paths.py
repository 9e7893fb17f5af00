"""Where the reference data lives.

`data/` sits at the repository root (the ministry's layout). An installed copy can point elsewhere
with the environment variable ``PADUPADAN_DATA``.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """Root of the `data/` folder (reference taxonomies, rules, sample data)."""
    env = os.environ.get("PADUPADAN_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


def reference_dir() -> Path:
    return data_dir() / "reference"


def sample_dir() -> Path:
    return data_dir() / "sample"
