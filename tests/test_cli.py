"""The `padupadan` command line, run as a user would: outputs, messages, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from matching.paths import sample_dir
from models.schema import CANDIDATE_COLUMNS


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout


def test_normalise_occupations_csv_and_xlsx(tmp_path: Path) -> None:
    titles = pd.DataFrame({"jabatan": ["PLRT", "tukang las", "xqzv"], "other": [1, 2, 3]})
    titles.to_csv(tmp_path / "t.csv", index=False)
    titles.to_excel(tmp_path / "t.xlsx", index=False)
    for name in ("t.csv", "t.xlsx"):
        res = cli(
            "normalise",
            "occupations",
            str(tmp_path / name),
            "--column",
            "jabatan",
            "--out",
            str(tmp_path / "o.csv"),
        )
        assert res.returncode == 0, res.stderr
        out = pd.read_csv(tmp_path / "o.csv", dtype=str)
        assert list(out.columns) == [
            "jabatan",
            "other",
            "isco08",
            "occupation_label",
            "sector",
            "confidence",
            "method",
            "status",
        ]
        assert out["isco08"].tolist()[:2] == ["9111", "7212"]
        assert out["status"].tolist()[2] == "unknown"


def test_normalise_countries(tmp_path: Path) -> None:
    pd.DataFrame({"negara": ["Jepang", "Hongkong", "Arab Saudi"]}).to_csv(
        tmp_path / "c.csv", index=False
    )
    res = cli(
        "normalise",
        "countries",
        str(tmp_path / "c.csv"),
        "-c",
        "negara",
        "-o",
        str(tmp_path / "o.csv"),
    )
    assert res.returncode == 0, res.stderr
    out = pd.read_csv(tmp_path / "o.csv", dtype=str, keep_default_na=False)
    assert out["country_iso2"].tolist() == ["JP", "HK", "SA"]
    assert {"country_name", "confidence", "status"} <= set(out.columns)


def test_missing_column_and_unreadable_file_give_messages(tmp_path: Path) -> None:
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "a.csv", index=False)
    res = cli(
        "normalise",
        "occupations",
        str(tmp_path / "a.csv"),
        "-c",
        "title",
        "-o",
        str(tmp_path / "o.csv"),
    )
    assert res.returncode == 2
    assert "no column named 'title'" in res.stderr
    (tmp_path / "b.csv").write_bytes(b"%PDF-1.4\x00\x01\x02 binary")
    res = cli(
        "normalise",
        "occupations",
        str(tmp_path / "b.csv"),
        "-c",
        "title",
        "-o",
        str(tmp_path / "o.csv"),
    )
    assert res.returncode == 3
    no_traceback(res)
    res = cli("score", "--candidates", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "x"))
    assert res.returncode == 3
    assert "missing.csv" in res.stderr
    no_traceback(res)


def test_sample_prepare_and_score(tmp_path: Path) -> None:
    res = cli(
        "sample",
        "--candidates",
        "300",
        "--job-orders",
        "40",
        "--seed",
        "3",
        "--out",
        str(tmp_path / "s"),
    )
    assert res.returncode == 0, res.stderr
    for name in ("candidates", "job_orders", "quotas", "history"):
        assert (tmp_path / "s" / f"{name}.csv").exists()
    res = cli(
        "score",
        "--candidates",
        str(tmp_path / "s/candidates.csv"),
        "--job-orders",
        str(tmp_path / "s/job_orders.csv"),
        "--as-of",
        "2026-01-15",
        "--out",
        str(tmp_path / "o"),
    )
    assert res.returncode == 0, res.stderr
    pairs = pd.read_csv(tmp_path / "o/pairs.csv")
    assert {"candidate_id", "job_order_id", "score", "occupation", "language"} <= set(pairs.columns)
    exclusions = pd.read_csv(tmp_path / "o/exclusions.csv")
    assert list(exclusions.columns[:3]) == ["job_order_id", "reason", "count"]
    errors = pd.read_csv(tmp_path / "o/errors.csv")
    assert list(errors.columns[:5]) == ["file", "row", "column", "value", "reason"]
    assert len(errors) > 0  # the generator writes ~2 % malformed rows
    run = json.loads((tmp_path / "o/run.json").read_text())
    assert run["parameters"]["as_of"] == "2026-01-15"
    assert run["parameters"]["rule_set_version"]
    assert run["counts"]["pairs_kept"] == len(pairs)
    assert set(run["seconds"]) >= {"read", "normalise", "encode", "eligibility_score_select"}


def test_prepare_defaults_to_bundled_sample(tmp_path: Path) -> None:
    res = cli("prepare", "--out", str(tmp_path / "p"))
    assert res.returncode == 0, res.stderr
    cands = pd.read_csv(tmp_path / "p/candidates.csv", dtype=str)
    raw = pd.read_csv(sample_dir() / "candidates.csv", dtype=str)
    errors = pd.read_csv(tmp_path / "p/errors.csv", dtype=str)
    rejected = errors[
        (errors["severity"] == "error") & errors["file"].str.endswith("candidates.csv")
    ]
    # nothing silently dropped: kept + rejected rows = rows in the file
    assert len(cands) + rejected["row"].nunique() == len(raw)


def test_nothing_valid_exits_4(tmp_path: Path) -> None:
    pd.DataFrame(columns=list(CANDIDATE_COLUMNS)).to_csv(tmp_path / "c.csv", index=False)
    res = cli("score", "--candidates", str(tmp_path / "c.csv"), "--out", str(tmp_path / "o"))
    assert res.returncode == 4, res.stderr
    assert "no valid" in res.stderr
    assert (tmp_path / "o/errors.csv").exists()


def test_bad_as_of_is_a_usage_error(tmp_path: Path) -> None:
    res = cli("score", "--as-of", "15/01/2026x", "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert "--as-of" in res.stderr


@pytest.mark.slow
def test_train_then_score_with_model_and_refuse_foreign_model(tmp_path: Path) -> None:
    res = cli("train", "--out", str(tmp_path / "m.joblib"))
    assert res.returncode == 0, res.stderr
    assert "AUC" in res.stderr and "Brier" in res.stderr
    meta = json.loads((tmp_path / "m.joblib.json").read_text())
    assert meta["features"] and meta["format"] == 1
    res = cli(
        "score",
        "--model",
        str(tmp_path / "m.joblib"),
        "--as-of",
        "2026-01-15",
        "--out",
        str(tmp_path / "o"),
    )
    assert res.returncode == 0, res.stderr
    assert json.loads((tmp_path / "o/run.json").read_text())["parameters"]["scorer"] == "learned"
    (tmp_path / "bad.joblib").write_text("nope")
    res = cli("score", "--model", str(tmp_path / "bad.joblib"), "--out", str(tmp_path / "o2"))
    assert res.returncode == 2
    assert "not a padupadan model" in res.stderr
    no_traceback(res)


def test_match_on_bundled_sample(tmp_path: Path) -> None:
    res = cli("match", "--as-of", "2026-01-15", "--out", str(tmp_path / "m"))
    assert res.returncode == 0, res.stderr
    assert "kesesuaian rate" in res.stderr
    out = tmp_path / "m"
    for name in (
        "pairs.csv",
        "exclusions.csv",
        "errors.csv",
        "run.json",
        "assignments.csv",
        "shortlists.csv",
        "recommendations.csv",
        "metrics.json",
        "unmet_demand.csv",
    ):
        assert (out / name).exists(), name
    assignments = pd.read_csv(out / "assignments.csv", dtype=str)
    assert list(assignments.columns) == ["candidate_id", "job_order_id", "score"]
    assert not assignments["candidate_id"].duplicated().any()
    pairs = pd.read_csv(out / "pairs.csv", dtype=str)
    kept = set(zip(pairs["candidate_id"], pairs["job_order_id"], strict=True))
    assert set(zip(assignments["candidate_id"], assignments["job_order_id"], strict=True)) <= kept
    metrics = json.loads((out / "metrics.json").read_text())
    for key in (
        "kesesuaian_rate",
        "open_slots",
        "blocked_slots",
        "filled_slots",
        "available_candidates",
        "matched_candidates",
    ):
        assert key in metrics
    assert metrics["filled_slots"] == len(assignments) == metrics["matched_candidates"]
    assert metrics["kesesuaian_rate"] == round(
        100 * metrics["filled_slots"] / metrics["open_slots"], 2
    )
    assert {"country", "sector", "occupation", "province", "gender", "p3mi", "scheme"} <= set(
        metrics["breakdowns"]
    )
    run = json.loads((out / "run.json").read_text())
    a = run["assignment"]
    assert a["solver"] == "min_cost_flow" and a["status"] == "optimal" and a["proven_optimal"]
    assert a["objective"]["filled_slots"] >= a["greedy_objective"]["filled_slots"]
    assert {"read", "normalise", "encode", "assign", "metrics"} <= set(run["seconds"])
    short = pd.read_csv(out / "shortlists.csv")
    assert {"job_order_id", "rank", "candidate_id", "score", "assigned"} <= set(short.columns)


def test_match_with_side_constraints_uses_cp_sat(tmp_path: Path) -> None:
    jobs = pd.read_csv(sample_dir() / "job_orders.csv", dtype=str, keep_default_na=False)
    p3mi = sorted(p for p in jobs["p3mi_id"].unique() if p)
    pd.DataFrame({"p3mi_id": p3mi, "capacity": 3}).to_csv(tmp_path / "cap.csv", index=False)
    res = cli(
        "match",
        "--as-of",
        "2026-01-15",
        "--out",
        str(tmp_path / "m"),
        "--p3mi-capacity",
        str(tmp_path / "cap.csv"),
        "--min-share",
        "gender=F:0.7",
        "--time-limit",
        "30",
    )
    assert res.returncode == 0, res.stderr
    run = json.loads((tmp_path / "m/run.json").read_text())
    assert run["assignment"]["solver"] == "cp_sat"
    assigned = pd.read_csv(tmp_path / "m/assignments.csv", dtype=str)
    by_p3mi = assigned.merge(jobs[["job_order_id", "p3mi_id"]], on="job_order_id")
    by_p3mi = by_p3mi[by_p3mi["p3mi_id"] != ""]  # direct hires have no P3MI and no cap
    assert len(by_p3mi) and (by_p3mi.groupby("p3mi_id").size() <= 3).all()
    bad = cli("match", "--min-share", "gender=F", "--out", str(tmp_path / "x"))
    assert bad.returncode == 2
    assert "--min-share" in bad.stderr
