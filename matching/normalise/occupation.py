"""Occupation titles -> ISCO-08 unit group, PMI sector, confidence.

The normaliser is fitted on three label sets, in decreasing order of trust:

1. the curated PMI layer ``data/reference/pmi_occupations.csv`` (Indonesian, English and programme
   titles, abbreviations and slang of the jobs Indonesian migrant workers actually fill);
2. ESCO occupation labels mapped to ISCO-08 (``esco_occupation_titles.csv`` and the misspelling
   labels ``esco_occupation_hidden_labels.csv``);
3. the ISCO-08 unit-group titles themselves (``isco08_structure.csv``).

A title is first cleaned into one or more *keys* (lower case, no punctuation, noise words such as
"dibutuhkan" or a destination name dropped, ILO-style inversions "Aide, nursing: home" turned back
into "home nursing aide", Indonesian words glossed into English, plural endings folded). Then, per
unique key:

- ``alias``: an exact key hit in the label sets;
- ``fuzzy``: rapidfuzz ``process.cdist`` against the curated layer (typos of known titles);
- ``tfidf``: cosine similarity of TF-IDF character n-grams against every label, a k-nearest-label vote
  deciding the unit group (catches English titles never seen as such).

The best of these gives ``confidence`` in [0, 1]; ``status`` is ``ok`` at or above ``ok_threshold``,
``needs_review`` at or above ``review_threshold`` (code kept, flagged) and ``unknown`` below it, where
the code is left empty rather than guessed.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Self

import numpy as np
import pandas as pd
import scipy.sparse as sp
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein
from sklearn.feature_extraction.text import TfidfVectorizer
from sparse_dot_topn import sp_matmul_topn

from matching.normalise.occupation_reference import (
    Glossary,
    destination_words,
    load_abbreviations,
    load_context_rules,
    load_native_terms,
    load_sector_prefixes,
    load_words,
)
from matching.normalise.text import clean_text, indonesian_root_words
from matching.paths import reference_dir

OUTPUT_COLUMNS: tuple[str, ...] = (
    "isco08",
    "occupation_label",
    "sector",
    "confidence",
    "method",
    "status",
    "matched_label",
)

# Languages of curated aliases that are also reachable by their English gloss (the others, in a
# destination's language, by their own words only).
_GLOSSED_LANGS = frozenset({"id", "en", "mix", "abbr", "ms", "jv", "su", ""})
# Source trust: lower wins when the same key appears in several label sets.
_SOURCE_RANK = {"curated": 0, "preferred": 1, "alt": 2, "isco": 3, "hidden": 4}


_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){1,}[A-Za-z]\b\.?")
# Arabic short-vowel marks and the tatweel: "سَائِق" is "سائق" (driver).
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0640]")
_SPLIT_ALTERNATIVES = re.compile(r"\s*(?:/|\\|\||;|\s-\s|\(|\)|\[|\])\s*")
_INVERSION = re.compile(r"[,:]")
# "G to G", "G-to-G", "G2G" (the government-to-government placement scheme) is one word: without
# this, "to" goes with the noise words and two stray letters are left.
_G_TO_G = re.compile(r"\bg\s*-?\s*(?:to|2)\s*-?\s*g\b", re.IGNORECASE)
_BRACKETED = re.compile(r"[(\[]([^()\[\]]+)[)\]]")
# Indonesian reduplication written with a digit: "bantu2" = "bantu-bantu", "anak2" = "anak-anak".
_REDUPLICATED = re.compile(r"\b([A-Za-z]{3,})2\b")
# A negated duty ("tanpa jaga orang", "without elderly care") says what the job is not: it is cut,
# up to the end of its bracket or clause.
_NEGATED = re.compile(
    r"\b(?:tanpa|without|excluding|bukan|tidak ada|tdk ada|gak ada|no(?=\s+[a-z]{3}))\b"
    r"(?:(?!\s[-–]\s)[^()\[\]/,;:|+])*",
    re.IGNORECASE,
)
# Several duties joined by "+" or "cum": the first-named duty decides (docs/OCCUPATION_CODING.md).
_EXTRA_DUTY = re.compile(
    r"\s*(?:\+|\b(?:cum|merangkap|rangkap|sekaligus|sambil|plus)\b)[^()\[\]]*", re.IGNORECASE
)
# German and Dutch compounds ("Produktionshelfer", "zorgmedewerker"): the shortest part tried and
# the linking letters between the parts.
_COMPOUND_PART = 4
_LINKING = ("", "s", "e", "en", "n")
# Queries per block of the batched rapidfuzz searches (spelling, fuzzy curated match; memory:
# block x candidates x 4 bytes) and of the sparse top-k product.
_SPELL_BLOCK = 4096
_TOPN_BLOCK = 16_384
# fuzz.ratio (0-100) at or above which an unknown word is read as a glossary word: one dropped,
# doubled or swapped letter in a word of seven letters or more, one letter in five or six.
_SPELL_CUTOFF = 80.0
# Setting words that move a code to its sibling, as agreed in docs/OCCUPATION_CODING.md, are data:
# data/reference/occupation_context_rules.yaml (see `load_context_rules`). They are read from the
# whole title before noise removal, since a destination ("Jepang", "Korea") is noise for the
# occupation but decides the setting.
_CONTEXT_RULES_FILE = "occupation_context_rules.yaml"


# Share of labels containing a word that end with it, above which the word is a head noun.
_HEAD_SHARE = 0.5
# A head ending this many labels or more is generic.
_GENERIC_HEAD = 400
# TF-IDF confidence kept when the matched label lacks every specific head noun of the query
# ("welder konstruksi baja" near the label "konstruksi").
_HEADLESS_MATCH = 0.8
# Fuzzy confidence kept when the title's words are all correctly spelled but differ from the alias's.
_WORD_SWAP = 0.8
# Confidence cap of a partial alias hit on an "n.e.c." unit group (code ending in 9) when the rest
# of the title holds known words.
_GENERIC_PARTIAL = 0.78
# Confidence of the specific reading found instead ("operator sepatu" in "operator mesin sepatu").
_GENERIC_REFINED = 0.9
# TF-IDF confidence at which a specific label sharing a title word replaces an "n.e.c." reading.
_SPECIFIC_TFIDF = 0.55
# Words that name no machine, product or process: they cannot make a reading specific.
_GENERIC_HEADS = frozenset(
    {
        "operator",
        "machine",
        "mesin",
        "worker",
        "pekerja",
        "line",
        "plant",
        "factory",
        "pabrik",
        "production",
        "produksi",
        "opr",
        "op",
        "helper",
        "staff",
        "general",
        "umum",
        "labourer",
        "assistant",
        "buruh",
        "kilang",
        "manufacturing",
        "manufaktur",
        "shift",
        "sif",
        "shif",
    }
)
# Labourer codes whose head decides whatever product the title names: a factory worker is a
# manufacturing labourer "even with a product" (docs/OCCUPATION_CODING.md), unlike an operator.
_LABOURER_CODES = frozenset({"9329"})
# Fuzzy confidence kept when the title and the alias have different word counts.
_WORD_COUNT = 0.85
# A title with a key at this confidence is settled: fuzzy and TF-IDF (at most 0.97) cannot beat it.
_SETTLED = 0.97


def _singular(token: str) -> str:
    """Fold English plural endings so 'nurses' meets 'nurse' (applied to labels and queries alike)."""
    if len(token) <= 3 or token.endswith("ss"):
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("ches", "shes", "sses", "xes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("us", "is")):
        return token[:-1]
    return token


class OccupationNormaliser:
    """Map free-text job titles to ISCO-08 unit groups and PMI sectors.

    Parameters
    ----------
    ok_threshold : confidence at or above which a code is accepted as ``ok``.
    review_threshold : confidence at or above which a code is given but flagged ``needs_review``;
        below it the code is left empty and the status is ``unknown``.
    n_neighbours : labels voting in the TF-IDF stage.
    batch_size : the neighbour vote runs on blocks of 16 x batch_size queries (memory ~ 16 x
        batch_size x n_neighbours^2 x 8 bytes).
    use_curated : fit on the curated PMI layer too (switch off to measure ESCO alone).
    reference : folder with the reference files (default: ``data/reference``).
    """

    def __init__(
        self,
        ok_threshold: float = 0.80,
        review_threshold: float = 0.62,
        n_neighbours: int = 8,
        batch_size: int = 1024,
        use_curated: bool = True,
        reference: Path | None = None,
    ) -> None:
        self.ok_threshold = ok_threshold
        self.review_threshold = review_threshold
        self.n_neighbours = n_neighbours
        self.batch_size = batch_size
        self.use_curated = use_curated
        self.reference = reference

    # ------------------------------------------------------------------ fit
    def fit(self, X: pd.DataFrame | None = None, y: object = None) -> Self:
        """Load and index the label sets.

        X : optional ESCO-style label table (columns ``title, isco08`` and optionally
            ``source_label_type``) replacing the bundled ESCO labels, e.g. with a fold held out.
        """
        ref = self.reference or reference_dir()
        # Indonesian (and Malay, regional) words, then destination-language words; only the
        # first are spelling targets: a typo is far likelier in a candidate's own language.
        native = Glossary.load(ref / "id_en_words.csv")
        self.glossary_ = native.extended(Glossary.load(ref / "foreign_en_words.csv"))
        self.spell_words_ = frozenset(k[0] for k in native.phrases if len(k) == 1)
        self.noise_ = load_words(ref / "title_noise_words.txt") | destination_words(ref)
        self.abbreviations_ = load_abbreviations(ref / "title_abbreviations.csv")
        self.generic_words_ = load_words(ref / "title_generic_words.txt")
        self.context_rules_ = load_context_rules(ref / _CONTEXT_RULES_FILE)
        self.native_terms_, self.native_pattern_ = load_native_terms(ref / "title_native_terms.csv")
        self.glossary_words_ = frozenset(k[0] for k in self.glossary_.phrases if len(k) == 1)
        self.lexicon_ = indonesian_root_words() - self.spell_words_
        self.label_words_: frozenset[str] = frozenset()
        self.spell_choices_: list[str] = []
        self.spell_cache_: dict[str, str] = {}
        self.compound_cache_: dict[str, tuple[str, ...]] = {}

        structure = pd.read_csv(ref / "isco08_structure.csv", dtype=str, keep_default_na=False)
        unit = structure[structure["level"] == "4"]
        self.unit_titles_: dict[str, str] = dict(zip(unit["code"], unit["title_en"], strict=True))
        self.sector_prefix_ = load_sector_prefixes(ref / "isco_sector.csv")

        frames: list[pd.DataFrame] = []
        if self.use_curated and (ref / "pmi_occupations.csv").exists():
            cur = pd.read_csv(ref / "pmi_occupations.csv", dtype=str, keep_default_na=False)
            frames.append(
                pd.DataFrame(
                    {
                        "title": cur["alias"],
                        "isco08": cur["isco08"],
                        "source": "curated",
                        "sector": cur["sector"].replace("", None),
                        "foreign": ~cur.get("lang", pd.Series("", index=cur.index)).isin(
                            _GLOSSED_LANGS
                        ),
                    }
                )
            )
        esco = X
        if esco is None:
            esco = pd.concat(
                [
                    pd.read_csv(ref / "esco_occupation_titles.csv", dtype=str),
                    pd.read_csv(ref / "esco_occupation_hidden_labels.csv", dtype=str),
                ],
                ignore_index=True,
            )
        source = esco.get("source_label_type", "alt")
        frames.append(
            pd.DataFrame(
                {
                    "title": esco["title"],
                    "isco08": esco["isco08"],
                    "source": source,
                    "sector": None,
                    "foreign": False,
                }
            )
        )
        frames.append(
            pd.DataFrame(
                {
                    "title": unit["title_en"],
                    "isco08": unit["code"],
                    "source": "isco",
                    "sector": None,
                    "foreign": False,
                }
            )
        )
        labels = pd.concat(frames, ignore_index=True)
        labels = labels[labels["isco08"].isin(self.unit_titles_.keys())]
        # Words of the label sets are correctly spelled by definition; the spelling candidates are
        # the Indonesian glossary words plus the words of the ISCO titles and of the Indonesian and
        # English curated aliases (not those in a destination language).
        english = (labels["source"] == "isco") | (
            (labels["source"] == "curated") & ~labels["foreign"]
        )
        self.label_words_ = (
            frozenset(t for title in labels["title"] for t in clean_text(title).split())
            | self.glossary_words_
            | frozenset(self.abbreviations_)
        )
        # Correctly spelled words: those of the labels and the Indonesian lexicon.
        self.known_words_ = self.label_words_ | self.lexicon_
        spell = set(self.spell_words_)
        spell.update(t for title in labels.loc[english, "title"] for t in clean_text(title).split())
        self.spell_choices_ = sorted(w for w in spell if len(w) >= 4)
        # A label is reachable by its own words and by its English gloss ("perawat lansia" and
        # "nurse elderly"), so a typo of either form still lands near it.
        # A curated alias is also reachable exactly as written, noise words and all: "orang gaji"
        # (Malay: maid) is two noise words, yet as a whole a title.
        # A curated alias in a destination language or a programme's own word ("manovale",
        # "pflegefachkraft altenpflege", "sawaq", "shokuhin") is reachable by its own words only:
        # its English gloss would claim a generic English key ("labourer", "driver", "food") or an
        # Indonesian title's gloss ("perawat lansia" = "nurse elderly").
        # A curated alias that noise removal strips to one word ("kerja di rumah majikan" ->
        # "rumah") keeps only its as-written key: the one word is a setting, not the job.
        foreign = labels["foreign"].to_numpy(dtype=bool)
        labels["key"] = [
            [
                *(
                    k
                    for k in self._keys(t)[: 1 if alien else 2]
                    if src != "curated" or " " in k or " " not in clean_text(t)
                ),
                *([self._raw_key(t)] if src == "curated" else []),
            ]
            for t, src, alien in zip(labels["title"], labels["source"], foreign, strict=True)
        ]
        labels["order"] = np.arange(len(labels))
        labels = labels.explode("key")
        labels = labels[labels["key"].notna() & (labels["key"] != "")]
        labels["rank"] = labels["source"].map(_SOURCE_RANK).fillna(9)

        # One row per (key, code); a key claimed by several codes is resolved by source trust, then by
        # how many labels of each code share the key; ambiguity lowers the alias confidence.
        grouped = (
            labels.groupby(["key", "isco08"], sort=False)
            .agg(
                rank=("rank", "min"),
                votes=("rank", "size"),
                sector=("sector", "first"),
                title=("title", "first"),
                foreign=("foreign", "min"),
                order=("order", "min"),
            )
            .reset_index()
            .sort_values(["key", "rank", "votes", "isco08"], ascending=[True, True, False, True])
        )
        n_codes = grouped.groupby("key")["isco08"].transform("size")
        best = grouped.drop_duplicates("key", keep="first").copy()
        best["ambiguous"] = (n_codes.loc[best.index] > 1) & (best["rank"] > 0)
        self.labels_ = best.reset_index(drop=True)

        self.alias_index_: dict[str, int] = {k: i for i, k in enumerate(self.labels_["key"])}
        self.labels_ambiguous_ = self.labels_["ambiguous"].to_numpy()
        self.labels_rank_ = self.labels_["rank"].to_numpy()
        # "n.e.c." unit groups (code ending in 9): a reading that says little
        self.labels_nec_ = self.labels_["isco08"].str.endswith("9").to_numpy(dtype=bool)
        # As-written keys ("RAW:...") serve the exact lookup only, never fuzzy or TF-IDF.
        is_raw = self.labels_["key"].str.startswith("RAW:").to_numpy()
        curated = (self.labels_["rank"] == 0).to_numpy() & ~is_raw
        self.curated_rows_ = np.flatnonzero(curated)
        self.curated_keys_ = self.labels_.loc[curated, "key"].tolist()

        self.vectoriser_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 4), sublinear_tf=True, dtype=np.float32
        )
        self.vectoriser_.fit(self.labels_.loc[~is_raw, "key"])
        # Columns: the labels TF-IDF may vote with (not the as-written keys); label row per column.
        self.tfidf_rows_ = np.flatnonzero(~is_raw)
        self.label_matrix_ = self.vectoriser_.transform(
            self.labels_["key"].to_numpy()[self.tfidf_rows_]
        ).T.tocsr()
        self.label_codes_ = self.labels_["isco08"].to_numpy()
        # Head nouns: English labels are head-last, so a word that usually ends a label names the
        # worker ("welder", "operator", "nanny"); one that rarely does is a setting or an industry
        # ("construction", "factory", "hotel").
        english_keys = self.labels_.loc[(self.labels_["rank"] > 0) & ~is_raw, "key"].str.split()
        total: dict[str, int] = {}
        last: dict[str, int] = {}
        for toks in english_keys:
            for t in set(toks):
                total[t] = total.get(t, 0) + 1
            last[toks[-1]] = last.get(toks[-1], 0) + 1
        self.head_words_: frozenset[str] = frozenset(
            t for t, c in total.items() if c >= 2 and last.get(t, 0) / c >= _HEAD_SHARE
        )
        # Generic heads ("operator", "worker", "manager") say little: the task word decides.
        self.specific_heads_ = frozenset(
            t for t in self.head_words_ if last.get(t, 0) < _GENERIC_HEAD
        )
        # One representative label per code (the most trusted, Indonesian or English, first in its
        # file: the label shown to users), target of the context rules.
        rep = self.labels_.reset_index().sort_values(["rank", "foreign", "order"])
        rep = rep.drop_duplicates("isco08")
        self.code_row_: dict[str, int] = dict(zip(rep["isco08"], rep["index"], strict=True))
        return self

    # ------------------------------------------------------------ keys
    def _forms(self, title: object) -> list[list[str]]:
        return [f for f, _, _ in self._tagged_forms(title)]

    def _tagged_forms(self, title: object) -> list[tuple[list[str], bool, float]]:
        """Token lists of one title: the main form first, then alternatives.

        Alternatives: the ILO inversion ("Aide, nursing: home" -> "home nursing aide"), each part of
        a title joined by '/' or brackets ("Welder 6G / tukang las pipa"), and for each of these the
        Indonesian words glossed into English (and, head-first Indonesian read head-last, the gloss
        backwards). Each form comes with a flag, True when it is the text inside brackets, which
        writers use for a clarification ("Perawat anak (nanny)", "caregiver (kaigo)"), and the share
        of the whole title (in characters, noise words removed) its text covers: 1.0 for the whole
        title and its inversion, less for a part (unless the rest of the title is noise).
        """
        raw = _fold_abbreviations(self._read_native_script(title))
        raw = _drop_restated_acronyms(_first_duty(raw))
        texts: list[str] = [raw]
        if _INVERSION.search(raw):
            texts.append(" ".join(reversed([p for p in _INVERSION.split(raw) if p.strip()])))
        parts = [p for p in _SPLIT_ALTERNATIVES.split(raw) if p.strip()]
        first_part = len(texts)
        if len(parts) > 1:
            texts.extend(parts)
        bracketed = {clean_text(b) for b in _BRACKETED.findall(raw)}
        forms: list[list[str]] = []
        tags: list[bool] = []
        shares: list[float] = []
        whole = 0
        for n_text, text in enumerate(texts):
            tokens = [self.abbreviations_.get(t, t) for t in clean_text(text).split()]
            tokens = [p for t in " ".join(tokens).split() for p in self._decompound(t)]
            tokens = [t for t in tokens if t not in self.noise_ and not t.isdigit()]
            size = sum(len(t) for t in tokens)
            whole = whole or size
            share = 1.0 if n_text < first_part else min(size / max(whole, 1), 1.0)
            spelled = [self._spell(t) for t in tokens]
            units = [u for u in self.glossary_.translate_units(spelled) if u]
            variants = [tokens, [t for u in units for t in u]]
            if len(units) > 1 and spelled != variants[1]:
                # Indonesian noun phrases are head-first ("operator mesin jahit"), English ones
                # head-last ("sewing machine operator"): the glossed phrase read backwards.
                variants.append([t for u in reversed(units) for t in u])
            for variant in variants:
                folded = [_singular(t) for t in variant if t]
                if folded and folded not in forms:
                    forms.append(folded)
                    tags.append(len(texts) > 1 and clean_text(text) in bracketed)
                    shares.append(share)
        return list(zip(forms, tags, shares, strict=True))

    def _read_native_script(self, title: object) -> str:
        """The title as a string, its job words in Chinese, Japanese, Korean, Arabic (and a few
        Thai and Vietnamese) script replaced by their romanised or English reading
        ("Tokutei Ginou 介護" -> "Tokutei Ginou  kaigo "), which the cleaning would otherwise drop
        (``title_native_terms.csv``)."""
        raw = "" if title is None or (isinstance(title, float) and np.isnan(title)) else str(title)
        if self.native_pattern_ is None or raw.isascii():
            return raw
        # NFKC first: full-width brackets and half-width katakana become their usual forms
        raw = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", raw))
        return self.native_pattern_.sub(lambda m: f" {self.native_terms_[m.group(0)]} ", raw)

    def _decompound(self, token: str) -> tuple[str, ...]:
        """A German or Dutch compound of two glossary words read as both ("produktionshelfer" ->
        "produktion helfer", "zorgmedewerker" -> "zorg medewerker"), linking letters dropped.

        Only unknown tokens of eight letters or more are tried; each part has four letters or more.
        """
        hit = self.compound_cache_.get(token)
        if hit is not None:
            return hit
        out: tuple[str, ...] = (token,)
        if len(token) >= 2 * _COMPOUND_PART and token not in self.label_words_:
            glossary = self.glossary_words_
            for i in range(_COMPOUND_PART, len(token) - _COMPOUND_PART + 1):
                left = token[:i]
                if left not in glossary:
                    continue
                right = next(
                    (
                        token[i + len(link) :]
                        for link in _LINKING
                        if token.startswith(link, i)
                        and len(token) - i - len(link) >= _COMPOUND_PART
                        and token[i + len(link) :] in glossary
                    ),
                    None,
                )
                if right is not None:
                    out = (left, right)
                    break
        self.compound_cache_[token] = out
        return out

    def _spell(self, token: str) -> str:
        """A typo of a glossary word ("pekerjaa", "asitsen", "kosntruksi") read as that word.

        Only tokens of five letters or more that are neither glossary nor label words nor words of
        the Indonesian lexicon ("tunda" is not a typo of "tuna", nor "skema" of "kemas") are tried,
        against the glossary words and the words of the English labels; an English word that is the
        closer match leaves the token alone (the later fuzzy and TF-IDF stages handle it). A typo is
        one edit away in a word of up to six letters, two in a longer one ("pemda" is no typo of
        "pemadam").
        """
        hit = self.spell_cache_.get(token)
        if hit is not None:
            return hit
        out = token
        if self._spellable(token):
            best = process.extractOne(
                token, self.spell_choices_, scorer=fuzz.ratio, score_cutoff=_SPELL_CUTOFF
            )
            out = self._respelled(token, best[0] if best is not None else None)
        self.spell_cache_[token] = out
        return out

    def _spellable(self, token: str) -> bool:
        return (
            len(token) >= 5
            and not token.isdigit()
            and token not in self.label_words_
            and token not in self.lexicon_
        )

    def _respelled(self, token: str, nearest: str | None) -> str:
        """``token`` read as its nearest spelling candidate when that is a glossary word close
        enough to be a typo of it (see `_spell`)."""
        if (
            nearest is not None
            and nearest in self.spell_words_
            and Levenshtein.distance(token, nearest) <= (1 if len(token) < 7 else 2)
        ):
            return nearest
        return token

    def _prime_spelling(self, titles: list[object]) -> None:
        """Fill the spelling cache for every word of ``titles`` at once: one multi-threaded
        rapidfuzz ``cdist`` (in blocks) instead of a search per word."""
        todo = sorted(
            {
                t
                for title in titles
                for t in clean_text(self._read_native_script(title)).split()
                if t not in self.spell_cache_ and self._spellable(t)
            }
        )
        for start in range(0, len(todo), _SPELL_BLOCK):
            block = todo[start : start + _SPELL_BLOCK]
            sim = process.cdist(
                block,
                self.spell_choices_,
                scorer=fuzz.ratio,
                score_cutoff=_SPELL_CUTOFF,
                dtype=np.float32,
                workers=-1,
            )
            best = sim.argmax(axis=1)
            found = sim[np.arange(len(block)), best] > 0
            for token, b, ok in zip(block, best, found, strict=True):
                self.spell_cache_[token] = self._respelled(
                    token, self.spell_choices_[b] if ok else None
                )

    def _nearest_curated(self, queries: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Nearest curated key of each query by rapidfuzz ``token_sort_ratio`` (order-insensitive,
        no reward for a short label inside a long title): (key position, similarity in [0, 1]),
        shape (n_queries,) each. In blocks, so the similarity matrix stays small."""
        best = np.zeros(len(queries), dtype=np.int64)
        best_sim = np.zeros(len(queries), dtype=np.float64)
        for start in range(0, len(queries), _SPELL_BLOCK):
            sim = process.cdist(
                queries[start : start + _SPELL_BLOCK],
                self.curated_keys_,
                scorer=fuzz.token_sort_ratio,
                workers=-1,
                dtype=np.float32,
            )
            top = sim.argmax(axis=1)
            best[start : start + len(top)] = top
            best_sim[start : start + len(top)] = sim[np.arange(len(top)), top] / 100.0
        return best, best_sim

    def _keys(self, title: object) -> list[str]:
        """Cleaned matching keys of one title (see `_forms`); [""] when nothing is left."""
        return [" ".join(f) for f in self._forms(title)] or [""]

    def _partial_alias(self, forms: list[list[str]]) -> tuple[int, float]:
        """Longest run of consecutive words that is a known label, e.g. "art" in
        "art tanpa potongan". Returns (label row, confidence) or (-1, 0.0).

        Confidence grows with the share of the title (in characters, noise words removed) the hit
        covers. Earlier words win ties: Indonesian titles put the head noun first ("cook kapal ikan"
        is a cook).
        """
        best_row, best_conf = -1, 0.0
        for tokens in forms:
            known = sum(len(t) for t in tokens) or 1
            for n in range(len(tokens) - 1, 0, -1):
                for i in range(len(tokens) - n + 1):
                    gram = " ".join(tokens[i : i + n])
                    if len(gram) < 3:
                        continue
                    row = self.alias_index_.get(gram, -1)
                    if row < 0:
                        continue
                    cover = min(sum(len(t) for t in tokens[i : i + n]) / known, 1.0)
                    conf = 0.6 + 0.37 * cover
                    if self.labels_ambiguous_[row]:
                        conf = min(conf, 0.7)
                    rest = tokens[:i] + tokens[i + n :]
                    if (
                        self.label_codes_[row] in _LABOURER_CODES
                        and n >= 2
                        and (i == 0 or i + n == len(tokens))
                    ):
                        # "pekerja pabrik roti", "glass factory worker": the labourer head decides
                        # whatever product follows or precedes it (docs/OCCUPATION_CODING.md)
                        conf = max(conf, _GENERIC_REFINED)
                    elif self.labels_nec_[row] and any(
                        len(t) >= 3 and t in self.label_words_ for t in rest
                    ):
                        # an "n.e.c." reading ("operator mesin" -> 8189) of a title that names more
                        # ("operator mesin sepatu"): the head with the rest ("operator sepatu")
                        # may name the job; otherwise a whole-title reading may know better
                        conf = min(conf, _GENERIC_PARTIAL)
                        alt_row, alt_conf = self._refine_generic(tokens, i, n)
                        if alt_row >= 0 and alt_conf > conf:
                            row, conf = alt_row, alt_conf
                    if conf > best_conf:
                        best_row, best_conf = row, conf
                    break
                if best_row >= 0 and n < len(tokens):
                    break
        return best_row, best_conf

    def _refine_generic(self, tokens: list[str], i: int, n: int) -> tuple[int, float]:
        """A specific reading of a title whose known part ``tokens[i:i+n]`` is an "n.e.c." label:
        the label's head (first word, Indonesian order; last word, English order) with the rest of
        the title. Returns (label row, confidence at most ``_GENERIC_REFINED``) or (-1, 0.0)."""
        if n < 2:
            return -1, 0.0
        rest = tokens[:i] + tokens[i + n :]
        best_row, best_conf = -1, 0.0
        for cand in ([tokens[i], *rest], [*rest, tokens[i + n - 1]]):
            row = self.alias_index_.get(" ".join(cand), -1)
            conf = 0.7 if row >= 0 and self.labels_ambiguous_[row] else 1.0
            if row < 0:
                row, conf = self._partial_alias([cand])
            if row >= 0 and not self.labels_nec_[row] and conf > best_conf:
                best_row, best_conf = row, min(conf, _GENERIC_REFINED)
        return best_row, best_conf

    # -------------------------------------------------------- transform
    def transform(self, values: pd.Series) -> pd.DataFrame:
        """Normalise a column of titles.

        values : shape (n,), free text.
        Returns a frame of shape (n, 7) on the same index with columns ``isco08`` (4-digit string or
        NA), ``occupation_label`` (ISCO-08 unit-group title), ``sector``, ``confidence`` (float in
        [0, 1]), ``method`` (alias / fuzzy / tfidf / none), ``status`` (ok / needs_review / unknown),
        ``matched_label`` (the label the title was matched to).
        """
        codes, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
        table = self._resolve(list(uniques))
        empty = pd.DataFrame({c: [None] for c in OUTPUT_COLUMNS}).assign(
            confidence=0.0, method="none", status="unknown"
        )
        table = pd.concat([table, empty], ignore_index=True)
        out = table.iloc[np.where(codes < 0, len(table) - 1, codes)].reset_index(drop=True)
        out.index = values.index
        out = out[list(OUTPUT_COLUMNS)]
        text_cols = [c for c in OUTPUT_COLUMNS if c != "confidence"]
        out[text_cols] = out[text_cols].astype("str")
        return out.astype({"confidence": np.float64})

    def fit_transform(self, values: pd.Series) -> pd.DataFrame:
        return self.fit().transform(values)

    def _raw_key(self, title: object) -> str:
        """The title cleaned but with every word kept (no noise removal, no gloss)."""
        raw = "" if title is None or (isinstance(title, float) and np.isnan(title)) else str(title)
        raw = _fold_abbreviations(raw)
        return "RAW:" + " ".join(_singular(t) for t in clean_text(raw).split())

    def _resolve(self, uniques: list[object]) -> pd.DataFrame:
        """One result row per unique title, in order."""
        n = len(uniques)
        self._prime_spelling(uniques)
        # Expand each unique title into its keys; remember which title each key came from.
        owner: list[int] = []
        keys: list[str] = []
        clarifies: list[bool] = []
        shares: list[float] = []
        # The forms of each title, kept for the partial-alias stage (computed once).
        title_forms: list[list[list[str]]] = [[] for _ in range(n)]
        whole_forms: list[list[list[str]]] = [[] for _ in range(n)]
        for i, title in enumerate(uniques):
            raw = self._raw_key(title)
            if raw in self.alias_index_:
                # Exactly a curated alias as written: nothing to strip or guess.
                owner.append(i)
                keys.append(raw)
                clarifies.append(False)
                shares.append(1.0)
                continue
            tagged = self._tagged_forms(title)
            title_forms[i] = [f for f, _, _ in tagged]
            whole_forms[i] = [f for f, _, share in tagged if share >= 1.0]
            for form, bracket, share in tagged or [([""], False, 1.0)]:
                owner.append(i)
                keys.append(" ".join(form))
                clarifies.append(bracket and not self.head_words_.isdisjoint(form))
                shares.append(share)
        owner_arr = np.asarray(owner, dtype=np.int64)
        n_keys = len(keys)
        label_row = np.full(n_keys, -1, dtype=np.int64)
        score = np.zeros(n_keys, dtype=np.float64)
        method = np.full(n_keys, "none", dtype=object)

        # 1. exact alias
        hit = np.array([self.alias_index_.get(k, -1) for k in keys], dtype=np.int64)
        exact = hit >= 0
        label_row[exact] = hit[exact]
        ambiguous = self.labels_["ambiguous"].to_numpy()
        score[exact] = np.where(ambiguous[hit[exact]], 0.75, 1.0)
        method[exact] = "alias"

        # 2. a known label inside a longer title, once per title (not per key)
        first_key = np.searchsorted(owner_arr, np.arange(n))
        for i in np.setdiff1d(np.arange(n), owner_arr[exact]):
            row, conf = self._partial_alias(title_forms[i])
            if row >= 0:
                j = first_key[i]
                label_row[j], score[j], method[j] = row, conf, "alias"
        # A part of a split title ("AB / Able Seaman kapal niaga (tanker)") that is a label names
        # the job only when no other reading of the title disagrees; otherwise it weighs as much
        # as the share of the title it covers, like a label found inside the title.
        share_arr = np.asarray(shares, dtype=np.float64)
        part_hit = exact & (share_arr < 1.0)
        whole_hit = np.zeros(n, dtype=bool)
        whole_hit[owner_arr[exact & ~part_hit]] = True
        # keys of title i are first_key[i] .. key_end[i] - 1 (titles are expanded in order)
        key_end = np.append(first_key[1:], n_keys)
        weak_part = part_hit & (
            (self.labels_rank_[np.maximum(hit, 0)] >= _SOURCE_RANK["alt"])
            | np.array([k in _GENERIC_HEADS for k in keys], dtype=bool)
        )
        weak_part &= np.array([" " not in k for k in keys], dtype=bool)
        for i in np.setdiff1d(owner_arr[weak_part], np.flatnonzero(whole_hit)):
            span = np.arange(first_key[i], key_end[i])
            # only one-word parts known from a less trusted label set (ESCO alternative labels)
            # or saying no more than "helper" / "worker" / "operator"
            mine = span[weak_part[span]]
            codes = set(self.label_codes_[hit[span[part_hit[span]]]])
            row, conf = self._partial_alias(whole_forms[i])
            if row >= 0:
                codes.add(self.label_codes_[row])
            if len(codes) < 2:
                continue
            score[mine] = np.minimum(score[mine], 0.6 + 0.37 * share_arr[mine])
            j = first_key[i]
            if row >= 0 and conf > score[j]:
                label_row[j], score[j], method[j] = row, conf, "alias"

        # Fuzzy and TF-IDF only for titles not already settled (neither stage can beat 0.97), and
        # once per distinct key: many titles share a key once noise words are gone.
        best_of_title = np.zeros(n, dtype=np.float64)
        np.maximum.at(best_of_title, owner_arr, score)
        open_key = ~exact & (best_of_title[owner_arr] < _SETTLED)
        open_key &= np.asarray([k != "" for k in keys], dtype=bool)
        todo = np.flatnonzero(open_key)
        if len(todo):
            queries, inverse = np.unique(
                np.asarray([keys[j] for j in todo], dtype=object), return_inverse=True
            )
            queries_list = [str(q) for q in queries]
            # 3. fuzzy against the curated layer (typos of known PMI titles); token_sort_ratio is
            # order-insensitive and does not reward a short label contained in a long title.
            if len(self.curated_keys_):
                best, best_sim = self._nearest_curated(queries_list)
                # Fuzzy matching is for typos: a title whose words are all correctly spelled (label
                # or Indonesian words), yet differ from the matched alias, names another job ("cleaning machine
                # operator" is not "canning machine operator").
                curated_keys = self.curated_keys_
                other_words = np.array(
                    [
                        self.known_words_.issuperset(toks := q.split())
                        and set(toks) != set(curated_keys[b].split())
                        for q, b in zip(queries_list, best, strict=True)
                    ],
                    dtype=bool,
                )
                # A typo keeps the word count; a match across counts ("carpanter" -> "car painter")
                # is only a typo when the words are merely split or joined ("house keeper").
                split_words = np.array(
                    [
                        len(q.split()) != len(curated_keys[b].split())
                        and q.replace(" ", "") != curated_keys[b].replace(" ", "")
                        for q, b in zip(queries_list, best, strict=True)
                    ],
                    dtype=bool,
                )
                fuzzy_conf = (
                    _calibrate_fuzzy(best_sim)
                    * np.where(other_words, _WORD_SWAP, 1.0)
                    * np.where(split_words, _WORD_COUNT, 1.0)
                )[inverse]
                better = fuzzy_conf > score[todo]
                label_row[todo[better]] = self.curated_rows_[best[inverse][better]]
                score[todo[better]] = fuzzy_conf[better]
                method[todo[better]] = "fuzzy"
            # 4. TF-IDF character n-grams, k-nearest-label vote
            tf_row, tf_conf = self._tfidf_vote(queries_list)
            label_keys = self.labels_["key"].to_numpy()
            headless = np.array(
                [
                    bool(heads := self.specific_heads_.intersection(q.split()))
                    and r >= 0
                    and heads.isdisjoint(label_keys[r].split())
                    for q, r in zip(queries_list, tf_row, strict=True)
                ],
                dtype=bool,
            )
            tf_row, tf_conf = tf_row[inverse], tf_conf[inverse]
            # Only where the title has another usable reading (e.g. the alias "welder" inside it):
            # with nothing else to offer, the neighbour vote stands.
            before = np.zeros(n, dtype=np.float64)
            np.maximum.at(before, owner_arr, score)
            demote = headless[inverse] & (before[owner_arr[todo]] >= self.review_threshold)
            tf_conf = np.where(demote, tf_conf * _HEADLESS_MATCH, tf_conf)
            better = tf_conf > score[todo]
            label_row[todo[better]] = tf_row[better]
            score[todo[better]] = tf_conf[better]
            method[todo[better]] = "tfidf"
            self._prefer_specific(keys, owner_arr, todo, tf_row, tf_conf, label_row, score, method)

        # Best key per title; between equally sure keys the bracketed clarification wins.
        order = np.lexsort((~np.asarray(clarifies, dtype=bool), -score, owner_arr))
        first = np.ones(n_keys, dtype=bool)
        first[1:] = owner_arr[order][1:] != owner_arr[order][:-1]
        chosen = order[first]
        result = pd.DataFrame(
            {
                "row": label_row[chosen],
                "confidence": np.round(score[chosen], 4),
                "method": method[chosen],
            },
            index=owner_arr[chosen],
        ).reindex(range(n))
        result["row"] = result["row"].fillna(-1).astype(np.int64)
        result["confidence"] = result["confidence"].fillna(0.0)
        result["method"] = result["method"].fillna("none")
        result["row"] = self._apply_context(uniques, result["row"].to_numpy())
        # A title that only says "a worker" ("pekerja", "staff", "TKI") names no occupation.
        generic = pd.Series(
            [bool(f) and self.generic_words_.issuperset(f[0]) for f in title_forms],
            index=result.index,
        )
        result["row"] = result["row"].mask(generic, -1)
        result["confidence"] = result["confidence"].mask(generic, 0.0)
        result["method"] = result["method"].mask(generic, "none")
        return self._finish(result)

    def _prefer_specific(
        self,
        keys: list[str],
        owner: np.ndarray,
        todo: np.ndarray,
        tf_row: np.ndarray,
        tf_conf: np.ndarray,
        label_row: np.ndarray,
        score: np.ndarray,
        method: np.ndarray,
    ) -> None:
        """A title read only as an "n.e.c." label ("operator", "machine operator" -> 8189) takes
        the TF-IDF neighbour of one of its keys instead when that neighbour is a specific label
        sharing a word of the title beyond the generic ones, in the same ISCO-08 major group
        ("carton box machine operator" -> "carton machine operator", 8143). Updates the key arrays
        in place."""
        codes = self.label_codes_[np.maximum(label_row, 0)]
        generic = (
            (label_row >= 0)
            & (method == "alias")
            & (score <= _GENERIC_PARTIAL)
            & self.labels_nec_[np.maximum(label_row, 0)]
        )
        if not generic.any():
            return
        tf_specific = (tf_row >= 0) & (tf_conf >= _SPECIFIC_TFIDF)
        tf_specific &= ~self.labels_nec_[np.maximum(tf_row, 0)]
        label_keys = self.labels_["key"].to_numpy()
        best: dict[int, tuple[float, int, int]] = {}
        for pos in np.flatnonzero(tf_specific):
            j = int(todo[pos])
            words = set(keys[j].split()) - _GENERIC_HEADS
            if not words & set(str(label_keys[tf_row[pos]]).split()):
                continue
            i = int(owner[j])
            if tf_conf[pos] > best.get(i, (0.0, -1, -1))[0]:
                best[i] = (float(tf_conf[pos]), j, int(tf_row[pos]))
        for g in np.flatnonzero(generic):
            hit = best.get(int(owner[g]))
            # the generic reading names the kind of work: the specific one stays in its major group
            if hit is None or str(self.label_codes_[hit[2]])[0] != str(codes[g])[0]:
                continue
            conf, j, row = hit
            label_row[j], method[j] = row, "tfidf"
            score[j] = max(conf, float(score[g]))
            if j != g:
                score[g] = min(float(score[g]), score[j] - 1e-3)

    def _apply_context(self, uniques: list[object], rows: np.ndarray) -> np.ndarray:
        """Move a code to its sibling when the title names the setting (``context_rules_``, from
        ``occupation_context_rules.yaml``).

        Each rule reads the code found before any rule ran, so rules do not chain."""
        rows = rows.copy()
        codes = self.label_codes_[np.where(rows >= 0, rows, 0)]
        context: list[tuple[list[str], list[str]] | None] = [None] * len(uniques)
        for rule in self.context_rules_:
            target_row = self.code_row_.get(rule.target, -1)
            if target_row < 0:
                continue
            for i in np.flatnonzero(np.isin(codes, list(rule.base)) & (rows >= 0)):
                tokens = context[i]
                if tokens is None:
                    raw_tokens = _context_tokens(self._read_native_script(uniques[i]))
                    # the words as written and with typos read ("oprator" -> "operator")
                    tokens = context[i] = (raw_tokens, [self._spell(t) for t in raw_tokens])
                grams = _grams(tokens[0]) | _grams(tokens[1])
                if rule.first:
                    opening = [t for t in tokens[1] if t not in self.noise_][:2]
                    hit = _grams(opening[:1]) | {" ".join(opening)}
                    hit &= rule.words
                else:
                    hit = grams & rule.words
                if not hit or (rule.requires and not grams & rule.requires):
                    continue
                if (grams - hit) & rule.unless:
                    continue
                rows[i] = target_row
        return rows

    def _tfidf_vote(self, queries: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Top-k label vote per query. Returns (label row, confidence), shape (n_queries,) each;
        row -1 and confidence 0 where no label shares an n-gram with the query.

        The k nearest labels come from a sparse product that keeps only the top k per row
        (sparse_dot_topn, two threads): the dense query x label similarity matrix is never built,
        and it was the cost of normalising a column with many unseen titles.
        """
        n = len(queries)
        kk = min(self.n_neighbours, self.label_matrix_.shape[1])
        if n == 0 or kk == 0:
            return np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=np.float64)
        q = self.vectoriser_.transform(queries)
        # In row blocks: the product holds the GIL, so other threads run between blocks.
        nearest = sp.vstack(
            [
                sp_matmul_topn(
                    q[start : start + _TOPN_BLOCK],
                    self.label_matrix_,
                    top_n=kk,
                    sort=True,
                    n_threads=min(2, os.cpu_count() or 1),
                )
                for start in range(0, n, _TOPN_BLOCK)
            ],
            format="csr",
        )
        # Scatter the CSR result into (n, k) arrays, best first; -1 pads rows with fewer than k.
        counts = np.diff(nearest.indptr)
        owner = np.repeat(np.arange(n), counts)
        rank = np.arange(nearest.nnz) - np.repeat(nearest.indptr[:-1], counts)
        top = np.full((n, kk), -1, dtype=np.int64)
        sims = np.zeros((n, kk), dtype=np.float64)
        top[owner, rank] = nearest.indices
        sims[owner, rank] = nearest.data
        rows = np.full(n, -1, dtype=np.int64)
        conf = np.zeros(n, dtype=np.float64)
        for start in range(0, n, self.batch_size * 16):
            block = slice(start, start + self.batch_size * 16)
            rows[block], conf[block] = self._vote(top[block], sims[block])
        return rows, conf

    def _vote(self, top: np.ndarray, sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The vote over each query's k nearest labels (label columns ``top`` and cosines ``sims``,
        shape (b, k), best first, -1 for none)."""
        valid = top >= 0
        label = self.tfidf_rows_[np.where(valid, top, 0)]
        codes = np.where(valid, self.label_codes_[label], "")
        # Vote: each neighbour adds sim^2 to its code; the winning code's best label is the match.
        weight = np.where(valid, sims, 0.0) ** 2
        agree = (codes[:, :, None] == codes[:, None, :]) * weight[:, None, :]
        support = agree.sum(axis=2) / np.maximum(weight.sum(axis=1, keepdims=True), 1e-9)
        win = np.argmax(np.where(valid, support * 1.0 + sims * 0.5, -1.0), axis=1)
        idx = np.arange(len(top))
        found = valid[idx, win]
        return (
            np.where(found, label[idx, win], -1),
            np.where(found, _calibrate_tfidf(sims[idx, win], support[idx, win]), 0.0),
        )

    def _finish(self, result: pd.DataFrame) -> pd.DataFrame:
        """Attach codes, labels, sectors and statuses; blank out codes below the review threshold."""
        row = result["row"].to_numpy()
        conf = result["confidence"].to_numpy(dtype=np.float64)
        has = row >= 0
        status = pd.Series("needs_review", index=result.index, dtype="str")
        status[conf >= self.ok_threshold] = "ok"
        status[~has | (conf < self.review_threshold)] = "unknown"
        keep = (status != "unknown").to_numpy()
        safe = np.where(has, row, 0)
        label = self.labels_.iloc[safe].reset_index(drop=True).set_axis(result.index)
        codes = label["isco08"].where(keep)
        # A curated alias carries its own sector (a household cook is domestic, not hospitality).
        sector = label["sector"].where(label["sector"].notna(), codes.map(self.sector_of))
        return pd.DataFrame(
            {
                "isco08": codes,
                "occupation_label": codes.map(self.unit_titles_),
                "sector": sector.where(keep),
                "confidence": np.where(has, conf, 0.0),
                "method": result["method"].where(has, "none"),
                "status": status,
                "matched_label": label["title"].where(keep),
            },
            index=result.index,
        )

    def sector_of(self, code: object) -> str | None:
        """Default PMI sector of an ISCO-08 code, by longest matching prefix."""
        if not isinstance(code, str) or not code:
            return None
        for n in range(len(code), 0, -1):
            sector = self.sector_prefix_.get(code[:n])
            if sector:
                return sector
        return "other"


def _fold_abbreviations(raw: str) -> str:
    """ "P.L.R.T" / "A.B.K." / "Q.C." are abbreviations, not separate letters; "G to G" is one word."""
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), _G_TO_G.sub("gtog", raw))


def _context_tokens(title: object) -> list[str]:
    """Words of the whole title (noise words included) for the context rules."""
    raw = "" if title is None or (isinstance(title, float) and np.isnan(title)) else str(title)
    raw = _NEGATED.sub(" ", _REDUPLICATED.sub(r"\1", raw))
    raw = _fold_abbreviations(raw)
    return clean_text(raw).split()


def _first_duty(raw: str) -> str:
    """The title without reduplication digits, negated duties and, outside brackets, the duties
    after the first one ("PRT + jaga oma" -> "PRT", "PRT (tanpa jaga orang)" -> "PRT ( )",
    "bantu2" -> "bantu")."""
    raw = _REDUPLICATED.sub(r"\1", raw)
    # a title that is nothing but a negation ("no experience") keeps its words
    negated = _NEGATED.sub(" ", raw)
    raw = negated if negated.strip() else raw

    def outside_brackets(match: re.Match[str]) -> str:
        # inside a bracket the duties are one clarification ("rumah tangga (bersih + masak)")
        before = raw[: match.start()]
        depth = before.count("(") + before.count("[") - before.count(")") - before.count("]")
        return match.group(0) if depth > 0 else ""

    first = _EXTRA_DUTY.sub(outside_brackets, raw)
    return first if first.strip() else raw


def _grams(tokens: list[str]) -> set[str]:
    """Words and two-word phrases of a token list."""
    return set(tokens) | {" ".join(tokens[j : j + 2]) for j in range(len(tokens) - 1)}


def _drop_restated_acronyms(raw: str) -> str:
    """Drop a bracketed acronym of the words before it: "Public area attendant (PA)" says nothing
    more than "Public area attendant", and "PA" alone is another job."""

    def initials_before(match: re.Match[str]) -> str:
        acronym = clean_text(match.group(1))
        words = clean_text(raw[: match.start()]).split()
        if (
            len(acronym) >= 2
            and " " not in acronym
            and any(
                "".join(w[0] for w in words[i : i + len(acronym)]) == acronym
                for i in range(max(len(words) - len(acronym) + 1, 0))
            )
        ):
            return " "
        return match.group(0)

    return _BRACKETED.sub(initials_before, raw)


def _calibrate_fuzzy(sim: np.ndarray) -> np.ndarray:
    """Map a [0, 1] edit similarity to a confidence: 0.92 -> ~0.9, 0.80 -> ~0.7, 0.70 -> ~0.5."""
    return np.clip((sim - 0.45) / 0.52, 0.0, 1.0) * 0.97


def _calibrate_tfidf(top_sim: np.ndarray, support: np.ndarray) -> np.ndarray:
    """Confidence from the winning label's cosine and the share of neighbour weight agreeing."""
    return np.clip(0.7 * top_sim + 0.3 * support, 0.0, 0.97) * np.where(top_sim < 0.35, 0.5, 1.0)
