"""Table-driven tests for matching.normalise.fields plus a vectorisation property."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.normalise import fields as F
from matching.normalise.fields import Parsed

NA = pd.NA


def one(parser: Callable[[pd.Series], Parsed], raw: object) -> Parsed:
    return parser(pd.Series([raw], dtype=object))


def check(parser: Callable[[pd.Series], Parsed], raw: object, expected: object) -> None:
    """`expected` is the parsed value, or "INVALID"."""
    p = one(parser, raw)
    if isinstance(expected, str) and expected == "INVALID":
        assert bool(p.invalid.iloc[0]), (raw, p.values.iloc[0])
        assert pd.isna(p.values.iloc[0])
        assert p.messages.iloc[0]
    else:
        assert not bool(p.invalid.iloc[0]), (raw, p.messages.iloc[0])
        got = p.values.iloc[0]
        if expected is NA:
            assert pd.isna(got), (raw, got)
        else:
            assert got == expected, (raw, got)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("L", "M"),
        ("p", "F"),
        ("M", "M"),
        ("f", "F"),
        ("Laki-laki", "M"),
        ("LAKI LAKI", "M"),
        ("lelaki", "M"),
        ("Pria", "M"),
        ("Perempuan", "F"),
        ("wanita", "F"),
        ("Male", "M"),
        ("FEMALE", "F"),
        ("", NA),
        ("   ", NA),
        (None, NA),
        ("X", "INVALID"),
        ("L/P", "INVALID"),
        ("waria", "INVALID"),
    ],
)
def test_parse_gender(raw: object, expected: object) -> None:
    check(F.parse_gender, raw, expected)


def test_parse_gender_any_for_job_orders() -> None:
    p = F.parse_gender(pd.Series(["L/P", "semua", "M/F", "P"]), allow_any=True)
    assert not p.invalid.any()
    assert p.values.isna().tolist() == [True, True, True, False]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1995-08-15", pd.Timestamp("1995-08-15")),
        ("15/08/1995", pd.Timestamp("1995-08-15")),
        ("15-08-1995", pd.Timestamp("1995-08-15")),
        ("5/8/1995", pd.Timestamp("1995-08-05")),
        ("15.08.1995", pd.Timestamp("1995-08-15")),
        ("2025-01-10 00:00:00", pd.Timestamp("2025-01-10")),
        ("2025-01-10T13:45:00", pd.Timestamp("2025-01-10")),
        ("17 Agustus 1945", pd.Timestamp("1945-08-17")),
        ("1 Jan 2000", pd.Timestamp("2000-01-01")),
        (dt.datetime(2024, 2, 29, 8, 0), pd.Timestamp("2024-02-29")),
        (dt.date(2024, 2, 29), pd.Timestamp("2024-02-29")),
        (pd.Timestamp("2020-01-01 10:00"), pd.Timestamp("2020-01-01")),
        ("29/02/2024", pd.Timestamp("2024-02-29")),
        ("29/02/2023", "INVALID"),
        ("31/04/2020", "INVALID"),
        ("2020-13-01", "INVALID"),
        ("12/25/1990", "INVALID"),  # US order: month 25
        ("05/01/98", "INVALID"),  # 2-digit year
        ("kemarin", "INVALID"),
        ("32 Januari 2000", "INVALID"),
        ("", NA),
    ],
)
def test_parse_date(raw: object, expected: object) -> None:
    check(F.parse_date, raw, expected)


def test_parse_date_dtype_and_excel_serial_coerced() -> None:
    p = F.parse_date(pd.Series(["45291", "2024-01-01"]))
    assert p.values.dtype == "datetime64[ns]"
    assert p.values.tolist() == [pd.Timestamp("2023-12-31"), pd.Timestamp("2024-01-01")]
    assert p.coerced.tolist() == [True, False]
    assert "serial" in p.messages.iloc[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ya", True),
        ("Tidak", False),
        ("YES", True),
        ("no", False),
        ("Y", True),
        ("T", False),  # Indonesian Y/T: T = tidak
        ("n", False),
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        (True, True),
        ("", NA),
        ("mungkin", "INVALID"),
        ("2", "INVALID"),
    ],
)
def test_parse_yes_no(raw: object, expected: object) -> None:
    check(F.parse_yes_no, raw, expected)


def test_parse_yes_no_dtype() -> None:
    assert str(F.parse_yes_no(pd.Series(["ya", ""])).values.dtype) == "boolean"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("fit", "fit"),
        ("FIT", "fit"),
        ("Sehat", "fit"),
        ("layak", "fit"),
        ("unfit", "unfit"),
        ("tidak sehat", "unfit"),
        ("Tidak Layak", "unfit"),
        ("pending", "pending"),
        ("", "pending"),
        (None, "pending"),
        ("sakit?", "INVALID"),
    ],
)
def test_parse_medical(raw: object, expected: object) -> None:
    check(F.parse_medical, raw, expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("available", "available"),
        ("Tersedia", "available"),
        ("siap", "available"),
        ("placed", "placed"),
        ("ditempatkan", "placed"),
        ("Berangkat", "placed"),
        ("withdrawn", "withdrawn"),
        ("mundur", "withdrawn"),
        ("BATAL", "withdrawn"),
        ("", NA),
        ("hilang", "INVALID"),
    ],
)
def test_parse_status(raw: object, expected: object) -> None:
    check(F.parse_status, raw, expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("G to G", "G to G"),
        ("G2G", "G to G"),
        ("GtoG", "G to G"),
        ("G-to-G", "G to G"),
        ("g to g", "G to G"),
        ("G to P", "G to P"),
        ("G2P", "G to P"),
        ("P to P", "P to P"),
        ("P2P", "P to P"),
        ("p-to-p", "P to P"),
        ("UKPS", "UKPS"),
        ("perseorangan", "perseorangan"),
        ("Mandiri", "perseorangan"),
        ("individual", "perseorangan"),
        ("SPSK", "SPSK"),
        ("", NA),
        ("B2B", "INVALID"),
    ],
)
def test_parse_scheme(raw: object, expected: object) -> None:
    check(F.parse_scheme, raw, expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("care", "care"),
        ("Perawatan", "care"),
        ("pengasuhan", "care"),
        ("caregiving", "care"),
        ("rumah tangga", "domestic"),
        ("Domestik", "domestic"),
        ("informal", "domestic"),
        ("kesehatan", "health"),
        ("medis", "health"),
        ("Manufaktur", "manufacturing"),
        ("pabrik", "manufacturing"),
        ("industri", "manufacturing"),
        ("produksi", "manufacturing"),
        ("konstruksi", "construction"),
        ("bangunan", "construction"),
        ("perikanan", "fishery"),
        ("kelautan", "fishery"),
        ("pelaut perikanan", "fishery"),
        ("pertanian", "agriculture"),
        ("perkebunan", "agriculture"),
        ("peternakan", "agriculture"),
        ("perhotelan", "hospitality"),
        ("pariwisata", "hospitality"),
        ("restoran", "hospitality"),
        ("hospitalitas", "hospitality"),
        ("transportasi", "transport"),
        ("logistik", "transport"),
        ("lainnya", "other"),
        ("Lain-lain", "other"),
        ("Sektor Perikanan", "fishery"),
        ("", NA),
        ("ruang angkasa", "INVALID"),
    ],
)
def test_parse_sector(raw: object, expected: object) -> None:
    check(F.parse_sector, raw, expected)


@pytest.mark.parametrize(
    ("raw", "level", "label"),
    [
        ("SD", 1, "SD"),
        ("Paket A", 1, "SD"),
        ("primary", 1, "SD"),
        ("elementary", 1, "SD"),
        ("SMP", 2, "SMP"),
        ("SLTP", 2, "SMP"),
        ("MTs", 2, "SMP"),
        ("junior high", 2, "SMP"),
        ("lower secondary", 2, "SMP"),
        ("Paket B", 2, "SMP"),
        ("SMA", 3, "SMA"),
        ("SLTA", 3, "SMA"),
        ("MA", 3, "SMA"),
        ("high school", 3, "SMA"),
        ("Upper Secondary", 3, "SMA"),
        ("Paket C", 3, "SMA"),
        ("SMK", 3, "SMK"),
        ("STM", 3, "SMK"),
        ("vocational high school", 3, "SMK"),
        ("SMA/SMK", 3, "SMA"),
        ("minimal SMA", 3, "SMA"),
        ("D1", 4, "D1"),
        ("Diploma 1", 4, "D1"),
        ("D2", 5, "D2"),
        ("D3", 6, "D3"),
        ("D-III", 6, "D3"),
        ("diploma 3", 6, "D3"),
        ("D4", 7, "D4"),
        ("diploma 4", 7, "D4"),
        ("S1", 7, "S1"),
        ("S-1", 7, "S1"),
        ("Sarjana", 7, "S1"),
        ("bachelor", 7, "S1"),
        ("undergraduate", 7, "S1"),
        ("S2", 8, "S2"),
        ("master", 8, "S2"),
        ("Magister", 8, "S2"),
        ("S3", 9, "S3"),
        ("doctorate", 9, "S3"),
        ("PhD", 9, "S3"),
        ("tidak sekolah", 0, "tidak sekolah"),
        ("none", 0, "tidak sekolah"),
    ],
)
def test_parse_education(raw: str, level: int, label: str) -> None:
    p = one(F.parse_education, raw)
    assert not p.invalid.iloc[0], p.messages.iloc[0]
    assert p.values.iloc[0] == level
    assert p.labels is not None and p.labels.iloc[0] == label


def test_parse_education_invalid_blank_mixed() -> None:
    p = F.parse_education(pd.Series(["TK", "", "SMP/SMA"]))
    assert str(p.values.dtype) == "Int64"
    assert p.invalid.tolist() == [True, False, False]
    assert p.blank.tolist() == [False, True, False]
    assert p.values.iloc[2] == 2  # lowest of a mixed pair, with a warning
    assert p.coerced.tolist() == [False, False, True]
    assert p.labels is not None and pd.isna(p.labels.iloc[0])


def test_education_ladder_matches_schema() -> None:
    from models.schema import Education

    lv = F.parse_education(pd.Series(["SD", "SMP", "SMA", "SMK", "D1", "D2", "D3", "D4", "S1"]))
    assert lv.values.tolist() == [
        Education.SD,
        Education.SMP,
        Education.SMA,
        Education.SMK,
        Education.D1,
        Education.D2,
        Education.D3,
        Education.D4,
        Education.S1,
    ]
    assert min(Education) > F.EDUCATION_NONE


@pytest.mark.parametrize(
    ("raw", "expected", "coerced"),
    [
        ("5", 5, False),
        ("0", 0, False),
        ("5.0", 5, True),
        ("5 tahun", 5, True),
        ("5 thn", 5, True),
        ("5 Tahun", 5, True),
        ("3 orang", 3, True),
        ("1.000.000", 1_000_000, True),
        (7, 7, False),
        ("lima", "INVALID", False),
        ("5.5", "INVALID", False),
        ("-1", "INVALID", False),
        ("5 kg", "INVALID", False),
        ("", NA, False),
    ],
)
def test_parse_int(raw: object, expected: object, coerced: bool) -> None:
    check(F.parse_int, raw, expected)
    assert bool(one(F.parse_int, raw).coerced.iloc[0]) is coerced


def test_parse_int_minimum_and_dtype() -> None:
    p = F.parse_int(pd.Series(["0", "1", ""]), minimum=1)
    assert str(p.values.dtype) == "Int64"
    assert p.invalid.tolist() == [True, False, False]


@pytest.mark.parametrize(
    ("raw", "expected", "coerced"),
    [
        ("5", 5.0, False),
        ("5.5", 5.5, False),
        ("0.25", 0.25, False),
        ("5,5", 5.5, True),
        ("2 tahun", 2.0, True),
        ("20.000.000", 20_000_000.0, True),
        ("1,234.5", 1234.5, True),
        ("1.234,5", 1234.5, True),
        ("lima", "INVALID", False),
        ("-0.5", "INVALID", False),
        ("inf", "INVALID", False),
        ("", NA, False),
    ],
)
def test_parse_number(raw: object, expected: object, coerced: bool) -> None:
    check(F.parse_number, raw, expected)
    assert bool(one(F.parse_number, raw).coerced.iloc[0]) is coerced


def test_parse_number_dtype_is_float64() -> None:
    assert F.parse_number(pd.Series(["1", ""])).values.dtype == np.float64


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HKD", "HKD"),
        ("twd", "TWD"),
        ("MYR", "MYR"),
        ("HK$", "HKD"),
        ("NT$", "TWD"),
        ("RM", "MYR"),
        ("Rp", "IDR"),
        ("S$", "SGD"),
        ("¥", "JPY"),
        ("yen", "JPY"),
        ("Won", "KRW"),
        ("riyal", "SAR"),
        ("EUR", "EUR"),
        ("", NA),
        ("XYZ", "INVALID"),
        ("$", "INVALID"),
        ("dollar", "INVALID"),
    ],
)
def test_parse_currency(raw: object, expected: object) -> None:
    check(F.parse_currency, raw, expected)


@pytest.mark.parametrize(
    ("raw", "expected", "needle"),
    [
        ("3201123456789012", "3201123456789012", ""),
        ("3201 1234 5678 9012", "3201123456789012", ""),
        ("3201.1234.5678.9012", "3201123456789012", ""),
        ("'3201123456789012", "3201123456789012", ""),
        ("320112345678901", "INVALID", "15 digits"),
        ("32011234567890123", "INVALID", "17 digits"),
        ("3.2011E+15", "INVALID", "Excel"),
        ("3.20112345678901e+15", "INVALID", "Excel"),
        ("3201123456789012.0", "INVALID", "Excel"),
        (3.201123456789012e15, "INVALID", "Excel"),
        ("32011234567890AB", "INVALID", "digits"),
        ("", NA, ""),
    ],
)
def test_parse_nik(raw: object, expected: object, needle: str) -> None:
    check(F.parse_nik, raw, expected)
    assert needle in one(F.parse_nik, raw).messages.iloc[0]


def test_result_shape_and_index_kept() -> None:
    s = pd.Series(["L", "x", None, "P"], index=[10, 3, 7, 1], name="gender")
    p = F.parse_gender(s)
    for part in (p.values, p.invalid, p.coerced, p.blank, p.messages):
        assert part.index.tolist() == [10, 3, 7, 1]
    assert p.values.tolist()[::3] == ["M", "F"]
    assert p.invalid.dtype == bool and p.coerced.dtype == bool
    assert p.reason.startswith("gender")


# --------------------------------------------------------------------------- property

_PARSERS: dict[str, Callable[[pd.Series], Parsed]] = {
    "gender": F.parse_gender,
    "date": F.parse_date,
    "yes_no": F.parse_yes_no,
    "medical": F.parse_medical,
    "status": F.parse_status,
    "scheme": F.parse_scheme,
    "sector": F.parse_sector,
    "education": F.parse_education,
    "int": F.parse_int,
    "number": F.parse_number,
    "currency": F.parse_currency,
    "nik": F.parse_nik,
}
_VOCAB = [
    "L",
    "perempuan",
    "15/08/1995",
    "2024-02-30",
    "ya",
    "T",
    "sehat",
    "tersedia",
    "G2G",
    "perikanan",
    "SMA/SMK",
    "D3",
    "5 tahun",
    "5,5",
    "RM",
    "3201123456789012",
    "3.2E+15",
    "",
    " ",
    "lima",
    "x",
]
_raw_value = st.one_of(
    st.sampled_from(_VOCAB),
    st.text(max_size=12),
    st.none(),
)


def _same(a: Any, b: Any) -> bool:
    return bool((pd.isna(a) and pd.isna(b)) or a == b)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(_PARSERS)),
    values=st.lists(_raw_value, min_size=0, max_size=25),
    offset=st.integers(min_value=-5, max_value=5),
)
def test_series_parse_equals_unique_parse(name: str, values: list[Any], offset: int) -> None:
    parser = _PARSERS[name]
    index = pd.Index([offset + 3 * i for i in range(len(values))][::-1])
    series = pd.Series(values, index=index, dtype=object)
    whole = parser(series)
    assert whole.values.index.equals(index)
    assert whole.invalid.index.equals(index) and whole.messages.index.equals(index)
    # Parse each distinct value on its own and map back.
    for pos, raw in enumerate(values):
        single = parser(pd.Series([raw], dtype=object))
        assert _same(whole.values.iloc[pos], single.values.iloc[0]), (raw,)
        assert whole.invalid.iloc[pos] == single.invalid.iloc[0]
        assert whole.coerced.iloc[pos] == single.coerced.iloc[0]
        assert whole.blank.iloc[pos] == single.blank.iloc[0]
        assert whole.messages.iloc[pos] == single.messages.iloc[0]
        # invalid, coerced and blank are exclusive
        assert int(whole.invalid.iloc[pos]) + int(whole.coerced.iloc[pos]) <= 1
        assert not (whole.blank.iloc[pos] and whole.invalid.iloc[pos])


def test_clean_text_folds_letters_without_decomposition() -> None:
    from matching.normalise.text import clean_text

    assert clean_text("Szwaczka – szycie przemysłowe") == "szwaczka szycie przemyslowe"
    assert clean_text("Aşçı yardımcısı") == "asci yardimcisi"
