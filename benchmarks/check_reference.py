"""Validate the curated PMI occupation reference files.

Checks ``data/reference/pmi_occupations.csv``, ``data/reference/isco_sector.csv`` and
``data/reference/id_en_words.csv`` against ``data/reference/isco08_structure.csv``:

* every ``isco08`` code is an existing ISCO-08 unit group (level 4);
* every sector belongs to the PMI sector vocabulary, every ``lang`` to the language vocabulary;
* aliases are lower case, trimmed, unique, and never mapped to two codes;
* ISCO sector prefixes exist in the structure, are unique and cover every major group 0-9;
* glossary keys are lower case, trimmed and unique.

Prints counts per sector and per language and exits non-zero when any error is found.

Usage: ``.venv/bin/python benchmarks/check_reference.py [--reference-dir DIR]``
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

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
# id, en, mix (both), prog (a programme's own word), abbr; the rest are ISO 639-1 codes of
# destination and regional languages (keyed by their own words only, see occupation.py).
LANGS: frozenset[str] = frozenset(
    {"id", "en", "mix", "prog", "abbr"}
    | set(
        "ms jv su ja ko zh ar de nl pl it es pt fr tr ro cs sk hu el sv da no fi vi th tl".split()
    )
)

DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"

PMI_COLUMNS = ["alias", "isco08", "sector", "lang", "note"]
SECTOR_COLUMNS = ["isco_prefix", "sector", "note"]
WORD_COLUMNS = ["id", "en"]

MIN_ALIASES = 300
MIN_WORDS = 300


def read_rows(path: Path, expected_columns: list[str], errors: list[str]) -> list[dict[str, str]]:
    """Read a CSV file as dictionaries, recording an error if the header is wrong."""
    if not path.exists():
        errors.append(f"{path.name}: file not found at {path}")
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        if header != expected_columns:
            errors.append(f"{path.name}: header {header} != expected {expected_columns}")
        return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]


def load_isco_structure(path: Path) -> dict[str, int]:
    """Return a mapping ISCO-08 code -> level (1 to 4)."""
    codes: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            codes[row["code"].strip()] = int(row["level"])
    return codes


def is_clean_text(text: str) -> bool:
    """True when text is lower case, trimmed and has no doubled internal spaces."""
    return text == text.strip() and text == text.lower() and "  " not in text and text != ""


def check_pmi_occupations(
    rows: list[dict[str, str]], isco: dict[str, int], errors: list[str]
) -> None:
    """Validate the curated alias table."""
    name = "pmi_occupations.csv"
    codes_by_alias: dict[str, set[str]] = defaultdict(set)
    alias_counts: Counter[str] = Counter()
    for line_no, row in enumerate(rows, start=2):
        alias = row.get("alias", "")
        code = row.get("isco08", "").strip()
        sector = row.get("sector", "").strip()
        lang = row.get("lang", "").strip()
        where = f"{name}:{line_no} ({alias!r})"
        if not is_clean_text(alias):
            errors.append(f"{where}: alias must be non-empty, lower case and trimmed")
        if isco.get(code) != 4:
            errors.append(f"{where}: isco08 {code!r} is not an ISCO-08 unit group (level 4)")
        if sector not in SECTORS:
            errors.append(f"{where}: sector {sector!r} not in vocabulary")
        if lang not in LANGS:
            errors.append(f"{where}: lang {lang!r} not in {sorted(LANGS)}")
        alias_counts[alias] += 1
        codes_by_alias[alias].add(code)
    for alias, count in sorted(alias_counts.items()):
        if count > 1:
            errors.append(f"{name}: alias {alias!r} appears {count} times")
        if len(codes_by_alias[alias]) > 1:
            codes = sorted(codes_by_alias[alias])
            errors.append(f"{name}: alias {alias!r} mapped to several codes {codes}")
    if len(rows) < MIN_ALIASES:
        errors.append(f"{name}: only {len(rows)} aliases (minimum {MIN_ALIASES})")


def check_isco_sector(rows: list[dict[str, str]], isco: dict[str, int], errors: list[str]) -> None:
    """Validate the ISCO prefix -> default sector table."""
    name = "isco_sector.csv"
    prefix_counts: Counter[str] = Counter()
    for line_no, row in enumerate(rows, start=2):
        prefix = row.get("isco_prefix", "").strip()
        sector = row.get("sector", "").strip()
        where = f"{name}:{line_no} ({prefix!r})"
        if not prefix.isdigit() or not 1 <= len(prefix) <= 4:
            errors.append(f"{where}: prefix must be 1 to 4 digits")
        elif isco.get(prefix) != len(prefix):
            errors.append(f"{where}: prefix is not an ISCO-08 code of level {len(prefix)}")
        if sector not in SECTORS:
            errors.append(f"{where}: sector {sector!r} not in vocabulary")
        prefix_counts[prefix] += 1
    for prefix, count in sorted(prefix_counts.items()):
        if count > 1:
            errors.append(f"{name}: prefix {prefix!r} appears {count} times")
    missing = [str(d) for d in range(10) if str(d) not in prefix_counts]
    if missing:
        errors.append(f"{name}: major groups without a 1-digit prefix: {missing}")


def sector_for(code: str, prefix_sector: dict[str, str]) -> str | None:
    """Default sector of a code by longest matching prefix."""
    for length in range(len(code), 0, -1):
        sector = prefix_sector.get(code[:length])
        if sector is not None:
            return sector
    return None


def check_unit_group_coverage(
    isco: dict[str, int], prefix_sector: dict[str, str], errors: list[str]
) -> None:
    """Every unit group must receive a default sector."""
    for code, level in sorted(isco.items()):
        if level == 4 and sector_for(code, prefix_sector) is None:
            errors.append(f"isco_sector.csv: unit group {code} has no default sector")


def check_words(rows: list[dict[str, str]], errors: list[str]) -> None:
    """Validate the Indonesian -> English glossary."""
    name = "id_en_words.csv"
    key_counts: Counter[str] = Counter()
    for line_no, row in enumerate(rows, start=2):
        key = row.get("id", "")
        value = row.get("en", "")
        where = f"{name}:{line_no} ({key!r})"
        if not is_clean_text(key):
            errors.append(f"{where}: id must be non-empty, lower case and trimmed")
        if value and not is_clean_text(value):
            errors.append(f"{where}: en must be lower case and trimmed (or empty)")
        key_counts[key] += 1
    for key, count in sorted(key_counts.items()):
        if count > 1:
            errors.append(f"{name}: id {key!r} appears {count} times")
    if len(rows) < MIN_WORDS:
        errors.append(f"{name}: only {len(rows)} entries (minimum {MIN_WORDS})")


def format_counts(title: str, counts: Iterable[tuple[str, int]]) -> str:
    """Render a small aligned table of counts."""
    lines = [title]
    lines.extend(f"  {key:<14} {value:>5}" for key, value in counts)
    return "\n".join(lines)


def sector_disagreements(rows: list[dict[str, str]], prefix_sector: dict[str, str]) -> int:
    """Number of aliases whose sector overrides the default sector of their code."""
    return sum(
        1 for row in rows if sector_for(row.get("isco08", ""), prefix_sector) != row.get("sector")
    )


def main(argv: list[str] | None = None) -> int:
    """Run all checks; return 0 when clean, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reference-dir", type=Path, default=DEFAULT_REFERENCE_DIR)
    args = parser.parse_args(argv)
    ref: Path = args.reference_dir

    errors: list[str] = []
    isco = load_isco_structure(ref / "isco08_structure.csv")
    pmi_rows = read_rows(ref / "pmi_occupations.csv", PMI_COLUMNS, errors)
    sector_rows = read_rows(ref / "isco_sector.csv", SECTOR_COLUMNS, errors)
    word_rows = read_rows(ref / "id_en_words.csv", WORD_COLUMNS, errors)

    check_pmi_occupations(pmi_rows, isco, errors)
    check_isco_sector(sector_rows, isco, errors)
    prefix_sector = {r["isco_prefix"].strip(): r["sector"].strip() for r in sector_rows}
    check_unit_group_coverage(isco, prefix_sector, errors)
    check_words(word_rows, errors)

    print(f"pmi_occupations.csv: {len(pmi_rows)} aliases")
    print(f"isco_sector.csv:     {len(sector_rows)} prefixes")
    print(f"id_en_words.csv:     {len(word_rows)} entries")
    print(f"distinct ISCO codes used by aliases: {len({r['isco08'] for r in pmi_rows})}")
    sectors = Counter(r.get("sector", "") for r in pmi_rows)
    langs = Counter(r.get("lang", "") for r in pmi_rows)
    print(format_counts("aliases per sector:", sorted(sectors.items())))
    print(format_counts("aliases per lang:", sorted(langs.items())))
    overrides = sector_disagreements(pmi_rows, prefix_sector)
    print(f"aliases whose sector overrides the prefix default: {overrides}")

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    print("\nOK: reference files are consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
