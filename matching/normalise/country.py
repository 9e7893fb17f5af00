"""Country normaliser: free-text destination/country names → ISO 3166-1 alpha-2.

Reference = pycountry (every ISO 3166-1 country: names, official and common names, alpha-2/3
codes) + ``data/reference/countries.csv`` (Indonesian names, abbreviations such as *Korsel*, *KSA*,
*UEA*, and known non-countries such as *luar negeri* or *Asia* whose ``iso2`` is blank).

Resolution, computed once per unique value of the column:

1. exact lookup of the cleaned text, of its 2-3 letter code, of the text without noise words
   (*negara*, *republic of*, *SAR*, ...) and of the text without spaces (*Hong Kong* = *Hongkong*);
2. parenthesised / slashed forms (``Taiwan (ROC)``, ``Jepang / Japan``) resolve when every part
   resolves exactly to the same country;
3. fuzzy matching (rapidfuzz ``cdist``) of the remaining unknowns against every known name and
   alias, for inputs of at least ``min_fuzzy_length`` letters only (short strings such as ``AS``
   must match a code or alias exactly). Known non-countries take part in the fuzzy race, so that
   *luar negri* loses to *luar negeri* and comes out ``unknown`` instead of a wild guess.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Self

import numpy as np
import pandas as pd
import pycountry
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from matching.normalise.text import clean_text
from matching.paths import reference_dir

OK = "ok"
NEEDS_REVIEW = "needs_review"
UNKNOWN = "unknown"
STATUSES: tuple[str, ...] = (OK, NEEDS_REVIEW, UNKNOWN)

OUTPUT_COLUMNS: tuple[str, ...] = ("country_iso2", "country_name", "confidence", "status")

# Words that carry no identity in a country name ("Negara Jepang", "Republic of Korea",
# "Hong Kong SAR", "Kerajaan Arab Saudi"). Applied to reference names and inputs alike.
_NOISE = re.compile(
    r"\b(?:negara|country|the|republic|republik|rep|of|sar|kerajaan|kingdom of|state of|"
    r"islands|island|kepulauan|pulau|kesultanan|sultanate|semenanjung|peninsular|mainland|daratan)\b"
)
_SPACES = re.compile(r"\s+")
_PARTS = re.compile(r"[()\[\]/,]|\s-\s")

# Readable display names where pycountry has no `common_name` but an inverted ISO name.
_DISPLAY_OVERRIDES: dict[str, str] = {
    "BN": "Brunei",
    "CD": "DR Congo",
    "FM": "Micronesia",
    "PS": "Palestine",
    "RU": "Russia",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
}

# Sentinel iso2 for known non-countries (blank iso2 in countries.csv).
_BLOCKED = ""


def _skeleton(key: str) -> str:
    """Vowel-blind spelling key: vowels and y become 'a', repeated letters collapse."""
    mapped = re.sub(r"[aeiouy]", "a", key.replace(" ", ""))
    return re.sub(r"(.)\1+", r"\1", mapped)


def strip_noise(key: str) -> str:
    """Remove noise words from an already cleaned key ("negara jepang" → "jepang")."""
    return _SPACES.sub(" ", _NOISE.sub(" ", key)).strip()


def _compact(key: str) -> str:
    return key.replace(" ", "")


class CountryNormaliser:
    """Map free-text country names (Indonesian or English, misspelt) to ISO 3166-1 alpha-2.

    Parameters
    ----------
    review_threshold:
        Fuzzy similarity in [0, 1] below which no code is given (status ``unknown``).
    ok_threshold:
        Similarity in [0, 1] from which a fuzzy match is trusted (status ``ok``); between the two
        thresholds the code is given with status ``needs_review``.
    min_fuzzy_length:
        Inputs shorter than this (letters, spaces removed) are matched exactly only.
    ambiguity_margin:
        When the two best fuzzy candidates are different countries within this margin, the match
        is downgraded to ``needs_review``.
    reference:
        Path to (or frame of) the alias table ``alias,iso2,note``; default
        ``reference_dir() / "countries.csv"``.
    """

    def __init__(
        self,
        review_threshold: float = 0.83,
        ok_threshold: float = 0.88,
        min_fuzzy_length: int = 4,
        ambiguity_margin: float = 0.02,
        reference: str | Path | pd.DataFrame | None = None,
    ) -> None:
        self.review_threshold = review_threshold
        self.ok_threshold = ok_threshold
        self.min_fuzzy_length = min_fuzzy_length
        self.ambiguity_margin = ambiguity_margin
        self.reference = reference

    # ------------------------------------------------------------------ fit
    def _load_aliases(self) -> pd.DataFrame:
        if isinstance(self.reference, pd.DataFrame):
            table = self.reference.copy()
        else:
            path = (
                Path(self.reference)
                if self.reference is not None
                else reference_dir() / "countries.csv"
            )
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = {"alias", "iso2"} - set(table.columns)
        if missing:
            raise ValueError(f"country alias table lacks columns {sorted(missing)}")
        table["iso2"] = table["iso2"].fillna("").str.strip().str.upper()
        return table

    def fit(self, X: object = None, y: object = None) -> Self:
        """Build the lookup tables from pycountry and the alias CSV. `X`, `y` are ignored.

        Fitted attributes: ``names_`` (iso2 → display name), ``exact_`` (clean key → iso2, blank
        for known non-countries), ``codes_`` (lower-case alpha-2/alpha-3 → iso2), ``compact_``
        (key without spaces → iso2), ``choices_`` / ``choice_iso2_`` (fuzzy candidate keys).
        """
        names: dict[str, str] = {}
        by_name: dict[str, set[str]] = {}
        codes: dict[str, str] = {}
        for country in pycountry.countries:
            iso2 = str(country.alpha_2)
            common = getattr(country, "common_name", None)
            names[iso2] = _DISPLAY_OVERRIDES.get(iso2, common or str(country.name))
            codes[iso2.lower()] = iso2
            codes[str(country.alpha_3).lower()] = iso2
            for label in (country.name, getattr(country, "official_name", None), common):
                if not label:
                    continue
                key = clean_text(label)
                for form in {key, strip_noise(key)}:
                    if form:
                        by_name.setdefault(form, set()).add(iso2)
        # A reference name that points at two countries identifies neither.
        exact = {k: next(iter(v)) for k, v in by_name.items() if len(v) == 1}

        aliases = self._load_aliases()
        unknown_iso = set(aliases["iso2"]) - set(names) - {_BLOCKED}
        if unknown_iso:
            raise ValueError(f"countries.csv has iso2 codes not in ISO 3166-1: {unknown_iso}")
        alias_map: dict[str, str] = {}
        for alias, iso2 in zip(aliases["alias"], aliases["iso2"], strict=True):
            key = clean_text(alias)
            if key:
                # Only the alias as written: its noise-stripped form could clash with a real
                # name ("republic of china" stripped is "china").
                alias_map[key] = iso2
        # Curated aliases win over pycountry names and codes (e.g. Indonesian "AS" = USA, not
        # American Samoa; "NA" = not available, not Namibia).
        exact.update(alias_map)
        for key in alias_map:
            codes.pop(key, None)

        compact: dict[str, set[str]] = {}
        for key, iso2 in exact.items():
            compact.setdefault(_compact(key), set()).add(iso2)
        self.names_ = names
        self.exact_ = exact
        self.codes_ = codes
        self.compact_ = {k: next(iter(v)) for k, v in compact.items() if len(v) == 1}
        choices = sorted(k for k in self.compact_ if len(k) >= self.min_fuzzy_length)
        self.choices_ = choices
        self.skeletons_ = [_skeleton(c) for c in choices]
        self.choice_iso2_ = np.array([self.compact_[k] for k in choices], dtype=object)
        return self

    # ------------------------------------------------------------ transform
    def _exact(self, key: str) -> str | None:
        """Exact resolution of one cleaned key; None when not found, "" for non-countries."""
        if not key:
            return None
        if key in self.exact_:
            return self.exact_[key]
        if key in self.codes_:
            return self.codes_[key]
        stripped = strip_noise(key)
        if stripped in self.exact_:
            return self.exact_[stripped]
        return self.compact_.get(_compact(stripped)) if stripped else None

    def _resolve_unique(self, uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Resolve unique raw values → (iso2 or None, confidence, status) arrays, shape (n,)."""
        n = len(uniques)
        iso = np.full(n, None, dtype=object)
        conf = np.zeros(n, dtype=float)
        status = np.full(n, UNKNOWN, dtype=object)
        fuzzy_idx: list[int] = []
        fuzzy_keys: list[str] = []
        for i, raw in enumerate(uniques):
            key = clean_text(raw)
            hit = self._exact(key)
            if hit is None:
                hit = self._from_parts(str(raw))
            if hit is not None:
                if hit != _BLOCKED:
                    iso[i], conf[i], status[i] = hit, 1.0, OK
                continue
            query = _compact(strip_noise(key))
            if len(query) >= self.min_fuzzy_length:
                fuzzy_idx.append(i)
                fuzzy_keys.append(query)
        if fuzzy_keys and self.choices_:
            self._fuzzy(fuzzy_keys, np.array(fuzzy_idx), iso, conf, status)
        return iso, conf, status

    def _from_parts(self, raw: str) -> str | None:
        """``Jepang (Japan)``, ``Taiwan / ROC``: every part must resolve to the same country."""
        parts = [clean_text(p) for p in _PARTS.split(raw)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return None
        hits = {self._exact(p) for p in parts}
        if len(hits) == 1:
            only = hits.pop()
            return only if only else None
        return None

    def _fuzzy(
        self,
        queries: list[str],
        rows: np.ndarray,
        iso: np.ndarray,
        conf: np.ndarray,
        status: np.ndarray,
    ) -> None:
        """Fuzzy-match unknown unique keys in place.

        Similarity = mean of the Indel ratio (edit-based) and Jaro-Winkler (rewards a shared
        prefix and transpositions, typical of typed misspellings: *Malasya*), both in [0, 1].
        """
        ratio = process.cdist(queries, self.choices_, scorer=fuzz.ratio, workers=-1) / 100.0
        jw = process.cdist(
            queries, self.choices_, scorer=JaroWinkler.normalized_similarity, workers=-1
        )
        score = (ratio + jw) / 2.0
        # Misspelt vowels ("Maleisya", "Singapure"): compare vowel-blind skeletons too, a little
        # below an exact skeleton match so a clean spelling elsewhere still wins.
        skel_q = [_skeleton(q) for q in queries]
        skel = process.cdist(skel_q, self.skeletons_, scorer=fuzz.ratio, workers=-1) / 100.0
        long_enough = np.array([len(q) >= 6 for q in queries])[:, None]
        score = np.maximum(score, np.where(long_enough & (skel >= 1.0), 0.9, 0.0))
        best = score.argmax(axis=1)
        best_score = score[np.arange(len(queries)), best]
        best_iso = self.choice_iso2_[best]
        # Best score among candidates of a *different* country, to detect ambiguity.
        other = np.where(self.choice_iso2_[None, :] == best_iso[:, None], -1.0, score)
        runner_up = other.max(axis=1)
        for j, row in enumerate(rows):
            s = float(best_score[j])
            code = str(best_iso[j])
            if code == _BLOCKED or s < self.review_threshold:
                continue
            iso[row] = code
            conf[row] = round(s, 4)
            ambiguous = s - float(runner_up[j]) < self.ambiguity_margin
            status[row] = OK if s >= self.ok_threshold and not ambiguous else NEEDS_REVIEW

    def transform(self, values: pd.Series) -> pd.DataFrame:
        """Normalise a column of country names.

        Parameters
        ----------
        values:
            Series of shape (n,), free text (NaN / blank allowed).

        Returns
        -------
        DataFrame of shape (n, 4), same index as `values`: ``country_iso2`` (string, NA when
        unresolved), ``country_name`` (short English name), ``confidence`` (float in [0, 1]; 1 for
        exact matches, 0 when unknown) and ``status`` (``ok`` / ``needs_review`` / ``unknown``).
        """
        if not hasattr(self, "exact_"):
            self.fit()
        values = pd.Series(values)
        codes, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
        iso, conf, status = self._resolve_unique(np.asarray(uniques, dtype=object))
        # Extra slot at the end for NaN (factorize code -1).
        iso = np.append(iso, np.array([None], dtype=object))
        conf = np.append(conf, 0.0)
        status = np.append(status, UNKNOWN)
        name = np.array([self.names_.get(c) if c else None for c in iso], dtype=object)
        return pd.DataFrame(
            {
                "country_iso2": pd.array(iso[codes], dtype="string"),
                "country_name": pd.array(name[codes], dtype="string"),
                "confidence": conf[codes],
                "status": pd.Categorical(status[codes], categories=list(STATUSES)),
            },
            index=values.index,
        )

    def fit_transform(self, values: pd.Series, y: object = None) -> pd.DataFrame:
        """`fit()` on the reference data, then `transform(values)`."""
        return self.fit().transform(values)
