"""Encode prepared tables as numpy arrays for the eligibility and scoring hot path.

Candidates and job orders become column arrays indexed by position (``CandidateArrays``,
``JobOrderArrays``); sets (certificates, skills) become bitsets of uint64 words, languages a dense
(n, n_languages) table of the best level held on the common scale. The vocabularies are shared
(``Encoder``), so a candidate's bit k and a job order's bit k mean the same certificate or skill.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Self

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from matching.normalise.text import clean_text
from models.schema import LIST_SEPARATOR

EPS_TOPIK = "EPS-TOPIK"
# Levels nobody tested: a requirement naming a test (JLPT N4, IELTS 5.5) needs a test result.
UNTESTED = ("self-declared", "CEFR")
# A language held without a level still counts as held (below A1); a requirement without a level
# is met by any holding.
HELD_WITHOUT_LEVEL = 0.5
ANY_LEVEL = 0.1
MAX_PREFERENCES = 8
MAX_REQUIREMENTS = 8
MAX_SKILLS = 1024
TEXT_DIMENSIONS = 48

# Main working languages of destinations, for the language component when a job order names none.
DESTINATION_LANGUAGES: dict[str, tuple[str, ...]] = {
    "HK": ("yue", "zh", "en"),
    "TW": ("zh",),
    "CN": ("zh",),
    "MO": ("yue", "zh"),
    "JP": ("ja",),
    "KR": ("ko",),
    "MY": ("ms", "en"),
    "BN": ("ms", "en"),
    "SG": ("en", "zh", "ms"),
    "SA": ("ar",),
    "AE": ("ar", "en"),
    "QA": ("ar", "en"),
    "KW": ("ar", "en"),
    "OM": ("ar", "en"),
    "BH": ("ar", "en"),
    "JO": ("ar",),
    "DE": ("de",),
    "AT": ("de",),
    "CH": ("de",),
    "NL": ("nl", "en"),
    "PL": ("pl", "en"),
    "IT": ("it",),
    "ES": ("es",),
    "FR": ("fr",),
    "TR": ("tr",),
    "GB": ("en",),
    "US": ("en",),
    "AU": ("en",),
    "NZ": ("en",),
    "CA": ("en",),
    "IE": ("en",),
}


def n_words(n_bits: int) -> int:
    return max(1, (n_bits + 63) // 64)


def bitset(owner: np.ndarray, bit: np.ndarray, n_owners: int, n_bits: int) -> np.ndarray:
    """Set bit ``bit[i]`` of row ``owner[i]``; returns uint64 array (n_owners, n_words)."""
    words = np.zeros((n_owners, n_words(n_bits)), dtype=np.uint64)
    if len(owner):
        np.bitwise_or.at(
            words,
            (owner, bit // 64),
            np.left_shift(np.uint64(1), (bit % 64).astype(np.uint64)),
        )
    return words


def popcount(words: np.ndarray) -> np.ndarray:
    """Number of set bits over the last axis."""
    return np.bitwise_count(words).sum(axis=-1, dtype=np.int32)


@dataclass
class CandidateArrays:
    """Shape (n,) or (n, k) arrays, row i = candidate ``ids[i]``."""

    ids: np.ndarray
    isco: np.ndarray  # int32, -1 unknown
    gender: np.ndarray  # int8: 0 unknown, 1 M, 2 F
    age: np.ndarray  # float32 years on the run date, NaN unknown
    education: np.ndarray  # int8 level, -1 unknown
    experience: np.ndarray  # float32 years, 0 when blank
    preferences: np.ndarray  # int16 (n, MAX_PREFERENCES) country index, -1 padding
    n_preferences: np.ndarray  # int8
    language: np.ndarray  # float32 (n, n_languages) best level held, 0 none
    language_tested: np.ndarray  # float32 (n, n_languages) best level shown by a test result
    eps_score: np.ndarray  # float32 EPS-TOPIK score, 0 none
    certificates: np.ndarray  # uint64 (n, words)
    n_certificates: np.ndarray  # int16
    skills: np.ndarray  # uint64 (n, words) over the job orders' skill vocabulary
    title: np.ndarray  # int32 index into Encoder.titles_
    text: np.ndarray  # float32 (n, TEXT_DIMENSIONS), L2-normalised
    status: np.ndarray  # object
    medical: np.ndarray  # object

    def take(self, index: np.ndarray) -> Self:
        return replace(self, **{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class JobOrderArrays:
    """Shape (m,) or (m, k) arrays, row j = job order ``ids[j]``."""

    ids: np.ndarray
    isco: np.ndarray  # int32, -1 unknown
    country: np.ndarray  # int16 country index, -1 unknown
    country_iso2: np.ndarray  # object
    sector: np.ndarray  # object
    scheme: np.ndarray  # object
    slots: np.ndarray  # int32
    gender: np.ndarray  # int8: 0 any, 1 M, 2 F
    age_min: np.ndarray  # float32, NaN none
    age_max: np.ndarray  # float32, NaN none
    education_min: np.ndarray  # int8, -1 none
    experience_min: np.ndarray  # float32, 0 none
    req_language: np.ndarray  # int16 (m, R) language index, -1 padding
    req_eps: np.ndarray  # bool (m, R): alternative is an EPS-TOPIK score
    req_tested: (
        np.ndarray
    )  # bool (m, R): alternative names a test, so a self-declared level won't do
    req_level: np.ndarray  # float32 (m, R): level on the common scale, or EPS-TOPIK score
    req_group: np.ndarray  # int8 (m, R): requirement id; alternatives share it; -1 padding
    certificates: np.ndarray  # uint64 (m, words) required
    skills: np.ndarray  # uint64 (m, words)
    n_skills: np.ndarray  # int16 (skills listed, including any beyond the vocabulary cap)
    dest_languages: np.ndarray  # int16 (m, 3) language index of destination languages, -1 padding
    title: np.ndarray  # int32
    text: np.ndarray  # float32 (m, TEXT_DIMENSIONS)
    salary: np.ndarray  # float64
    currency: np.ndarray  # object
    verified: np.ndarray  # bool
    valid_until: np.ndarray  # datetime64[D], NaT unknown

    def take(self, index: np.ndarray) -> Self:
        return replace(self, **{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def __len__(self) -> int:
        return len(self.ids)


def _text_array(values: pd.Series) -> np.ndarray:
    """Object array of str with "" for missing (pd.NA has no truth value in comparisons)."""
    return values.astype("object").where(values.notna(), "").astype(str).to_numpy(dtype=object)


def _isco(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").fillna(-1).to_numpy(dtype=np.int32)


def _gender(values: pd.Series) -> np.ndarray:
    mapped = values.astype("object").map({"M": 1, "F": 2})
    return mapped.fillna(0).to_numpy(dtype=np.int8)


def _split_items(values: pd.Series) -> pd.Series:
    """';'-lists -> long Series of cleaned items indexed by owner position."""
    items = values.reset_index(drop=True).fillna("").astype(str).str.split(LIST_SEPARATOR).explode()
    cleaned = items.map(clean_text)
    return cleaned[cleaned != ""]


class Encoder:
    """Shared vocabularies (countries, languages, certificates, skills, titles, text space).

    ``fit`` on both prepared tables; ``candidates`` / ``job_orders`` then encode them.
    """

    def __init__(self, text_dimensions: int = TEXT_DIMENSIONS, random_state: int = 0) -> None:
        self.text_dimensions = text_dimensions
        self.random_state = random_state

    def fit(
        self,
        candidates: pd.DataFrame,
        job_orders: pd.DataFrame,
        candidate_languages: pd.DataFrame,
        job_order_languages: pd.DataFrame,
        candidate_certificates: pd.DataFrame,
        job_order_certificates: pd.DataFrame,
    ) -> Self:
        prefs = candidates["preferred_countries_iso2"].dropna().astype(str).str.split(";").explode()
        countries = set(job_orders["country_iso2"].dropna().astype(str)) | set(prefs)
        self.countries_ = {c: i for i, c in enumerate(sorted(countries))}
        langs = set(candidate_languages["language"].dropna()) | set(
            job_order_languages["language"].dropna()
        )
        langs |= {lang for v in DESTINATION_LANGUAGES.values() for lang in v}
        langs |= {"ja", "ko"}  # protection rules name them
        self.languages_ = {lang: i for i, lang in enumerate(sorted(langs))}
        certs = set(candidate_certificates["certificate"].dropna()) | set(
            job_order_certificates["certificate"].dropna()
        )
        self.certificates_ = {c: i for i, c in enumerate(sorted(certs))}

        skill_items = _split_items(job_orders["skills"])
        top = skill_items.value_counts().index[:MAX_SKILLS]
        self.skills_ = {s: i for i, s in enumerate(sorted(top))}

        titles = pd.concat([candidates["occupation"], job_orders["occupation"]]).map(clean_text)
        self.title_names_ = list(pd.unique(titles))
        self.titles_ = {t: i for i, t in enumerate(self.title_names_)}

        texts = pd.concat([_profile_text(candidates), _profile_text(job_orders)])
        unique_texts = pd.unique(texts)
        rng = np.random.default_rng(self.random_state)
        sample = (
            unique_texts
            if len(unique_texts) <= 50_000
            else rng.choice(unique_texts, 50_000, replace=False)
        )
        self.tfidf_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 4), min_df=2, sublinear_tf=True, dtype=np.float32
        )
        matrix = self.tfidf_.fit_transform(sample)
        dims = max(1, min(self.text_dimensions, matrix.shape[1] - 1, matrix.shape[0] - 1))
        self.svd_ = TruncatedSVD(n_components=dims, random_state=self.random_state).fit(matrix)
        return self

    # ------------------------------------------------------------------ helpers
    def _text(self, frame: pd.DataFrame) -> np.ndarray:
        texts = _profile_text(frame)
        codes, uniques = pd.factorize(texts)
        if len(uniques) == 0:
            return np.zeros((0, self.svd_.n_components), dtype=np.float32)
        vectors = self.svd_.transform(self.tfidf_.transform(uniques))
        vectors = normalize(vectors).astype(np.float32)
        return vectors[codes]

    def _titles(self, values: pd.Series) -> np.ndarray:
        cleaned = values.map(clean_text)
        return cleaned.map(self.titles_).fillna(-1).to_numpy(dtype=np.int32)

    def _certs(self, owner_ids: pd.Series, long: pd.DataFrame, id_col: str) -> np.ndarray:
        position = pd.Series(np.arange(len(owner_ids)), index=owner_ids.to_numpy())
        held = long[long["certificate"].notna() & (long["status"] != "unknown")]
        owner = position.reindex(held[id_col].to_numpy()).to_numpy()
        bit = held["certificate"].map(self.certificates_).to_numpy()
        ok = ~(pd.isna(owner) | pd.isna(bit))
        return bitset(
            owner[ok].astype(np.int64),
            bit[ok].astype(np.int64),
            len(owner_ids),
            len(self.certificates_),
        )

    # ---------------------------------------------------------------- encoders
    def candidates(
        self,
        frame: pd.DataFrame,
        languages: pd.DataFrame,
        certificates: pd.DataFrame,
        as_of: date,
    ) -> CandidateArrays:
        n = len(frame)
        ids = frame["candidate_id"].astype(str).to_numpy()
        position = pd.Series(np.arange(n), index=ids)
        birth = pd.to_datetime(frame["birth_date"], errors="coerce")
        age = ((pd.Timestamp(as_of) - birth).dt.days / 365.2425).to_numpy(dtype=np.float32)

        prefs = frame["preferred_countries_iso2"].reset_index(drop=True).fillna("").astype(str)
        items = prefs.str.split(";").explode()
        items = items[items != ""]
        rank = items.groupby(level=0).cumcount().to_numpy()
        keep = rank < MAX_PREFERENCES
        pref = np.full((n, MAX_PREFERENCES), -1, dtype=np.int16)
        country_idx = items.map(self.countries_).fillna(-1).to_numpy(dtype=np.int16)
        pref[items.index.to_numpy()[keep], rank[keep]] = country_idx[keep]
        n_pref = (pref >= 0).sum(axis=1).astype(np.int8)
        # A listed country that is nowhere in demand still restricts the candidate.
        listed = np.bincount(items.index.to_numpy(), minlength=n) if len(items) else np.zeros(n)
        n_pref = np.where((listed > 0) & (n_pref == 0), -1, n_pref).astype(np.int8)

        lang = np.zeros((n, len(self.languages_)), dtype=np.float32)
        tested = np.zeros((n, len(self.languages_)), dtype=np.float32)
        eps = np.zeros(n, dtype=np.float32)
        held = languages[languages["language"].notna() & (languages["status"] != "unknown")]
        owner = position.reindex(held["candidate_id"].astype(str).to_numpy()).to_numpy()
        li = held["language"].map(self.languages_).to_numpy()
        level = held["cefr"].fillna(HELD_WITHOUT_LEVEL).to_numpy(dtype=np.float32)
        ok = ~(pd.isna(owner) | pd.isna(li))
        np.maximum.at(lang, (owner[ok].astype(np.int64), li[ok].astype(np.int64)), level[ok])
        is_test = ok & (held["test"].notna() & ~held["test"].isin(UNTESTED)).to_numpy()
        np.maximum.at(
            tested, (owner[is_test].astype(np.int64), li[is_test].astype(np.int64)), level[is_test]
        )
        is_eps = (held["test"] == EPS_TOPIK).to_numpy() & ok
        eps_score = held["score"].fillna(HELD_WITHOUT_LEVEL).to_numpy(dtype=np.float32)
        np.maximum.at(eps, owner[is_eps].astype(np.int64), eps_score[is_eps])

        certs = self._certs(frame["candidate_id"].astype(str), certificates, "candidate_id")
        skills = self._candidate_skills(frame["skills"])
        return CandidateArrays(
            ids=ids,
            isco=_isco(frame["isco08"]),
            gender=_gender(frame["gender"]),
            age=age,
            education=frame["education_level"].astype("Float64").fillna(-1).to_numpy(dtype=np.int8),
            experience=frame["experience_years"].astype("Float64").fillna(0).to_numpy(np.float32),
            preferences=pref,
            n_preferences=n_pref,
            language=lang,
            language_tested=tested,
            eps_score=eps,
            certificates=certs,
            n_certificates=popcount(certs).astype(np.int16),
            skills=skills,
            title=self._titles(frame["occupation"]),
            text=self._text(frame),
            status=_text_array(frame["status"]),
            medical=_text_array(frame["medical"]),
        )

    def _candidate_skills(self, values: pd.Series) -> np.ndarray:
        """Candidate skill items mapped to the job orders' vocabulary (exact, then fuzzy >= 85)."""
        items = _split_items(values)
        vocab = list(self.skills_)
        uniques = pd.unique(items)
        mapped = {u: self.skills_[u] for u in uniques if u in self.skills_}
        rest = [u for u in uniques if u not in self.skills_]
        if rest and vocab:
            sim = process.cdist(rest, vocab, scorer=fuzz.token_set_ratio, workers=-1)
            best = sim.argmax(axis=1)
            good = sim[np.arange(len(rest)), best] >= 85
            mapped |= {u: int(b) for u, b, g in zip(rest, best, good, strict=True) if g}
        bits = items.map(mapped)
        ok = bits.notna().to_numpy()
        return bitset(
            items.index.to_numpy()[ok],
            bits.to_numpy()[ok].astype(np.int64),
            len(values),
            len(self.skills_),
        )

    def job_orders(
        self,
        frame: pd.DataFrame,
        languages: pd.DataFrame,
        certificates: pd.DataFrame,
    ) -> JobOrderArrays:
        m = len(frame)
        ids = frame["job_order_id"].astype(str).to_numpy()
        position = pd.Series(np.arange(m), index=ids)

        req = languages[languages["language"].notna() & (languages["status"] != "unknown")].copy()
        req["pos"] = position.reindex(req["job_order_id"].astype(str).to_numpy()).to_numpy()
        req = req[req["pos"].notna()]
        req["slot"] = req.groupby("pos").cumcount()
        req = req[req["slot"] < MAX_REQUIREMENTS]
        r_lang = np.full((m, MAX_REQUIREMENTS), -1, dtype=np.int16)
        r_eps = np.zeros((m, MAX_REQUIREMENTS), dtype=bool)
        r_tested = np.zeros((m, MAX_REQUIREMENTS), dtype=bool)
        r_level = np.zeros((m, MAX_REQUIREMENTS), dtype=np.float32)
        r_group = np.full((m, MAX_REQUIREMENTS), -1, dtype=np.int8)
        at = (req["pos"].to_numpy(dtype=np.int64), req["slot"].to_numpy(dtype=np.int64))
        is_eps = (req["test"] == EPS_TOPIK).to_numpy()
        r_lang[at] = req["language"].map(self.languages_).to_numpy(dtype=np.int16)
        r_eps[at] = is_eps
        r_tested[at] = (req["test"].notna() & ~req["test"].isin(UNTESTED)).to_numpy()
        level = np.where(
            is_eps, req["score"].to_numpy(dtype=np.float64), req["cefr"].to_numpy(dtype=np.float64)
        )
        r_level[at] = np.where(np.isnan(level), ANY_LEVEL, level)
        group_codes = pd.factorize(
            req["pos"].astype(np.int64).astype(str) + ":" + req["group"].astype(str)
        )[0]
        first_group = pd.Series(group_codes).groupby(req["pos"].to_numpy()).transform("min")
        r_group[at] = (group_codes - first_group.to_numpy()).clip(0, 127).astype(np.int8)

        dest = np.full((m, 3), -1, dtype=np.int16)
        iso = _text_array(frame["country_iso2"])
        for code, names in DESTINATION_LANGUAGES.items():
            rows = np.flatnonzero(iso == code)
            for k, name in enumerate(names[:3]):
                dest[rows, k] = self.languages_.get(name, -1)

        skill_items = _split_items(frame["skills"])
        n_skills = np.bincount(skill_items.index.to_numpy(), minlength=m).astype(np.int16)
        bits = skill_items.map(self.skills_)
        ok = bits.notna().to_numpy()
        skills = bitset(
            skill_items.index.to_numpy()[ok],
            bits.to_numpy()[ok].astype(np.int64),
            m,
            len(self.skills_),
        )
        valid = pd.to_datetime(frame["valid_until"], errors="coerce").to_numpy(
            dtype="datetime64[D]"
        )
        return JobOrderArrays(
            ids=ids,
            isco=_isco(frame["isco08"]),
            country=frame["country_iso2"].map(self.countries_).fillna(-1).to_numpy(dtype=np.int16),
            country_iso2=iso,
            sector=_text_array(frame["sector"]),
            scheme=_text_array(frame["scheme"]),
            slots=frame["slots"].astype("Float64").fillna(0).to_numpy(dtype=np.int32),
            gender=_gender(frame["gender"]),
            age_min=frame["age_min"].astype("Float64").to_numpy(dtype=np.float32, na_value=np.nan),
            age_max=frame["age_max"].astype("Float64").to_numpy(dtype=np.float32, na_value=np.nan),
            education_min=frame["education_min_level"]
            .astype("Float64")
            .fillna(-1)
            .to_numpy(dtype=np.int8),
            experience_min=frame["experience_min"].astype("Float64").fillna(0).to_numpy(np.float32),
            req_language=r_lang,
            req_eps=r_eps,
            req_tested=r_tested,
            req_level=r_level,
            req_group=r_group,
            certificates=self._certs(
                frame["job_order_id"].astype(str), certificates, "job_order_id"
            ),
            skills=skills,
            n_skills=n_skills,
            dest_languages=dest,
            title=self._titles(frame["occupation"]),
            text=self._text(frame),
            salary=frame["salary"].astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan),
            currency=_text_array(frame["currency"]),
            verified=frame["verified"].astype("boolean").fillna(False).to_numpy(dtype=bool),
            valid_until=valid,
        )


def _profile_text(frame: pd.DataFrame) -> pd.Series:
    """What a person would read to judge a fit: the title and the skills."""
    title = frame["occupation"].fillna("").astype(str)
    skills = frame["skills"].fillna("").astype(str).str.replace(";", " ", regex=False)
    return (title + " " + skills).map(clean_text).reset_index(drop=True)
