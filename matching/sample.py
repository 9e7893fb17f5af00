"""Synthetic sample generator: candidates (CPMI), job orders, quotas and a match history.

Every distribution follows `/work/shared/DOMAIN.md` §5-§9; the parameters live in data files under
``data/synthetic/`` (occupations, destinations, languages, regions), not in this module.
``docs/SAMPLE_DATA.md`` documents each distribution, its DOMAIN source and the latent outcome
model behind ``history``.

The output is deliberately messy, the way registrations and job orders arrive at a BP3MI desk:
country and title variants with typos, mixed date and gender formats, and about 2 % of rows carrying
one defect each (plus a few duplicate NIKs and ids). Which rows are defective is recorded nowhere:
the readers must find them.

Everything is vectorised with numpy (loops run per occupation, destination or defect kind, never per
row), and deterministic: the same arguments give identical frames and byte-identical files.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from matching.paths import data_dir
from models.schema import (
    CANDIDATE_COLUMNS,
    JOB_ORDER_COLUMNS,
    LIST_SEPARATOR,
    QUOTA_COLUMNS,
    Sector,
)

__all__ = [
    "DEFAULT_AS_OF",
    "HISTORY_COLUMNS",
    "SampleData",
    "generate_sample",
    "synthetic_dir",
    "write_sample",
]

Arr = npt.NDArray[Any]

DEFAULT_AS_OF = date(2026, 1, 15)
HISTORY_COLUMNS: tuple[str, ...] = (
    "candidate_id",
    "job_order_id",
    "matched_at",
    "placed",
    "completed_contract",
)

# --- knobs that are about the *shape* of the mess, not about the domain ---------------------------
DEFECT_RATE = 0.02  # share of candidate / job-order rows carrying exactly one defect
DUP_NIK_RATE = 0.003  # same person registered twice (different registered_at)
DUP_ID_RATE = 0.001  # two different rows sharing an id
TYPO_RATE = 0.10  # titles with an injected typo / odd case
SLOTS_PER_AVAILABLE = 2.4  # DOMAIN §9.3
MAX_SLOTS = 400  # largest single order (a plantation or factory demand letter)
HOST_MIN_WAGE_HK = 5100  # HK$ Minimum Allowable Wage from 30 Sep 2025 (DOMAIN §8)

# DOMAIN §9.2 (approximate, general knowledge): age bands and education mix.
AGE_BANDS = ((18, 25, 0.20), (25, 35, 0.45), (35, 45, 0.28), (45, 56, 0.07))
EDU_SHARES = (0.20, 0.35, 0.25, 0.12, 0.05, 0.03)  # SD, SMP, SMA, SMK, D1-D3, S1+
EDU_KEYS = ("SD", "SMP", "SMA", "SMK", "D3", "S1")
EDU_LEVEL = {"SD": 0, "SMP": 1, "SMA": 2, "SMK": 3, "D3": 4, "S1": 5}
# Written forms; English equivalents occasionally.
EDU_VARIANTS: tuple[tuple[tuple[str, float], ...], ...] = (
    (("SD", 90), ("Sekolah Dasar", 4), ("Primary school", 3), ("Elementary school", 3)),
    (("SMP", 92), ("SLTP", 2), ("Junior high school", 4), ("Junior High", 2)),
    (("SMA", 92), ("SLTA", 2), ("Senior high school", 4), ("High school", 2)),
    (("SMK", 94), ("Vocational high school", 4), ("Vocational school", 2)),
    (("D3", 78), ("D1", 8), ("D2", 4), ("Diploma 3", 5), ("Diploma", 5)),
    (("S1", 84), ("D4", 5), ("S2", 4), ("Bachelor", 5), ("Bachelor degree", 2)),
)
SECTOR_VALUES = tuple(s.value for s in Sector)

PROVINCE_ABBR = {
    "Jawa Timur": "Jatim",
    "Jawa Tengah": "Jateng",
    "Jawa Barat": "Jabar",
    "Nusa Tenggara Barat": "NTB",
    "Nusa Tenggara Timur": "NTT",
    "Sumatera Utara": "Sumut",
    "Sumatera Selatan": "Sumsel",
    "Sumatera Barat": "Sumbar",
    "DI Yogyakarta": "DIY",
    "Kalimantan Barat": "Kalbar",
    "Kalimantan Utara": "Kaltara",
    "Kalimantan Timur": "Kaltim",
    "Sulawesi Selatan": "Sulsel",
    "Sulawesi Tenggara": "Sultra",
    "Kepulauan Riau": "Kepri",
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- Indonesian names (plausible, common) ----------------------------------------------------------
FEMALE_FIRST = _words(
    "Siti Nur Sri Dewi Tri Eka Rina Yuli Wati Sumiati Suparmi Sutinah Lestari Rini Ani Yanti "
    "Nining Warsini Tarsini Kartini Marni Painem Juminah Karsih Dasih Ratna Fitri Nurul Ayu Putri "
    "Indah Wulan Desi Novi Mega Lina Eni Umi Khotimah Aminah Fatimah Halimah Maryam Ningsih Suwarni "
    "Sulastri Ernawati Suryani Masitah Rohmah Titin Tuti Yati Iis Euis Neneng Imas Cucu Enok Lilis "
    "Nani Elis Wiwin Erna Dwi Anik Musrifah Mujiati Sarmi Kasmirah Rasminah Tarmi Diah Atik Endang"
)
FEMALE_SECOND = _words(
    "Lestari Rahayu Wulandari Sari Handayani Puspitasari Ningsih Susanti Rahmawati Safitri "
    "Anggraini Kurniasih Aminah Hartini Purwanti Suryani Maesaroh Nurhayati Setyowati Yuliana "
    "Kusumawati Fitriani Mulyani Hidayati Komariah Sulastri Widyastuti Pratiwi Permatasari Utami "
    "Astuti Nuraini Khasanah Zulaikha Muawanah Sholihah Wahyuni Daryati Marlina Herlina"
)
MALE_FIRST = _words(
    "Agus Budi Eko Dwi Joko Slamet Heru Bambang Wahyu Rudi Andi Ahmad Muhammad Moh. Abdul Yusuf "
    "Imam Rizki Dedi Deni Asep Ujang Dadang Cecep Ade Iwan Hendra Arif Fajar Dimas Bayu Yoga Adi "
    "Teguh Sugeng Suparman Sutrisno Supriyadi Sukardi Darmaji Lalu Zainal Saiful Hamdan Irfan "
    "Rahmat Hasan Husein Ridwan Sandi Tono Kusnadi Wawan Sapto Anton Yanto Puji Edi Rohmat Mulyono"
)
MALE_SECOND = _words(
    "Saputra Setiawan Hidayat Nugroho Pratama Santoso Wijaya Kurniawan Firmansyah Ramadhan "
    "Prasetyo Gunawan Susanto Hermawan Syahputra Maulana Hakim Fauzi Rahman Suryadi Wibowo "
    "Purnomo Kusuma Anwar Ashari Mubarok Hidayatullah Irawan Sutanto Haryanto Efendi Nurdin "
    "Sholeh Mansur Ismail Subagyo Sulistyo Riyanto Basuki Prabowo"
)
BATAK_SURNAMES = _words(
    "Siregar Nasution Lubis Harahap Simanjuntak Sitorus Hutapea Sinaga Pasaribu Tambunan"
)
BALI_FEMALE = ("Ni Luh", "Ni Made", "Ni Putu", "Ni Komang", "Ni Wayan", "Ni Ketut")
BALI_MALE = ("I Made", "I Wayan", "I Putu", "I Ketut", "I Nyoman", "I Komang", "I Gede")

EMPLOYER_WORDS = _words(
    "Golden Sunrise Pacific Harmony Evergreen Lucky Grand Royal Prime Global United Bright "
    "Oriental Star Ocean Crystal Silver Diamond Greenfield Unity Fortune Apex Summit Everest "
    "Lotus Phoenix Jade Pearl Victory Crown Eagle Horizon Sakura Hanil Daewon Formosa Nusantara "
    "Rainbow Sentosa Alpha"
)
SECTOR_WORDS = {
    "care": ("Care Home", "Nursing Home", "Senior Living", "Elderly Care", "Welfare"),
    "health": ("Hospital", "Medical Center", "Healthcare", "Clinic"),
    "manufacturing": (
        "Electronics",
        "Industries",
        "Manufacturing",
        "Precision",
        "Textile",
        "Foods",
    ),
    "construction": ("Construction", "Engineering", "Builders", "Contracting"),
    "fishery": ("Fishery", "Marine Products", "Ocean Fishing", "Seafood"),
    "agriculture": ("Plantation", "Agro", "Farm", "Estate"),
    "hospitality": ("Hotel", "Resort", "Restaurant Group", "Hospitality"),
    "transport": ("Logistics", "Transport", "Freight"),
    "other": ("Services", "Facility Management", "Trading", "Auto Service"),
    "domestic": ("Home Services",),
}
AGENCY_WORDS = ("Employment Agency", "Manpower Services", "Recruitment", "Maid Agency", "Agensi")
HONORIFICS = (("Mr.", 35), ("Mrs.", 30), ("Ms.", 12), ("Madam", 10), ("Tuan", 8), ("Nyonya", 5))

JO_NOISE_PREFIX = ("Dibutuhkan ", "DIBUTUHKAN ", "Lowongan ", "URGENT ", "Urgent! ", "Segera: ")
JO_NOISE_SUFFIX = (" urgent", " (urgent)", " - segera", " dibutuhkan", " (L/P)", " - URGENT")
CAND_NOISE_SUFFIX = (" berpengalaman", " (pengalaman)", " / helper", " siap kerja")

_PLACEHOLDER = re.compile(r"\{(\d+)-(\d+)\}")
_RESTRICTED = re.compile(r"^[A-Z]{2}:")  # "JP:SSW Kaigo skill test": only for that destination
_TWO = np.array([f"{i:02d}" for i in range(100)], dtype=object)
_FOUR = np.array([f"{i:04d}" for i in range(10000)], dtype=object)
_EPOCH = np.datetime64("1970-01-01", "D")


# =================================================================================================
# Public API
# =================================================================================================


@dataclass
class SampleData:
    """The four generated tables, all cell values as strings written to CSV (history: 0/1 ints)."""

    candidates: pd.DataFrame
    job_orders: pd.DataFrame
    quotas: pd.DataFrame
    history: pd.DataFrame


def synthetic_dir() -> Path:
    """Folder holding the generator's parameter files."""
    return data_dir() / "synthetic"


def generate_sample(
    n_candidates: int,
    n_job_orders: int,
    seed: int = 0,
    as_of: date | None = None,
    n_history: int | None = None,
) -> SampleData:
    """Generate a deterministic synthetic sample.

    ``as_of`` is the run date the data describe (default 2026-01-15, never today's date);
    ``n_history`` defaults to half the number of candidates.
    """
    if n_candidates < 1 or n_job_orders < 1:
        raise ValueError("n_candidates and n_job_orders must be positive")
    as_of = as_of or DEFAULT_AS_OF
    cat = _catalogue(str(synthetic_dir()))
    ss = np.random.SeedSequence(seed)
    rng_c, rng_j, rng_q, rng_h, rng_dc, rng_dj = (np.random.default_rng(s) for s in ss.spawn(6))
    today = int((np.datetime64(as_of, "D") - _EPOCH).astype(np.int64))

    cand_cols, cand = _candidates(cat, rng_c, n_candidates, today)
    n_avail = int(np.count_nonzero(cand.status == 0))
    jo_cols, jo = _job_orders(cat, rng_j, n_job_orders, today, n_avail)
    _candidate_defects(cat, rng_dc, cand_cols, cand)
    _job_order_defects(rng_dj, jo_cols, jo)
    quotas = _quotas(cat, rng_q, jo)
    n_hist = n_candidates // 2 if n_history is None else n_history
    history = _history(cat, rng_h, cand, jo, cand_cols, jo_cols, n_hist, today, seed)

    return SampleData(
        candidates=_frame(cand_cols, CANDIDATE_COLUMNS),
        job_orders=_frame(jo_cols, JOB_ORDER_COLUMNS),
        quotas=quotas,
        history=history,
    )


def write_sample(
    sample: SampleData, out_dir: Path, fmt: Literal["csv", "xlsx"] = "csv"
) -> dict[str, Path]:
    """Write the four tables as ``candidates``, ``job_orders``, ``quotas``, ``history`` files.

    CSV is UTF-8 with ``\\n`` line ends; XLSX files get fixed timestamps so both are byte-identical
    for identical samples.
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown format {fmt!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "candidates": sample.candidates,
        "job_orders": sample.job_orders,
        "quotas": sample.quotas,
        "history": sample.history,
    }
    paths: dict[str, Path] = {}
    for name, frame in tables.items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        else:
            _write_xlsx(frame, path, name)
        paths[name] = path
    return paths


# =================================================================================================
# Parameter files
# =================================================================================================


@dataclass
class _Variants:
    values: Arr  # object array of strings
    probs: Arr


@dataclass
class _Catalogue:
    # destinations
    d_code: list[str]
    d_share: Arr
    d_inf: Arr
    d_cur: list[_Variants]
    d_wage_inf: Arr
    d_wage_formal: Arr
    d_round: Arr
    d_wage_min: Arr
    d_names: list[_Variants]
    d_lang: Arr  # language index or -1
    d_cand_lang_p: Arr
    d_jo_lang_level: Arr
    d_jo_lang_p: Arr
    d_schemes: list[list[_Variants]]  # [informal, formal] per destination
    d_surnames: list[list[str]]
    d_suffix: list[list[str]]
    # languages
    langs: list[str]
    lang_cand: dict[tuple[int, int], _Variants]
    lang_job: dict[tuple[int, int], _Variants]
    # occupations
    o_key: list[str]
    o_isco: Arr  # int codes
    o_sector: list[str]
    o_formal: Arr  # bool
    o_weight: Arr
    o_female: Arr
    o_edu_shift: Arr
    o_demand: Arr
    o_jo_size: Arr
    o_wage: Arr
    o_g2g: Arr
    o_edu_min: Arr  # level or -1
    o_exp_min: Arr
    o_titles: list[list[str]]
    o_skills: list[list[str]]
    o_certs: list[list[str]]
    o_cert_dest: list[list[int]]  # destination a certificate is specific to (-1: any)
    # (occupation, destination) -> required language, level, probability for job orders
    req_lang: Arr
    req_level: Arr
    req_p: Arr
    # regions
    r_province: list[str]
    r_regency: Arr
    r_city: Arr
    r_code: Arr
    r_weight: Arr
    r_prov_idx: Arr
    provinces: list[str]
    # derived
    joint: Arr = field(default_factory=lambda: np.zeros(0))  # P(destination, occupation) supply


def _parse_variants(spec: str) -> _Variants:
    vals: list[str] = []
    weights: list[float] = []
    for part in str(spec).split("|"):
        if not part:
            continue
        head, sep, tail = part.rpartition(":")
        if sep and re.fullmatch(r"\d+(\.\d+)?", tail):
            vals.append(head)
            weights.append(float(tail))
        else:
            vals.append(part)
            weights.append(1.0)
    w = np.asarray(weights, dtype=float)
    return _Variants(np.asarray(vals, dtype=object), w / w.sum())


def _split(spec: object, sep: str = "|") -> list[str]:
    if spec is None or (isinstance(spec, float) and np.isnan(spec)):
        return []
    return [p for p in str(spec).split(sep) if p]


@functools.lru_cache(maxsize=4)
def _catalogue(folder: str) -> _Catalogue:
    base = Path(folder)

    def rd(path: Path) -> pd.DataFrame:
        return pd.read_csv(path, dtype=str, keep_default_na=False)

    dest = rd(base / "destinations.csv")
    lang = rd(base / "languages.csv")
    occ = rd(base / "occupations.csv")
    reg = rd(base / "regions.csv")

    langs = sorted(set(lang["lang"]))
    li = {k: i for i, k in enumerate(langs)}
    lang_rows = list(
        zip(
            lang["lang"],
            lang["level"],
            lang["candidate_variants"],
            lang["job_variants"],
            strict=True,
        )
    )
    lang_cand = {(li[k], int(lv)): _parse_variants(cv) for k, lv, cv, _ in lang_rows}
    lang_job = {(li[k], int(lv)): _parse_variants(jv) for k, lv, _, jv in lang_rows}

    codes = list(dest["code"])
    di = {c: i for i, c in enumerate(codes)}
    f = functools.partial(np.asarray, dtype=float)
    d_lang = np.array([li.get(x, -1) if x else -1 for x in dest["lang"]], dtype=np.int64)

    n_occ, n_dest = len(occ), len(dest)
    edu_min = np.array([EDU_LEVEL.get(x, -1) for x in occ["education_min"]], dtype=np.int64)
    req_lang = np.tile(d_lang, (n_occ, 1))
    req_level = np.tile(f(dest["jo_lang_level"]).astype(np.int64), (n_occ, 1))
    req_p = np.tile(f(dest["jo_lang_prob"]), (n_occ, 1))
    aff = np.zeros((n_occ, n_dest))
    for o, row in enumerate(occ.itertuples()):
        default = 0.0
        for item in _split(row.destinations, ";"):
            k, _, v = item.partition(":")
            if k == "*":
                default = float(v)
            else:
                aff[o, di[k]] = float(v)
        aff[o, aff[o] == 0] = default
        specs = [s.split(":") for s in _split(row.languages, ";")]
        for k, lg, lv, p in sorted(specs, key=lambda s: s[0] != "*"):  # wildcard first
            cols = list(range(n_dest)) if k == "*" else [di[k]]
            req_lang[o, cols] = li[lg]
            req_level[o, cols] = int(lv)
            req_p[o, cols] = float(p)

    provinces = sorted(set(reg["province"]), key=list(reg["province"]).index)
    pi = {p: i for i, p in enumerate(provinces)}
    weight = f(reg["weight"])

    cat = _Catalogue(
        d_code=codes,
        d_share=f(dest["share"]),
        d_inf=f(dest["informal_share"]),
        d_cur=[_parse_variants(x) for x in dest["currency_variants"]],
        d_wage_inf=f(dest["wage_informal"]),
        d_wage_formal=f(dest["wage_formal"]),
        d_round=f(dest["wage_round"]),
        d_wage_min=f(dest["wage_min_formal"]),
        d_names=[_parse_variants(x) for x in dest["names"]],
        d_lang=d_lang,
        d_cand_lang_p=f(dest["cand_lang_prob"]),
        d_jo_lang_level=f(dest["jo_lang_level"]).astype(np.int64),
        d_jo_lang_p=f(dest["jo_lang_prob"]),
        d_schemes=[
            [_parse_variants(a), _parse_variants(b)]
            for a, b in zip(dest["schemes_informal"], dest["schemes_formal"], strict=True)
        ],
        d_surnames=[_split(x) for x in dest["employer_surnames"]],
        d_suffix=[_split(x) for x in dest["company_suffix"]],
        langs=langs,
        lang_cand=lang_cand,
        lang_job=lang_job,
        o_key=list(occ["key"]),
        o_isco=occ["isco08"].astype(np.int64).to_numpy(),
        o_sector=list(occ["sector"]),
        o_formal=(occ["formal"] == "yes").to_numpy(),
        o_weight=f(occ["weight"]),
        o_female=f(occ["female_share"]),
        o_edu_shift=f(occ["edu_shift"]),
        o_demand=f(occ["demand_factor"]),
        o_jo_size=f(occ["jo_size"]),
        o_wage=f(occ["wage_factor"]),
        o_g2g=(occ["g2g"] == "yes").to_numpy(),
        o_edu_min=edu_min,
        o_exp_min=f(occ["experience_min"]).astype(np.int64),
        o_titles=[_split(x) for x in occ["titles"]],
        o_skills=[_split(x) for x in occ["skills"]],
        o_certs=[[_RESTRICTED.sub("", c) for c in _split(x)] for x in occ["certificates"]],
        o_cert_dest=[
            [di[c[:2]] if _RESTRICTED.match(c) else -1 for c in _split(x)]
            for x in occ["certificates"]
        ],
        req_lang=req_lang,
        req_level=req_level,
        req_p=req_p,
        r_province=list(reg["province"]),
        r_regency=reg["regency"].to_numpy(dtype=object),
        r_city=(reg["level"] == "city").to_numpy(),
        r_code=reg["code"].to_numpy(dtype=object),
        r_weight=weight / weight.sum(),
        r_prov_idx=np.array([pi[p] for p in reg["province"]], dtype=np.int64),
        provinces=provinces,
    )
    bad = sorted(set(cat.o_sector) - set(SECTOR_VALUES))
    if bad:
        raise ValueError(f"occupations.csv: unknown sectors {bad}")
    cat.joint = _joint(cat, aff)
    return cat


def _joint(cat: _Catalogue, aff: Arr) -> Arr:
    """P(destination, occupation) of supply by iterative proportional fitting.

    Margins: destination share x informal share (DOMAIN §9.2) per (destination, formality), and the
    occupation weights rescaled to the informal/formal totals; the seed is the affinity matrix.
    """
    n_dest = len(cat.d_code)
    mass = np.stack([cat.d_share * cat.d_inf, cat.d_share * (1 - cat.d_inf)])  # (2, n_dest)
    mass /= mass.sum()
    formal = cat.o_formal.astype(np.int64)
    seed = np.zeros((2, n_dest, len(cat.o_key)))
    for fidx in (0, 1):
        seed[fidx] = (aff * (formal == fidx)[:, None]).T
    empty = (mass > 0) & (seed.sum(axis=2) == 0)
    if empty.any():
        where = [(("informal", "formal")[a], cat.d_code[b]) for a, b in np.argwhere(empty)]
        raise ValueError(f"occupations.csv: no occupation serves {where}")
    col = cat.o_weight
    target_col = np.zeros_like(col)
    for fidx in (0, 1):
        sel = formal == fidx
        target_col[sel] = col[sel] / col[sel].sum() * mass[fidx].sum()
    m = seed.copy()
    for _ in range(500):
        rows = m.sum(axis=2)
        m *= np.divide(mass, rows, out=np.zeros_like(mass), where=rows > 0)[:, :, None]
        cols = m.sum(axis=(0, 1))
        m *= np.divide(target_col, cols, out=np.zeros_like(cols), where=cols > 0)[None, None, :]
        if np.abs(m.sum(axis=2) - mass).max() < 1e-9:
            break
    joint = m.sum(axis=0)
    return joint / joint.sum()


# =================================================================================================
# Vectorised string helpers
# =================================================================================================


def _obj(values: Any, n: int | None = None) -> Arr:
    if n is not None:
        out = np.empty(n, dtype=object)
        out[:] = values
        return out
    return np.asarray(values, dtype=object)


def _choice(rng: np.random.Generator, var: _Variants, n: int) -> Arr:
    """Draw ``n`` variants; ``{a-b}`` placeholders become random integers in [a, b]."""
    idx = rng.choice(len(var.values), size=n, p=var.probs)
    out: Arr = var.values[idx]
    for k, v in enumerate(var.values):
        m = _PLACEHOLDER.search(v)
        if m is None:
            continue
        sel = np.flatnonzero(idx == k)
        nums = rng.integers(int(m.group(1)), int(m.group(2)) + 1, size=sel.size)
        out[sel] = v[: m.start()] + nums.astype(str).astype(object) + v[m.end() :]
    return out


def _choice_by_group(
    rng: np.random.Generator, group: Arr, table: dict[int, _Variants] | list[_Variants]
) -> Arr:
    """Per-row draw from the variants of the row's group (loop over groups, not rows)."""
    out = _obj("", len(group))
    for g in np.unique(group):
        sel = np.flatnonzero(group == g)
        out[sel] = _choice(rng, table[int(g)], sel.size)
    return out


def _pick(rng: np.random.Generator, options: tuple[str, ...] | list[str], n: int) -> Arr:
    return np.asarray(options, dtype=object)[rng.integers(len(options), size=n)]


def _weighted(rng: np.random.Generator, pairs: tuple[tuple[str, float], ...], n: int) -> Arr:
    vals = np.asarray([p[0] for p in pairs], dtype=object)
    w = np.asarray([p[1] for p in pairs], dtype=float)
    return vals[rng.choice(len(vals), size=n, p=w / w.sum())]


def _join(*parts: Arr, sep: str = LIST_SEPARATOR) -> Arr:
    """Join string columns with ``sep``, skipping empty parts."""
    out = parts[0].copy()
    for p in parts[1:]:
        s = np.where((out != "") & (p != ""), sep, "").astype(object)
        out = out + s + p
    return out


def _upper(values: Arr) -> Arr:
    u, inv = np.unique(values.astype(str), return_inverse=True)
    return np.asarray([x.upper() for x in u], dtype=object)[inv]


def _subset_strings(
    rng: np.random.Generator,
    group: Arr,
    items: list[list[str]],
    p_first: float,
    p_other: float,
    at_least_one: bool,
    dest: Arr | None = None,
    only_for: list[list[int]] | None = None,
    max_items: int = 8,
) -> tuple[Arr, Arr]:
    """For each row, a random subset of its group's items joined by ';' plus the subset bitmask.

    Per group: draw inclusion bits, encode them as an integer, look the string up in a table of all
    2^k subsets (k <= 8), so no Python work per row.
    """
    n = len(group)
    out = _obj("", n)
    code = np.zeros(n, dtype=np.int64)
    for g in np.unique(group):
        its = items[int(g)][:max_items]
        k = len(its)
        if k == 0:
            continue
        sel = np.flatnonzero(group == g)
        probs = np.full(k, p_other)
        probs[0] = p_first
        bits = rng.random((sel.size, k)) < probs
        if dest is not None and only_for is not None:
            od = np.asarray(only_for[int(g)][:k])
            bits &= (od[None, :] < 0) | (od[None, :] == dest[sel][:, None])
        if at_least_one:
            none = ~bits.any(axis=1)
            bits[np.flatnonzero(none), rng.integers(k, size=int(none.sum()))] = True
        c = bits @ (1 << np.arange(k))
        table = np.asarray(
            [LIST_SEPARATOR.join(its[j] for j in range(k) if m >> j & 1) for m in range(1 << k)],
            dtype=object,
        )
        out[sel] = table[c]
        code[sel] = c
    return out, code


def _ymd(days: Arr) -> tuple[Arr, Arr, Arr]:
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    y = months.astype("datetime64[Y]").astype(np.int64) + 1970
    m = months.astype(np.int64) % 12 + 1
    dd = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, dd


def _years_str(y: Arr) -> Arr:
    lo = int(y.min()) if y.size else 0
    table = np.asarray([str(v) for v in range(lo, int(y.max()) + 1 if y.size else 1)], dtype=object)
    return table[y - lo]


def _fmt_dates(days: Arr, dmy: Arr) -> Arr:
    """ISO ``YYYY-MM-DD`` or, where ``dmy``, ``DD/MM/YYYY``."""
    if days.size == 0:
        return _obj([])
    y, m, d = _ymd(days)
    ys, ms, ds = _years_str(y), _TWO[m], _TWO[d]
    return np.where(dmy, ds + "/" + ms + "/" + ys, ys + "-" + ms + "-" + ds).astype(object)


def _ids(prefix: str, n: int, width: int) -> Arr:
    nums = np.strings.zfill(np.arange(1, n + 1).astype(str), width)
    return (prefix + nums.astype(object)).astype(object)


def _typo_table(rng: np.random.Generator, titles: list[str], k: int = 8) -> Arr:
    """k misspelt / odd-case versions of every distinct title (loop over distinct titles only)."""
    table = np.empty((len(titles), k), dtype=object)
    kinds = rng.choice(5, size=(len(titles), k), p=[0.25, 0.2, 0.2, 0.2, 0.15])
    pos = rng.random((len(titles), k))
    for i, t in enumerate(titles):
        for j in range(k):
            table[i, j] = _typo(t, int(kinds[i, j]), float(pos[i, j]))
    return table


def _typo(t: str, kind: int, u: float) -> str:
    letters = [i for i, ch in enumerate(t) if ch.isalpha()]
    if len(letters) < 3:
        return t.upper()
    i = letters[1 + int(u * (len(letters) - 1)) % (len(letters) - 1)]
    if kind == 0:  # dropped letter
        return t[:i] + t[i + 1 :]
    if kind == 1:  # doubled letter
        return t[:i] + t[i] + t[i:]
    if kind == 2:  # swapped neighbours
        j = i - 1
        return t[:j] + t[i] + t[j] + t[i + 1 :]
    if kind == 3:  # odd case
        return t.upper() if u < 0.5 else t.lower()
    return "".join(ch.upper() if n % 2 else ch.lower() for n, ch in enumerate(t))  # aLtErNaTiNg


def _titles(
    rng: np.random.Generator,
    cat: _Catalogue,
    occ: Arr,
    noise_rate: float,
    prefixes: tuple[str, ...],
    suffixes: tuple[str, ...],
    country: Arr,
    country_pattern: tuple[str, ...],
) -> Arr:
    """Title variant per row, ~10 % typos, some noise words and a country mention."""
    flat: list[str] = []
    offsets = []
    for ts in cat.o_titles:
        offsets.append(len(flat))
        flat.extend(ts)
    n_t = np.asarray([len(ts) for ts in cat.o_titles])
    start = np.asarray(offsets)
    # Earlier variants are commoner: weight 1/sqrt(rank) by inverse-CDF on a uniform.
    u = rng.random(len(occ))
    k = n_t[occ]
    r = np.floor(k * u**1.6).astype(np.int64)
    tidx = start[occ] + np.minimum(r, k - 1)
    out = np.asarray(flat, dtype=object)[tidx]
    typo = np.flatnonzero(rng.random(len(occ)) < TYPO_RATE)
    table = _typo_table(rng, flat)
    out[typo] = table[tidx[typo], rng.integers(table.shape[1], size=typo.size)]
    noisy = np.flatnonzero(rng.random(len(occ)) < noise_rate)
    kind = rng.integers(3, size=noisy.size)
    pre, suf, ctry = noisy[kind == 0], noisy[kind == 1], noisy[kind == 2]
    out[pre] = _pick(rng, prefixes, pre.size) + out[pre]
    out[suf] = out[suf] + _pick(rng, suffixes, suf.size)
    pattern = _pick(rng, country_pattern, ctry.size)
    out[ctry] = out[ctry] + pattern + country[ctry]
    out[ctry] = np.where(np.char.endswith(pattern.astype(str), "("), out[ctry] + ")", out[ctry])
    return out


def _country_names(rng: np.random.Generator, cat: _Catalogue, dest: Arr) -> Arr:
    return _choice_by_group(rng, dest, cat.d_names)


# =================================================================================================
# Candidates (supply)
# =================================================================================================


@dataclass
class _Cand:
    """Latent (clean, numeric) attributes of generated candidates; the CSV holds messy strings."""

    dest: Arr
    occ: Arr
    female: Arr
    birth: Arr  # days since epoch
    edu: Arr  # 0..5 = SD, SMP, SMA, SMK, D1-D3, S1+
    exp: Arr
    lang: Arr  # destination-language index, -1 none
    lang_level: Arr
    en_level: Arr
    region: Arr
    prov: Arr
    cert: Arr  # bitmask over the occupation's certificates
    passport: Arr
    unfit: Arr
    registered: Arr
    status: Arr  # 0 available, 1 placed, 2 withdrawn
    usable: Arr  # row may appear in history (not defective, id unique)


def _candidates(
    cat: _Catalogue, rng: np.random.Generator, n: int, today: int
) -> tuple[dict[str, Arr], _Cand]:
    n_occ = len(cat.o_key)
    cell = rng.choice(cat.joint.size, size=n, p=cat.joint.ravel())
    dest, occ = cell // n_occ, cell % n_occ
    formal = cat.o_formal[occ]
    female = rng.random(n) < cat.o_female[occ]

    band = rng.choice(len(AGE_BANDS), size=n, p=[b[2] for b in AGE_BANDS])
    lo = np.asarray([b[0] for b in AGE_BANDS])[band]
    hi = np.asarray([b[1] for b in AGE_BANDS])[band]
    age = lo + rng.random(n) * (hi - lo)
    birth = today - np.round(age * 365.2425).astype(np.int64)

    # Education: latent score (occupation shift + noise) cut at the DOMAIN quantiles, so the overall
    # mix is exact while skilled occupations get the higher levels.
    z = cat.o_edu_shift[occ] + rng.normal(0.0, 1.0, n)
    order = np.argsort(z, kind="stable")
    bounds = np.floor(np.cumsum((0.0, *EDU_SHARES)) * n).astype(np.int64)
    bounds[-1] = n
    edu = np.empty(n, dtype=np.int64)
    for k in range(len(EDU_SHARES)):
        edu[order[bounds[k] : bounds[k + 1]]] = k

    exp_raw = rng.gamma(1.3, 2.3, n) * np.where(formal, 1.1, 1.0)
    exp_raw[rng.random(n) < 0.3] = 0.0
    exp = np.minimum(np.round(exp_raw), np.floor(age - 17)).astype(np.int64).clip(0, 30)

    region = rng.choice(len(cat.r_weight), size=n, p=cat.r_weight)
    prov = cat.r_prov_idx[region]

    # Languages: the destination's language (likelier for returnees), English by education.
    lang = cat.d_lang[dest].copy()
    p_lang = np.minimum(0.95, cat.d_cand_lang_p[dest] + 0.25 * (exp >= 2))
    has = (lang >= 0) & (rng.random(n) < p_lang)
    lang_level = np.where(has, rng.choice([1, 2, 3], size=n, p=[0.5, 0.35, 0.15]), 0)
    lang = np.where(has, lang, -1)
    en = cat.langs.index("en")
    p_en = np.asarray([0.05, 0.08, 0.25, 0.25, 0.55, 0.7])[edu]
    has_en = rng.random(n) < p_en
    en_level = np.where(
        has_en,
        np.where(
            edu >= 4,
            rng.choice([1, 2, 3], size=n, p=[0.3, 0.45, 0.25]),
            rng.choice([1, 2, 3], size=n, p=[0.6, 0.32, 0.08]),
        ),
        0,
    )
    merge = lang == en  # destination language is English: keep one English entry
    en_level = np.where(merge, np.maximum(en_level, lang_level), en_level)
    lang = np.where(merge, -1, lang)
    lang_level = np.where(merge, 0, lang_level)

    certs, cert = _subset_strings(
        rng, occ, cat.o_certs, 0.45, 0.2, at_least_one=False, dest=dest, only_for=cat.o_cert_dest
    )
    skills, _ = _subset_strings(rng, occ, cat.o_skills, 0.6, 0.45, at_least_one=True)
    skills[rng.random(n) < 0.06] = ""

    lang_str = _obj("", n)
    en_str = _obj("", n)
    for (li, lv), var in cat.lang_cand.items():
        sel = np.flatnonzero((lang == li) & (lang_level == lv))
        lang_str[sel] = _choice(rng, var, sel.size)
        if li == en:
            sel = np.flatnonzero(en_level == lv)
            en_str[sel] = _choice(rng, var, sel.size)
    order_flip = rng.random(n) < 0.3
    languages = np.where(order_flip, _join(en_str, lang_str), _join(lang_str, en_str)).astype(
        object
    )

    passport = rng.random(n) < np.where(exp > 0, 0.45, 0.2)
    med = rng.choice(4, size=n, p=[0.30, 0.15, 0.02, 0.53])  # fit, pending, unfit, blank
    registered = today - np.where(
        rng.random(n) < 0.75, rng.integers(0, 366, n), rng.integers(366, 1100, n)
    )
    status = rng.choice(3, size=n, p=[0.85, 0.10, 0.05])

    cols: dict[str, Arr] = {}
    cols["candidate_id"] = _ids("CPMI", n, 7)
    cols["full_name"] = _names(rng, cat, female, prov)
    cols["nik"] = _niks(rng, cat, region, birth, female)
    cols["gender"] = _gender_strings(rng, female)
    cols["birth_date"] = _fmt_dates(birth, rng.random(n) < 0.4)
    cols["province"], cols["regency"] = _region_strings(rng, cat, region)
    cols["education"] = _choice_by_group(
        rng, edu, [_parse_variants("|".join(f"{v}:{w}" for v, w in e)) for e in EDU_VARIANTS]
    )
    primary = _country_names(rng, cat, dest)
    cols["occupation"] = _titles(
        rng, cat, occ, 0.03, ("Ex ", "Eks "), CAND_NOISE_SUFFIX, primary, (" ex ", " eks ")
    )
    cols["skills"] = skills
    exp_str = exp.astype(str).astype(object)
    half = rng.random(n) < 0.02  # a few "1.5"-style entries
    exp_str[half] = exp_str[half] + ".5"
    cols["experience_years"] = exp_str
    cols["languages"] = languages
    cols["certificates"] = certs
    cols["preferred_countries"] = _preferred(rng, cat, dest, primary)
    cols["passport"] = _yes_no(rng, passport, 0.25)
    medical = np.asarray(["fit", "pending", "unfit", ""], dtype=object)[med]
    caps = rng.random(n) < 0.1
    medical[caps] = _upper(medical[caps]) if caps.any() else medical[caps]
    cols["medical"] = medical
    cols["registered_at"] = _fmt_dates(registered, rng.random(n) < 0.35)
    cols["status"] = np.asarray(["available", "placed", "withdrawn"], dtype=object)[status]

    state = _Cand(
        dest=dest,
        occ=occ,
        female=female,
        birth=birth,
        edu=edu,
        exp=exp,
        lang=lang,
        lang_level=lang_level,
        en_level=en_level,
        region=region,
        prov=prov,
        cert=cert,
        passport=passport,
        unfit=med == 2,
        registered=registered,
        status=status,
        usable=np.ones(n, dtype=bool),
    )
    return cols, state


def _names(rng: np.random.Generator, cat: _Catalogue, female: Arr, prov: Arr) -> Arr:
    n = len(female)
    first = np.where(female, _pick(rng, FEMALE_FIRST, n), _pick(rng, MALE_FIRST, n))
    second = np.where(female, _pick(rng, FEMALE_SECOND, n), _pick(rng, MALE_SECOND, n))
    two = rng.random(n) < 0.65
    name = np.where(two & (first != second), first + " " + second, first).astype(object)
    pname = np.asarray(cat.provinces, dtype=object)[prov]
    batak = (pname == "Sumatera Utara") & (rng.random(n) < 0.5)
    name[batak] = first[batak] + " " + _pick(rng, BATAK_SURNAMES, int(batak.sum()))
    bali = np.flatnonzero((pname == "Bali") & (rng.random(n) < 0.8))
    bal = np.where(
        female[bali], _pick(rng, BALI_FEMALE, bali.size), _pick(rng, BALI_MALE, bali.size)
    )
    name[bali] = bal + " " + second[bali]
    sasak = np.flatnonzero((pname == "Nusa Tenggara Barat") & (rng.random(n) < 0.2))
    name[sasak] = np.where(female[sasak], "Baiq ", "Lalu ") + name[sasak]
    caps = rng.random(n) < 0.15  # as printed on the e-KTP
    name[caps] = _upper(name[caps]) if caps.any() else name[caps]
    return name


def _niks(rng: np.random.Generator, cat: _Catalogue, region: Arr, birth: Arr, female: Arr) -> Arr:
    """NIK = regency code (4) + district (2) + birth DDMMYY (women: DD + 40) + serial (4)."""
    n = len(region)
    _, m, d = _ymd(birth)
    y, _, _ = _ymd(birth)
    dd = d + np.where(female, 40, 0)
    district = rng.integers(1, 25, n)
    serial = rng.integers(1, 10000, n)
    stem = cat.r_code[region] + _TWO[district] + _TWO[dd] + _TWO[m] + _TWO[y % 100]
    nik = stem + _FOUR[serial]
    for _ in range(20):  # re-draw the serial of accidental collisions
        dup = pd.Series(nik).duplicated().to_numpy()
        if not dup.any():
            break
        idx = np.flatnonzero(dup)
        nik[idx] = stem[idx] + _FOUR[rng.integers(1, 10000, idx.size)]
    return nik


def _gender_strings(rng: np.random.Generator, female: Arr) -> Arr:
    fmt = rng.choice(5, size=len(female), p=[0.5, 0.2, 0.1, 0.08, 0.12])
    table = np.asarray(
        [
            ["L", "P"],
            ["M", "F"],
            ["Laki-laki", "Perempuan"],
            ["laki-laki", "perempuan"],
            ["male", "female"],
        ],
        dtype=object,
    )
    out: Arr = table[fmt, female.astype(np.int64)]
    cap = (fmt == 4) & (rng.random(len(female)) < 0.5)
    out[cap] = np.where(female[cap], "Female", "Male")
    return out


def _region_strings(rng: np.random.Generator, cat: _Catalogue, region: Arr) -> tuple[Arr, Arr]:
    n = len(region)
    pnames = np.asarray(cat.r_province, dtype=object)[region]
    style = rng.choice(4, size=n, p=[0.8, 0.08, 0.08, 0.04])
    prov = pnames.copy()
    up = style == 1
    prov[up] = _upper(pnames[up]) if up.any() else prov[up]
    ab = np.flatnonzero(style == 2)
    abbr = np.asarray([PROVINCE_ABBR.get(p, p) for p in cat.r_province], dtype=object)[region]
    prov[ab] = abbr[ab]
    prov[style == 3] = "Prov. " + pnames[style == 3]

    base = cat.r_regency[region]
    city = cat.r_city[region]
    s = rng.random(n)
    reg = base.copy()
    c1 = city & (s >= 0.6) & (s < 0.9)
    reg[c1] = "Kota " + base[c1]
    c2 = city & (s >= 0.9)
    reg[c2] = "KOTA " + _upper(base[c2]) if c2.any() else reg[c2]
    r1 = ~city & (s >= 0.6) & (s < 0.85)
    reg[r1] = "Kab. " + base[r1]
    r2 = ~city & (s >= 0.85) & (s < 0.95)
    reg[r2] = "Kabupaten " + base[r2]
    r3 = ~city & (s >= 0.95)
    reg[r3] = "KAB. " + _upper(base[r3]) if r3.any() else reg[r3]
    return prov, reg


def _preferred(rng: np.random.Generator, cat: _Catalogue, dest: Arr, primary: Arr) -> Arr:
    n = len(dest)
    share = cat.d_share / cat.d_share.sum()
    d2 = rng.choice(len(share), size=n, p=share)
    d3 = rng.choice(len(share), size=n, p=share)
    s2 = _country_names(rng, cat, d2)
    s3 = _country_names(rng, cat, d3)
    s2[(d2 == dest) | (rng.random(n) >= 0.35)] = ""
    s3[(d3 == dest) | (d3 == d2) | (rng.random(n) >= 0.10)] = ""
    out = _join(primary, s2, s3)
    out[rng.random(n) < 0.04] = ""
    return out


def _yes_no(rng: np.random.Generator, flag: Arr, p_english: float) -> Arr:
    english = rng.random(len(flag)) < p_english
    table = np.asarray([["tidak", "ya"], ["no", "yes"]], dtype=object)
    out: Arr = table[english.astype(np.int64), flag.astype(np.int64)]
    return out


# =================================================================================================
# Job orders (demand)
# =================================================================================================


@dataclass
class _Jo:
    dest: Arr
    occ: Arr
    formal: Arr
    slots: Arr
    scheme: Arr  # scheme string (canonical)
    gender: Arr  # 0 any, 1 women, 2 men
    age_min: Arr  # float, nan = none
    age_max: Arr
    edu_min: Arr  # -1 none
    exp_min: Arr
    lang: Arr  # -1 none
    lang_level: Arr
    cert: Arr  # bitmask of required certificates
    salary: Arr
    valid: Arr
    verified: Arr
    usable: Arr


def _job_orders(
    cat: _Catalogue, rng: np.random.Generator, m: int, today: int, n_available: int
) -> tuple[dict[str, Arr], _Jo]:
    n_occ = len(cat.o_key)
    p_individual = 0.45  # informal orders from a single household: 1-2 slots
    mean_size = np.where(
        cat.o_formal, cat.o_jo_size, p_individual * 1.2 + (1 - p_individual) * cat.o_jo_size
    )
    # Slots per occupation ∝ supply x demand factor (over-supply of nurses, shortage of welders).
    w = cat.joint * (cat.o_demand / mean_size)[None, :]
    cell = rng.choice(w.size, size=m, p=(w / w.sum()).ravel())
    dest, occ = cell // n_occ, cell % n_occ
    formal = cat.o_formal[occ]
    sector = np.asarray(cat.o_sector, dtype=object)[occ]

    # Scheme by destination and formality; G to G only where an agreement covers the occupation.
    scheme = _obj("", m)
    for d in np.unique(dest):
        for fidx in (0, 1):
            sel = np.flatnonzero((dest == d) & (formal == bool(fidx)))
            if sel.size:
                scheme[sel] = _choice(rng, cat.d_schemes[int(d)][fidx], sel.size)
    gov = ((scheme == "G to G") | (scheme == "G to P")) & ~cat.o_g2g[occ]
    scheme[gov] = "P to P"
    spsk_wrong = (scheme == "SPSK") & (sector != "domestic")
    scheme[spsk_wrong] = "P to P"

    individual = ~formal & ((rng.random(m) < p_individual) | (scheme == "perseorangan"))
    slots = _slots(rng, cat, occ, individual, n_available)

    gender = np.zeros(m, dtype=np.int64)
    care = np.isin(sector, ["domestic", "care"])
    gender[care & (rng.random(m) < 0.35)] = 1
    manly = np.isin(sector, ["construction", "fishery"])
    gender[manly & (rng.random(m) < 0.15)] = 2
    other = ~care & ~manly & (rng.random(m) < 0.04)
    gender[other] = rng.integers(1, 3, int(other.sum()))
    # Household drivers are asked for as men; a household that wants a woman says so.
    driver = np.asarray(cat.o_key, dtype=object)[occ] == "household_driver"
    gender[driver & (gender == 1)] = 2

    amin_opts = np.asarray([18, 20, 21, 21, 23, 25], dtype=float)
    amax_opts = np.asarray([35, 38, 40, 40, 43, 45, 50], dtype=float)
    age_min = amin_opts[rng.integers(len(amin_opts), size=m)]
    age_max = amax_opts[rng.integers(len(amax_opts), size=m)]
    has_age = rng.random(m)
    age_min[has_age < 0.3] = np.nan
    age_max[(has_age < 0.3) | ((has_age >= 0.3) & (has_age < 0.4))] = np.nan
    age_min[(has_age >= 0.4) & (has_age < 0.45)] = np.nan
    kr = np.asarray(cat.d_code, dtype=object)[dest] == "KR"
    eps = kr & (scheme == "G to G")
    age_min[eps], age_max[eps] = 18.0, 39.0  # EPS: 18-39 (DOMAIN §8)

    edu_min = cat.o_edu_min[occ].copy()
    edu_min[rng.random(m) < 0.2] = -1
    exp_min = (cat.o_exp_min[occ] + rng.choice([-1, 0, 0, 0, 1], size=m)).clip(0, None)

    rlang = cat.req_lang[occ, dest]
    rlevel = cat.req_level[occ, dest]
    p_req = np.where(eps, 1.0, cat.req_p[occ, dest])
    need = (rlang >= 0) & (rng.random(m) < p_req)
    lang = np.where(need, rlang, -1)
    lang_level = np.where(need, rlevel, 0)
    lang_str = _obj("", m)
    for (li, lv), var in cat.lang_job.items():
        sel = np.flatnonzero((lang == li) & (lang_level == lv))
        lang_str[sel] = _choice(rng, var, sel.size)

    p_cert = np.where(formal, 0.5, 0.2)
    certs, cert = _subset_strings(
        rng, occ, cat.o_certs, 1.0, 0.15, at_least_one=False, dest=dest, only_for=cat.o_cert_dest
    )
    no_cert = rng.random(m) >= p_cert
    certs[no_cert] = ""
    cert[no_cert] = 0
    skills, _ = _subset_strings(rng, occ, cat.o_skills, 0.5, 0.35, at_least_one=True)
    skills[rng.random(m) < 0.25] = ""

    salary = _salaries(rng, cat, dest, occ, formal)
    valid = today + np.where(
        rng.random(m) < 0.85, rng.integers(14, 541, m), rng.integers(-200, 0, m)
    )
    verified = rng.random(m) < 0.88

    cols: dict[str, Arr] = {}
    cols["job_order_id"] = _ids("JO-", m, 6)
    n_p3mi = max(10, m // 40)
    rank = np.arange(1, n_p3mi + 1, dtype=float)
    p3mi = _ids("P3MI-", n_p3mi, 4)[rng.choice(n_p3mi, size=m, p=rank**-1.1 / (rank**-1.1).sum())]
    p3mi[np.isin(scheme, ["G to G", "G to P"])] = "BP2MI"
    p3mi[scheme == "perseorangan"] = ""
    cols["p3mi_id"] = p3mi
    cols["scheme"] = _scheme_strings(rng, scheme)
    country = _country_names(rng, cat, dest)
    cols["country"] = country
    cols["employer"] = _employers(rng, cat, dest, sector, individual, formal)
    cols["occupation"] = _titles(
        rng, cat, occ, 0.12, JO_NOISE_PREFIX, JO_NOISE_SUFFIX, country, (" - ", " (", " ")
    )
    sec = sector.copy()
    caps = rng.random(m) < 0.05
    sec[caps] = np.asarray([s.capitalize() for s in sec[caps]], dtype=object)
    cols["sector"] = sec
    cols["slots"] = slots.astype(str).astype(object)
    cols["gender"] = _jo_gender_strings(rng, gender)
    cols["age_min"] = _num_or_blank(age_min)
    cols["age_max"] = _num_or_blank(age_max)
    edu_str = _obj("", m)
    has_edu = edu_min >= 0
    edu_str[has_edu] = np.asarray(EDU_KEYS, dtype=object)[edu_min[has_edu]]
    cols["education_min"] = edu_str
    exp_str = exp_min.astype(str).astype(object)
    exp_str[rng.random(m) < 0.15] = ""
    cols["experience_min"] = exp_str
    cols["languages_required"] = lang_str
    cols["certificates_required"] = certs
    cols["skills"] = skills
    cols["salary"] = salary.astype(np.int64).astype(str).astype(object)
    cols["currency"] = _choice_by_group(rng, dest, cat.d_cur)
    cols["valid_until"] = _fmt_dates(valid, rng.random(m) < 0.4)
    cols["verified"] = _yes_no(rng, verified, 0.3)

    state = _Jo(
        dest=dest,
        occ=occ,
        formal=formal,
        slots=slots,
        scheme=scheme,
        gender=gender,
        age_min=age_min,
        age_max=age_max,
        edu_min=edu_min,
        exp_min=exp_min,
        lang=lang,
        lang_level=lang_level,
        cert=cert,
        salary=salary,
        valid=valid,
        verified=verified,
        usable=np.ones(m, dtype=bool),
    )
    return cols, state


def _slots(
    rng: np.random.Generator, cat: _Catalogue, occ: Arr, individual: Arr, n_available: int
) -> Arr:
    """Heavy-tailed order sizes scaled so total slots ≈ 2.4 x available candidates (DOMAIN §9.3)."""
    m = len(occ)
    ind = np.where(rng.random(m) < 0.8, 1, 2)
    raw = cat.o_jo_size[occ] * (1.0 + rng.pareto(1.5, m)) / 3.0  # Lomax(1.5): mean 3
    raw = np.minimum(raw, 8 * cat.o_jo_size[occ])
    target = SLOTS_PER_AVAILABLE * n_available - ind[individual].sum()
    bulk = raw[~individual].sum()
    scale = max(target, 0.0) / bulk if bulk > 0 else 1.0
    for _ in range(3):  # rounding and the floor of 1 shift the total a little: iterate
        sized = np.maximum(1, np.round(raw * scale)).astype(np.int64)
        got = sized[~individual].sum()
        if got == 0 or target <= 0:
            break
        scale *= target / got
    sized = np.minimum(np.maximum(1, np.round(raw * scale)), MAX_SLOTS).astype(np.int64)
    return np.where(individual, ind, sized)


def _salaries(rng: np.random.Generator, cat: _Catalogue, dest: Arr, occ: Arr, formal: Arr) -> Arr:
    m = len(dest)
    base = np.where(formal, cat.d_wage_formal[dest], cat.d_wage_inf[dest]) * cat.o_wage[occ]
    sal = base * rng.lognormal(0.0, 0.12, m)
    code = np.asarray(cat.d_code, dtype=object)[dest]
    # Hong Kong domestic helpers: most at the Minimum Allowable Wage, ~10 % under it (protection
    # rule to exercise), some above.
    hk = np.flatnonzero((code == "HK") & ~formal)
    u = rng.random(hk.size)
    hk_sal = np.full(hk.size, float(HOST_MIN_WAGE_HK))
    low = u < 0.10
    hk_sal[low] = rng.choice([4500.0, 4630.0, 4870.0, 4990.0], size=int(low.sum()))
    high = u >= 0.75
    hk_sal[high] = HOST_MIN_WAGE_HK + rng.integers(1, 91, int(high.sum())) * 10.0
    sal[hk] = hk_sal
    # Taiwan household caregivers: NT$20,000 floor, a few on the old 17,000 rate.
    tw = np.flatnonzero((code == "TW") & ~formal)
    sal[tw] = np.maximum(sal[tw], 20000.0)
    sal[tw[rng.random(tw.size) < 0.03]] = 17000.0
    # Formal work: never under the host country's statutory minimum (where one is listed).
    floor = np.where(formal, cat.d_wage_min[dest], 0.0)
    step = cat.d_round[dest]
    return np.maximum(np.round(sal / step) * step, np.ceil(floor / step) * step)


def _scheme_strings(rng: np.random.Generator, scheme: Arr) -> Arr:
    variants = {
        "G to G": ("G to G", 80, "G2G", 10, "GtoG", 5, "G TO G", 5),
        "G to P": ("G to P", 85, "G2P", 15),
        "P to P": ("P to P", 85, "P2P", 8, "PtoP", 4, "P TO P", 3),
        "UKPS": ("UKPS", 100),
        "perseorangan": ("perseorangan", 60, "Perseorangan", 25, "mandiri", 15),
        "SPSK": ("SPSK", 90, "Sistem Penempatan Satu Kanal", 10),
    }
    out = scheme.copy()
    for key, spec in variants.items():
        sel = np.flatnonzero(scheme == key)
        pairs = tuple((str(spec[i]), float(spec[i + 1])) for i in range(0, len(spec), 2))
        out[sel] = _weighted(rng, pairs, sel.size)
    return out


def _jo_gender_strings(rng: np.random.Generator, gender: Arr) -> Arr:
    m = len(gender)
    women = _weighted(rng, (("F", 40), ("P", 20), ("Perempuan", 20), ("Female", 20)), m)
    men = _weighted(rng, (("M", 40), ("L", 20), ("Laki-laki", 20), ("Male", 20)), m)
    out: Arr = np.where(gender == 1, women, np.where(gender == 2, men, "")).astype(object)
    return out


def _num_or_blank(x: Arr) -> Arr:
    out = _obj("", len(x))
    ok = ~np.isnan(x)
    out[ok] = x[ok].astype(np.int64).astype(str).astype(object)
    return out


def _employers(
    rng: np.random.Generator,
    cat: _Catalogue,
    dest: Arr,
    sector: Arr,
    individual: Arr,
    formal: Arr,
) -> Arr:
    m = len(dest)
    word = _pick(rng, EMPLOYER_WORDS, m)
    out = _obj("", m)
    for d in np.unique(dest):
        in_d = dest == d
        suffix = cat.d_suffix[int(d)] or ["Ltd."]
        sel = np.flatnonzero(in_d)
        out[sel] = " " + _pick(rng, suffix, sel.size)
        ind = np.flatnonzero(in_d & individual)
        names = cat.d_surnames[int(d)] or ["Smith", "Brown", "Garcia", "Rossi", "Novak"]
        out[ind] = _weighted(rng, HONORIFICS, ind.size) + " " + _pick(rng, names, ind.size)
    agency = np.flatnonzero(~individual & ~formal)
    out[agency] = word[agency] + " " + _pick(rng, AGENCY_WORDS, agency.size) + out[agency]
    comp = np.flatnonzero(~individual & formal)
    sw = _obj("", comp.size)
    for s in np.unique(sector[comp]):
        sel = np.flatnonzero(sector[comp] == s)
        sw[sel] = _pick(rng, SECTOR_WORDS[str(s)], sel.size)
    out[comp] = word[comp] + " " + sw + out[comp]
    return out


# =================================================================================================
# Defects and duplicates
# =================================================================================================

CANDIDATE_DEFECTS = (
    "nik_short",
    "nik_letters",
    "birth_date_impossible",
    "gender_unknown",
    "experience_text",
    "empty_id",
)
JOB_ORDER_DEFECTS = (
    "slots_zero",
    "slots_negative",
    "slots_text",
    "scheme_unknown",
    "empty_id",
    "valid_until_impossible",
    "gender_unknown",
    "experience_text",
)
_IMPOSSIBLE_DATES = ("31/02/{y}", "30/02/{y}", "{y}-02-30", "{y}-13-01", "31/04/{y}", "00/05/{y}")
_NUMBER_WORDS = ("lima", "dua tahun", "tiga", "satu setengah", "belum ada", "sepuluh")


def _defect_plan(
    rng: np.random.Generator, n: int, kinds: tuple[str, ...], n_dup: int, n_dup_id: int
) -> tuple[dict[str, Arr], Arr, Arr, Arr, Arr]:
    """Rows and kinds of defects, duplicate-NIK (source, target) and duplicate-id pairs."""
    n_def = round(DEFECT_RATE * n)
    perm = rng.permutation(n)
    rows = perm[:n_def]
    kind = rng.integers(len(kinds), size=n_def)
    rest = perm[n_def:]
    half = len(rest) // 2
    n_dup = min(n_dup, half)
    n_dup_id = min(n_dup_id, max(0, (half - n_dup) // 2))
    src, tgt = rest[:n_dup], rest[half : half + n_dup]
    id_src = rest[n_dup : n_dup + n_dup_id]
    id_tgt = rest[half + n_dup : half + n_dup + n_dup_id]
    plan = {k: np.sort(rows[kind == i]) for i, k in enumerate(kinds)}
    return plan, src, tgt, id_src, id_tgt


def _candidate_defects(
    cat: _Catalogue, rng: np.random.Generator, cols: dict[str, Arr], st: _Cand
) -> None:
    n = len(st.occ)
    n_dup = round(DUP_NIK_RATE * n) if n >= 100 else 0
    n_dup_id = round(DUP_ID_RATE * n) if n >= 500 else 0
    plan, src, tgt, id_src, id_tgt = _defect_plan(rng, n, CANDIDATE_DEFECTS, n_dup, n_dup_id)

    # Same person registered twice: identity copied, own registered_at / occupation / status.
    for c in ("full_name", "nik", "gender", "birth_date", "province", "regency", "education"):
        cols[c][tgt] = cols[c][src]
    recased = tgt[rng.random(tgt.size) < 0.3]
    cols["full_name"][recased] = _upper(cols["full_name"][recased]) if recased.size else []
    for a in ("female", "birth", "edu", "region", "prov"):
        getattr(st, a)[tgt] = getattr(st, a)[src]
    cols["candidate_id"][id_tgt] = cols["candidate_id"][id_src]
    st.usable[np.concatenate([id_src, id_tgt])] = False

    nik = cols["nik"]
    r = plan["nik_short"]
    cut = rng.integers(6, 16, r.size)
    nik[r] = np.asarray(
        [s[:i] + s[i + 1 :] for s, i in zip(nik[r], cut, strict=True)], dtype=object
    )
    r = plan["nik_letters"]
    pos = rng.integers(6, 16, r.size)
    letter = _pick(rng, ("O", "I", "B", "S", "l"), r.size)
    nik[r] = np.asarray(
        [s[:i] + ch + s[i + 1 :] for s, i, ch in zip(nik[r], pos, letter, strict=True)],
        dtype=object,
    )
    r = plan["birth_date_impossible"]
    y, _, _ = _ymd(st.birth[r])
    pattern = _pick(rng, _IMPOSSIBLE_DATES, r.size)
    cols["birth_date"][r] = np.asarray(
        [p.format(y=v) for p, v in zip(pattern, y, strict=True)], dtype=object
    )
    r = plan["gender_unknown"]
    cols["gender"][r] = _pick(rng, ("X", "X", "?", "-", "W"), r.size)
    r = plan["experience_text"]
    cols["experience_years"][r] = _pick(rng, _NUMBER_WORDS, r.size)
    cols["candidate_id"][plan["empty_id"]] = ""
    for rows in plan.values():
        st.usable[rows] = False
    st.usable[tgt] = False


def _job_order_defects(rng: np.random.Generator, cols: dict[str, Arr], st: _Jo) -> None:
    m = len(st.occ)
    n_dup_id = max(1, round(3 * DUP_ID_RATE * m)) if m >= 100 else 0
    plan, _, _, id_src, id_tgt = _defect_plan(rng, m, JOB_ORDER_DEFECTS, 0, n_dup_id)
    cols["slots"][plan["slots_zero"]] = "0"
    r = plan["slots_negative"]
    cols["slots"][r] = "-" + st.slots[r].astype(str).astype(object)
    r = plan["slots_text"]
    cols["slots"][r] = _pick(rng, ("sepuluh", "lima belas", "dua puluh", "banyak"), r.size)
    r = plan["scheme_unknown"]
    cols["scheme"][r] = _pick(rng, ("B to B", "P to G", "agency", "calo", "G to B"), r.size)
    cols["job_order_id"][plan["empty_id"]] = ""
    r = plan["valid_until_impossible"]
    y, _, _ = _ymd(st.valid[r])
    pattern = _pick(rng, _IMPOSSIBLE_DATES, r.size)
    cols["valid_until"][r] = np.asarray(
        [p.format(y=v) for p, v in zip(pattern, y, strict=True)], dtype=object
    )
    r = plan["gender_unknown"]
    cols["gender"][r] = _pick(rng, ("X", "?", "L/P/X"), r.size)
    r = plan["experience_text"]
    cols["experience_min"][r] = _pick(rng, _NUMBER_WORDS, r.size)
    cols["job_order_id"][id_tgt] = cols["job_order_id"][id_src]
    for rows in plan.values():
        st.usable[rows] = False
    st.usable[np.concatenate([id_src, id_tgt])] = False


# =================================================================================================
# Quotas
# =================================================================================================


def _quotas(cat: _Catalogue, rng: np.random.Generator, jo: _Jo) -> pd.DataFrame:
    """Per-country and per-(country, sector) quotas around the generated demand; some binding."""
    sector = np.asarray(cat.o_sector, dtype=object)[jo.occ]
    df = pd.DataFrame({"dest": jo.dest, "sector": sector, "slots": jo.slots})
    by_cs = df.groupby(["dest", "sector"], sort=True)["slots"].sum().reset_index()
    by_c = df.groupby("dest", sort=True)["slots"].sum()
    rows: list[tuple[int, str, float]] = []
    top = set(by_c.sort_values(ascending=False, kind="stable").index[:6].tolist())
    keep_c = [d for d in by_c.index if d in top or rng.random() < 0.5]
    for d in keep_c:
        rows.append((int(d), "", float(by_c[d]) * rng.uniform(0.6, 1.4)))
    keep_cs = rng.random(len(by_cs)) < 0.5
    factor = rng.uniform(0.3, 1.5, len(by_cs))
    for (d, s, slots), k, f in zip(by_cs.itertuples(index=False), keep_cs, factor, strict=True):
        if k:
            rows.append((int(d), str(s), float(slots) * f))
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in QUOTA_COLUMNS})
    dest = np.asarray([r[0] for r in rows])
    names = _country_names(rng, cat, dest)
    # Quota tables come from a ministry spreadsheet: mostly the first (canonical) country variant.
    canonical = np.asarray([cat.d_names[d].values[0] for d in dest], dtype=object)
    tidy = rng.random(len(rows)) < 0.7
    names = np.where(tidy, canonical, names).astype(object)
    quota = np.maximum(1, np.round([r[2] for r in rows])).astype(np.int64)
    out = pd.DataFrame(
        {
            "country": names,
            "sector": np.asarray([r[1] for r in rows], dtype=object),
            "quota": quota.astype(str).astype(object),
        },
        columns=list(QUOTA_COLUMNS),
    )
    return out


# =================================================================================================
# History and its latent outcome model (documented in docs/SAMPLE_DATA.md)
# =================================================================================================

# How much the destination language matters, per destination (latent model, not a DOMAIN figure).
LANG_WEIGHT = {"JP": 1.6, "KR": 1.4, "DE": 1.2, "AT": 1.2, "NL": 1.0, "TW": 0.9, "HK": 0.9}
LANG_WEIGHT_DEFAULT = 0.4
# Known migration networks (province, destination) on top of a random province x country effect.
NETWORK_BOOST = {
    ("Nusa Tenggara Barat", "MY"): 0.5,
    ("Nusa Tenggara Barat", "SA"): 0.3,
    ("Jawa Timur", "HK"): 0.3,
    ("Jawa Timur", "TW"): 0.3,
    ("Jawa Tengah", "TW"): 0.2,
    ("Jawa Barat", "SA"): 0.4,
    ("Sumatera Utara", "MY"): 0.4,
    ("Lampung", "MY"): 0.2,
    ("Bali", "JP"): 0.3,
}
PLACED_RATE = 0.40
COMPLETED_RATE = 0.70
_EDU_RANK = np.asarray([0, 1, 2, 2, 3, 4])  # SMA = SMK on the ladder


def _sigmoid(x: Arr) -> Arr:
    out: Arr = 1.0 / (1.0 + np.exp(-x))
    return out


def _calibrate(x: Arr, target: float) -> float:
    """Intercept b with mean(sigmoid(x + b)) = target (bisection)."""
    lo, hi = -30.0, 30.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if _sigmoid(x + mid).mean() < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _same_group(rng: np.random.Generator, cand_key: Arr, pool: Arr, want: Arr) -> Arr:
    """For each wanted key, a random candidate of ``pool`` with that key (-1 when none)."""
    keys = cand_key[pool]
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    lo = np.searchsorted(sk, want, side="left")
    hi = np.searchsorted(sk, want, side="right")
    cnt = hi - lo
    pick = lo + np.floor(rng.random(len(want)) * np.maximum(cnt, 1)).astype(np.int64)
    out = np.where(cnt > 0, pool[order[np.minimum(pick, len(pool) - 1)]], -1)
    return out


def _history(
    cat: _Catalogue,
    rng: np.random.Generator,
    cand: _Cand,
    jo: _Jo,
    cand_cols: dict[str, Arr],
    jo_cols: dict[str, Arr],
    n_hist: int,
    today: int,
    seed: int,
) -> pd.DataFrame:
    cpool = np.flatnonzero(cand.usable)
    jpool = np.flatnonzero(jo.usable & (jo.slots > 0))
    if n_hist <= 0 or cpool.size == 0 or jpool.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in HISTORY_COLUMNS})
    w = jo.slots[jpool].astype(float) ** 0.7
    j = jpool[rng.choice(jpool.size, size=n_hist, p=w / w.sum())]

    # Past matches are mostly within the same occupation group, some across (the scorer must learn
    # that those fail more often).
    c_isco = cat.o_isco[cand.occ]
    j_isco = cat.o_isco[jo.occ[j]]
    mode = rng.choice(4, size=n_hist, p=[0.55, 0.15, 0.15, 0.15])
    c = cpool[rng.integers(cpool.size, size=n_hist)]
    for k, div in ((0, 1), (1, 10), (2, 100)):
        sel = np.flatnonzero(mode == k)
        got = _same_group(rng, c_isco // div, cpool, j_isco[sel] // div)
        c[sel] = np.where(got >= 0, got, c[sel])

    day = today - rng.integers(30, 721, n_hist)
    matched = np.minimum(np.maximum(day, cand.registered[c] + 7), today)

    x = _placement_logit(cat, cand, jo, c, j, matched, seed)
    x += rng.normal(0.0, 0.6, n_hist)
    placed = rng.random(n_hist) < _sigmoid(x + _calibrate(x, PLACED_RATE))

    y = _completion_logit(cat, cand, jo, c, j, matched, seed)
    y += rng.normal(0.0, 0.5, n_hist)
    pc = placed.nonzero()[0]
    b = _calibrate(y[pc], COMPLETED_RATE) if pc.size else 0.0
    completed = placed & (rng.random(n_hist) < _sigmoid(y + b))

    out = pd.DataFrame(
        {
            "candidate_id": cand_cols["candidate_id"][c],
            "job_order_id": jo_cols["job_order_id"][j],
            "matched_at": _fmt_dates(matched, np.zeros(n_hist, dtype=bool)),
            "placed": placed.astype(np.int64),
            "completed_contract": completed.astype(np.int64),
        }
    )
    order = np.lexsort((np.arange(n_hist), matched))
    return out.iloc[order].reset_index(drop=True)


def _network(cat: _Catalogue, seed: int) -> Arr:
    """Province x destination network effect: N(0, 0.45) per pair + known corridors."""
    net_rng = np.random.default_rng([seed, 7919])
    net = net_rng.normal(0.0, 0.45, (len(cat.provinces), len(cat.d_code)))
    for (p, d), v in NETWORK_BOOST.items():
        if p in cat.provinces and d in cat.d_code:
            net[cat.provinces.index(p), cat.d_code.index(d)] += v
    return net


def _lang_features(cat: _Catalogue, cand: _Cand, jo: _Jo, c: Arr, j: Arr) -> tuple[Arr, Arr, Arr]:
    """(gap to the required level or nan, level in the destination language, destination weight)."""
    en = cat.langs.index("en")
    req = jo.lang[j]
    rl = jo.lang_level[j]
    lv = np.where(cand.lang[c] == req, cand.lang_level[c], 0)
    lv = np.where(req == en, np.maximum(lv, cand.en_level[c]), lv)
    gap = np.where(req >= 0, lv - rl, np.nan)
    dl = cat.d_lang[jo.dest[j]]
    l2 = np.where(cand.lang[c] == dl, cand.lang_level[c], 0)
    l2 = np.where(dl == en, np.maximum(l2, cand.en_level[c]), l2)
    code = np.asarray(cat.d_code, dtype=object)[jo.dest[j]]
    wd = np.asarray([LANG_WEIGHT.get(str(k), LANG_WEIGHT_DEFAULT) for k in cat.d_code])[jo.dest[j]]
    del code
    return gap, l2.astype(float), wd


def _placement_logit(
    cat: _Catalogue, cand: _Cand, jo: _Jo, c: Arr, j: Arr, matched: Arr, seed: int
) -> Arr:
    formal = jo.formal[j]
    # Occupation: same ISCO unit group >> same minor group > same sub-major > elsewhere.
    ci, ji = cat.o_isco[cand.occ[c]], cat.o_isco[jo.occ[j]]
    occ_term = np.select(
        [ci == ji, ci // 10 == ji // 10, ci // 100 == ji // 100, ci // 1000 == ji // 1000],
        [1.0, 0.35, -0.4, -1.2],
        default=-2.0,
    )
    # Language x destination: a shortfall hurts steeply, a surplus helps with diminishing returns.
    gap, l2, wd = _lang_features(cat, cand, jo, c, j)
    has_req = ~np.isnan(gap)
    g = np.nan_to_num(gap)
    lang_term = np.where(
        has_req,
        wd * (1.2 * np.minimum(g, 0) + 0.35 * np.sqrt(np.maximum(g, 0))),
        wd * 0.3 * np.sqrt(l2),
    )
    # Age: outside the limits is rarely placed; just inside them is doubtful; mid-30s preferred.
    age = (matched - cand.birth[c]) / 365.2425
    amin = np.nan_to_num(jo.age_min[j], nan=18.0)
    amax = np.nan_to_num(jo.age_max[j], nan=60.0)
    inside = (age >= amin) & (age <= amax)
    dn = np.minimum(age - amin, amax - age)
    age_term = np.where(inside, -0.9 * np.exp(-np.maximum(dn, 0) / 2.0), -2.2)
    age_term -= 0.004 * (age - 32.0) ** 2
    # Experience with diminishing returns, and a penalty under the asked minimum.
    e = cand.exp[c].astype(float)
    exp_term = 1.1 * (1 - np.exp(-e / 2.5)) - 0.7 * (e < jo.exp_min[j])
    # Certificates matter in formal work, little in informal.
    same_occ = cand.occ[c] == jo.occ[j]
    req_cert = jo.cert[j]
    has_all = same_occ & ((cand.cert[c] & req_cert) == req_cert)
    cert_term = np.where(
        req_cert > 0,
        np.where(has_all, np.where(formal, 0.7, 0.25), np.where(formal, -0.6, -0.2)),
        0.0,
    )
    # Gender asked by the order, education ladder, SMK bonus in formal work.
    fem = cand.female[c]
    gender_term = np.where(((jo.gender[j] == 1) & ~fem) | ((jo.gender[j] == 2) & fem), -2.5, 0.0)
    emin = jo.edu_min[j]
    below = np.where(
        emin >= 0, np.maximum(0, _EDU_RANK[np.maximum(emin, 0)] - _EDU_RANK[cand.edu[c]]), 0
    )
    edu_term = -0.8 * below + 0.3 * (formal & (cand.edu[c] >= 3))
    net = _network(cat, seed)[cand.prov[c], jo.dest[j]]
    docs = 0.25 * cand.passport[c] - 3.0 * cand.unfit[c]
    x: Arr = occ_term + lang_term + age_term + exp_term + cert_term + gender_term + edu_term
    return x + net + docs


def _completion_logit(
    cat: _Catalogue, cand: _Cand, jo: _Jo, c: Arr, j: Arr, matched: Arr, seed: int
) -> Arr:
    gap, l2, wd = _lang_features(cat, cand, jo, c, j)
    lang_term = np.where(
        np.isnan(gap), 0.3 * wd * np.sqrt(l2), 0.5 * wd * np.tanh(np.nan_to_num(gap))
    )
    e = cand.exp[c].astype(float)
    age = (matched - cand.birth[c]) / 365.2425
    # Wage relative to the median order of the same destination and formality.
    key = jo.dest * 2 + jo.formal
    med = pd.Series(jo.salary).groupby(key).median()
    rel = jo.salary[j] / med.reindex(key[j]).to_numpy()
    code = np.asarray(cat.d_code, dtype=object)[jo.dest[j]]
    informal = ~jo.formal[j]
    under = ((code == "HK") & informal & (jo.salary[j] < HOST_MIN_WAGE_HK)) | (
        (code == "TW") & informal & (jo.salary[j] < 20000)
    )
    net = _network(cat, seed)[cand.prov[c], jo.dest[j]]
    y: Arr = (
        lang_term
        + 0.6 * (1 - np.exp(-e / 3.0))
        + 0.025 * np.clip(age - 30.0, -10, 15)
        + 0.8 * np.log(np.clip(rel, 0.2, 5.0))
        - 1.2 * under
        + 0.5 * net
        + 0.3 * (cand.occ[c] == jo.occ[j])
    )
    return y


# =================================================================================================
# Output
# =================================================================================================


def _frame(cols: dict[str, Arr], order: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: cols[c] for c in order}, columns=list(order))


_FIXED_TS = "2026-01-01T00:00:00Z"


def _write_xlsx(frame: pd.DataFrame, path: Path, sheet: str) -> None:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])
    # Make the zip deterministic: fixed entry timestamps and document properties.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>" + _FIXED_TS.encode() + rb"\g<3>",
                    data,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, data)
    path.write_bytes(out.getvalue())


def main(argv: list[str] | None = None) -> None:
    """``python -m matching.sample --out data/sample --candidates 2000 --job-orders 200 --seed 42``"""
    import argparse

    parser = argparse.ArgumentParser(description="Generate a synthetic padupadan sample.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--job-orders", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args(argv)
    sample = generate_sample(args.candidates, args.job_orders, seed=args.seed, as_of=args.as_of)
    for name, path in write_sample(sample, args.out, fmt=args.format).items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
