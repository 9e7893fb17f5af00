"""Well-formedness checks for the independent labelled evaluation sets in tests/data/.

These sets are ground truth for accuracy benchmarks (title -> ISCO-08, country name -> ISO
alpha-2). They were written by hand, independently of the curated alias layer and of ESCO, so the
checks here only verify shape, sizes and code validity, never the labels against our own code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
ISCO_STRUCTURE = ROOT / "data" / "reference" / "isco08_structure.csv"

PMI_TITLES = DATA / "pmi_titles_labelled.csv"
ILO_TITLES = DATA / "ilo_style_titles.csv"
COUNTRY_NAMES = DATA / "country_names.csv"

SECTORS: frozenset[str] = frozenset(
    {
        "care",
        "domestic",
        "health",
        "manufacturing",
        "construction",
        "fishery",
        "agriculture",
        "hospitality",
        "transport",
        "other",
    }
)


def _load(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def isco_unit_groups() -> frozenset[str]:
    structure = pd.read_csv(ISCO_STRUCTURE, dtype=str, keep_default_na=False)
    units = structure.loc[structure["level"] == "4", "code"]
    return frozenset(units.tolist())


@pytest.fixture(scope="module")
def pmi() -> pd.DataFrame:
    return _load(PMI_TITLES)


@pytest.fixture(scope="module")
def ilo() -> pd.DataFrame:
    return _load(ILO_TITLES)


@pytest.fixture(scope="module")
def countries() -> pd.DataFrame:
    return _load(COUNTRY_NAMES)


def _assert_unique(values: pd.Series, what: str) -> None:
    dup = values[values.duplicated(keep=False)].tolist()
    assert not dup, f"duplicate {what}: {sorted(set(dup))}"


def _normalised(values: pd.Series) -> pd.Series:
    return values.str.replace(r"\s+", " ", regex=True).str.strip().str.casefold()


def test_isco_structure_has_unit_groups(isco_unit_groups: frozenset[str]) -> None:
    assert len(isco_unit_groups) > 400
    assert all(len(code) == 4 and code.isdigit() for code in isco_unit_groups)


def test_pmi_titles_wellformed(pmi: pd.DataFrame, isco_unit_groups: frozenset[str]) -> None:
    assert {"title", "isco08", "sector", "note"} <= set(pmi.columns)
    assert len(pmi) >= 350
    assert (pmi["title"].str.strip() != "").all()
    _assert_unique(pmi["title"], "PMI title")
    # distinct even after case and whitespace folding, so no row is a trivial copy of another
    _assert_unique(_normalised(pmi["title"]), "PMI title (case/space-folded)")
    bad_codes = sorted(set(pmi["isco08"]) - isco_unit_groups)
    assert not bad_codes, f"not ISCO-08 unit groups: {bad_codes}"
    bad_sectors = sorted(set(pmi["sector"]) - SECTORS)
    assert not bad_sectors, f"unknown sectors: {bad_sectors}"


def test_pmi_titles_coverage(pmi: pd.DataFrame) -> None:
    assert set(pmi["sector"]) == SECTORS, "every sector must be represented"
    shares = pmi["sector"].value_counts(normalize=True)
    assert shares["domestic"] >= 0.15
    assert shares["care"] >= 0.10
    assert shares["manufacturing"] >= 0.15
    hard = pmi["note"].str.startswith("hard")
    assert int(hard.sum()) >= 100, "need at least 100 hard titles (note starts with 'hard')"


def test_ilo_titles_wellformed(ilo: pd.DataFrame, isco_unit_groups: frozenset[str]) -> None:
    assert {"title", "isco08", "note"} <= set(ilo.columns)
    assert len(ilo) >= 250
    _assert_unique(ilo["title"], "ILO-style title")
    _assert_unique(_normalised(ilo["title"]), "ILO-style title (case/space-folded)")
    bad_codes = sorted(set(ilo["isco08"]) - isco_unit_groups)
    assert not bad_codes, f"not ISCO-08 unit groups: {bad_codes}"
    per_major = ilo["isco08"].str[0].value_counts()
    for major in "123456789":
        assert per_major.get(major, 0) >= 15, f"major group {major} has < 15 titles"


def test_country_names_wellformed(countries: pd.DataFrame) -> None:
    assert {"name", "iso2"} <= set(countries.columns)
    assert len(countries) >= 200
    assert (countries["name"].str.strip() != "").all()
    _assert_unique(countries["name"], "country name")
    invalid = sorted(
        code for code in set(countries["iso2"]) if pycountry.countries.get(alpha_2=code) is None
    )
    assert not invalid, f"not ISO 3166-1 alpha-2: {invalid}"
    assert (countries["iso2"] == countries["iso2"].str.upper()).all()
    # a name that differs only by case must not point to two countries
    folded = countries.assign(key=countries["name"].str.casefold())
    conflicts = folded.groupby("key")["iso2"].nunique()
    clashing = conflicts[conflicts > 1].index.tolist()
    assert not clashing, f"case-folded names mapped to several countries: {clashing}"


@pytest.mark.parametrize(("name", "iso2"), [("Hongkong", "HK"), ("Makau", "MO"), ("Taiwan", "TW")])
def test_country_anchor_rows(countries: pd.DataFrame, name: str, iso2: str) -> None:
    lookup = dict(zip(countries["name"], countries["iso2"], strict=True))
    assert lookup[name] == iso2


HELD_OUT_SETS = sorted(p.name for p in DATA.glob("pmi_titles_holdout*.csv"))


def test_held_out_sets_present() -> None:
    assert len(HELD_OUT_SETS) >= 11


@pytest.mark.parametrize("name", HELD_OUT_SETS)
def test_held_out_sets_wellformed(name: str, isco_unit_groups: frozenset[str]) -> None:
    data = pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
    assert list(data.columns[:3]) == ["title", "isco08", "sector"]
    assert len(data) >= 300
    assert not data["title"].str.casefold().str.strip().duplicated().any()
    assert set(data["isco08"]) <= isco_unit_groups
    assert set(data["sector"]) <= SECTORS
