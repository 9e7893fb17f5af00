"""CountryNormaliser: exact, Indonesian, misspelt, garbage, alignment, NaN, property."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.normalise.country import OUTPUT_COLUMNS, CountryNormaliser


@pytest.fixture(scope="module")
def norm() -> CountryNormaliser:
    return CountryNormaliser().fit()


def iso(norm: CountryNormaliser, values: list[object]) -> list[object]:
    out = norm.transform(pd.Series(values, dtype=object))
    return [None if pd.isna(v) else v for v in out["country_iso2"]]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Japan", "JP"),
        ("JPN", "JP"),
        ("jp", "JP"),
        ("Saudi Arabia", "SA"),
        ("Korea, Republic of", "KR"),
        ("Republic of Korea", "KR"),
        ("Hong Kong", "HK"),
        ("Taiwan, Province of China", "TW"),
        ("Viet Nam", "VN"),
    ],
)
def test_exact_names_and_codes(norm: CountryNormaliser, raw: str, expected: str) -> None:
    out = norm.transform(pd.Series([raw]))
    assert out["country_iso2"].iat[0] == expected
    assert out["status"].iat[0] == "ok"
    assert out["confidence"].iat[0] == 1.0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jepang", "JP"),
        ("Korea Selatan", "KR"),
        ("Korsel", "KR"),
        ("Korea", "KR"),
        ("Arab Saudi", "SA"),
        ("KSA", "SA"),
        ("Hongkong", "HK"),
        ("Hong Kong SAR", "HK"),
        ("Singapura", "SG"),
        ("Taiwan (Republic of China)", "TW"),
        ("Uni Emirat Arab", "AE"),
        ("UEA", "AE"),
        ("AS", "US"),
        ("Belanda", "NL"),
        ("Jerman", "DE"),
        ("Tiongkok", "CN"),
        ("Negara Jepang", "JP"),
        ("Selandia Baru", "NZ"),
    ],
)
def test_indonesian_names(norm: CountryNormaliser, raw: str, expected: str) -> None:
    assert iso(norm, [raw]) == [expected]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Jepan", "JP"), ("Taiwn", "TW"), ("Malasya", "MY"), ("Sinagpore", "SG"), ("Jermany", "DE")],
)
def test_misspellings_resolve_with_review_or_ok(
    norm: CountryNormaliser, raw: str, expected: str
) -> None:
    out = norm.transform(pd.Series([raw]))
    assert out["country_iso2"].iat[0] == expected
    assert out["status"].iat[0] in {"ok", "needs_review"}
    assert 0.0 < out["confidence"].iat[0] < 1.0


@pytest.mark.parametrize(
    "raw", ["xyz", "luar negeri", "luar negri", "asia", "Eropa", "bali", "123"]
)
def test_garbage_is_unknown(norm: CountryNormaliser, raw: str) -> None:
    out = norm.transform(pd.Series([raw]))
    assert pd.isna(out["country_iso2"].iat[0])
    assert pd.isna(out["country_name"].iat[0])
    assert out["status"].iat[0] == "unknown"
    assert out["confidence"].iat[0] == 0.0


def test_short_strings_are_exact_only(norm: CountryNormaliser) -> None:
    # "Jpa" is one edit from "jpn" but 2-3 letter inputs never go fuzzy.
    assert iso(norm, ["Jpa", "Kr", "xx"]) == [None, "KR", None]


def test_display_names(norm: CountryNormaliser) -> None:
    out = norm.transform(pd.Series(["Korsel", "Taiwan", "HK"]))
    assert list(out["country_name"]) == ["South Korea", "Taiwan", "Hong Kong"]


def test_nan_blank_and_index_alignment(norm: CountryNormaliser) -> None:
    values = pd.Series(["Jepang", np.nan, "", "  ", None, "Taiwan"], index=[9, 3, 7, 1, 5, 2])
    out = norm.transform(values)
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert out.index.equals(values.index)
    assert list(out["status"]) == ["ok", "unknown", "unknown", "unknown", "unknown", "ok"]
    assert out.loc[2, "country_iso2"] == "TW"


def test_alias_table_with_bad_code_is_rejected() -> None:
    bad = pd.DataFrame({"alias": ["narnia"], "iso2": ["ZZ"], "note": [""]})
    with pytest.raises(ValueError, match="ZZ"):
        CountryNormaliser(reference=bad).fit()


_POOL = ["Jepang", "Japan", "Malasya", "xyz", "Korsel", "", "asia", "Hongkok", "AS", "Taiwn"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([*_POOL, None]), min_size=0, max_size=40))
def test_property_series_equals_unique_mapped_back(values: list[str | None]) -> None:
    norm = CountryNormaliser().fit()
    series = pd.Series(values, dtype=object, index=pd.RangeIndex(100, 100 + len(values)))
    out = norm.transform(series)
    assert out.index.equals(series.index)
    for value, (_, row) in zip(values, out.iterrows(), strict=True):
        single = norm.transform(pd.Series([value], dtype=object)).iloc[0]
        assert (pd.isna(single["country_iso2"]) and pd.isna(row["country_iso2"])) or (
            single["country_iso2"] == row["country_iso2"]
        )
        assert single["status"] == row["status"]
        assert single["confidence"] == row["confidence"]
    assert out["confidence"].between(0.0, 1.0).all()
    assert set(out["status"].astype(str)) <= {"ok", "needs_review", "unknown"}


def test_vowel_blind_skeleton_catches_vowel_misspellings() -> None:
    norm = CountryNormaliser().fit()
    out = norm.transform(pd.Series(["Taywan", "Kuwiat", "Deutschland", "Jepun", "zzzzzz"]))
    assert out["country_iso2"].tolist()[:4] == ["TW", "KW", "DE", "JP"]
    assert out["status"].iloc[4] == "unknown"


def test_invented_names_get_no_country() -> None:
    out = CountryNormaliser().fit().transform(pd.Series(["Narnia", "Wakanda", "Pulau Jawa"]))
    assert out["country_iso2"].isna().all()
    assert (out["status"] == "unknown").all()
