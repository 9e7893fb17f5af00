"""Scoring, selection and the learned scorer on the bundled sample."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest

from matching.eligibility import Aligned, Grid, pair_masks, protection_requirements
from matching.paths import sample_dir
from matching.pipeline import Prepared, Scored, prepare, score
from matching.rules import RuleSet
from matching.score import (
    COMPONENTS,
    MODEL_FEATURES,
    DefaultCombiner,
    LearnedScorer,
    ModelError,
    components,
)
from matching.select import default_top_k
from matching.train import train, training_data

AS_OF = date(2026, 1, 15)


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    d = sample_dir()
    return prepare(d / "candidates.csv", d / "job_orders.csv", d / "quotas.csv")


@pytest.fixture(scope="module")
def scored(prepared: Prepared) -> Scored:
    return score(prepared, AS_OF)


def test_components_in_unit_interval(scored: Scored) -> None:
    pairs = scored.selection.pairs
    assert len(pairs) > 100
    for name in (*COMPONENTS, "score"):
        assert pairs[name].between(0, 1).all(), name


def test_pairs_respect_min_score_and_top_k(scored: Scored) -> None:
    pairs = scored.selection.pairs
    assert (pairs["default_score"] >= 0.5).all()
    slots = pd.Series(scored.job_order_arrays.slots, index=scored.job_order_arrays.ids)
    per_jo = pairs.groupby("job_order_id").size()
    assert (per_jo <= default_top_k(slots.reindex(per_jo.index).to_numpy())).all()
    assert not pairs.duplicated(["candidate_id", "job_order_id"]).any()
    # sorted best first within a job order
    assert (pairs.groupby("job_order_id")["score"].diff().dropna() <= 0).all()


def test_score_is_the_documented_weighted_mean(scored: Scored) -> None:
    pairs = scored.selection.pairs
    parts = {k: pairs[k].to_numpy(dtype=np.float32) for k in COMPONENTS}
    expected = DefaultCombiner().score(parts)
    assert np.allclose(pairs["default_score"], expected, atol=2e-4)


def test_grid_and_aligned_views_agree(scored: Scored) -> None:
    """The block (grid) and arbitrary-pair (aligned) evaluations are one rule set."""
    enc, j, c = scored.encoder, scored.job_order_arrays, scored.candidate_arrays
    rng = np.random.default_rng(0)
    rows = rng.choice(len(j), size=12, replace=False)
    cols = rng.choice(len(c), size=40, replace=False)
    jj, cc = j.take(rows), c.take(cols)
    prot_all = protection_requirements(j, RuleSet.load(), enc)
    prot = prot_all.take(rows)
    grid_parts = components(Grid(), enc, jj, cc)
    grid_masks = pair_masks(Grid(), jj, cc, prot)
    r, k = np.meshgrid(np.arange(len(rows)), np.arange(len(cols)), indexing="ij")
    r, k = r.ravel(), k.ravel()
    prot_pairs = prot.take(r)
    al_parts = components(Aligned(), enc, jj.take(r), cc.take(k))
    al_masks = pair_masks(Aligned(), jj.take(r), cc.take(k), prot_pairs)
    for name in COMPONENTS:
        assert np.allclose(
            np.broadcast_to(grid_parts[name], (len(rows), len(cols))).ravel(),
            al_parts[name],
            atol=1e-5,
        ), name
    for name in grid_masks:
        g = np.broadcast_to(grid_masks[name], (len(rows), len(cols))).ravel()
        assert (g == np.broadcast_to(al_masks[name], g.shape)).all(), name


def test_exclusions_name_rules_and_blocked_job_orders(scored: Scored) -> None:
    ex = scored.selection.exclusions
    assert set(ex.columns) >= {"job_order_id", "reason", "count"}
    assert (ex["count"] > 0).all()
    blocked = ex[ex["scope"] == "job_order"]
    assert {"job_order_expired", "job_order_unverified"} <= set(blocked["reason"])
    assert "occupation_different_submajor" in set(ex["reason"])


def test_every_kept_pair_passes_every_rule(scored: Scored) -> None:
    enc, j, c = scored.encoder, scored.job_order_arrays, scored.candidate_arrays
    pairs = scored.selection.pairs
    ji = pd.Series(np.arange(len(j)), index=j.ids).loc[pairs["job_order_id"]].to_numpy()
    ci = pd.Series(np.arange(len(c)), index=c.ids).loc[pairs["candidate_id"]].to_numpy()
    prot = protection_requirements(j, RuleSet.load(), enc)
    prot_p = prot.take(ji)
    masks = pair_masks(Aligned(), j.take(ji), c.take(ci), prot_p)
    for name, passes in masks.items():
        assert np.broadcast_to(passes, len(pairs)).all(), name
    assert (j.isco[ji] // 100 == c.isco[ci] // 100).all()


def test_learned_scorer_trains_reports_and_round_trips(prepared: Prepared, tmp_path: Path) -> None:
    data = training_data(prepared, sample_dir() / "history.csv", AS_OF)
    assert list(data.X.columns) == list(MODEL_FEATURES)
    assert 0 < data.y.mean() < 1
    model = train(data)
    for key in ("auc_model", "brier_model", "auc_default", "brier_default"):
        assert 0.0 <= model.metrics_[key] <= 1.0
    path = tmp_path / "m.joblib"
    model.save(path)
    again = LearnedScorer.load(path)
    feats = {k: data.X[k].to_numpy() for k in MODEL_FEATURES}
    assert np.allclose(model.score(feats), again.score(feats))
    with_model = score(prepared, AS_OF, model=again)
    assert len(with_model.selection.pairs) > 0
    assert with_model.selection.pairs["score"].between(0, 1).all()


def test_model_with_other_features_or_newer_format_is_refused(tmp_path: Path) -> None:
    joblib.dump(
        {"kind": "padupadan.LearnedScorer", "format": 1, "features": ["x"], "model": None},
        tmp_path / "a.joblib",
    )
    with pytest.raises(ModelError, match="features"):
        LearnedScorer.load(tmp_path / "a.joblib")
    joblib.dump(
        {
            "kind": "padupadan.LearnedScorer",
            "format": 99,
            "features": list(MODEL_FEATURES),
            "model": None,
        },
        tmp_path / "b.joblib",
    )
    with pytest.raises(ModelError, match="newer"):
        LearnedScorer.load(tmp_path / "b.joblib")
    (tmp_path / "c.joblib").write_text("not a model")
    with pytest.raises(ModelError):
        LearnedScorer.load(tmp_path / "c.joblib")


def test_parallel_blocks_give_the_same_selection(scored: Scored) -> None:
    from matching.select import select_pairs

    enc, j, c = scored.encoder, scored.job_order_arrays, scored.candidate_arrays
    one = select_pairs(enc, j, c, RuleSet.load(), AS_OF, n_jobs=1)
    two = select_pairs(enc, j, c, RuleSet.load(), AS_OF, n_jobs=2)
    pd.testing.assert_frame_equal(one.pairs, two.pairs)
    pd.testing.assert_frame_equal(
        one.exclusions.sort_values(["job_order_id", "reason"]).reset_index(drop=True),
        two.exclusions.sort_values(["job_order_id", "reason"]).reset_index(drop=True),
    )
    pd.testing.assert_frame_equal(one.job_orders, two.job_orders)
    assert one.candidates["usable"].equals(two.candidates["usable"])
