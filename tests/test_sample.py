"""Tests of the synthetic sample generator (`matching.sample`)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from matching.sample import (
    DEFAULT_AS_OF,
    HISTORY_COLUMNS,
    SampleData,
    generate_sample,
    synthetic_dir,
    write_sample,
)
from models.schema import CANDIDATE_COLUMNS, JOB_ORDER_COLUMNS, QUOTA_COLUMNS, Sector

N_CAND, N_JO = 20_000, 2_000

FEMALE = {"P", "F", "Perempuan", "perempuan", "female", "Female"}
MALE = {"L", "M", "Laki-laki", "laki-laki", "male", "Male"}
EDU = {
    "SD": "SD",
    "Sekolah Dasar": "SD",
    "Primary school": "SD",
    "Elementary school": "SD",
    "SMP": "SMP",
    "SLTP": "SMP",
    "Junior high school": "SMP",
    "Junior High": "SMP",
    "SMA": "SMA",
    "SLTA": "SMA",
    "Senior high school": "SMA",
    "High school": "SMA",
    "SMK": "SMK",
    "Vocational high school": "SMK",
    "Vocational school": "SMK",
    "D1": "D",
    "D2": "D",
    "D3": "D",
    "Diploma": "D",
    "Diploma 3": "D",
    "S1": "S",
    "S2": "S",
    "D4": "S",
    "Bachelor": "S",
    "Bachelor degree": "S",
}
KNOWN_SCHEMES = {
    "g to g",
    "g2g",
    "gtog",
    "g to p",
    "g2p",
    "p to p",
    "p2p",
    "ptop",
    "ukps",
    "perseorangan",
    "mandiri",
    "spsk",
    "sistem penempatan satu kanal",
}


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return generate_sample(N_CAND, N_JO, seed=7)


def _country_codes() -> dict[str, str]:
    """Every written country variant in destinations.csv -> ISO code."""
    dest = pd.read_csv(synthetic_dir() / "destinations.csv", dtype=str, keep_default_na=False)
    out: dict[str, str] = {}
    for code, names in zip(dest["code"], dest["names"], strict=True):
        for part in names.split("|"):
            out[part.rpartition(":")[0]] = code
    return out


def _parse_dates(values: pd.Series) -> pd.Series:
    iso = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    dmy = pd.to_datetime(values, format="%d/%m/%Y", errors="coerce")
    return iso.fillna(dmy)


def _is_number(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.replace("", "0"), errors="coerce").notna()


# --- determinism and contract --------------------------------------------------------------------


def test_same_seed_identical_frames() -> None:
    a = generate_sample(1500, 150, seed=3)
    b = generate_sample(1500, 150, seed=3)
    for name in ("candidates", "job_orders", "quotas", "history"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_different_seed_different_frames() -> None:
    a = generate_sample(1500, 150, seed=3)
    b = generate_sample(1500, 150, seed=4)
    assert not a.candidates.equals(b.candidates)
    assert not a.job_orders.equals(b.job_orders)
    assert not a.history.equals(b.history)


def test_default_as_of_is_fixed() -> None:
    a = generate_sample(300, 30, seed=1)
    b = generate_sample(300, 30, seed=1, as_of=DEFAULT_AS_OF)
    pd.testing.assert_frame_equal(a.candidates, b.candidates)
    c = generate_sample(300, 30, seed=1, as_of=date(2027, 6, 30))
    assert not a.job_orders["valid_until"].equals(c.job_orders["valid_until"])


def test_columns_exactly_the_contract(sample: SampleData) -> None:
    assert tuple(sample.candidates.columns) == CANDIDATE_COLUMNS
    assert tuple(sample.job_orders.columns) == JOB_ORDER_COLUMNS
    assert tuple(sample.quotas.columns) == QUOTA_COLUMNS
    assert tuple(sample.history.columns) == HISTORY_COLUMNS
    assert len(sample.candidates) == N_CAND
    assert len(sample.job_orders) == N_JO
    for frame in (sample.candidates, sample.job_orders, sample.quotas):
        assert frame.map(lambda v: isinstance(v, str)).all().all()


def test_rejects_non_positive_sizes() -> None:
    with pytest.raises(ValueError):
        generate_sample(0, 10)


# --- distributions (DOMAIN §9.2) -------------------------------------------------------------------


def test_destination_shares(sample: SampleData) -> None:
    first = sample.candidates["preferred_countries"].str.split(";").str[0]
    first = first[first != ""]
    codes = first.map(_country_codes())
    assert codes.notna().all(), first[codes.isna()].unique()[:10]
    share = codes.value_counts(normalize=True) * 100
    for code, target in {"HK": 28, "TW": 27, "MY": 21, "KR": 4.5, "JP": 4.5, "SG": 3}.items():
        assert abs(share[code] - target) < max(2.0, 0.25 * target), (code, share[code])
    europe = share.reindex(["DE", "NL", "PL", "IT", "ES", "AT", "HU", "RO", "GB"]).sum()
    assert 2.0 < europe < 4.0


def test_female_share(sample: SampleData) -> None:
    g = sample.candidates["gender"]
    known = g.isin(FEMALE | MALE)
    assert known.mean() > 0.97
    female = g[known].isin(FEMALE).mean()
    assert 0.67 < female < 0.77  # ~72 %: 95 % of informal, 45 % of formal


def test_education_mix(sample: SampleData) -> None:
    edu = sample.candidates["education"].map(EDU)
    assert edu.notna().all(), sample.candidates["education"][edu.isna()].unique()
    share = edu.value_counts(normalize=True) * 100
    for key, target in {"SD": 20, "SMP": 35, "SMA": 25, "SMK": 12, "D": 5, "S": 3}.items():
        assert abs(share[key] - target) < 1.5, (key, share[key])


def test_age_bands(sample: SampleData) -> None:
    born = _parse_dates(sample.candidates["birth_date"]).dropna()
    age = (pd.Timestamp(DEFAULT_AS_OF) - born).dt.days / 365.2425
    assert age.min() >= 17.9 and age.max() < 57
    assert abs((age < 25).mean() - 0.20) < 0.03
    assert abs(((age >= 25) & (age < 35)).mean() - 0.45) < 0.03


def test_multi_valued_and_formats(sample: SampleData) -> None:
    c, j = sample.candidates, sample.job_orders
    assert c["languages"].str.contains(";").any()
    assert c["skills"].str.contains(";").any()
    dates = c["registered_at"]
    assert dates.str.match(r"^\d{4}-\d{2}-\d{2}$").mean() > 0.5
    assert dates.str.match(r"^\d{2}/\d{2}/\d{4}$").mean() > 0.2
    assert set(c["passport"].unique()) <= {"ya", "tidak", "yes", "no"}
    assert set(c["status"].unique()) == {"available", "placed", "withdrawn"}
    assert (c["status"] == "available").mean() > 0.8
    assert set(j["sector"].str.lower().unique()) <= {s.value for s in Sector}
    assert (j["gender"] == "").mean() > 0.6
    assert j["languages_required"].str.contains(r"JLPT N4|JFT-Basic").any()
    assert j["languages_required"].str.contains(r"EPS-TOPIK").any()


def test_niks_are_plausible(sample: SampleData) -> None:
    regions = pd.read_csv(synthetic_dir() / "regions.csv", dtype=str)
    nik = sample.candidates["nik"]
    ok = nik[nik.str.fullmatch(r"\d{16}")]
    assert ok.str[:4].isin(set(regions["code"])).all()
    day = ok.str[6:8].astype(int)
    assert ((day.between(1, 31)) | (day.between(41, 71))).all()


def test_job_order_demand_shape(sample: SampleData) -> None:
    j, c = sample.job_orders, sample.candidates
    slots = pd.to_numeric(j["slots"], errors="coerce")
    valid = slots[slots > 0]
    available = (c["status"] == "available").sum()
    assert 2.0 < valid.sum() / available < 2.8
    assert (valid <= 2).mean() > 0.15  # individual employers
    assert valid.max() >= 50  # factories, plantations, fleets
    scheme = j["scheme"].str.lower()
    hk_tw = j["country"].map(_country_codes()).isin(["HK", "TW"])
    assert not scheme[hk_tw].isin({"g to g", "g2g", "gtog", "g to p", "g2p"}).any()
    hk = (j["country"].map(_country_codes()) == "HK") & (j["currency"].isin(["HKD", "HK$"]))
    hk_salary = pd.to_numeric(j.loc[hk, "salary"])
    assert (hk_salary < 5100).any() and (hk_salary >= 5100).mean() > 0.8
    valid_until = _parse_dates(j["valid_until"])
    assert (valid_until < pd.Timestamp(DEFAULT_AS_OF)).mean() > 0.05
    assert (valid_until > pd.Timestamp(DEFAULT_AS_OF)).mean() > 0.75


def test_quotas(sample: SampleData) -> None:
    q = sample.quotas
    assert (q["sector"] == "").any() and (q["sector"] != "").any()
    assert set(q.loc[q["sector"] != "", "sector"]) <= {s.value for s in Sector}
    assert (pd.to_numeric(q["quota"]) > 0).all()


# --- defects ---------------------------------------------------------------------------------------


def test_candidate_defects_about_two_percent(sample: SampleData) -> None:
    c = sample.candidates
    bad_nik = ~c["nik"].str.fullmatch(r"\d{16}")
    assert 0.002 < bad_nik.mean() < 0.012
    defective = (
        bad_nik
        | ~c["gender"].isin(FEMALE | MALE)
        | _parse_dates(c["birth_date"]).isna()
        | ~_is_number(c["experience_years"])
        | (c["candidate_id"] == "")
    )
    assert 0.015 < defective.mean() < 0.025
    nonblank = c["candidate_id"] != ""
    assert c.loc[nonblank, "candidate_id"].duplicated().sum() > 0
    dup_nik = c["nik"].duplicated(keep=False) & ~bad_nik
    assert dup_nik.sum() > 0
    twins = c[dup_nik].groupby("nik")["registered_at"].nunique()
    assert (twins > 1).mean() > 0.9


def test_job_order_defects_about_two_percent(sample: SampleData) -> None:
    j = sample.job_orders
    slots = pd.to_numeric(j["slots"], errors="coerce")
    defective = (
        ~(slots > 0)
        | ~j["scheme"].str.lower().isin(KNOWN_SCHEMES)
        | (j["job_order_id"] == "")
        | _parse_dates(j["valid_until"]).isna()
        | ~j["gender"].isin(FEMALE | MALE | {""})
        | ~_is_number(j["experience_min"])
    )
    assert 0.012 < defective.mean() < 0.028


def test_defects_do_not_break_csv(sample: SampleData, tmp_path: Path) -> None:
    paths = write_sample(sample, tmp_path)
    back = pd.read_csv(paths["candidates"], dtype=str, keep_default_na=False)
    assert back.shape == sample.candidates.shape
    pd.testing.assert_frame_equal(back, sample.candidates, check_dtype=False)


# --- history ---------------------------------------------------------------------------------------


def test_history_references_existing_ids(sample: SampleData) -> None:
    h = sample.history
    assert len(h) == N_CAND // 2
    assert h["candidate_id"].isin(set(sample.candidates["candidate_id"])).all()
    assert h["job_order_id"].isin(set(sample.job_orders["job_order_id"])).all()
    assert (h["candidate_id"] != "").all() and (h["job_order_id"] != "").all()
    assert set(h["placed"].unique()) == {0, 1}
    assert set(h["completed_contract"].unique()) == {0, 1}
    assert (h["completed_contract"] <= h["placed"]).all()
    matched = pd.to_datetime(h["matched_at"], format="%Y-%m-%d")
    assert (matched <= pd.Timestamp(DEFAULT_AS_OF)).all()


def test_history_outcomes_carry_signal(sample: SampleData) -> None:
    """Same-ISCO matches are placed more often than cross-major-group ones (latent model works)."""
    occ = pd.read_csv(synthetic_dir() / "occupations.csv", dtype=str, keep_default_na=False)
    title_isco = {
        t.lower(): int(code)
        for titles, code in zip(occ["titles"], occ["isco08"], strict=True)
        for t in titles.split("|")
    }
    cand = sample.candidates.drop_duplicates("candidate_id").set_index("candidate_id")
    jobs = sample.job_orders.drop_duplicates("job_order_id").set_index("job_order_id")
    h = sample.history.copy()
    h["ci"] = h["candidate_id"].map(cand["occupation"].str.lower().map(title_isco))
    h["ji"] = h["job_order_id"].map(jobs["occupation"].str.lower().map(title_isco))
    h = h.dropna(subset=["ci", "ji"])
    same = h.loc[h["ci"] == h["ji"], "placed"].mean()
    other = h.loc[(h["ci"] // 1000) != (h["ji"] // 1000), "placed"].mean()
    assert same > other + 0.15, (same, other)
    assert 0.3 < sample.history["placed"].mean() < 0.5
    placed = sample.history[sample.history["placed"] == 1]
    assert 0.6 < placed["completed_contract"].mean() < 0.8


# --- writing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_write_sample_four_files_deterministic(fmt: str, tmp_path: Path) -> None:
    s = generate_sample(400, 40, seed=11)
    a = write_sample(s, tmp_path / "a", fmt=fmt)  # type: ignore[arg-type]
    b = write_sample(generate_sample(400, 40, seed=11), tmp_path / "b", fmt=fmt)  # type: ignore[arg-type]
    assert set(a) == {"candidates", "job_orders", "quotas", "history"}
    for name, path in a.items():
        assert path.exists() and path.suffix == f".{fmt}"
        assert path.read_bytes() == b[name].read_bytes(), name
    if fmt == "xlsx":
        back = pd.read_excel(a["job_orders"], dtype=str, keep_default_na=False)
        assert list(back.columns) == list(JOB_ORDER_COLUMNS)
        assert len(back) == 40
    else:
        text = a["candidates"].read_text(encoding="utf-8")
        assert "\r\n" not in text
        assert re.match(",".join(CANDIDATE_COLUMNS), text)


def test_write_sample_rejects_unknown_format(tmp_path: Path) -> None:
    s = generate_sample(50, 10, seed=0)
    with pytest.raises(ValueError):
        write_sample(s, tmp_path, fmt="json")  # type: ignore[arg-type]


def test_occupation_catalogue_is_valid() -> None:
    occ = pd.read_csv(synthetic_dir() / "occupations.csv", dtype=str, keep_default_na=False)
    isco = pd.read_csv(
        Path(synthetic_dir()).parent / "reference" / "isco08_structure.csv", dtype=str
    )
    unit = set(isco.loc[isco["level"] == "4", "code"])
    assert 40 <= len(occ) <= 60
    assert occ["isco08"].isin(unit).all()
    assert set(occ["sector"]) <= {s.value for s in Sector}
    assert (occ["titles"].str.count(r"\|") >= 3).all()
    assert np.isclose(
        pd.read_csv(synthetic_dir() / "regions.csv")["weight"].sum(), 100.0, atol=0.01
    )
