"""Reference files of the occupation normaliser: the word glossaries, word lists, abbreviations,
native-script job words, sector prefixes, destination words and the context rules of the coding
conventions (``data/reference/``). Loading only; the normaliser is in ``occupation.py``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from matching.normalise.text import clean_text

CONTEXT_RULE_KEYS = frozenset({"note", "base", "words", "target", "unless", "requires", "first"})


@dataclass(frozen=True)
class ContextRule:
    """Move a code found in ``base`` to ``target`` when the title holds one of ``words`` (single
    words or two-word phrases), none of ``unless`` other than the phrases that fired the rule, and,
    if ``requires`` is given, one of those too."""

    base: frozenset[str]
    words: frozenset[str]
    target: str
    unless: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()
    note: str = ""
    # ``words`` must open the title (its first word or two-word phrase, noise words skipped): the
    # first-named duty decides ("PLRT jaga lansia" is a domestic helper who also minds an elder).
    first: bool = False


@dataclass(frozen=True)
class Glossary:
    """Word glossary into English (Indonesian and regional words; destination-language words),
    longest phrase first."""

    phrases: dict[tuple[str, ...], tuple[str, ...]]
    max_len: int

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """A glossary file (columns ``id, en``); the first entry of a phrase wins."""
        phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        if path.exists():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            for src, dst in zip(frame["id"], frame["en"], strict=True):
                key = tuple(clean_text(src).split())
                if key and key not in phrases:
                    phrases[key] = tuple(clean_text(dst).split())
        return cls(phrases, max((len(k) for k in phrases), default=1))

    def extended(self, other: Glossary) -> Glossary:
        """This glossary with the phrases of ``other`` it lacks (its own entries win)."""
        return Glossary({**other.phrases, **self.phrases}, max(self.max_len, other.max_len))

    def translate(self, tokens: list[str]) -> list[str]:
        return [t for unit in self.translate_units(tokens) for t in unit]

    def translate_units(self, tokens: list[str]) -> list[tuple[str, ...]]:
        """Gloss phrase by phrase; one tuple per source phrase (a dropped word gives ())."""
        out: list[tuple[str, ...]] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_len, len(tokens) - i), 0, -1):
                hit = self.phrases.get(tuple(tokens[i : i + n]))
                if hit is not None:
                    out.append(hit)
                    i += n
                    break
            else:
                out.append((tokens[i],))
                i += 1
        return out


def load_words(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return frozenset(clean_text(w) for w in lines if w)


def load_context_rules(path: Path) -> tuple[ContextRule, ...]:
    """The context rules of ``occupation_context_rules.yaml``, in file order; none if it is absent.

    The file holds ``groups`` (name -> list of words or phrases) and ``rules`` (a list of mappings
    with ``base``, ``words``, ``target`` and optionally ``unless``, ``requires``, ``note`` and
    ``first``, true when ``words`` must open the title). An item
    ``"@name"`` of a rule's word list stands for the whole group ``name``. A malformed file raises a
    ValueError naming the file and the offending entry.
    """
    if not path.exists():
        return ()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return ()
    if not isinstance(data, dict) or not set(data) <= {"groups", "rules"}:
        raise ValueError(f"{path}: expected a mapping with the keys 'groups' and 'rules'")

    def strings(value: object, where: str) -> list[str]:
        if not isinstance(value, list) or not value:
            raise ValueError(f"{path}: {where} must be a non-empty list")
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise ValueError(
                    f"{path}: {where}: {item!r} is not a word or phrase (quote codes and "
                    "words YAML reads as numbers or booleans)"
                )
            if item != item.strip() or item != item.lower():
                raise ValueError(f"{path}: {where}: {item!r} must be lower case, unpadded")
        return value

    raw_groups = data.get("groups") or {}
    if not isinstance(raw_groups, dict):
        raise ValueError(f"{path}: 'groups' must map a group name to a list of words")
    groups: dict[str, frozenset[str]] = {}
    for name, members in raw_groups.items():
        items = strings(members, f"group {name!r}")
        if any(item.startswith("@") for item in items):
            raise ValueError(f"{path}: group {name!r}: a group cannot refer to another group")
        groups[str(name)] = frozenset(items)

    def expand(value: object, where: str) -> frozenset[str]:
        out: set[str] = set()
        for item in strings(value, where):
            if item.startswith("@"):
                if item[1:] not in groups:
                    raise ValueError(f"{path}: {where}: unknown group {item!r}")
                out |= groups[item[1:]]
            else:
                out.add(item)
        return frozenset(out)

    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise ValueError(f"{path}: 'rules' must be a list")
    rules: list[ContextRule] = []
    for n, raw in enumerate(raw_rules, 1):
        where = f"rule {n}"
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: {where} must be a mapping")
        unknown = set(raw) - CONTEXT_RULE_KEYS
        missing = {"base", "words", "target"} - set(raw)
        if unknown or missing:
            raise ValueError(
                f"{path}: {where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}"
            )
        target = raw["target"]
        if not isinstance(target, str) or not target:
            raise ValueError(f"{path}: {where}: target {target!r} must be a quoted code")
        note = raw.get("note", "")
        first = raw.get("first", False)
        if not isinstance(first, bool):
            raise ValueError(f"{path}: {where}: first must be true or false, not {first!r}")
        rules.append(
            ContextRule(
                base=frozenset(strings(raw["base"], f"{where} base")),
                words=expand(raw["words"], f"{where} words"),
                target=target,
                unless=expand(raw["unless"], f"{where} unless") if "unless" in raw else frozenset(),
                requires=(
                    expand(raw["requires"], f"{where} requires")
                    if "requires" in raw
                    else frozenset()
                ),
                note=str(note) if note is not None else "",
                first=first,
            )
        )
    return tuple(rules)


def load_native_terms(path: Path) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Native-script job words and their readings, and one pattern matching any of them, longest
    first."""
    if not path.exists():
        return {}, None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    terms = {t.strip(): r.strip() for t, r in zip(frame["term"], frame["reading"], strict=True)}
    terms = {t: r for t, r in terms.items() if t and r}
    if not terms:
        return {}, None
    alternatives = sorted(terms, key=len, reverse=True)
    return terms, re.compile("|".join(re.escape(t) for t in alternatives))


def load_abbreviations(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {
        clean_text(a): clean_text(e)
        for a, e in zip(frame["abbr"], frame["expansion"], strict=True)
        if clean_text(a)
    }


def load_sector_prefixes(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(frame["isco_prefix"], frame["sector"], strict=True))


def destination_words(ref: Path) -> frozenset[str]:
    """Destination names are noise in a title ("PRT hongkong", "caregiver taiwan")."""
    words = {
        "hongkong",
        "hong",
        "kong",
        "hk",
        "taiwan",
        "malaysia",
        "singapore",
        "singapura",
        "jepang",
        "japan",
        "korea",
        "korsel",
        "selatan",
        "south",
        "saudi",
        "arab",
        "arabia",
        "ksa",
        "brunei",
        "jerman",
        "germany",
        "belanda",
        "netherlands",
        "poland",
        "polandia",
        "uae",
        "dubai",
        "qatar",
        "kuwait",
        "oman",
        "bahrain",
        "turki",
        "turkey",
        "italia",
        "italy",
        "macau",
        "makau",
        "australia",
        "roc",
        "asia",
        "eropa",
        "europe",
        "timur",
        "tengah",
    }
    path = ref / "countries.csv"
    if path.exists():
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for alias in frame.get("alias", pd.Series(dtype=str)):
            toks = clean_text(alias).split()
            if len(toks) == 1 and len(toks[0]) > 3:
                words.add(toks[0])
    return frozenset(words)
