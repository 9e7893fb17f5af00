"""Every hard rule: a pair excluded with its reason code, and a near-identical pair admitted.

Each test writes a one-candidate / one-job-order pair of CSV files, runs the real pipeline
(read -> normalise -> eligibility -> score -> select) and looks at pairs.csv and exclusions.csv.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from matching.pipeline import Normalisers, Scored, prepare, score
from models.schema import CANDIDATE_COLUMNS, JOB_ORDER_COLUMNS

AS_OF = date(2026, 1, 15)

CANDIDATE: dict[str, str] = {
    "candidate_id": "C1",
    "full_name": "Siti Aminah",
    "nik": "3212014501900001",
    "gender": "P",
    "birth_date": "1995-03-10",
    "province": "Jawa Barat",
    "regency": "Indramayu",
    "education": "SMA",
    "occupation": "PLRT",
    "skills": "memasak; mencuci",
    "experience_years": "3",
    "languages": "Kanton dasar",
    "certificates": "",
    "preferred_countries": "",
    "passport": "tidak",
    "medical": "",
    "registered_at": "2025-06-01",
    "status": "available",
}

JOB_ORDER: dict[str, str] = {
    "job_order_id": "J1",
    "p3mi_id": "P3MI-001",
    "scheme": "P to P",
    "country": "Hong Kong",
    "employer": "Mr Chan",
    "occupation": "Domestic helper",
    "sector": "",
    "slots": "1",
    "gender": "",
    "age_min": "",
    "age_max": "",
    "education_min": "",
    "experience_min": "",
    "languages_required": "",
    "certificates_required": "",
    "skills": "memasak",
    "salary": "5200",
    "currency": "HKD",
    "valid_until": "2026-12-31",
    "verified": "ya",
}


@pytest.fixture(scope="module")
def normalisers() -> Normalisers:
    return Normalisers.fitted()


def run(
    tmp_path: Path,
    normalisers: Normalisers,
    cand: dict[str, Any] | None = None,
    job: dict[str, Any] | None = None,
    as_of: date = AS_OF,
) -> Scored:
    c = {**CANDIDATE, **(cand or {})}
    j = {**JOB_ORDER, **(job or {})}
    pd.DataFrame([c], columns=list(CANDIDATE_COLUMNS)).to_csv(tmp_path / "c.csv", index=False)
    pd.DataFrame([j], columns=list(JOB_ORDER_COLUMNS)).to_csv(tmp_path / "j.csv", index=False)
    prepared = prepare(tmp_path / "c.csv", tmp_path / "j.csv", normalisers=normalisers)
    assert len(prepared.candidates) == 1, prepared.errors
    assert len(prepared.job_orders) == 1, prepared.errors
    return score(prepared, as_of, min_score=0.0)


def admitted(result: Scored) -> bool:
    return len(result.selection.pairs) == 1


def reasons(result: Scored) -> set[str]:
    ex = result.selection.exclusions
    return set(ex.loc[ex["count"] > 0, "reason"])


def check(
    tmp_path: Path,
    normalisers: Normalisers,
    reason: str,
    bad: tuple[dict[str, Any], dict[str, Any]],
    good: tuple[dict[str, Any], dict[str, Any]],
    as_of: date = AS_OF,
) -> None:
    excluded = run(tmp_path, normalisers, *bad, as_of=as_of)
    assert not admitted(excluded)
    assert reason in reasons(excluded), excluded.selection.exclusions
    kept = run(tmp_path, normalisers, *good, as_of=as_of)
    assert admitted(kept), kept.selection.exclusions
    assert reason not in reasons(kept)


def test_baseline_pair_is_admitted(tmp_path: Path, normalisers: Normalisers) -> None:
    result = run(tmp_path, normalisers)
    assert admitted(result)
    row = result.selection.pairs.iloc[0]
    assert row["occupation"] > 0.7
    assert 0.0 <= row["score"] <= 1.0


def test_candidate_status(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "candidate_not_available",
        ({"status": "placed"}, {}),
        ({"status": "available"}, {}),
    )


def test_medical_unfit_excludes_pending_does_not(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "medical_unfit",
        ({"medical": "unfit"}, {}),
        ({"medical": "pending"}, {}),
    )


def test_minimum_age_18_on_run_date(tmp_path: Path, normalisers: Normalisers) -> None:
    # 18 on 2026-01-16, one day after the run date; 18 on the run date itself is admitted.
    check(
        tmp_path,
        normalisers,
        "under_minimum_age",
        ({"birth_date": "2008-01-16"}, {}),
        ({"birth_date": "2008-01-15"}, {}),
    )


def test_job_order_age_range(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "age_out_of_range",
        ({"birth_date": "1985-01-01"}, {"age_min": "21", "age_max": "40"}),
        ({"birth_date": "1986-01-16"}, {"age_min": "21", "age_max": "40"}),
    )


def test_gender_only_when_job_order_says_so(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "gender_mismatch",
        ({"gender": "L"}, {"gender": "P"}),
        ({"gender": "L"}, {"gender": ""}),
    )


def test_education_minimum(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "education_below_minimum",
        ({"education": "SMP"}, {"education_min": "SMA"}),
        ({"education": "SMK"}, {"education_min": "SMA"}),
    )


def test_experience_minimum(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "experience_below_minimum",
        ({"experience_years": "1"}, {"experience_min": "2"}),
        ({"experience_years": "2"}, {"experience_min": "2"}),
    )


def test_required_certificates(tmp_path: Path, normalisers: Normalisers) -> None:
    job = {"certificates_required": "Sertifikat Kompetensi PLRT"}
    check(
        tmp_path,
        normalisers,
        "certificate_missing",
        ({"certificates": "SIM A"}, job),
        ({"certificates": "BNSP PLRT; SIM A"}, job),
    )


@pytest.mark.parametrize(
    ("held", "required", "ok"),
    [
        ("JLPT N5", "JLPT N4", False),
        ("JLPT N3", "JLPT N4", True),
        ("JFT-Basic A2", "JLPT N4", True),
        ("EPS-TOPIK 120", "EPS-TOPIK 150", False),
        ("EPS-TOPIK 180", "EPS-TOPIK 150", True),
        ("Jepang lancar", "JLPT N4", False),  # a test is named: a self-declared level won't do
        ("Inggris aktif", "Bahasa Inggris", True),
    ],
)
def test_language_requirements(
    tmp_path: Path, normalisers: Normalisers, held: str, required: str, ok: bool
) -> None:
    result = run(tmp_path, normalisers, {"languages": held}, {"languages_required": required})
    assert admitted(result) is ok
    assert ("language_below_requirement" in reasons(result)) is not ok


def test_never_across_isco_submajor_groups(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "occupation_different_submajor",
        ({"occupation": "tukang las"}, {}),
        ({"occupation": "pembantu rumah tangga"}, {}),
    )


def test_job_order_expired(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "job_order_expired",
        ({}, {"valid_until": "2026-01-14"}),
        ({}, {"valid_until": "2026-01-15"}),
    )


def test_job_order_unverified(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "job_order_unverified",
        ({}, {"verified": "tidak"}),
        ({}, {"verified": "ya"}),
    )


def test_preferred_countries_only(tmp_path: Path, normalisers: Normalisers) -> None:
    check(
        tmp_path,
        normalisers,
        "country_not_preferred",
        ({"preferred_countries": "Taiwan; Singapura"}, {}),
        ({"preferred_countries": "Taiwan; Hongkong"}, {}),
    )


def test_hk_minimum_allowable_wage_in_force_on_run_date(
    tmp_path: Path, normalisers: Normalisers
) -> None:
    job = {"salary": "5000"}
    # HK$5,100 from 2025-09-30: blocked; HK$4,990 was in force on 2025-06-01: admitted.
    excluded = run(tmp_path, normalisers, {}, job, as_of=date(2025, 10, 15))
    assert not admitted(excluded)
    assert "below_minimum_wage" in reasons(excluded)
    kept = run(tmp_path, normalisers, {}, job, as_of=date(2025, 6, 1))
    assert admitted(kept)
    # and HK$5,100 itself is allowed on the later date
    assert admitted(run(tmp_path, normalisers, {}, {"salary": "5100"}, as_of=date(2025, 10, 15)))


def test_saudi_domestic_only_under_spsk(tmp_path: Path, normalisers: Normalisers) -> None:
    job = {"country": "Arab Saudi", "salary": "1500", "currency": "SAR"}
    check(
        tmp_path,
        normalisers,
        "domestic_not_spsk",
        ({}, {**job, "scheme": "P to P"}),
        ({}, {**job, "scheme": "SPSK"}),
    )


def test_japan_ssw_care_needs_japanese_a2(tmp_path: Path, normalisers: Normalisers) -> None:
    job = {"country": "Jepang", "occupation": "Kaigo", "salary": "200000", "currency": "JPY"}
    cand = {"occupation": "caregiver", "languages": "Jepang dasar"}
    check(
        tmp_path,
        normalisers,
        "ssw_care_japanese_required",
        (cand, job),
        ({**cand, "languages": "JFT-Basic A2"}, job),
    )


def test_korea_eps_needs_eps_topik(tmp_path: Path, normalisers: Normalisers) -> None:
    job = {
        "country": "Korea Selatan",
        "scheme": "G to G",
        "occupation": "operator produksi",
        "salary": "2100000",
        "currency": "KRW",
    }
    cand = {"occupation": "operator produksi", "gender": "L", "languages": "TOPIK 2"}
    check(
        tmp_path,
        normalisers,
        "eps_topik_required",
        (cand, job),
        ({**cand, "languages": "EPS-TOPIK 160"}, job),
    )


def test_passport_and_medical_pending_do_not_exclude(
    tmp_path: Path, normalisers: Normalisers
) -> None:
    assert admitted(run(tmp_path, normalisers, {"passport": "tidak", "medical": ""}))


def test_min_score_and_top_k(tmp_path: Path, normalisers: Normalisers) -> None:
    result = run(tmp_path, normalisers)
    s = float(result.selection.pairs["score"].iloc[0])
    strict = score(result.prepared, AS_OF, min_score=min(s + 0.01, 1.0))
    assert strict.selection.pairs.empty
    assert "below_minimum_score" in set(strict.selection.exclusions["reason"])


def test_run_is_stamped_with_rule_set_version(tmp_path: Path, normalisers: Normalisers) -> None:
    info = run(tmp_path, normalisers).run_info()
    assert info["parameters"]["rule_set_version"]
    assert info["parameters"]["as_of"] == AS_OF.isoformat()
