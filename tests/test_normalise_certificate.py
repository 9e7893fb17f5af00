"""CertificateNormaliser: exact aliases, guarded fuzzy, language tests, unknowns, alignment."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.normalise.certificate import OUTPUT_COLUMNS, CertificateNormaliser


@pytest.fixture(scope="module")
def norm() -> CertificateNormaliser:
    return CertificateNormaliser().fit()


def codes(norm: CertificateNormaliser, text: str) -> list[object]:
    out = norm.transform(pd.Series([text]))
    return [None if pd.isna(c) else c for c in out["certificate"]]


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        ("Sertifikat Kompetensi Caregiver (BNSP)", "CG_CAREGIVER", "competency"),
        ("Perawat lansia", "CG_CAREGIVER", "competency"),
        ("PLRT", "CG_PLRT", "competency"),
        ("Las SMAW 3G", "WELD_SMAW_3G", "competency"),
        ("welder 6G GTAW", "WELD_GTAW_6G", "competency"),
        ("BST (Basic Safety Training)", "STCW_BST", "seafarer"),
        ("ankapin 2", "ANKAPIN_II", "seafarer"),
        ("SKK 60 mil", "SKK_60", "seafarer"),
        ("SIM B1", "SIM_B1", "licence"),
        ("Sertifikat forklift", "SIO_FORKLIFT", "licence"),
        ("K3 umum", "K3_GENERAL", "safety"),
        ("BLS", "BLS", "health"),
        ("Tokutei ginou kaigo", "SSW_CARE", "ssw_skill"),
        ("Care Japanese Test", "SSW_CARE_JP", "ssw_skill"),
    ],
)
def test_exact(norm: CertificateNormaliser, text: str, code: str, kind: str) -> None:
    out = norm.transform(pd.Series([text]))
    assert (out["certificate"].iat[0], out["kind"].iat[0]) == (code, kind)
    assert out["status"].iat[0] == "ok" and out["confidence"].iat[0] == 1.0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Basic Safty Training", "STCW_BST"),
        ("Housekeping", "CG_HOUSEKEEPING"),
        ("scafolding", "K3_SCAFFOLDING"),
    ],
)
def test_fuzzy(norm: CertificateNormaliser, text: str, code: str) -> None:
    out = norm.transform(pd.Series([text]))
    assert out["certificate"].iat[0] == code
    assert 0.8 <= out["confidence"].iat[0] < 1.0


def test_discriminating_tokens_never_swap(norm: CertificateNormaliser) -> None:
    # one character away from an existing code, but a different position / licence class
    assert codes(norm, "Las SMAW 5G") == [None]
    assert codes(norm, "SIM D") == [None]
    assert codes(norm, "SKK 90 mil") == [None]


def test_language_tests_are_routed(norm: CertificateNormaliser) -> None:
    out = norm.transform(pd.Series(["JLPT N3; IELTS 6; EPS TOPIK 180"]))
    assert list(out["certificate"]) == ["LANG_JLPT", "LANG_IELTS", "LANG_EPS_TOPIK"]
    assert set(out["kind"]) == {"language_test"}


def test_unknown_kept_and_alignment(norm: CertificateNormaliser) -> None:
    values = pd.Series(["BST; xyz", None, "", "SIM A, SIM C"], index=["p", "q", "r", "s"])
    out = norm.transform(values)
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert list(out["row"]) == ["p", "p", "s", "s"]
    assert list(out["status"]) == ["ok", "unknown", "ok", "ok"]
    assert pd.isna(out["certificate"].iat[1]) and out["raw"].iat[1] == "xyz"
    assert list(out["certificate"].iloc[2:]) == ["SIM_A", "SIM_C"]


def test_duplicate_alias_rejected() -> None:
    bad = pd.DataFrame(
        {
            "code": ["A", "B"],
            "label": ["a", "b"],
            "kind": ["other", "other"],
            "aliases": ["same", "same"],
            "issuer": ["", ""],
            "note": ["", ""],
        }
    )
    with pytest.raises(ValueError, match="same"):
        CertificateNormaliser(reference=bad).fit()


_POOL = ["Las SMAW 3G; BST", "xyz", "JLPT N3", "Housekeping", "", "SIM A, SIM C"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([*_POOL, None]), min_size=0, max_size=30))
def test_property_cellwise_equals_columnwise(values: list[str | None]) -> None:
    norm = CertificateNormaliser().fit()
    series = pd.Series(values, dtype=object, index=pd.RangeIndex(3, 3 + len(values)))
    out = norm.transform(series)
    assert out["row"].is_monotonic_increasing
    cols = ["raw", "certificate", "kind", "confidence", "status"]
    for label, value in series.items():
        single = norm.transform(pd.Series([value], dtype=object))[cols].reset_index(drop=True)
        part = out.loc[out["row"] == label, cols].reset_index(drop=True)
        pd.testing.assert_frame_equal(single, part)
