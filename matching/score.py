"""Explained pair scores: named components in [0, 1], a transparent default combiner, and a
learned, calibrated scorer fitted on past matches and outcomes.

Components (all vectorised over a view of pairs, see ``matching.eligibility``):

============== ===========================================================================
occupation     0.75 x ISCO level (same unit group 1.0, same minor group 0.6, same sub-major
               group 0.3) + 0.25 x rapidfuzz title similarity
skills         share of the job order's skills the candidate lists (fuzzy-matched; 1 when the
               job order lists none)
text           cosine similarity of TF-IDF character n-gram profiles (title + skills), in an
               LSA space of ``TEXT_DIMENSIONS`` dimensions
language       required languages: mean margin over requirements (0.5 when just met, +0.25 per
               CEFR step above; EPS-TOPIK +0.01 per point); none required: best level held in
               the destination's language / 4
experience     experience_min given: 0.5 + 0.5 x (years - min) / min; else years / 5
certificates   certificates held beyond the required ones / 3
country        preference rank of the job order's country: first 1.0, second 0.75, third 0.5,
               later 0.25; no stated preference 0.5
============== ===========================================================================
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import joblib
import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from matching.eligibility import Protection, View, language_groups, title_similarity
from matching.encode import CandidateArrays, Encoder, JobOrderArrays, popcount

COMPONENTS: tuple[str, ...] = (
    "occupation",
    "skills",
    "text",
    "language",
    "experience",
    "certificates",
    "country",
)

# Default weights, documented in the README: the occupation fit dominates; language and skills
# next, because the ministry's diagnosis is a competency (skills, certificates, language) gap.
DEFAULT_WEIGHTS: dict[str, float] = {
    "occupation": 0.35,
    "skills": 0.15,
    "text": 0.10,
    "language": 0.15,
    "experience": 0.10,
    "certificates": 0.05,
    "country": 0.10,
}
DEFAULT_MIN_SCORE = 0.5

MODEL_FORMAT = 1
MODEL_FEATURES: tuple[str, ...] = (*COMPONENTS, "age", "experience_years", "same_unit_group")


def components(
    v: View,
    encoder: Encoder,
    j: JobOrderArrays,
    c: CandidateArrays,
    prot: Protection | None = None,
    languages: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """The named components, each float32 in [0, 1], shaped like the view.

    ``languages``: the result of ``language_groups`` for the same view, when already computed
    for the eligibility masks (it is the costliest part).
    """
    del prot  # protection requirements are hard rules, not score components
    j_isco, c_isco = v.jo(j.isco), v.cand(c.isco)
    level = np.where(
        j_isco == c_isco,
        1.0,
        np.where(
            j_isco // 10 == c_isco // 10, 0.6, np.where(j_isco // 100 == c_isco // 100, 0.3, 0.0)
        ),
    )
    title = title_similarity(v, encoder, j.title, c.title)
    occupation = 0.75 * level + 0.25 * title

    n_skills = v.jo(j.n_skills.astype(np.float32))
    # Only the bitset words some job order here uses can match (skill vocabularies are wide).
    words = np.flatnonzero(j.skills.any(axis=0))
    covered = popcount(np.bitwise_and(v.jo(j.skills[:, words]), v.cand(c.skills[:, words]))).astype(
        np.float32
    )
    skills = np.where(n_skills > 0, covered / np.maximum(n_skills, 1), 1.0)

    text = np.clip(v.dot(j.text, c.text), 0.0, 1.0)

    _, req_margin = languages if languages is not None else language_groups(v, j, c)
    has_req = v.jo(np.asarray((j.req_language >= 0).any(axis=1)))
    dest = np.zeros(np.broadcast_shapes(np.shape(has_req), np.shape(v.cand(c.age))), np.float32)
    for k in range(j.dest_languages.shape[1]):
        lang = j.dest_languages[:, k]
        held = v.held(c.language, lang)
        dest = np.maximum(dest, np.where(v.jo(lang >= 0), held, 0.0))
    language = np.where(has_req, req_margin, np.clip(dest / 4.0, 0.0, 1.0))

    exp, exp_min = v.cand(c.experience), v.jo(j.experience_min)
    experience = np.where(
        exp_min > 0,
        np.clip(0.5 + 0.5 * (exp - exp_min) / np.maximum(exp_min, 1.0), 0.0, 1.0),
        np.clip(exp / 5.0, 0.0, 1.0),
    )

    # Held beyond those required: all held minus held-and-required (words some job order requires).
    req_words = np.flatnonzero(j.certificates.any(axis=0))
    both = popcount(
        np.bitwise_and(v.cand(c.certificates[:, req_words]), v.jo(j.certificates[:, req_words]))
    )
    extra = v.cand(c.n_certificates.astype(np.int32)) - both
    certificates = np.clip(extra / 3.0, 0.0, 1.0)

    rank = np.full(np.broadcast_shapes(np.shape(j_isco), np.shape(c_isco)), -1, dtype=np.int8)
    for k in range(c.preferences.shape[1] - 1, -1, -1):
        rank = np.where(v.cand(c.preferences[:, k]) == v.jo(j.country), k, rank)
    country = np.where(
        v.cand(c.n_preferences) == 0,
        0.5,
        np.where(rank >= 0, np.maximum(1.0 - 0.25 * rank, 0.25), 0.0),
    )
    shape = np.broadcast_shapes(
        np.shape(occupation), np.shape(v.cand(c.age)), np.shape(v.jo(j.isco))
    )
    return {
        name: np.broadcast_to(np.asarray(value, dtype=np.float32), shape)
        for name, value in (
            ("occupation", occupation),
            ("skills", skills),
            ("text", text),
            ("language", language),
            ("experience", experience),
            ("certificates", certificates),
            ("country", country),
        )
    }


def extra_features(v: View, j: JobOrderArrays, c: CandidateArrays) -> dict[str, np.ndarray]:
    """Raw features the learned scorer sees besides the components."""
    shape = np.broadcast_shapes(np.shape(v.jo(j.isco)), np.shape(v.cand(c.isco)))
    return {
        "age": np.broadcast_to(np.nan_to_num(v.cand(c.age), nan=30.0), shape).astype(np.float32),
        "experience_years": np.broadcast_to(v.cand(c.experience), shape).astype(np.float32),
        "same_unit_group": np.broadcast_to(v.jo(j.isco) == v.cand(c.isco), shape).astype(
            np.float32
        ),
    }


@dataclass
class DefaultCombiner:
    """Weighted mean of the components: ``sum(w_k x c_k) / sum(w_k)``, in [0, 1]."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def score(self, parts: dict[str, np.ndarray]) -> np.ndarray:
        total = sum(self.weights.values())
        out = sum(self.weights[k] * parts[k] for k in COMPONENTS)
        return np.asarray(out, dtype=np.float32) / np.float32(total)


class ModelError(ValueError):
    """A model file that cannot be used: other features, newer format, unreadable."""


@dataclass
class LearnedScorer:
    """Calibrated gradient-boosted classifier of P(placed and contract completed | pair).

    ``fit`` holds out ``test_size`` of the rows and reports AUC and Brier score of the model and of
    the default combiner on the same held-out rows.
    """

    test_size: float = 0.25
    random_state: int = 0
    model_: Any = None
    metrics_: dict[str, float] = field(default_factory=dict)
    features_: tuple[str, ...] = MODEL_FEATURES

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> Self:
        """X: (n, len(MODEL_FEATURES)) frame with those columns; y: (n,) 0/1 outcomes."""
        X = X[list(self.features_)]
        x_tr, x_te, y_tr, y_te = train_test_split(
            X, y, test_size=self.test_size, random_state=self.random_state, stratify=y
        )
        base = HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.08, max_leaf_nodes=15, random_state=self.random_state
        )
        # OpenMP threads busy-wait: on small data, or a busy 2-core machine, one thread is faster.
        threads = 1 if len(x_tr) < 50_000 else None
        with threadpool_limits(limits=threads):
            self.model_ = CalibratedClassifierCV(base, method="isotonic", cv=3).fit(x_tr, y_tr)
        p_model = self.model_.predict_proba(x_te)[:, 1]
        p_default = DefaultCombiner().score({k: x_te[k].to_numpy() for k in COMPONENTS})
        self.metrics_ = {
            "n_train": float(len(x_tr)),
            "n_test": float(len(x_te)),
            "positive_rate": float(np.mean(y)),
            "auc_model": float(roc_auc_score(y_te, p_model)),
            "brier_model": float(brier_score_loss(y_te, p_model)),
            "auc_default": float(roc_auc_score(y_te, p_default)),
            "brier_default": float(brier_score_loss(y_te, p_default)),
        }
        return self

    def score(self, features: dict[str, np.ndarray]) -> np.ndarray:
        shape = np.shape(features[self.features_[0]])
        X = pd.DataFrame({k: np.ravel(features[k]) for k in self.features_})
        return self.model_.predict_proba(X)[:, 1].astype(np.float32).reshape(shape)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(
            {
                "format": MODEL_FORMAT,
                "kind": "padupadan.LearnedScorer",
                "features": list(self.features_),
                "metrics": self.metrics_,
                "model": self.model_,
            },
            path,
        )
        path.with_suffix(path.suffix + ".json").write_text(
            json.dumps(
                {
                    "format": MODEL_FORMAT,
                    "features": list(self.features_),
                    "metrics": self.metrics_,
                },
                indent=2,
            )
        )

    @classmethod
    def load(cls, path: Path) -> LearnedScorer:
        try:
            blob = joblib.load(path)
        except FileNotFoundError as exc:
            raise ModelError(f"model file not found: {path}") from exc
        except Exception as exc:  # a corrupt or foreign file
            raise ModelError(f"{path} is not a padupadan model file ({exc})") from exc
        if not isinstance(blob, dict) or blob.get("kind") != "padupadan.LearnedScorer":
            raise ModelError(f"{path} is not a padupadan model file")
        if int(blob.get("format", -1)) > MODEL_FORMAT:
            raise ModelError(
                f"{path} has model format {blob['format']}, newer than this padupadan "
                f"understands ({MODEL_FORMAT}); upgrade padupadan or retrain"
            )
        if tuple(blob.get("features", ())) != MODEL_FEATURES:
            raise ModelError(
                f"{path} was trained on features {blob.get('features')}, this padupadan computes "
                f"{list(MODEL_FEATURES)}; retrain with `padupadan train`"
            )
        return cls(model_=blob["model"], metrics_=blob.get("metrics", {}))
