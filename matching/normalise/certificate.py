"""Certificate normaliser: free-text certificates → canonical codes of certificates.csv.

Input cells hold ``;``-separated items such as ``Sertifikat Kompetensi Caregiver (BNSP)``,
``Las SMAW 3G``, ``BST``, ``SIM B1``, ``JLPT N3``. Each item becomes one row of a LONG table with a
code from ``data/reference/certificates.csv`` (``code,label,kind,aliases,issuer,note``, aliases
``|``-separated) and its ``kind`` (competency, ssw_skill, seafarer, licence, health, safety,
language_test, other).

Resolution, once per unique item:

1. exact alias / code / label lookup of the cleaned text, then without noise words
   (*sertifikat*, *BNSP*, *skema*, ...); ``BST (Basic Safety Training)`` resolves when every part
   resolves to the same code;
2. language tests (JLPT N3, IELTS 6, EPS-TOPIK 180) are recognised by `LanguageNormaliser` — the
   same parser as the language column, not a copy — and get kind ``language_test`` so a pipeline
   can route them to the language normaliser;
3. fuzzy matching (rapidfuzz ``cdist``, token-sort ratio) of the remaining unknowns, restricted to
   aliases with the same *discriminating tokens* (numbers, single letters, welding processes,
   roman numerals): ``Las SMAW 3G`` must never become 4G, ``SIM A`` never ``SIM C``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Self

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from matching.normalise.language import (
    SELF_DECLARED,
    UNKNOWN,
    LanguageNormaliser,
)
from matching.normalise.text import clean_text, split_multi
from matching.paths import reference_dir

OK = "ok"
NEEDS_REVIEW = "needs_review"
STATUSES: tuple[str, ...] = (OK, NEEDS_REVIEW, UNKNOWN)
KINDS: frozenset[str] = frozenset(
    {"competency", "ssw_skill", "seafarer", "licence", "health", "safety", "language_test", "other"}
)
OUTPUT_COLUMNS: tuple[str, ...] = (
    "row",
    "raw",
    "certificate",
    "certificate_label",
    "kind",
    "confidence",
    "status",
)

# Words that never identify a certificate ("Sertifikat Kompetensi BNSP Caregiver").
_NOISE = re.compile(
    r"\b(?:sertifikat|sertifikasi|certificate|certified|certification|cert|sert|kompetensi|"
    r"competency|competence|bnsp|lsp|skema|scheme|lulus|ada|punya|memiliki|dari|bidang|the|of|"
    r"nomor|no|kursus|pelatihan|blk|blkln|lpk|umum|training|course)\b"
)
_SPACES = re.compile(r"\s+")
_PARTS = re.compile(r"[()\[\]]|\s-\s")
_CONJ = re.compile(r"\s*(?:,|&|\+|\bdan\b|\band\b)\s*", re.IGNORECASE)
# Tokens that change the certificate when they change (besides numbers and single letters).
_DISCRIMINATING = frozenset(
    {
        "smaw",
        "gmaw",
        "gtaw",
        "fcaw",
        "mig",
        "mag",
        "tig",
        "argon",
        "ii",
        "iii",
        "iv",
        "deck",
        "engine",
        "nautika",
        "teknika",
        "bidan",
    }
)


def strip_noise(key: str) -> str:
    """Remove noise words from a cleaned key ("sertifikat las smaw 3g" → "las smaw 3g")."""
    return _SPACES.sub(" ", _NOISE.sub(" ", key)).strip()


def signature(key: str) -> str:
    """Discriminating tokens of a cleaned key, sorted: "las smaw 3g" → "3g smaw"."""
    toks = {
        t
        for t in key.split()
        if any(ch.isdigit() for ch in t) or len(t) == 1 or t in _DISCRIMINATING
    }
    return " ".join(sorted(toks))


class CertificateNormaliser:
    """Map free-text certificate items to canonical certificate codes (long output).

    Parameters
    ----------
    review_threshold, ok_threshold:
        Fuzzy similarity in [0, 1]: below `review_threshold` no code (``unknown``); from
        `ok_threshold` ``ok``; in between ``needs_review``.
    min_fuzzy_length:
        Items shorter than this (characters, noise removed) are matched exactly only.
    reference:
        Path to (or frame of) certificates.csv; default ``reference_dir() / "certificates.csv"``.
    language_normaliser:
        Parser for language tests; default a `LanguageNormaliser()` fitted on the reference data.
    """

    def __init__(
        self,
        review_threshold: float = 0.80,
        ok_threshold: float = 0.90,
        min_fuzzy_length: int = 4,
        reference: str | Path | pd.DataFrame | None = None,
        language_normaliser: LanguageNormaliser | None = None,
    ) -> None:
        self.review_threshold = review_threshold
        self.ok_threshold = ok_threshold
        self.min_fuzzy_length = min_fuzzy_length
        self.reference = reference
        self.language_normaliser = language_normaliser

    # ------------------------------------------------------------------ fit
    def fit(self, X: object = None, y: object = None) -> Self:
        """Load certificates.csv, build the alias tables, fit the language parser."""
        if isinstance(self.reference, pd.DataFrame):
            table = self.reference.copy()
        else:
            path = (
                Path(self.reference)
                if self.reference is not None
                else reference_dir() / "certificates.csv"
            )
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = {"code", "label", "kind", "aliases"} - set(table.columns)
        if missing:
            raise ValueError(f"certificates table lacks columns {sorted(missing)}")
        bad_kind = set(table["kind"]) - KINDS
        if bad_kind:
            raise ValueError(f"certificates.csv has unknown kinds {sorted(bad_kind)}")
        if table["code"].duplicated().any():
            raise ValueError("certificates.csv has duplicated codes")

        self.labels_: dict[str, str] = dict(zip(table["code"], table["label"], strict=True))
        self.kinds_: dict[str, str] = dict(zip(table["code"], table["kind"], strict=True))
        written: dict[str, str] = {}  # alias as written (clean) → code
        forms: dict[str, set[str]] = {}  # every lookup form → codes
        for code, label, aliases in zip(
            table["code"], table["label"], table["aliases"], strict=True
        ):
            alias_keys = [clean_text(a) for a in str(aliases).split("|")]
            for key in [k for k in alias_keys if k]:
                if written.setdefault(key, code) != code:
                    raise ValueError(f"alias {key!r} is given to {written[key]} and {code}")
            for key in [clean_text(code), clean_text(label), *alias_keys]:
                for form in {key, strip_noise(key)}:
                    if form:
                        forms.setdefault(form, set()).add(code)
        exact = {k: next(iter(v)) for k, v in forms.items() if len(v) == 1}
        exact.update(written)  # an alias as written always wins over a derived form
        self.exact_ = exact
        # Language tests: test name of languages.yaml → certificate code.
        self.test_codes_: dict[str, str] = {
            clean_text(a): c
            for c, k, a in zip(table["code"], table["kind"], table["aliases"], strict=True)
            if k == "language_test"
        }
        choices = sorted(k for k in exact if len(k) >= self.min_fuzzy_length)
        self.choices_ = choices
        self.choice_codes_ = np.array([exact[k] for k in choices], dtype=object)
        sigs = [signature(k) for k in choices]
        self._sig_ids: dict[str, int] = {}
        self.choice_sig_ = np.array(
            [self._sig_ids.setdefault(s, len(self._sig_ids)) for s in sigs], dtype=np.int64
        )
        lang = self.language_normaliser or LanguageNormaliser()
        self.language_ = lang if hasattr(lang, "tests_") else lang.fit()
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "exact_"):
            self.fit()

    # --------------------------------------------------------------- lookup
    def _exact(self, raw: str) -> str | None:
        key = clean_text(raw)
        if not key:
            return None
        hit = self.exact_.get(key) or self.exact_.get(strip_noise(key))
        if hit is not None:
            return hit
        parts = [clean_text(p) for p in _PARTS.split(raw)]
        parts = [p for p in parts if p and strip_noise(p)]
        if len(parts) < 2:
            return None
        hits = {self.exact_.get(p) or self.exact_.get(strip_noise(p)) for p in parts}
        return hits.pop() if len(hits) == 1 and None not in hits else None

    def _split(self, item: str) -> list[str]:
        """``SIM A, SIM C`` → two items, only when every piece resolves exactly on its own."""
        pieces = [p for p in _CONJ.split(item) if p.strip()]
        if len(pieces) > 1 and all(self._exact(p) is not None for p in pieces):
            return pieces
        return [item]

    def _resolve(self, items: list[str]) -> pd.DataFrame:
        """Resolve unique items → frame (len(items),) of certificate, confidence, status."""
        n = len(items)
        code = np.full(n, None, dtype=object)
        conf = np.zeros(n, dtype=float)
        status = np.full(n, UNKNOWN, dtype=object)
        pending: list[int] = []
        for i, item in enumerate(items):
            hit = self._exact(item)
            if hit is not None:
                code[i], conf[i], status[i] = hit, 1.0, OK
            else:
                pending.append(i)

        # Language tests, through the shared parser (one call for all pending items).
        if pending:
            parsed = self.language_.parse_items([items[i] for i in pending])
            tests = parsed["test"].astype("object").to_numpy()
            langs = parsed["language"].astype("object").to_numpy()
            lang_conf = parsed["confidence"].to_numpy(dtype=float)
            lang_status = parsed["status"].astype("object").to_numpy()
            still: list[int] = []
            for j, i in enumerate(pending):
                test = tests[j]
                if isinstance(test, str) and test != SELF_DECLARED and isinstance(langs[j], str):
                    code[i] = self.test_codes_.get(clean_text(test))
                    conf[i] = lang_conf[j]
                    status[i] = str(lang_status[j]) if code[i] else NEEDS_REVIEW
                else:
                    still.append(i)
            pending = still

        # Fuzzy, only over what is still unknown, with the discriminating-token guard.
        queries = [strip_noise(clean_text(items[i])) for i in pending]
        keep = [k for k, q in enumerate(queries) if len(q) >= self.min_fuzzy_length]
        if keep and self.choices_:
            rows = [pending[k] for k in keep]
            qs = [queries[k] for k in keep]
            score = (
                process.cdist(qs, self.choices_, scorer=fuzz.token_sort_ratio, workers=-1) / 100.0
            )
            q_sig = np.array([self._sig_ids.get(signature(q), -1) for q in qs], dtype=np.int64)
            score = np.where(q_sig[:, None] == self.choice_sig_[None, :], score, 0.0)
            best = score.argmax(axis=1)
            best_score = score[np.arange(len(qs)), best]
            for j, i in enumerate(rows):
                s = float(best_score[j])
                if s >= self.review_threshold:
                    code[i] = self.choice_codes_[best[j]]
                    conf[i] = round(s, 4)
                    status[i] = OK if s >= self.ok_threshold else NEEDS_REVIEW
        return pd.DataFrame({"certificate": code, "confidence": conf, "status": status})

    # ------------------------------------------------------------ transform
    def transform(self, values: pd.Series) -> pd.DataFrame:
        """Parse a column of ``;``-separated certificate texts into a long table.

        Parameters
        ----------
        values:
            Series of shape (n,); NaN / blank cells produce no rows.

        Returns
        -------
        DataFrame, one row per item in input order (RangeIndex): ``row`` (index label of
        `values`), ``raw`` (item text), ``certificate`` (code, NA if unknown),
        ``certificate_label``, ``kind``, ``confidence`` (float in [0, 1]) and ``status``
        (``ok`` / ``needs_review`` / ``unknown``). Unknown items are kept.
        """
        self._check_fitted()
        values = pd.Series(values)
        codes, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
        owner: list[int] = []
        leaves: list[str] = []
        for u, cell in enumerate(uniques):
            for item in split_multi(cell):
                for piece in self._split(item):
                    owner.append(u)
                    leaves.append(piece.strip())
        leaf_codes, leaf_uniques = pd.factorize(pd.Series(leaves, dtype=object))
        resolved = self._resolve([str(x) for x in leaf_uniques]).iloc[leaf_codes]
        cert = resolved["certificate"].to_numpy(dtype=object)

        # Expand unique-cell rows to input rows (vectorised repeat of each cell's items).
        n_per_unique = np.bincount(np.asarray(owner, dtype=np.int64), minlength=len(uniques))
        start = np.concatenate([[0], np.cumsum(n_per_unique)[:-1]]).astype(np.int64)
        positions = np.flatnonzero(codes >= 0)
        repeat = n_per_unique[codes[positions]]
        offset = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
        take = np.repeat(start[codes[positions]], repeat) + offset
        row_pos = np.repeat(positions, repeat)

        label = np.array([self.labels_.get(c) if c else None for c in cert], dtype=object)
        kind = np.array([self.kinds_.get(c) if c else None for c in cert], dtype=object)
        return pd.DataFrame(
            {
                "row": values.index[row_pos],
                "raw": pd.array(np.asarray(leaves, dtype=object)[take], dtype="string"),
                "certificate": pd.array(cert[take], dtype="string"),
                "certificate_label": pd.array(label[take], dtype="string"),
                "kind": pd.array(kind[take], dtype="string"),
                "confidence": resolved["confidence"].to_numpy(dtype=float)[take],
                "status": pd.Categorical(
                    resolved["status"].to_numpy(dtype=object)[take], categories=list(STATUSES)
                ),
            }
        )

    def fit_transform(self, values: pd.Series, y: object = None) -> pd.DataFrame:
        """`fit()` on the reference data, then `transform(values)`."""
        return self.fit().transform(values)
