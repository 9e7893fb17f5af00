"""Training data for the learned scorer: past matches with outcomes, as pair features.

A history row names a candidate and a job order (ids in the candidate and job-order files) and the
outcome: ``placed`` and ``completed_contract`` (0/1). The target is a successful placement:
placed *and* contract completed. Features are the same components the default combiner uses,
computed by the same code (``matching.score.components`` on an ``Aligned`` view), plus a few raw
attributes (``MODEL_FEATURES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from matching.eligibility import Aligned
from matching.io import InputFileError, read_table
from matching.pipeline import Prepared, encode
from matching.score import MODEL_FEATURES, LearnedScorer, components, extra_features
from models.schema import ERROR_COLUMNS

HISTORY_COLUMNS = ("candidate_id", "job_order_id", "placed", "completed_contract")


@dataclass
class TrainingData:
    X: pd.DataFrame  # (n, len(MODEL_FEATURES))
    y: np.ndarray  # (n,) 0/1
    errors: pd.DataFrame  # history rows that could not be used, ERROR_COLUMNS
    n_history: int


def read_history(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """History rows with 0/1 outcomes; rows with an unreadable outcome are reported, not used."""
    raw, issues = read_table(path, expected=HISTORY_COLUMNS, required=HISTORY_COLUMNS)
    errors = [issues]
    frame = raw.copy()
    for col in ("placed", "completed_contract"):
        value = frame[col].astype(str).str.strip().str.lower()
        mapped = value.map({"1": 1, "0": 0, "true": 1, "false": 0, "ya": 1, "tidak": 0})
        bad = mapped.isna()
        if bad.any():
            errors.append(
                pd.DataFrame(
                    {
                        "file": str(path),
                        "row": frame.loc[bad, "_row"].to_numpy(),
                        "column": col,
                        "value": frame.loc[bad, col].to_numpy(),
                        "reason": "outcome must be 0 or 1",
                        "severity": "error",
                    }
                )
            )
        frame[col] = mapped
    frame = frame.dropna(subset=["placed", "completed_contract"])
    return frame, pd.concat([e for e in errors if len(e)] or [issues], ignore_index=True)


def training_data(prepared: Prepared, history_path: Path, as_of: date) -> TrainingData:
    """Pair features and outcomes for every history row whose candidate and job order are valid."""
    history, errors = read_history(history_path)
    enc, jobs, cands = encode(prepared, as_of)
    c_pos = pd.Series(np.arange(len(cands)), index=cands.ids)
    j_pos = pd.Series(np.arange(len(jobs)), index=jobs.ids)
    ci = c_pos.reindex(history["candidate_id"].astype(str).to_numpy()).to_numpy()
    ji = j_pos.reindex(history["job_order_id"].astype(str).to_numpy()).to_numpy()
    usable = ~(np.isnan(ci) | np.isnan(ji))
    missing = history.loc[~usable]
    if len(missing):
        errors = pd.concat(
            [
                errors,
                pd.DataFrame(
                    {
                        "file": str(history_path),
                        "row": missing["_row"].to_numpy(),
                        "column": "candidate_id",
                        "value": missing["candidate_id"].astype(str)
                        + " / "
                        + missing["job_order_id"].astype(str),
                        "reason": "candidate or job order not among the valid input rows",
                        "severity": "warning",
                    },
                    columns=list(ERROR_COLUMNS),
                ),
            ],
            ignore_index=True,
        )
    ci_ok = ci[usable].astype(np.int64)
    ji_ok = ji[usable].astype(np.int64)
    if len(ci_ok) == 0:
        raise InputFileError(
            f"{history_path}: no history row refers to a valid candidate and job order"
        )
    view = Aligned()
    c_take, j_take = cands.take(ci_ok), jobs.take(ji_ok)
    feats = components(view, enc, j_take, c_take) | extra_features(view, j_take, c_take)
    X = pd.DataFrame({k: np.asarray(feats[k]) for k in MODEL_FEATURES})
    kept = history.loc[usable]
    y = (kept["placed"].to_numpy() == 1) & (kept["completed_contract"].to_numpy() == 1)
    return TrainingData(X=X, y=y.astype(np.int64), errors=errors, n_history=len(history))


def train(data: TrainingData, random_state: int = 0) -> LearnedScorer:
    if len(np.unique(data.y)) < 2:
        raise InputFileError("history holds only one outcome; cannot learn a scorer")
    return LearnedScorer(random_state=random_state).fit(data.X, data.y)
