"""Language normaliser: free-text language skills → (language, test, level, common CEFR scale).

Input cells look like ``JLPT N3; English IELTS 5.5``, ``EPS-TOPIK 180``, ``Inggris aktif``,
``Korean (TOPIK II level 4)``. Each ``;``-separated item is parsed into one row of a LONG table:
ISO 639 language, test (JLPT, JFT-Basic, NAT-TEST, TOPIK, EPS-TOPIK, IELTS, TOEFL-iBT, TOEIC,
Goethe, CEFR, self-declared, ...), level as written (normalised), ``cefr`` on one common scale per
language (A1=1 ... C2=6; JLPT N5=1 ... N1=5) and the raw ``score`` of score-based tests.

Every scale, alias and equivalence table lives in ``data/reference/languages.yaml`` with its
source; this module only holds the parsing mechanics.

Items are parsed once per unique item text (columns repeat heavily) and mapped back with
`pd.factorize` codes. Items that cannot be parsed are kept with status ``unknown``.

Within one ``;`` item, ``,`` / ``&`` / ``+`` / *dan* / *and* separate several items (new
``group``), while ``/`` / *atau* / *or* separate alternatives (same ``group``): a job order asking
``JLPT N4 / JFT-Basic`` is satisfied by either. Sub-splitting only happens when every piece is
recognised on its own, so ``Korean (TOPIK II, level 4)`` stays one item.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Self

import numpy as np
import pandas as pd
import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from matching.normalise.text import split_multi
from matching.paths import reference_dir

OK = "ok"
NEEDS_REVIEW = "needs_review"
UNKNOWN = "unknown"
STATUSES: tuple[str, ...] = (OK, NEEDS_REVIEW, UNKNOWN)

SELF_DECLARED = "self-declared"
CEFR_TEST = "CEFR"
EPS_TOPIK = "EPS-TOPIK"

PARSE_COLUMNS: tuple[str, ...] = (
    "raw",
    "language",
    "test",
    "level",
    "cefr",
    "score",
    "confidence",
    "status",
)
OUTPUT_COLUMNS: tuple[str, ...] = ("row", "group", *PARSE_COLUMNS)

_CONJ = re.compile(r"\s*(?:(?<!\d),|,(?!\d)|&|\+|\bdan\b|\band\b)\s*", re.IGNORECASE)
_DISJ = re.compile(r"\s*(?:/|\batau\b|\bor\b)\s*", re.IGNORECASE)
_YEAR = re.compile(r"(?<![0-9.])(?:19|20)\d\d(?![0-9.])")
_TOKEN = re.compile(r"[a-z0-9.]+")
_CEFR_LABEL = re.compile(r"(?<![a-z0-9])([abc][12])(?![a-z0-9])")
_JLPT_LABEL = re.compile(r"(?<![a-z0-9])n([1-5])(?![0-9])")
_NAT_LABEL = re.compile(r"(?<![a-z0-9])([1-5])q(?![a-z0-9])")
_DIGIT_1_6 = re.compile(r"(?<![a-z0-9.])([1-6])(?![0-9.])")
_NUMBER = re.compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?)(?![0-9.])")


def normalise_item(value: object) -> str:
    """Lower-case, accent-free item text that keeps decimals (unlike `clean_text`).

    ``"JLPT N 3"`` → ``"jlpt n3"``; ``"IELTS 5,5"`` → ``"ielts 5.5"``; ``"NAT-TEST 4 Q"`` →
    ``"nat test 4q"``.
    """
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)  # Indonesian decimal comma
    text = re.sub(r"[^0-9a-z.]+", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    text = re.sub(r"\b([nabc])\s+([1-6])\b", r"\1\2", text)  # "n 3" → "n3", "b 1" → "b1"
    text = re.sub(r"\b([1-5])\s+q\b", r"\1q", text)
    return re.sub(r"\s+", " ", text).strip()


def _alternation(aliases: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any alias as whole words, longest first; spaces optional."""
    parts = sorted({a for a in aliases if a}, key=len, reverse=True)
    body = "|".join(r"\s*".join(re.escape(w) for w in a.split()) for a in parts)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


def _alias_key(matched: str) -> str:
    return matched.replace(" ", "")


@dataclass(frozen=True)
class TestSpec:
    """One language test from languages.yaml."""

    name: str
    language: str
    kind: str  # jlpt | nat | cefr | number | score
    levels: dict[str, float] = field(default_factory=dict)
    default: str | None = None
    bare: bool = False
    range: tuple[float, float] | None = None
    thresholds: tuple[tuple[float, float], ...] = ()


class Parsed(NamedTuple):
    """Parse of one item; cefr/score are NaN when absent."""

    raw: str
    language: str | None
    test: str | None
    level: str | None
    cefr: float
    score: float
    confidence: float
    status: str


class LanguageNormaliser:
    """Parse free-text language skills/requirements into a long table (one row per item).

    Parameters
    ----------
    review_threshold, ok_threshold:
        Fuzzy similarity in [0, 1] for misspelt language names (``Ingris``): below
        `review_threshold` the language is left NA (status ``unknown``); from `ok_threshold` on a
        fuzzy match is ``ok``; in between ``needs_review``.
    min_fuzzy_length:
        Tokens shorter than this are never fuzzy-matched.
    reference:
        Path to (or already-loaded dict of) languages.yaml; default
        ``reference_dir() / "languages.yaml"``.
    """

    def __init__(
        self,
        review_threshold: float = 0.80,
        ok_threshold: float = 0.90,
        min_fuzzy_length: int = 4,
        reference: str | Path | dict[str, Any] | None = None,
    ) -> None:
        self.review_threshold = review_threshold
        self.ok_threshold = ok_threshold
        self.min_fuzzy_length = min_fuzzy_length
        self.reference = reference

    # ------------------------------------------------------------------ fit
    def fit(self, X: object = None, y: object = None) -> Self:
        """Load languages.yaml and compile the alias patterns. `X`, `y` are ignored."""
        if isinstance(self.reference, dict):
            ref = self.reference
        else:
            path = (
                Path(self.reference)
                if self.reference is not None
                else reference_dir() / "languages.yaml"
            )
            with open(path, encoding="utf-8") as fh:
                ref = yaml.safe_load(fh)
        self.language_names_: dict[str, str] = {}
        lang_alias: dict[str, str] = {}
        for code, spec in ref["languages"].items():
            self.language_names_[str(code)] = str(spec["name"])
            for alias in spec["aliases"]:
                lang_alias[_alias_key(str(alias))] = str(code)
        self.tests_: dict[str, TestSpec] = {}
        test_alias: dict[str, list[str]] = {}
        for name, spec in ref["tests"].items():
            rng = spec.get("range")
            self.tests_[name] = TestSpec(
                name=name,
                language=str(spec["language"]),
                kind=str(spec["kind"]),
                levels={str(k).upper(): float(v) for k, v in (spec.get("levels") or {}).items()},
                default=spec.get("default"),
                bare=bool(spec.get("bare", False)),
                range=(float(rng[0]), float(rng[1])) if rng else None,
                thresholds=tuple(
                    (float(a), float(b)) for a, b in sorted(spec.get("thresholds") or [])
                ),
            )
            for alias in spec["aliases"]:
                test_alias.setdefault(_alias_key(str(alias)), []).append(name)
        self.cefr_levels_ = {str(k).upper(): float(v) for k, v in ref["cefr"]["levels"].items()}
        self.self_declared_ = {
            _alias_key(str(k)): float(v) for k, v in ref["self_declared"]["levels"].items()
        }
        self.word_label_ = {_alias_key(str(k)): str(k) for k in ref["self_declared"]["levels"]}
        self.filler_ = {str(w) for w in ref["filler"]}
        self.language_alias_ = lang_alias
        self.test_alias_ = test_alias
        self._lang_re = _alternation(
            str(a) for s in ref["languages"].values() for a in s["aliases"]
        )
        self._test_re = _alternation(str(a) for s in ref["tests"].values() for a in s["aliases"])
        self._word_re = _alternation(str(k) for k in ref["self_declared"]["levels"])
        # Fuzzy candidates: single-word language names long enough to be told apart.
        self._fuzzy_choices = sorted(
            a for a in lang_alias if len(a) >= self.min_fuzzy_length and a.isalpha()
        )
        self._cache: dict[str, Parsed] = {}
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "tests_"):
            self.fit()

    # -------------------------------------------------------------- parsing
    def _level(self, spec: TestSpec, text: str) -> tuple[str | None, float, float, str]:
        """Find the level of `spec` in `text` → (level, cefr, score, text without the level)."""
        nan = math.nan
        match: re.Match[str] | None = None
        level: str | None = None
        if spec.kind in ("jlpt", "nat"):
            patterns = [_JLPT_LABEL, _DIGIT_1_6] if spec.kind == "jlpt" else [_NAT_LABEL]
            if spec.kind == "nat":
                patterns += [_JLPT_LABEL, _DIGIT_1_6]
            for pattern in patterns:
                match = pattern.search(text)
                if match and match.group(1) in "12345":
                    digit = match.group(1)
                    level = f"N{digit}" if spec.kind == "jlpt" else f"{digit}Q"
                    break
                match = None
        elif spec.kind == "cefr":
            match = _CEFR_LABEL.search(text)
            level = match.group(1).upper() if match else spec.default
            if level is not None:
                return level, self.cefr_levels_[level], nan, _cut(text, match)
        elif spec.kind == "number":
            match = _DIGIT_1_6.search(text)
            level = match.group(1) if match else None
        elif spec.kind == "score" and spec.range is not None:
            lo, hi = spec.range
            for m in _NUMBER.finditer(text):
                value = float(m.group(1))
                if lo <= value <= hi:
                    cefr = nan
                    if spec.thresholds:
                        cefr = 0.0
                        for cut, band in spec.thresholds:
                            if value >= cut:
                                cefr = band
                    return f"{value:g}", cefr, value, _cut(text, m)
        if level is None:
            return None, nan, nan, text
        return level, spec.levels.get(level, nan), nan, _cut(text, match)

    def _parse_one(self, raw: str) -> Parsed:
        """Parse one item (no splitting); cached per text."""
        cached = self._cache.get(raw)
        if cached is not None:
            return cached
        text = normalise_item(raw)
        flagged = False

        # 1. tests named in the text ("toefl" names two tests: decided by the score range).
        candidates: list[list[str]] = [
            self.test_alias_[_alias_key(m.group(0))] for m in self._test_re.finditer(text)
        ]
        text = self._test_re.sub(" ", text)
        if not candidates:
            for spec in self.tests_.values():
                if spec.bare and _JLPT_LABEL.search(text):
                    candidates.append([spec.name])
                    break
        if len({tuple(c) for c in candidates}) > 1:
            flagged = True  # two different tests in one item: keep the first, ask a human

        # 2. explicit language names.
        langs = [self.language_alias_[_alias_key(m.group(0))] for m in self._lang_re.finditer(text)]
        text = self._lang_re.sub(" ", text)

        # 3. level, for the first test that yields one.
        test: str | None = None
        level: str | None = None
        cefr = score = math.nan
        if candidates:
            options = candidates[0]
            test = options[0]
            for name in options:
                lvl, c, s, rest = self._level(self.tests_[name], text)
                if lvl is not None:
                    test, level, cefr, score, text = name, lvl, c, s, rest
                    break
            else:
                flagged = True  # a test without a readable level/score
            # A self-declared word next to a test ("JLPT N3 lancar") adds nothing.
            text = self._word_re.sub(" ", text)
        else:
            cefr_match = _CEFR_LABEL.search(text)
            words = [_alias_key(w) for w in self._word_re.findall(text)]
            text = self._word_re.sub(" ", text)
            if cefr_match:
                test, level = CEFR_TEST, cefr_match.group(1).upper()
                cefr = self.cefr_levels_[level]
                text = _CEFR_LABEL.sub(" ", text)
            elif words:
                test, level = SELF_DECLARED, self.word_label_[words[0]]
                cefr = self.self_declared_[words[0]]
                flagged = flagged or len({self.self_declared_[w] for w in words}) > 1
            elif langs:
                test = SELF_DECLARED

        # 4. leftovers: anything not explained is a reason for review.
        text = _YEAR.sub(" ", text)
        leftovers = [t for t in _TOKEN.findall(text) if t not in self.filler_ and t != "."]

        # 5. which language.
        confidence = 1.0
        test_lang = self.tests_[test].language if test in self.tests_ else None
        language: str | None
        if test_lang is not None:
            language = test_lang
            flagged = flagged or any(lang != test_lang for lang in langs)
        elif langs:
            language = langs[0]
            flagged = flagged or len(set(langs)) > 1
        else:
            language, confidence, leftovers = self._fuzzy_language(leftovers)
        if test is None and language is not None:
            test = SELF_DECLARED
        flagged = flagged or bool(leftovers)

        if language is None:
            status, confidence = UNKNOWN, 0.0
        elif flagged or confidence < self.ok_threshold:
            status = NEEDS_REVIEW
        else:
            status = OK
        parsed = Parsed(raw, language, test, level, cefr, score, confidence, status)
        self._cache[raw] = parsed
        return parsed

    def _fuzzy_language(self, tokens: list[str]) -> tuple[str | None, float, list[str]]:
        """Misspelt language names (``ingris``, ``jepan``) among leftover tokens."""
        queries = [t for t in tokens if len(t) >= self.min_fuzzy_length and t.isalpha()]
        if not queries or not self._fuzzy_choices:
            return None, 0.0, tokens
        ratio = process.cdist(queries, self._fuzzy_choices, scorer=fuzz.ratio) / 100.0
        jw = process.cdist(queries, self._fuzzy_choices, scorer=JaroWinkler.normalized_similarity)
        score = (ratio + jw) / 2.0
        q, c = np.unravel_index(int(score.argmax()), score.shape)
        best = float(score[q, c])
        if best < self.review_threshold:
            return None, 0.0, tokens
        rest = [t for t in tokens if t != queries[int(q)]]
        return self.language_alias_[self._fuzzy_choices[int(c)]], round(best, 4), rest

    def _recognised(self, raw: str) -> bool:
        return self._parse_one(raw).status != UNKNOWN

    def split_item(self, item: str) -> list[list[str]]:
        """Split one ``;`` item into groups (AND) of alternatives (OR), see module docstring."""
        groups = [[alt for alt in _DISJ.split(part) if alt.strip()] for part in _CONJ.split(item)]
        groups = [g for g in groups if g]
        leaves = [alt for g in groups for alt in g]
        if len(leaves) > 1 and all(self._recognised(leaf) for leaf in leaves):
            return groups
        return [[item]]

    def parse_items(self, items: Sequence[str]) -> pd.DataFrame:
        """Parse each item as a whole (no splitting) → DataFrame (len(items), PARSE_COLUMNS)."""
        self._check_fitted()
        return _frame([self._parse_one(str(i)) for i in items], index=None)

    # ------------------------------------------------------------ transform
    def transform(self, values: pd.Series) -> pd.DataFrame:
        """Parse a column of ``;``-separated language texts into a long table.

        Parameters
        ----------
        values:
            Series of shape (n,); NaN / blank cells produce no rows.

        Returns
        -------
        DataFrame with one row per recognised or unrecognised item, in input order, RangeIndex:
        ``row`` (index label of `values`), ``group`` (int, item number within the cell;
        alternatives share it), ``raw`` (item text), ``language`` (ISO 639, NA if unknown),
        ``test``, ``level`` (``N3``, ``A2``, ``180``, ``5.5``, ``lancar``), ``cefr`` (float on the
        common scale A1=1 ... C2=6, NaN when no level), ``score`` (float, raw numeric score of
        score-based tests such as EPS-TOPIK 0-200, IELTS 0-9), ``confidence`` (float in [0, 1])
        and ``status`` (``ok`` / ``needs_review`` / ``unknown``).
        """
        self._check_fitted()
        values = pd.Series(values)
        codes, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
        owner: list[int] = []
        group: list[int] = []
        parsed: list[Parsed] = []
        for u, cell in enumerate(uniques):
            g = 0
            for item in split_multi(cell):
                for alternatives in self.split_item(item):
                    for alt in alternatives:
                        owner.append(u)
                        group.append(g)
                        parsed.append(self._parse_one(alt.strip()))
                    g += 1
        table = _frame(parsed, index=None)
        table.insert(0, "group", np.asarray(group, dtype=np.int64))
        # Expand unique-level rows to input rows without a Python loop over the column.
        n_per_unique = np.bincount(np.asarray(owner, dtype=np.int64), minlength=len(uniques))
        start = np.concatenate([[0], np.cumsum(n_per_unique)[:-1]]).astype(np.int64)
        positions = np.flatnonzero(codes >= 0)
        repeat = n_per_unique[codes[positions]]
        row_pos = np.repeat(positions, repeat)
        offset = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
        take = np.repeat(start[codes[positions]], repeat) + offset
        out = table.iloc[take].reset_index(drop=True)
        out.insert(0, "row", values.index[row_pos])
        return out

    def fit_transform(self, values: pd.Series, y: object = None) -> pd.DataFrame:
        """`fit()` on the reference data, then `transform(values)`."""
        return self.fit().transform(values)


def _cut(text: str, match: re.Match[str] | None) -> str:
    """`text` without the matched span."""
    if match is None:
        return text
    return f"{text[: match.start()]} {text[match.end() :]}"


def _frame(parsed: list[Parsed], index: pd.Index | None) -> pd.DataFrame:
    """Parsed tuples → typed DataFrame with PARSE_COLUMNS."""
    cols = list(zip(*parsed, strict=True)) if parsed else [()] * len(PARSE_COLUMNS)
    data = dict(zip(PARSE_COLUMNS, cols, strict=True))
    return pd.DataFrame(
        {
            "raw": pd.array(list(data["raw"]), dtype="string"),
            "language": pd.array(list(data["language"]), dtype="string"),
            "test": pd.array(list(data["test"]), dtype="string"),
            "level": pd.array(list(data["level"]), dtype="string"),
            "cefr": np.asarray(data["cefr"], dtype=float),
            "score": np.asarray(data["score"], dtype=float),
            "confidence": np.asarray(data["confidence"], dtype=float),
            "status": pd.Categorical(list(data["status"]), categories=list(STATUSES)),
        },
        index=index,
    )


# ------------------------------------------------------------------ comparison
def meets_requirement(
    held: pd.DataFrame,
    required: pd.DataFrame,
    pairs: pd.DataFrame,
    *,
    pair_columns: tuple[str, str] = ("candidate", "job_order"),
    allow_self_declared: bool = True,
) -> pd.DataFrame:
    """Which language requirements each (candidate, job order) pair meets — vectorised.

    Parameters
    ----------
    held:
        `LanguageNormaliser.transform` output for candidates: ``row`` = candidate key.
    required:
        `LanguageNormaliser.transform` output for job orders: ``row`` = job-order key; each
        ``(row, group)`` is one requirement, its rows are alternatives (any one suffices).
    pairs:
        The pairs to evaluate, columns `pair_columns` = (candidate key, job-order key), shape (p, 2+).
    allow_self_declared:
        When False, a self-declared level ("Inggris lancar") never meets a requirement that
        names a test (IELTS 6, JLPT N4); it still meets language-only / CEFR / self-declared ones.

    Rules
    -----
    * An EPS-TOPIK requirement is met only by an EPS-TOPIK item with ``score >= required score``
      (any EPS-TOPIK score when the requirement has none): 180 meets 150, 120 does not.
    * Any other requirement is met by a held item of the same language with
      ``cefr >= required cefr`` (JLPT N3 meets N4, JFT-Basic (A2) meets N4, N5 does not); a
      requirement without a level is met by any item of that language.
    * Held or required items with status ``unknown`` (no language) are ignored: an unparseable
      requirement is not evaluated here (route it to review).

    Returns
    -------
    DataFrame, one row per (pair, requirement): the two pair columns, ``group`` (requirement id
    within the job order) and ``met`` (bool). Pairs whose job order has no requirement have no
    row — use `pairs_meet_all` for one boolean per pair. Cost: two merges and a groupby, no loop
    over pairs.
    """
    cand_col, job_col = pair_columns
    cols = ["row", "group", "language", "test", "cefr", "score"]
    req = required.loc[required["language"].notna() & (required["status"] != UNKNOWN), cols]
    req = req.rename(columns={"row": job_col, "test": "req_test", "cefr": "req_cefr"})
    req = req.rename(columns={"score": "req_score"})
    have = held.loc[held["language"].notna() & (held["status"] != UNKNOWN), cols[:1] + cols[2:]]
    have = have.rename(columns={"row": cand_col})

    wanted = pairs[[cand_col, job_col]].drop_duplicates().merge(req, on=job_col, how="inner")
    # `requirement` = one (job order, group); alternatives share it.
    reqs = wanted[[cand_col, job_col, "group"]].drop_duplicates().reset_index(drop=True)
    both = wanted.merge(have, on=[cand_col, "language"], how="inner")

    req_test = both["req_test"].astype("object")
    held_test = both["test"].astype("object")
    is_eps = (req_test == EPS_TOPIK).to_numpy(dtype=bool)
    eps_ok = (held_test == EPS_TOPIK).to_numpy(dtype=bool) & (
        both["req_score"].isna() | (both["score"] >= both["req_score"])
    ).to_numpy(dtype=bool)
    cefr_ok = (both["req_cefr"].isna() | (both["cefr"] >= both["req_cefr"])).to_numpy(dtype=bool)
    if not allow_self_declared:
        names_test = ~req_test.isin([SELF_DECLARED, CEFR_TEST]) & req_test.notna()
        cefr_ok = cefr_ok & ~(names_test & (held_test == SELF_DECLARED)).to_numpy(dtype=bool)
    item_ok = np.where(is_eps, eps_ok, cefr_ok)

    met = both.loc[item_ok, [cand_col, job_col, "group"]].drop_duplicates()
    met["met"] = True
    out = reqs.merge(met, on=[cand_col, job_col, "group"], how="left")
    out["met"] = out["met"].fillna(False).astype(bool)
    return out


def pairs_meet_all(
    result: pd.DataFrame,
    pairs: pd.DataFrame,
    *,
    pair_columns: tuple[str, str] = ("candidate", "job_order"),
) -> pd.Series:
    """One boolean per row of `pairs` (same index): every requirement met (True if none).

    `result` is the output of `meets_requirement` for the same `pairs`.
    """
    cand_col, job_col = pair_columns
    per_pair = result.groupby([cand_col, job_col], sort=False)["met"].all().rename("met")
    keyed = pairs[[cand_col, job_col]].merge(
        per_pair.reset_index(), on=[cand_col, job_col], how="left"
    )
    return pd.Series(
        keyed["met"].fillna(True).astype(bool).to_numpy(), index=pairs.index, name="met"
    )
