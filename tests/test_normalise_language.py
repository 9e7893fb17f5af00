"""LanguageNormaliser and meets_requirement: parsing, scales, EPS-TOPIK rule, alignment."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.normalise.language import (
    OUTPUT_COLUMNS,
    LanguageNormaliser,
    meets_requirement,
    pairs_meet_all,
)


@pytest.fixture(scope="module")
def norm() -> LanguageNormaliser:
    return LanguageNormaliser().fit()


def one(norm: LanguageNormaliser, text: str) -> pd.Series:
    out = norm.transform(pd.Series([text]))
    assert len(out) == 1, out
    return out.iloc[0]


@pytest.mark.parametrize(
    ("text", "language", "test", "level", "cefr", "score"),
    [
        ("JLPT N3", "ja", "JLPT", "N3", 3.0, None),
        ("jlpt n 3", "ja", "JLPT", "N3", 3.0, None),
        ("N3", "ja", "JLPT", "N3", 3.0, None),
        ("Bahasa Jepang N4", "ja", "JLPT", "N4", 2.0, None),
        ("JFT-Basic A2", "ja", "JFT-Basic", "A2", 2.0, None),
        ("JFT Basic", "ja", "JFT-Basic", "A2", 2.0, None),
        ("NAT-TEST 4Q", "ja", "NAT-TEST", "4Q", 2.0, None),
        ("EPS-TOPIK 180", "ko", "EPS-TOPIK", "180", None, 180.0),
        ("TOPIK 3", "ko", "TOPIK", "3", 3.0, None),
        ("Korean (TOPIK II level 4)", "ko", "TOPIK", "4", 4.0, None),
        ("English IELTS 5.5", "en", "IELTS", "5.5", 4.0, 5.5),
        ("IELTS 6,5", "en", "IELTS", "6.5", 4.0, 6.5),
        ("TOEFL iBT 80", "en", "TOEFL-iBT", "80", 4.0, 80.0),
        ("TOEIC 600", "en", "TOEIC", "600", 3.0, 600.0),
        ("German B1 (Goethe)", "de", "Goethe", "B1", 3.0, None),
        ("English B2", "en", "CEFR", "B2", 4.0, None),
        ("Inggris aktif", "en", "self-declared", "aktif", 4.0, None),
        ("Mandarin lancar", "zh", "self-declared", "lancar", 4.0, None),
        ("Kanton sedikit", "yue", "self-declared", "sedikit", 1.0, None),
        ("Arab dasar", "ar", "self-declared", "dasar", 1.0, None),
        ("english - basic", "en", "self-declared", "basic", 1.0, None),
        ("Inggris cukup", "en", "self-declared", "cukup", 3.0, None),
        ("penutur asli bahasa jawa", "jv", "self-declared", "penutur asli", 6.0, None),
    ],
)
def test_parse_items(
    norm: LanguageNormaliser,
    text: str,
    language: str,
    test: str,
    level: str,
    cefr: float | None,
    score: float | None,
) -> None:
    row = one(norm, text)
    assert (row["language"], row["test"], row["level"]) == (language, test, level)
    assert math.isnan(row["cefr"]) if cefr is None else row["cefr"] == cefr
    assert math.isnan(row["score"]) if score is None else row["score"] == score
    assert row["status"] == "ok"


def test_language_without_level(norm: LanguageNormaliser) -> None:
    row = one(norm, "Bahasa Jepang")
    assert row["language"] == "ja" and math.isnan(row["cefr"]) and row["status"] == "ok"


def test_toefl_scale_decided_by_score(norm: LanguageNormaliser) -> None:
    assert one(norm, "TOEFL 500")["test"] == "TOEFL-ITP"
    assert one(norm, "TOEFL 90")["test"] == "TOEFL-iBT"


def test_multi_item_cells_and_unknown_kept(norm: LanguageNormaliser) -> None:
    values = pd.Series(["JLPT N3; English IELTS 5.5; xyz", None, ""], index=["a", "b", "c"])
    out = norm.transform(values)
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert list(out["row"]) == ["a", "a", "a"]  # NaN / blank cells produce no rows
    assert list(out["language"].fillna("-")) == ["ja", "en", "-"]
    assert list(out["status"]) == ["ok", "ok", "unknown"]
    assert list(out["group"]) == [0, 1, 2]


def test_test_without_level_needs_review(norm: LanguageNormaliser) -> None:
    row = one(norm, "EPS TOPIK")
    assert row["language"] == "ko" and row["status"] == "needs_review"


def test_misspelt_language_is_fuzzy(norm: LanguageNormaliser) -> None:
    row = one(norm, "Ingris lancar")
    assert row["language"] == "en" and 0.8 <= row["confidence"] < 1.0


def test_alternatives_share_a_group(norm: LanguageNormaliser) -> None:
    out = norm.transform(pd.Series(["JLPT N4 / JFT-Basic", "Jepang, Inggris"]))
    assert list(out["group"]) == [0, 0, 0, 1]
    assert list(out["test"]) == ["JLPT", "JFT-Basic", "self-declared", "self-declared"]


# ------------------------------------------------------------------ comparison
def _check(norm: LanguageNormaliser, held: list[str], required: list[str]) -> list[bool]:
    """Candidate i holds held[i]; job j requires required[j]; evaluate pair (i, i)."""
    h = norm.transform(pd.Series(held, index=[f"c{i}" for i in range(len(held))]))
    r = norm.transform(pd.Series(required, index=[f"j{i}" for i in range(len(required))]))
    pairs = pd.DataFrame(
        {
            "candidate": [f"c{i}" for i in range(len(held))],
            "job_order": [f"j{i}" for i in range(len(held))],
        }
    )
    result = meets_requirement(h, r, pairs)
    return list(pairs_meet_all(result, pairs))


def test_scale_equivalences(norm: LanguageNormaliser) -> None:
    held = [
        "JLPT N3",
        "JFT-Basic",
        "JLPT N5",
        "EPS-TOPIK 180",
        "EPS-TOPIK 120",
        "TOPIK 4",
        "IELTS 5.5",
        "IELTS 5.5",
        "Inggris",
        "Bahasa Jepang",
        "Mandarin lancar",
    ]
    required = [
        "JLPT N4",
        "JLPT N4",
        "JLPT N4",
        "EPS-TOPIK 150",
        "EPS-TOPIK 150",
        "EPS-TOPIK 150",
        "English B2",
        "English C1",
        "English",
        "JLPT N4",
        "Jepang",
    ]
    assert _check(norm, held, required) == [
        True,
        True,
        False,
        True,
        False,
        False,
        True,
        False,
        True,
        False,
        False,
    ]


def test_alternatives_and_all_requirements(norm: LanguageNormaliser) -> None:
    held = ["JFT-Basic", "JFT-Basic", "Inggris lancar"]
    required = ["JLPT N3 / JFT-Basic", "JLPT N4; English B1", "IELTS 6"]
    assert _check(norm, held, required) == [True, False, True]


def test_self_declared_can_be_excluded_for_tests(norm: LanguageNormaliser) -> None:
    h = norm.transform(pd.Series(["Inggris lancar"], index=["c"]))
    r = norm.transform(pd.Series(["IELTS 6"], index=["j"]))
    pairs = pd.DataFrame({"candidate": ["c"], "job_order": ["j"]})
    assert not meets_requirement(h, r, pairs, allow_self_declared=False)["met"].any()


def test_pairs_without_requirements_pass(norm: LanguageNormaliser) -> None:
    h = norm.transform(pd.Series(["JLPT N3"], index=["c"]))
    r = norm.transform(pd.Series([None], index=["j"], dtype=object))
    pairs = pd.DataFrame({"candidate": ["c"], "job_order": ["j"]}, index=[42])
    res = pairs_meet_all(meets_requirement(h, r, pairs), pairs)
    assert res.index.tolist() == [42] and bool(res.iat[0])


_POOL = ["JLPT N3; IELTS 5.5", "EPS-TOPIK 180", "xyz", "Inggris aktif", "", "N4 / JFT-Basic"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([*_POOL, None]), min_size=0, max_size=30))
def test_property_cellwise_equals_columnwise(values: list[str | None]) -> None:
    norm = LanguageNormaliser().fit()
    series = pd.Series(values, dtype=object, index=pd.RangeIndex(7, 7 + len(values)))
    out = norm.transform(series)
    assert set(out["row"]) <= set(series.index)
    assert out["row"].is_monotonic_increasing  # input order kept
    cols = ["group", "raw", "language", "test", "level", "cefr", "score", "status"]
    for label, value in series.items():
        single = norm.transform(pd.Series([value], dtype=object))[cols].reset_index(drop=True)
        part = out.loc[out["row"] == label, cols].reset_index(drop=True)
        pd.testing.assert_frame_equal(single, part)
