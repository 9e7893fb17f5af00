"""Vectorised parsers for the typed fields of the input tables.

Every parser takes a Series of raw values (strings from CSV; strings, numbers or datetimes from
XLSX) and returns a `Parsed`. Columns repeat a lot (500 k candidates, a few hundred distinct
education labels), so each parser factorises the column, parses every *unique* value once in
Python and maps the results back with integer indexing: never a Python loop over the full column.

Conventions shared by all parsers:

* blank (NA, "" or whitespace) is never invalid here; `blank` marks it and `values` holds the
  parser's blank value (NA, or "pending" for medical). Whether a blank is allowed is the reader's
  decision (`matching.io`).
* `invalid` rows hold NA in `values` and a per-row explanation in `messages`.
* `coerced` rows were read, but only by changing their form in a way the user should check
  ("5 tahun" -> 5, "5.0" -> 5); they also carry a message. Mapping a vocabulary
  ("perempuan" -> "F", "RM" -> "MYR") is reading, not coercion, and is silent.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
import pycountry

from matching.normalise.text import clean_text
from models.schema import Education, Gender, Medical, Scheme, Sector, Status

# Status of one parsed unique value.
_OK: Final = 0
_BLANK: Final = 1
_COERCED: Final = 2
_INVALID: Final = 3

# (value, status, message) for one unique raw value.
_Outcome = tuple[Any, int, str]

# "No schooling" sits below SD; `Education` has no member for it, so it lives here.
EDUCATION_NONE: Final = 0
EDUCATION_NONE_LABEL: Final = "tidak sekolah"


@dataclass(frozen=True)
class Parsed:
    """Result of parsing one column; every Series shares the input's index.

    values:   parsed values, typed (see each parser); NA where blank or invalid.
    invalid:  bool, the value could not be read (the reader rejects the row).
    coerced:  bool, the value was read by changing its form (the reader warns).
    blank:    bool, the raw value was empty.
    messages: str, why a value is invalid / how it was coerced; "" otherwise.
    reason:   one generic sentence describing what the parser accepts.
    labels:   canonical text label per row (education only), else None.
    """

    values: pd.Series
    invalid: pd.Series
    coerced: pd.Series
    blank: pd.Series
    messages: pd.Series
    reason: str
    labels: pd.Series | None = None


def _is_blank_scalar(value: object) -> bool:
    """True for None, NaN, NaT, pd.NA and whitespace-only strings."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _run(
    values: pd.Series,
    parse_one: Callable[[Any], _Outcome],
    *,
    dtype: str,
    reason: str,
    blank_value: Any = None,
) -> Parsed:
    """Parse each unique value of `values` once and broadcast the outcomes back.

    `parse_one` receives a non-blank raw value (stripped if it is a string).
    """
    # object dtype: factorize must not merge 5 and "5" or choke on mixed XLSX cells.
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    n = len(uniques)
    parsed: list[Any] = [None] * (n + 1)
    status = np.full(n + 1, _BLANK, dtype=np.int8)
    messages = np.full(n + 1, "", dtype=object)
    for i, raw in enumerate(uniques):
        if _is_blank_scalar(raw):
            continue
        value, st, msg = parse_one(raw.strip() if isinstance(raw, str) else raw)
        parsed[i], status[i], messages[i] = value, st, msg
    # Sentinel slot n holds the outcome of NA (code -1 indexes the last element).
    for i in range(n + 1):
        if status[i] == _BLANK:
            parsed[i] = blank_value
        elif status[i] == _INVALID:
            parsed[i] = None
    idx = values.index
    codes = np.where(codes < 0, n, codes)  # NA -> the sentinel slot
    st_rows = status[codes]
    out = _typed(parsed, dtype).array.take(codes)
    return Parsed(
        values=pd.Series(out, index=idx, name=values.name),
        invalid=pd.Series(st_rows == _INVALID, index=idx, name=values.name),
        coerced=pd.Series(st_rows == _COERCED, index=idx, name=values.name),
        blank=pd.Series(st_rows == _BLANK, index=idx, name=values.name),
        messages=pd.Series(messages[codes], index=idx, dtype=object, name=values.name),
        reason=reason,
    )


def _typed(parsed: list[Any], dtype: Any) -> pd.Series:
    """Turn the per-unique Python results into a typed Series (still per unique)."""
    if dtype == "datetime64[ns]":
        # pandas 3 infers "us" from date objects; the contract says ns.
        return pd.to_datetime(pd.Series(parsed, dtype=object)).astype(dtype)
    if dtype == "str":
        return pd.Series(parsed, dtype=object).astype("str")
    return pd.Series(pd.array(parsed, dtype=dtype))


def _key(value: Any) -> str:
    """Lookup key: clean_text (casefold, no accents, punctuation -> space)."""
    return clean_text(value)


def _compact(value: Any) -> str:
    """Key without spaces, for spellings like 'G-to-G' / 'GtoG' / 'G to G'."""
    return clean_text(value).replace(" ", "")


def _lookup(
    table: dict[str, Any], what: str, expected: str, *, strip_words: tuple[str, ...] = ()
) -> Callable[[Any], _Outcome]:
    """Build a `parse_one` that maps clean keys through `table`."""

    def parse_one(raw: Any) -> _Outcome:
        key = _key(raw)
        for word in strip_words:  # e.g. "sektor perikanan" -> "perikanan"
            if key.startswith(word + " "):
                key = key[len(word) + 1 :]
        if key in table:
            return table[key], _OK, ""
        compact = key.replace(" ", "")
        if compact in table:
            return table[compact], _OK, ""
        return None, _INVALID, f"unknown {what} {str(raw)!r} (expected {expected})"

    return parse_one


# --------------------------------------------------------------------------- gender

_GENDER: Final[dict[str, str]] = {
    **dict.fromkeys(
        ["l", "m", "lk", "laki", "laki laki", "lakilaki", "lelaki", "pria", "male", "man"],
        Gender.MALE.value,
    ),
    **dict.fromkeys(
        ["p", "f", "pr", "perempuan", "wanita", "female", "woman"],
        Gender.FEMALE.value,
    ),
}
# On a job order these mean "no gender requirement" (L/P = laki-laki atau perempuan).
_GENDER_ANY: Final = frozenset(
    {"l p", "m f", "p l", "f m", "any", "all", "both", "semua", "bebas", "campur", "keduanya"}
)


def parse_gender(values: pd.Series, *, allow_any: bool = False) -> Parsed:
    """L/P, M/F, laki-laki/lelaki/pria/perempuan/wanita, male/female -> "M"/"F" (str dtype).

    With `allow_any` (job orders), "L/P", "M/F", "any", "semua", "bebas" -> NA (no requirement)
    and are not invalid; on a candidate they are invalid.
    """
    expected = "L/P, M/F, laki-laki/perempuan, pria/wanita, male/female"

    def parse_one(raw: Any) -> _Outcome:
        key = _key(raw)
        if key in _GENDER:
            return _GENDER[key], _OK, ""
        if key in _GENDER_ANY:
            if allow_any:
                return None, _BLANK, ""
            return None, _INVALID, f"gender {str(raw)!r} is not a single gender"
        return None, _INVALID, f"unknown gender {str(raw)!r} (expected {expected})"

    return _run(values, parse_one, dtype="str", reason=f"gender must be one of {expected}")


# --------------------------------------------------------------------------- dates

_MONTHS: Final[dict[str, int]] = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "pebruari", "february", "feb", "peb"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "ags", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}
_ISO_DATE = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$"
)
_DMY_DATE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$")
_DMY_SHORT = re.compile(r"^\d{1,2}([-/.])\d{1,2}\1\d{2}$")
_NAMED_DATE = re.compile(r"^(\d{1,2})[ \-/]+([A-Za-z]+)\.?[ \-/,]+(\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
# Excel serial dates: day 0 = 1899-12-30 (accounts for Excel's 1900 leap-year bug).
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
_DATE_EXPECTED: Final = "YYYY-MM-DD or DD/MM/YYYY"


def _make_date(year: int, month: int, day: int, raw: Any) -> _Outcome:
    try:
        return dt.date(year, month, day), _OK, ""
    except ValueError:
        return None, _INVALID, f"impossible date {str(raw)!r} (expected {_DATE_EXPECTED})"


def _parse_date_one(raw: Any) -> _Outcome:
    if isinstance(raw, pd.Timestamp | dt.datetime):  # XLSX datetime cells (Timestamp too)
        return dt.date(raw.year, raw.month, raw.day), _OK, ""
    if isinstance(raw, dt.date):
        return raw, _OK, ""
    text = str(raw).strip()
    if m := _ISO_DATE.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _DMY_DATE.match(text):
        return _make_date(int(m[4]), int(m[3]), int(m[1]), raw)
    if m := _NAMED_DATE.match(text):
        month = _MONTHS.get(m[2].casefold())
        if month is None:
            return None, _INVALID, f"unknown month in date {text!r}"
        return _make_date(int(m[3]), month, int(m[1]), raw)
    if _DMY_SHORT.match(text):
        return None, _INVALID, f"date {text!r} has a 2-digit year; write YYYY-MM-DD or DD/MM/YYYY"
    if _SERIAL.match(text):
        serial = int(float(text))
        if 1 <= serial <= 2958465:  # Excel's valid range (to 9999-12-31)
            day = _EXCEL_EPOCH + dt.timedelta(days=serial)
            return day, _COERCED, f"read Excel serial number {text} as date {day.isoformat()}"
    return None, _INVALID, f"not a date: {text!r} (expected {_DATE_EXPECTED})"


def parse_date(values: pd.Series) -> Parsed:
    """Dates -> datetime64[ns] at midnight.

    Accepts ISO YYYY-MM-DD (optionally with a time, as XLSX datetimes print), Indonesian
    DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, "5 Januari 1990", datetime/date objects; a bare
    5-digit Excel serial number is coerced. Impossible dates and 2-digit years are invalid.
    """
    return _run(
        values, _parse_date_one, dtype="datetime64[ns]", reason=f"dates must be {_DATE_EXPECTED}"
    )


# --------------------------------------------------------------------------- yes / no

_YES_NO: Final[dict[str, bool]] = {
    # Indonesian forms use Y/T (ya/tidak): "t" means tidak, not true.
    **dict.fromkeys(["ya", "y", "yes", "true", "1", "ada", "sudah", "punya", "benar"], True),
    **dict.fromkeys(
        ["tidak", "t", "tdk", "no", "n", "false", "0", "tidak ada", "belum", "belum ada"], False
    ),
}


def parse_yes_no(values: pd.Series) -> Parsed:
    """ya/tidak/yes/no/y/t/n/true/false/1/0 (+ ada/belum) -> nullable boolean.

    Note "t" is *tidak* (Indonesian Y/T forms), i.e. False.
    """
    expected = "ya/tidak, yes/no, Y/T, true/false, 1/0"

    def parse_one(raw: Any) -> _Outcome:
        if isinstance(raw, bool | np.bool_):
            return bool(raw), _OK, ""
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw), _OK, ""
        key = _key(raw)
        if key in _YES_NO:
            return _YES_NO[key], _OK, ""
        return None, _INVALID, f"not a yes/no value: {str(raw)!r} (expected {expected})"

    return _run(values, parse_one, dtype="boolean", reason=f"yes/no must be {expected}")


# --------------------------------------------------------------------------- medical

_MEDICAL: Final[dict[str, str]] = {
    **dict.fromkeys(
        ["fit", "sehat", "layak", "fit to work", "memenuhi syarat", "ms", "lulus", "ok"],
        Medical.FIT.value,
    ),
    **dict.fromkeys(
        [
            "unfit",
            "not fit",
            "tidak sehat",
            "tidak layak",
            "tidak fit",
            "tidak memenuhi syarat",
            "tms",
            "tidak lulus",
        ],
        Medical.UNFIT.value,
    ),
    **dict.fromkeys(
        ["pending", "belum", "menunggu", "proses", "dalam proses", "belum mcu", "not yet"],
        Medical.PENDING.value,
    ),
}


def parse_medical(values: pd.Series) -> Parsed:
    """fit/unfit/pending (+ sehat/layak, tidak sehat/tidak layak) -> str; blank -> "pending"."""
    expected = "fit/sehat/layak, unfit/tidak sehat/tidak layak, pending"
    return _run(
        values,
        _lookup(_MEDICAL, "medical result", expected),
        dtype="str",
        reason=f"medical must be {expected}",
        blank_value=Medical.PENDING.value,
    )


# --------------------------------------------------------------------------- status

_STATUS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ["available", "tersedia", "siap", "ready", "aktif", "active"], Status.AVAILABLE.value
    ),
    **dict.fromkeys(
        ["placed", "ditempatkan", "berangkat", "sudah berangkat", "deployed", "departed"],
        Status.PLACED.value,
    ),
    **dict.fromkeys(
        [
            "withdrawn",
            "mundur",
            "batal",
            "mengundurkan diri",
            "cancelled",
            "canceled",
            "dibatalkan",
        ],
        Status.WITHDRAWN.value,
    ),
}


def parse_status(values: pd.Series) -> Parsed:
    """available/placed/withdrawn (+ tersedia/siap, ditempatkan/berangkat, mundur/batal) -> str."""
    expected = "available/tersedia, placed/ditempatkan, withdrawn/mundur"
    return _run(
        values,
        _lookup(_STATUS, "status", expected),
        dtype="str",
        reason=f"status must be {expected}",
    )


# --------------------------------------------------------------------------- scheme

# Keys are compact (spaces removed), so "G to G", "G-to-G", "GtoG" all become "gtog".
_SCHEME: Final[dict[str, str]] = {
    **dict.fromkeys(["gtog", "g2g", "gg"], Scheme.G_TO_G.value),
    **dict.fromkeys(["gtop", "g2p", "gp"], Scheme.G_TO_P.value),
    **dict.fromkeys(["ptop", "p2p", "pp"], Scheme.P_TO_P.value),
    **dict.fromkeys(["ukps"], Scheme.UKPS.value),
    **dict.fromkeys(
        ["perseorangan", "mandiri", "individual", "individu", "perorangan"],
        Scheme.PERSEORANGAN.value,
    ),
    **dict.fromkeys(
        ["spsk", "sistempenempatansatukanal", "penempatansatukanal", "satukanal", "onechannel"],
        Scheme.SPSK.value,
    ),
}


def parse_scheme(values: pd.Series) -> Parsed:
    """G to G / G2G / GtoG, G to P, P to P / P2P, UKPS, perseorangan/mandiri, SPSK -> `Scheme`."""
    expected = "G to G, G to P, P to P, UKPS, perseorangan/mandiri, SPSK"

    def parse_one(raw: Any) -> _Outcome:
        key = _compact(raw)
        if key in _SCHEME:
            return _SCHEME[key], _OK, ""
        return None, _INVALID, f"unknown scheme {str(raw)!r} (expected {expected})"

    return _run(values, parse_one, dtype="str", reason=f"scheme must be one of {expected}")


# --------------------------------------------------------------------------- sector

_SECTOR: Final[dict[str, str]] = {
    **{s.value: s.value for s in Sector},
    **dict.fromkeys(
        ["perawatan", "pengasuhan", "caregiving", "caregiver", "care work", "perawat lansia"],
        Sector.CARE.value,
    ),
    **dict.fromkeys(
        [
            "rumah tangga",
            "domestik",
            "informal",
            "domestic work",
            "domestic worker",
            "household",
            "plrt",
            "pekerja rumah tangga",
            "penata laksana rumah tangga",
        ],
        Sector.DOMESTIC.value,
    ),
    **dict.fromkeys(["kesehatan", "medis", "healthcare", "health care"], Sector.HEALTH.value),
    **dict.fromkeys(
        ["manufaktur", "pabrik", "industri", "produksi", "factory", "industry", "manufacture"],
        Sector.MANUFACTURING.value,
    ),
    **dict.fromkeys(["konstruksi", "bangunan"], Sector.CONSTRUCTION.value),
    **dict.fromkeys(
        [
            "perikanan",
            "kelautan",
            "pelaut perikanan",
            "awak kapal perikanan",
            "fisheries",
            "fishing",
        ],
        Sector.FISHERY.value,
    ),
    **dict.fromkeys(
        [
            "pertanian",
            "perkebunan",
            "peternakan",
            "plantation",
            "farming",
            "livestock",
            "agriculture and plantation",
            "pertanian dan perkebunan",
        ],
        Sector.AGRICULTURE.value,
    ),
    **dict.fromkeys(
        [
            "perhotelan",
            "pariwisata",
            "restoran",
            "hospitalitas",
            "hotel",
            "tourism",
            "restaurant",
        ],
        Sector.HOSPITALITY.value,
    ),
    **dict.fromkeys(
        ["transportasi", "logistik", "transportation", "logistics"], Sector.TRANSPORT.value
    ),
    **dict.fromkeys(["lainnya", "lain lain", "others", "lain"], Sector.OTHER.value),
}


def parse_sector(values: pd.Series) -> Parsed:
    """Sector vocabulary + Indonesian equivalents -> `Sector` value; blank -> NA (derive later)."""
    expected = ", ".join(s.value for s in Sector) + " (or Indonesian equivalents)"
    return _run(
        values,
        _lookup(_SECTOR, "sector", expected, strip_words=("sektor", "sector", "bidang")),
        dtype="str",
        reason=f"sector must be one of {expected}",
    )


# --------------------------------------------------------------------------- education

_EDU_LABELS: Final[dict[int, str]] = {EDUCATION_NONE: EDUCATION_NONE_LABEL}
_EDUCATION: Final[dict[str, tuple[int, str]]] = {}


def _edu(label: str, level: int, *keys: str) -> None:
    for key in (label.casefold(), *keys):
        _EDUCATION[key] = (level, label)


_edu("tidak sekolah", EDUCATION_NONE, "none", "no schooling", "belum sekolah", "tidak tamat sd")
_edu("SD", Education.SD, "sekolah dasar", "primary", "primary school", "elementary", "mi")
_edu("SD", Education.SD, "elementary school", "paket a", "sd mi", "madrasah ibtidaiyah")
_edu("SMP", Education.SMP, "sltp", "mts", "junior high", "junior high school", "paket b")
_edu("SMP", Education.SMP, "lower secondary", "smp mts", "sekolah menengah pertama")
_edu("SMA", Education.SMA, "slta", "ma", "smu", "senior high", "senior high school", "paket c")
_edu("SMA", Education.SMA, "upper secondary", "high school", "sma ma", "sekolah menengah atas")
_edu("SMK", Education.SMK, "stm", "smea", "vocational high school", "vocational", "smk mak")
_edu("SMK", Education.SMK, "mak", "sekolah menengah kejuruan", "vocational school")
# A bare "diploma" is read as the lowest diploma: it can never overstate a qualification.
_edu("D1", Education.D1, "diploma", "diploma 1", "diploma i", "d i", "di", "d 1")
_edu("D2", Education.D2, "diploma 2", "diploma ii", "d ii", "dii", "d 2")
_edu("D3", Education.D3, "diploma 3", "diploma iii", "d iii", "diii", "d 3", "ahli madya")
_edu("D4", Education.D4, "diploma 4", "diploma iv", "d iv", "div", "d 4", "sarjana terapan")
_edu("S1", Education.S1, "sarjana", "bachelor", "bachelors", "undergraduate", "strata 1", "s 1")
_edu("S1", Education.S1, "bachelor degree", "d4 s1")
_edu("S2", Education.S2, "master", "masters", "magister", "strata 2", "s 2", "master degree")
_edu("S3", Education.S3, "doctorate", "doctor", "doktor", "phd", "strata 3", "s 3")
for _lvl, _lab in [(e.value, e.name) for e in Education]:
    _EDU_LABELS.setdefault(_lvl, _lab)  # first name per level: SMA for 3, D4 for 7

# "minimal SMA", "lulusan SMK", "tamat SD": qualifiers that don't change the level.
_EDU_PREFIX = re.compile(r"^(?:minimal|minimum|min|at least|lulusan|lulus|tamat|graduate of)\s+")
_EDU_SPLIT = re.compile(r"\s*(?:/|,|\bor\b|\batau\b|&|\bdan\b)\s*")
_EDU_EXPECTED: Final = "SD, SMP, SMA/SMK, D1-D4, S1, S2, S3 or English equivalents"


def _edu_key(text: str) -> str:
    return _EDU_PREFIX.sub("", clean_text(text))


def _parse_education_one(raw: Any) -> _Outcome:
    text = str(raw)
    key = _edu_key(text)
    if key in _EDUCATION:
        return _EDUCATION[key], _OK, ""
    # "SMA/SMK", "SMP atau SMA": each part must be known; the lowest level is kept (an
    # education_min of "SMP/SMA" accepts both; a candidate's is the conservative reading).
    parts = [_edu_key(p) for p in _EDU_SPLIT.split(text.casefold()) if p.strip()]
    if len(parts) > 1 and all(p in _EDUCATION for p in parts):
        found = sorted({_EDUCATION[p] for p in parts})
        if len({lvl for lvl, _ in found}) == 1:
            return found[0], _OK, ""
        return found[0], _COERCED, f"several education levels in {text!r}; kept the lowest"
    return None, _INVALID, f"unknown education level {text!r} (expected {_EDU_EXPECTED})"


def parse_education(values: pd.Series) -> Parsed:
    """Education text -> `Education` level (Int64 in `values`) and canonical label (`labels`).

    SD < SMP < SMA = SMK < D1 < D2 < D3 < D4 = S1 < S2 < S3; "tidak sekolah"/none -> 0
    (`EDUCATION_NONE`). Accepts Indonesian synonyms (SLTP, SLTA, STM, MA, MTs, Paket A/B/C)
    and English ones (primary, junior high, high school, diploma 3, bachelor, master, PhD).
    """
    packed = _run(
        values, _parse_education_one, dtype="object", reason=f"education must be {_EDU_EXPECTED}"
    )
    pairs = packed.values
    level = pairs.map(lambda p: p[0] if isinstance(p, tuple) else None)
    label = pairs.map(lambda p: p[1] if isinstance(p, tuple) else None)
    return Parsed(
        values=level.astype("Int64"),
        invalid=packed.invalid,
        coerced=packed.coerced,
        blank=packed.blank,
        messages=packed.messages,
        reason=packed.reason,
        labels=label.astype("str"),
    )


# --------------------------------------------------------------------------- numbers

# Units that may follow a count and are dropped with a warning ("5 tahun", "3 orang").
_UNITS: Final = frozenset(
    {
        "tahun",
        "thn",
        "th",
        "tahunan",
        "year",
        "years",
        "yr",
        "yrs",
        "y",
        "orang",
        "org",
        "persons",
        "person",
        "people",
        "pax",
        "slot",
        "slots",
    }
)
_NUM_WITH_UNIT = re.compile(r"^([+-]?[\d.,]+)\s*([^\d\s].*)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}(,\d+)?$")  # 20.000.000(,00)
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567(.89)
_ID_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$|^[+-]?\d+,\d+$")  # 1.234,5 / 5,5


def _to_float(text: str) -> tuple[float | None, bool]:
    """Read a number written in English or Indonesian style; (value, was_reformatted)."""
    if _PLAIN.match(text):
        return float(text), False
    if _THOUSANDS_DOT.match(text):
        return float(text.replace(".", "").replace(",", ".")), True
    if _THOUSANDS_COMMA.match(text):
        return float(text.replace(",", "")), True
    if _ID_DECIMAL.match(text):
        return float(text.replace(".", "").replace(",", ".")), True
    return None, False


def _fmt(value: float) -> str:
    """Plain rendering for messages: 1000000 not 1e+06."""
    return str(int(value)) if value.is_integer() else repr(value)


def _number_outcome(raw: Any, *, integer: bool, minimum: float) -> _Outcome:
    """Shared core of parse_int / parse_number."""
    notes: list[str] = []
    if isinstance(raw, bool | np.bool_):
        return None, _INVALID, f"not a number: {raw!r}"
    value: float | None
    if isinstance(raw, int | float | np.integer | np.floating):
        value = float(raw)
    else:
        text = str(raw).strip()
        m = _NUM_WITH_UNIT.match(text)
        if not m:
            return None, _INVALID, f"not a number: {text!r}"
        number, unit = m[1], (m[2] or "").strip()
        if unit:
            if clean_text(unit) not in _UNITS:
                return None, _INVALID, f"not a number: {text!r}"
            notes.append(f"dropped unit {unit!r}")
        value, reformatted = _to_float(number)
        if value is None:
            return None, _INVALID, f"not a number: {text!r}"
        if reformatted:
            notes.append(f"read {number!r} as {_fmt(value)}")
    if value is None or not math.isfinite(value):
        return None, _INVALID, f"not a finite number: {raw!r}"
    if value < minimum:
        return None, _INVALID, f"{raw!r} is below the minimum {minimum:g}"
    if integer:
        if not value.is_integer():
            return None, _INVALID, f"{raw!r} is not a whole number"
        if isinstance(raw, str) and not re.fullmatch(r"[+]?\d+", raw.strip()) and not notes:
            notes.append(f"read {raw!r} as {int(value)}")  # "5.0" -> 5
        out: Any = int(value)
    else:
        out = value
    if notes:
        return out, _COERCED, "; ".join(notes)
    return out, _OK, ""


def parse_int(values: pd.Series, *, minimum: int = 0) -> Parsed:
    """Whole numbers >= `minimum` -> Int64.

    "5" is fine; "5.0", "5 tahun", "5 thn", "3 orang" are coerced (warning); "5.5", "-1",
    "lima" are invalid.
    """
    return _run(
        values,
        lambda raw: _number_outcome(raw, integer=True, minimum=minimum),
        dtype="Int64",
        reason=f"must be a whole number >= {minimum}",
    )


def parse_number(values: pd.Series, *, minimum: float = 0.0) -> Parsed:
    """Numbers >= `minimum` -> float64 (NaN for blank/invalid).

    Accepts "5", "5.5"; coerces (warning) "5 tahun", Indonesian "5,5" and "20.000.000",
    English "1,234.5". A single dot is always a decimal point ("5.000" = 5.0).
    """
    parsed = _run(
        values,
        lambda raw: _number_outcome(raw, integer=False, minimum=minimum),
        dtype="Float64",
        reason=f"must be a number >= {minimum:g}",
    )
    as_float = parsed.values.astype("float64")  # NA -> NaN: the contract's float columns
    return Parsed(
        as_float, parsed.invalid, parsed.coerced, parsed.blank, parsed.messages, parsed.reason
    )


# --------------------------------------------------------------------------- currency

_CURRENCY_ALIASES: Final[dict[str, str]] = {
    "hk$": "HKD",
    "hkd$": "HKD",
    "nt$": "TWD",
    "ntd": "TWD",
    "rm": "MYR",
    "pataca": "MOP",
    "mop$": "MOP",
    "qr": "QAR",
    "kd": "KWD",
    "ringgit": "MYR",
    "rp": "IDR",
    "rp.": "IDR",
    "rupiah": "IDR",
    "s$": "SGD",
    "sg$": "SGD",
    "¥": "JPY",
    "yen": "JPY",
    "円": "JPY",
    "won": "KRW",
    "₩": "KRW",
    "riyal": "SAR",
    "sar": "SAR",
    "sr": "SAR",
    "us$": "USD",
    "€": "EUR",
    "euro": "EUR",
    "£": "GBP",
    "rmb": "CNY",
    "yuan": "CNY",
    "dirham": "AED",
    "b$": "BND",
}


def _parse_currency_one(raw: Any) -> _Outcome:
    text = str(raw).strip()
    folded = re.sub(r"\s+", "", text.casefold())
    code = _CURRENCY_ALIASES.get(folded)
    if code is None and re.fullmatch(r"[a-z]{3}", folded):
        found = pycountry.currencies.get(alpha_3=folded.upper())
        code = found.alpha_3 if found is not None else None
    if code is None:
        hint = " ('$' alone is ambiguous: write USD, HKD, SGD, TWD...)" if folded == "$" else ""
        return None, _INVALID, f"unknown currency {text!r}: not an ISO 4217 code{hint}"
    return code, _OK, ""


def parse_currency(values: pd.Series) -> Parsed:
    """ISO 4217 codes (any case, checked with pycountry) and common symbols -> code (str).

    HK$->HKD, NT$->TWD, RM->MYR, Rp->IDR, S$->SGD, ¥/yen->JPY, won->KRW, riyal->SAR.
    """
    return _run(
        values, _parse_currency_one, dtype="str", reason="currency must be an ISO 4217 code"
    )


# --------------------------------------------------------------------------- NIK

_NIK_SEPARATORS = re.compile(r"[\s.\-]+")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_FLOAT_NIK = re.compile(r"^\d{15,17}\.0+$")


def _parse_nik_one(raw: Any) -> _Outcome:
    excel = "the number was converted by Excel/a spreadsheet and its last digits are lost; "
    fix = "format the NIK column as Text and re-export"
    if isinstance(raw, float | np.floating):
        return None, _INVALID, f"NIK {raw!r} is a number, not text: {excel}{fix}"
    text = str(raw).strip().lstrip("'")  # leading apostrophe = Excel's "store as text" marker
    if len(text) == 16 and text.isascii() and text.isdigit():
        return text, _OK, ""  # the common case, without regexes
    if _SCIENTIFIC.match(text):
        return None, _INVALID, f"NIK {text!r} is in scientific notation: {excel}{fix}"
    if _FLOAT_NIK.match(text):
        return None, _INVALID, f"NIK {text!r} has a decimal part: {excel}{fix}"
    digits = _NIK_SEPARATORS.sub("", text)
    if not digits.isascii() or not digits.isdigit():
        return None, _INVALID, f"NIK {text!r} must contain only digits"
    if len(digits) != 16:
        return None, _INVALID, f"NIK {text!r} has {len(digits)} digits, expected 16"
    return digits, _OK, ""


def parse_nik(values: pd.Series) -> Parsed:
    """NIK -> 16-digit str after removing spaces, dots and dashes; anything else invalid.

    A NIK mangled into a float by Excel (3.2011E+15, 3201123456789010.0) is invalid with an
    explanation, because its last digits cannot be recovered.
    """
    return _run(values, _parse_nik_one, dtype="str", reason="NIK must be exactly 16 digits")


#: Parsers by name, for table-driven readers.
PARSERS: Final[dict[str, Callable[..., Parsed]]] = {
    "gender": parse_gender,
    "date": parse_date,
    "yes_no": parse_yes_no,
    "medical": parse_medical,
    "status": parse_status,
    "scheme": parse_scheme,
    "sector": parse_sector,
    "education": parse_education,
    "int": parse_int,
    "number": parse_number,
    "currency": parse_currency,
    "nik": parse_nik,
}

__all__ = [
    "EDUCATION_NONE",
    "EDUCATION_NONE_LABEL",
    "PARSERS",
    "Parsed",
    "parse_currency",
    "parse_date",
    "parse_education",
    "parse_gender",
    "parse_int",
    "parse_medical",
    "parse_nik",
    "parse_number",
    "parse_scheme",
    "parse_sector",
    "parse_status",
    "parse_yes_no",
]
