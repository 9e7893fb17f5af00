"""Readers for the three input tables (candidates, job orders, quotas) and the error report.

A reader never raises on bad *rows*: every unreadable value rejects its row and is reported in
`ReadResult.errors` (file, row, column, value, reason, severity); coerced values are warnings and
the row is kept. Only whole-file problems raise `InputFileError`, whose message is one line that
names the file and says what to fix.

Row numbers are the ones a user sees: line numbers in a CSV (header = line 1, quoted multi-line
fields counted), sheet rows in an XLSX.

Speed: CSVs are read by the pandas C parser with every column as text; each column is then
parsed once per unique value (`matching.normalise.fields`). The csv module is used only to find
line numbers when a quoted field spans lines, or as a fallback for malformed rows.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from matching.normalise.fields import (
    Parsed,
    parse_currency,
    parse_date,
    parse_education,
    parse_gender,
    parse_int,
    parse_medical,
    parse_nik,
    parse_number,
    parse_scheme,
    parse_sector,
    parse_status,
    parse_yes_no,
)
from matching.normalise.text import clean_series
from models.schema import (
    CANDIDATE_COLUMNS,
    ERROR_COLUMNS,
    JOB_ORDER_COLUMNS,
    QUOTA_COLUMNS,
    Severity,
)

ROW: Final = "_row"
CSV_SUFFIXES: Final = frozenset({".csv", ".txt"})
XLSX_SUFFIXES: Final = frozenset({".xlsx", ".xlsm"})
_DELIMITERS: Final = (",", ";", "\t", "|")
_DELIMITER_NAMES: Final = {",": "comma", ";": "';'", "\t": "tab", "|": "'|'"}

# Signatures of files people rename to .csv by mistake.
_MAGIC: Final[tuple[tuple[bytes, str], ...]] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Excel .xls / Office file (save it as .xlsx or CSV UTF-8)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)

# Birth dates outside this window are typos, not people.
_MIN_BIRTH: Final = pd.Timestamp("1900-01-01")
# How many other rows a "possible duplicate person" warning lists.
_MAX_NAMED: Final = 5


class InputFileError(Exception):
    """A whole-file problem; str(exc) is a one-line user-facing message naming the file."""


@dataclass
class ReadResult:
    """Outcome of reading one input table.

    frame:    valid rows, typed; column `_row` = row number in the file; unknown columns kept.
    errors:   ERROR_COLUMNS; severity "error" rejected the row, "warning" kept it.
    rejected: the raw (string) rows that were rejected, with `_row`.
    """

    frame: pd.DataFrame
    errors: pd.DataFrame
    rejected: pd.DataFrame


# --------------------------------------------------------------------------- issue collection


@dataclass
class _Issues:
    """Accumulates error/warning rows as small DataFrames (concatenated once at the end)."""

    file: str
    parts: list[pd.DataFrame] = field(default_factory=list)

    def add(
        self,
        row: int,
        column: str,
        value: object,
        reason: str,
        severity: Severity = Severity.WARNING,
    ) -> None:
        """One issue (file-level or a single row)."""
        self.parts.append(
            pd.DataFrame(
                {
                    "file": [self.file],
                    "row": [row],
                    "column": [column],
                    "value": ["" if value is None else str(value)],
                    "reason": [reason],
                    "severity": [str(severity)],
                }
            )
        )

    def add_rows(
        self,
        rows: pd.Series,
        column: str,
        values: pd.Series,
        reasons: pd.Series | str,
        severity: Severity,
    ) -> None:
        """Many issues at once; `rows`, `values`, `reasons` are aligned and pre-filtered."""
        if len(rows) == 0:
            return
        n = len(rows)
        self.parts.append(
            pd.DataFrame(
                {
                    "file": np.full(n, self.file, dtype=object),
                    "row": rows.to_numpy(dtype=np.int64),
                    "column": np.full(n, column, dtype=object),
                    "value": values.astype(object).fillna("").astype(str).to_numpy(dtype=object),
                    "reason": (
                        np.full(n, reasons, dtype=object)
                        if isinstance(reasons, str)
                        else reasons.astype(str).to_numpy(dtype=object)
                    ),
                    "severity": np.full(n, str(severity), dtype=object),
                }
            )
        )

    def frame(self) -> pd.DataFrame:
        """All issues as one ERROR_COLUMNS frame, sorted by row (file-level first)."""
        if not self.parts:
            return empty_errors()
        out = pd.concat(self.parts, ignore_index=True)
        out = out.sort_values("row", kind="stable", ignore_index=True)
        return _error_dtypes(out)


def empty_errors() -> pd.DataFrame:
    """An error table with no rows and the contract's columns."""
    return _error_dtypes(pd.DataFrame({c: [] for c in ERROR_COLUMNS}))


def _error_dtypes(errors: pd.DataFrame) -> pd.DataFrame:
    out = errors.loc[:, list(ERROR_COLUMNS)].copy()
    for col in ERROR_COLUMNS:
        out[col] = out[col].astype("int64") if col == "row" else out[col].astype("str")
    return out


# --------------------------------------------------------------------------- raw reading


def read_table(
    path: Path | str,
    *,
    expected: Sequence[str] = (),
    required: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a CSV or XLSX (first sheet) into an all-string frame with `_row`.

    Returns (raw, issues). `raw` has one column per header name ("" for blank cells; blank rows
    dropped) plus `_row` (int64, the file row). `issues` (ERROR_COLUMNS) holds file-level
    warnings (delimiter, encoding, header case, missing optional columns, no data rows) and
    structural row errors (a CSV row with more fields than the header: severity "error").

    `expected`: the contract's column names; headers matching them after stripping and
    case-folding are renamed to them (with a warning when case-folding was needed), and absent
    ones are added blank with a warning. `required`: columns whose absence is a file error.
    Raises InputFileError for whole-file problems.
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputFileError(f"{name}: file not found ({path})")
    if not path.is_file():
        raise InputFileError(f"{name}: not a file ({path})")
    suffix = path.suffix.casefold()
    issues = _Issues(name)
    delimiter: str | None = None
    if suffix in CSV_SUFFIXES:
        cells, lines, structural, delimiter = _read_csv_cells(path, name, expected, issues)
    elif suffix in XLSX_SUFFIXES:
        cells, lines = _read_xlsx_cells(path, name)
        structural = np.zeros(len(cells), dtype=np.int64)
    else:
        hint = " (save legacy .xls as .xlsx)" if suffix == ".xls" else ""
        raise InputFileError(
            f"{name}: unsupported file type {path.suffix or '(none)'!r}; "
            f"use .csv, .txt, .xlsx or .xlsm{hint}"
        )
    raw = _frame_from_cells(cells, lines, structural, name, expected, required, issues, delimiter)
    return raw, issues.frame()


def _sniff_binary(data: bytes, name: str) -> None:
    """Refuse binaries and structured non-tables with a message saying what the file is."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputFileError(f"{name}: this is {kind}, not a CSV table")
    if data.startswith(b"PK\x03\x04"):
        kind = "a ZIP archive"
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if any(n.startswith("xl/") for n in zf.namelist()):
                    kind = "an Excel workbook saved under a CSV name (rename it to .xlsx)"
        except zipfile.BadZipFile:
            pass
        raise InputFileError(f"{name}: this is {kind}, not a CSV table")
    if b"\x00" in data[:8192]:
        raise InputFileError(f"{name}: this is a binary file, not a CSV table")


def _decode(data: bytes, name: str, issues: _Issues) -> str:
    """Bytes -> text: UTF-8 (BOM stripped silently), UTF-16 with BOM, else cp1252 with a warning."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        # Excel's "Unicode Text" export.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputFileError(f"{name}: invalid UTF-16 text ({exc.reason})") from None
    _sniff_binary(data, name)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding, label in (("cp1252", "Windows-1252 (cp1252)"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        issues.add(
            1,
            "",
            "",
            f"file is not UTF-8; decoded as {label}. Check accented names; "
            "save as 'CSV UTF-8' to avoid this",
        )
        return text
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _header_key(name: object) -> str:
    """Header matching key: stripped, case-folded, spaces/hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().casefold())


def _pick_delimiter(text: str, expected: Sequence[str]) -> str:
    """The delimiter that best splits the first non-blank line into the expected headers."""
    first = next((ln for ln in text[:65536].splitlines() if ln.strip()), "")
    wanted = {_header_key(c) for c in expected}
    best, best_score = ",", (-1, -1)
    for delim in _DELIMITERS:
        try:
            fields = next(csv.reader([first], delimiter=delim), [])
        except csv.Error:
            continue
        hits = sum(_header_key(f) in wanted for f in fields)
        score = (hits, len(fields))
        if score > best_score:  # strict: ties keep the earlier (comma first)
            best, best_score = delim, score
    return best


def _line_starts_csv(text: str, delim: str) -> tuple[list[list[str]], np.ndarray]:
    """Records and the file line each starts on, via the csv module (quoted newlines safe)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    records: list[list[str]] = []
    starts: list[int] = []
    prev = 0
    for rec in reader:
        records.append(rec)
        starts.append(prev + 1)
        prev = reader.line_num
    return records, np.asarray(starts, dtype=np.int64)


def _physical_lines(text: str) -> int:
    """Number of lines in `text` (a final line without a newline counts)."""
    nl = "\n" if "\n" in text else "\r"
    n = text.count(nl)
    return n + (0 if text.endswith(nl) else 1)


def _read_csv_cells(
    path: Path, name: str, expected: Sequence[str], issues: _Issues
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, str]:
    """CSV -> (cells incl. header row, start line per record, surplus fields, delimiter)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{name}: cannot read file ({exc.strerror})") from None
    if not data.strip():
        raise InputFileError(f"{name}: the file is empty")
    text = _decode(data, name, issues)
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            raise InputFileError(f"{name}: this is JSON, not a CSV table")
    if stripped[:5].casefold() in ("<!doc", "<html", "<?xml"):
        raise InputFileError(f"{name}: this is HTML/XML, not a CSV table")

    delim = _pick_delimiter(text, expected)
    if delim != ",":
        issues.add(
            1,
            "",
            "",
            f"file is {_DELIMITER_NAMES[delim]}-separated (a regional Excel export?); "
            "read it with that delimiter",
        )
    try:
        cells = pd.read_csv(
            io.StringIO(text),
            sep=delim,
            header=None,
            dtype=str,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,  # keeps record i on line i+1 when nothing spans lines
            engine="c",
        )
    except pd.errors.ParserError:
        cells = None  # ragged rows or a stray quote: let the csv module say where
    except pd.errors.EmptyDataError:
        raise InputFileError(f"{name}: the file is empty") from None

    if cells is not None and len(cells) == _physical_lines(text):
        lines = np.arange(1, len(cells) + 1, dtype=np.int64)
        return cells, lines, np.zeros(len(cells), np.int64), delim

    # A quoted field spans lines (or pandas refused the file): number records with csv.
    try:
        records, starts = _line_starts_csv(text, delim)
    except csv.Error as exc:
        raise InputFileError(
            f"{name}: cannot parse the CSV ({exc}); check for an unbalanced double quote"
        ) from None
    if cells is not None and len(cells) == len(records):
        return cells, starts, np.zeros(len(cells), np.int64), delim
    header_width = next((len(r) for r in records if any(c.strip() for c in r)), 0)
    padded = [r[:header_width] + [""] * (header_width - len(r[:header_width])) for r in records]
    extra = np.asarray([max(len(r) - header_width, 0) for r in records], dtype=np.int64)
    frame = pd.DataFrame(padded, dtype="str") if padded else pd.DataFrame()
    return frame, starts, extra, delim


def _cell_text(value: Any) -> str:
    """An XLSX cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        # Excel keeps 15 significant digits: a 16-digit NIK typed as a number has lost its
        # last digit. Render it the way Excel shows it so the NIK parser can say so.
        if abs(value) >= 1e15:
            return f"{float(value):.15g}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _read_xlsx_cells(path: Path, name: str) -> tuple[pd.DataFrame, np.ndarray]:
    """First sheet of an XLSX -> (cells as text with integer columns, sheet row numbers)."""
    import openpyxl  # local: only XLSX inputs pay for the import

    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise InputFileError(f"{name}: the file is empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputFileError(f"{name}: this is a legacy .xls workbook; save it as .xlsx or CSV")
    if not head.startswith(b"PK"):
        raise InputFileError(f"{name}: not a valid Excel .xlsx file (wrong content)")
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged archives
        raise InputFileError(
            f"{name}: corrupt or unreadable Excel file ({type(exc).__name__})"
        ) from None
    try:
        if not wb.worksheets:
            raise InputFileError(f"{name}: the workbook has no worksheet")
        ws = wb.worksheets[0]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # stored dimensions may be wrong; read every row
        rows = list(ws.iter_rows(values_only=True))
    except InputFileError:
        raise
    except Exception as exc:
        raise InputFileError(
            f"{name}: corrupt or unreadable Excel file ({type(exc).__name__})"
        ) from None
    finally:
        wb.close()
    if not rows:
        raise InputFileError(f"{name}: the first sheet is empty")
    width = max(len(r) for r in rows)
    if width == 0:
        raise InputFileError(f"{name}: the first sheet is empty")
    # read-only sheets yield ragged rows (empty rows are ()); pad to a rectangle.
    cells = pd.DataFrame([(*r, *([None] * (width - len(r)))) for r in rows], dtype=object)
    for col in cells.columns:
        codes, uniques = pd.factorize(cells[col].astype(object), use_na_sentinel=True)
        texts = np.array([_cell_text(u) for u in uniques] + [""], dtype=object)
        cells[col] = pd.Series(texts[np.where(codes < 0, len(uniques), codes)], dtype="str")
    return cells, np.arange(1, len(cells) + 1, dtype=np.int64)


def _frame_from_cells(
    cells: pd.DataFrame,
    lines: np.ndarray,
    extra_fields: np.ndarray,
    name: str,
    expected: Sequence[str],
    required: Sequence[str],
    issues: _Issues,
    delimiter: str | None,
) -> pd.DataFrame:
    """Find the header, name the columns, drop blank rows, add `_row`."""
    if cells.shape[1] == 0 or len(cells) == 0:
        raise InputFileError(f"{name}: the file is empty")
    cells = cells.reset_index(drop=True)
    blank = np.ones(len(cells), dtype=bool)
    for col in cells.columns:
        blank &= (cells[col] == "").to_numpy()
    if blank.all():
        raise InputFileError(f"{name}: the file is empty")
    h = int(np.argmax(~blank))  # header = first non-blank row
    header_line = int(lines[h])
    canon = {_header_key(c): c for c in expected}
    names: list[str] = []
    keep: list[Any] = []
    seen: dict[str, int] = {}
    for j, col in enumerate(cells.columns):
        original = str(cells.at[h, col])
        label = original.strip()
        if not label:
            if (cells[col].iloc[h + 1 :] == "").all():
                continue  # trailing delimiter / empty Excel column
            label = f"unnamed_{j + 1}"
            issues.add(header_line, label, "", f"column {j + 1} has no header; kept as {label}")
        target = canon.get(_header_key(label), label)
        if target != label:  # "NIK", "Candidate ID": readable, but not the contract's spelling
            issues.add(header_line, target, original, f"header {label!r} read as {target!r}")
        if target in seen:
            raise InputFileError(
                f"{name}: column {target!r} appears twice (columns {seen[target]} and {j + 1})"
            )
        seen[target] = j + 1
        names.append(target)
        keep.append(col)

    missing_required = [c for c in required if c not in seen]
    if missing_required:
        hint = ""
        if delimiter not in (None, ","):
            hint = f" (header read as {_DELIMITER_NAMES[delimiter]}-separated)"
        elif len(names) <= 2 and any(";" in n or "\t" in n for n in names):
            hint = (
                " The header looks ';'-separated: save/export it as a comma-separated CSV"
                " (or split the column with Excel's Text to Columns)."
            )
        raise InputFileError(
            f"{name}: missing required column(s): {', '.join(missing_required)}. "
            f"Found: {', '.join(names) or '(none)'}.{hint}"
        )

    body = cells.loc[h + 1 :, keep]
    body.columns = pd.Index(names)
    body_rows = lines[h + 1 :]
    body_extra = extra_fields[h + 1 :] if len(extra_fields) else np.zeros(len(body), np.int64)
    not_blank = ~blank[h + 1 :]
    body = body.loc[not_blank].reset_index(drop=True)
    rows = pd.Series(body_rows[not_blank], name=ROW, dtype="int64")
    body_extra = body_extra[not_blank]

    missing_optional = [c for c in expected if c not in seen]
    for col in missing_optional:
        body[col] = pd.Series([""] * len(body), dtype="str")
        issues.add(header_line, col, "", f"column {col!r} is absent; treated as blank")
    for i in np.flatnonzero(body_extra):
        issues.add(
            int(rows.iloc[i]),
            "",
            "",
            f"row has {len(names) + int(body_extra[i])} fields but the header has {len(names)} "
            "(an unquoted delimiter inside a value?)",
            Severity.ERROR,
        )
    if len(body) == 0:
        issues.add(header_line, "", "", "file has a header but no data rows")

    ordered = [c for c in expected if c in body.columns] + [
        c for c in body.columns if c not in set(expected)
    ]
    body = body.loc[:, ordered].astype("str")
    body.insert(0, ROW, rows.to_numpy())
    return body


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Field:
    """How to read one contract column."""

    column: str
    parser: Callable[[pd.Series], Parsed] | None  # None: free text
    required: bool = False
    level_column: str | None = None  # education: where the int level goes


_CANDIDATE_FIELDS: Final[tuple[_Field, ...]] = (
    _Field("candidate_id", None, required=True),
    _Field("full_name", None, required=True),
    _Field("nik", parse_nik, required=True),
    _Field("gender", parse_gender),
    _Field("birth_date", parse_date, required=True),
    _Field("province", None),
    _Field("regency", None),
    _Field("education", parse_education, level_column="education_level"),
    _Field("occupation", None, required=True),
    _Field("skills", None),
    _Field("experience_years", parse_number),
    _Field("languages", None),
    _Field("certificates", None),
    _Field("preferred_countries", None),
    _Field("passport", parse_yes_no),
    _Field("medical", parse_medical),
    _Field("registered_at", parse_date),
    _Field("status", parse_status),
)

_JOB_ORDER_FIELDS: Final[tuple[_Field, ...]] = (
    _Field("job_order_id", None, required=True),
    _Field("p3mi_id", None),
    _Field("scheme", parse_scheme),
    _Field("country", None, required=True),
    _Field("employer", None),
    _Field("occupation", None, required=True),
    _Field("sector", parse_sector),
    _Field("slots", lambda s: parse_int(s, minimum=1), required=True),
    _Field("gender", lambda s: parse_gender(s, allow_any=True)),  # blank / "L/P" = any
    _Field("age_min", parse_int),
    _Field("age_max", parse_int),
    _Field("education_min", parse_education, level_column="education_min_level"),
    _Field("experience_min", parse_number),
    _Field("languages_required", None),
    _Field("certificates_required", None),
    _Field("skills", None),
    _Field("salary", parse_number),
    _Field("currency", parse_currency),
    _Field("valid_until", parse_date),
    _Field("verified", parse_yes_no),
)

_QUOTA_FIELDS: Final[tuple[_Field, ...]] = (
    _Field("country", None, required=True),
    _Field("sector", parse_sector),  # blank = all sectors of the country
    _Field("quota", parse_int, required=True),
)


def _text(values: pd.Series) -> pd.Series:
    """Free text: stripped, blank -> NA, str dtype (stripped once per unique value)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    stripped = [str(u).strip() for u in uniques]
    table = np.array([t if t else None for t in stripped] + [None], dtype=object)
    out = table[np.where(codes < 0, len(uniques), codes)]
    return pd.Series(out, index=values.index, name=values.name).astype("str")


class _Validation:
    """Typed columns + reject mask + issues for one raw table."""

    def __init__(self, raw: pd.DataFrame, issues: _Issues) -> None:
        self.raw = raw
        self.issues = issues
        self.rows: pd.Series = raw[ROW]
        self.reject = np.zeros(len(raw), dtype=bool)
        self.typed: dict[str, pd.Series] = {}

    def error(self, mask: np.ndarray, column: str, reasons: pd.Series | str) -> None:
        """Reject rows in `mask` with a reason each."""
        if not mask.any():
            return
        self.reject |= mask
        reasons_m = reasons if isinstance(reasons, str) else reasons[mask]
        self.issues.add_rows(
            self.rows[mask], column, self.raw[column][mask], reasons_m, Severity.ERROR
        )

    def warn(self, mask: np.ndarray, column: str, reasons: pd.Series | str) -> None:
        """Keep rows in `mask` but report them."""
        if not mask.any():
            return
        reasons_m = reasons if isinstance(reasons, str) else reasons[mask]
        self.issues.add_rows(
            self.rows[mask], column, self.raw[column][mask], reasons_m, Severity.WARNING
        )

    def run(self, fields: Sequence[_Field]) -> None:
        """Parse every field column by column."""
        for f in fields:
            raw = self.raw[f.column]
            if f.parser is None:
                values = _text(raw)
                if f.required:
                    self.error(values.isna().to_numpy(), f.column, "required value is missing")
                self.typed[f.column] = values
                continue
            parsed = f.parser(raw)
            if f.required:
                self.error(parsed.blank.to_numpy(), f.column, "required value is missing")
            self.error(parsed.invalid.to_numpy(), f.column, parsed.messages)
            self.warn(parsed.coerced.to_numpy(), f.column, parsed.messages)
            if f.level_column is not None:
                self.typed[f.column] = _text(raw)
                self.typed[f.level_column] = parsed.values
            else:
                self.typed[f.column] = parsed.values

    def duplicates(self, key: pd.Series, column: str, label: str) -> None:
        """Reject every later occurrence of a non-blank key, naming the first occurrence."""
        present = key.notna().to_numpy()
        dup = present & key.duplicated(keep="first").to_numpy()
        if not dup.any():
            return
        first_row = self.rows[present].groupby(key[present].to_numpy()).first()
        text = np.full(len(key), "", dtype=object)
        text[dup] = [f"duplicate {label}, also at row {int(r)}" for r in key[dup].map(first_row)]
        self.error(dup, column, pd.Series(text, index=key.index))

    def result(self) -> ReadResult:
        """Assemble the ReadResult: valid typed rows, issues, rejected raw rows."""
        keep = ~self.reject
        contract = list(self.typed)
        extras = [c for c in self.raw.columns if c != ROW and c not in contract]
        data: dict[str, pd.Series] = {ROW: self.rows}
        data.update(self.typed)
        for c in extras:
            data[c] = _text(self.raw[c])
        frame = pd.DataFrame(data)
        frame = frame.loc[keep].reset_index(drop=True)
        rejected = self.raw.loc[self.reject].reset_index(drop=True)
        return ReadResult(frame=frame, errors=self.issues.frame(), rejected=rejected)


def _reject_structural(v: _Validation, issues: pd.DataFrame) -> None:
    """Rows that read_table already found broken (too many fields) are rejected."""
    bad = issues.loc[issues["severity"] == str(Severity.ERROR), "row"]
    if len(bad):
        v.reject |= v.rows.isin(bad).to_numpy()


def _seed(name: str, file_issues: pd.DataFrame) -> _Issues:
    issues = _Issues(name)
    if len(file_issues):
        issues.parts.append(file_issues)
    return issues


def read_candidates(path: Path | str) -> ReadResult:
    """Read and validate a candidates (CPMI supply) table.

    Rejects: unreadable values, blank required fields (candidate_id, full_name, nik,
    birth_date, occupation), NIK not 16 digits, birth dates in the future or before 1900,
    a repeated candidate_id (later row), a repeated NIK (the later `registered_at`; file
    order when tied or missing). Warns: coerced values; same cleaned full_name + birth_date
    under different NIKs (both kept).
    """
    raw, file_issues = read_table(
        path,
        expected=CANDIDATE_COLUMNS,
        required=[f.column for f in _CANDIDATE_FIELDS if f.required],
    )
    v = _Validation(raw, _seed(Path(path).name, file_issues))
    _reject_structural(v, file_issues)
    v.run(_CANDIDATE_FIELDS)
    t = v.typed

    birth = t["birth_date"]
    today = pd.Timestamp.today().normalize()
    v.error((birth > today).to_numpy(), "birth_date", "birth date is in the future")
    v.error((birth < _MIN_BIRTH).to_numpy(), "birth_date", "birth date before 1900")

    v.duplicates(t["candidate_id"], "candidate_id", "candidate_id")
    _duplicate_nik(v)
    _same_person_warning(v)
    return v.result()


def _duplicate_nik(v: _Validation) -> None:
    """One person, one record: keep the earliest registration of each NIK, reject the rest."""
    nik = v.typed["nik"]
    present = nik.notna().to_numpy()
    if not (present & nik.duplicated(keep=False).to_numpy()).any():
        return
    reg = v.typed["registered_at"]
    df = pd.DataFrame({"nik": nik, "reg": reg, "row": v.rows, "pos": np.arange(len(nik))})
    df = df.loc[present & nik.duplicated(keep=False).to_numpy()]
    # A group with any missing date falls back to file order (spec: missing -> later row loses).
    incomplete = df["reg"].isna().groupby(df["nik"]).transform("any")
    df["key"] = df["reg"].where(~incomplete, pd.Timestamp(0))
    df = df.sort_values(["nik", "key", "row"], kind="stable")
    first = df.groupby("nik", sort=False)["row"].transform("first")
    losers = df.loc[df["row"] != first]
    mask = np.zeros(len(nik), dtype=bool)
    mask[losers["pos"].to_numpy()] = True
    text = np.full(len(nik), "", dtype=object)
    text[losers["pos"].to_numpy()] = [
        f"duplicate NIK, also at row {k} (kept: "
        + ("registered earlier)" if not inc else "earlier in the file)")
        for k, inc in zip(
            first.loc[losers.index].to_numpy(),
            incomplete.loc[losers.index].to_numpy(),
            strict=True,
        )
    ]
    v.error(mask, "nik", pd.Series(text, index=nik.index))


def _same_person_warning(v: _Validation) -> None:
    """Same cleaned name + birth date under different NIKs: probably one person, warn on both."""
    alive = ~v.reject & v.typed["nik"].notna().to_numpy() & v.typed["birth_date"].notna().to_numpy()
    if alive.sum() < 2:
        return
    birth = v.typed["birth_date"][alive]
    # Only rows sharing a birth date can collide: clean names for those alone (saves time).
    shared = birth.duplicated(keep=False)
    if not shared.any():
        return
    idx = birth.index[shared.to_numpy()]
    df = pd.DataFrame(
        {
            "name": clean_series(v.typed["full_name"].loc[idx]),
            "birth": v.typed["birth_date"].loc[idx],
            "nik": v.typed["nik"].loc[idx],
            "row": v.rows.loc[idx],
        }
    )
    df = df.loc[df["name"] != ""]
    groups = df.groupby(["name", "birth"], sort=False)
    df = df.loc[groups["nik"].transform("nunique") > 1]
    if df.empty:
        return
    # Linear even when thousands of rows share a name (anonymised files): later rows name the
    # first row; the first row names up to _MAX_NAMED others and counts the rest.
    df = df.sort_values("row", kind="stable")
    grouped = df.groupby(["name", "birth"], sort=False)["row"]
    rank = grouped.cumcount().to_numpy()
    first_row = grouped.transform("first").to_numpy()
    size = grouped.transform("size").to_numpy()
    named = df.loc[(rank >= 1) & (rank <= _MAX_NAMED)]
    others = named.groupby(["name", "birth"], sort=False)["row"].agg(
        lambda r: ", ".join(str(x) for x in r)
    )
    keys = list(zip(df["name"], df["birth"], strict=True))
    tail = " but a different NIK (possible duplicate person)"
    text = [
        f"same full_name and birth_date as row {fr}{tail}"
        if rk
        else f"same full_name and birth_date as row(s) {others[k]}"
        + (f" and {sz - 1 - _MAX_NAMED} more" if sz - 1 > _MAX_NAMED else "")
        + tail
        for k, rk, fr, sz in zip(keys, rank, first_row, size, strict=True)
    ]
    reasons = pd.Series("", index=v.rows.index, dtype=object)
    reasons.loc[df.index] = np.asarray(text, dtype=object)
    mask = np.zeros(len(v.rows), dtype=bool)
    mask[v.rows.index.get_indexer(df.index)] = True
    v.warn(mask, "full_name", reasons)


def read_job_orders(path: Path | str) -> ReadResult:
    """Read and validate a job-order (demand) table.

    Rejects: unreadable values, blank required fields (job_order_id, country, occupation,
    slots), slots < 1, age_min > age_max, negative salary, unknown currency, a repeated
    job_order_id (later row). Blank gender (or "L/P") = any; blank sector = NA.
    """
    raw, file_issues = read_table(
        path,
        expected=JOB_ORDER_COLUMNS,
        required=[f.column for f in _JOB_ORDER_FIELDS if f.required],
    )
    v = _Validation(raw, _seed(Path(path).name, file_issues))
    _reject_structural(v, file_issues)
    v.run(_JOB_ORDER_FIELDS)
    lo, hi = v.typed["age_min"], v.typed["age_max"]
    bad = (lo.notna() & hi.notna() & (lo > hi)).to_numpy(dtype=bool, na_value=False)
    if bad.any():
        reasons = pd.Series(
            [f"age_min {a} is greater than age_max {b}" for a, b in zip(lo, hi, strict=True)],
            index=lo.index,
            dtype=object,
        )
        v.error(bad, "age_min", reasons)
    v.duplicates(v.typed["job_order_id"], "job_order_id", "job_order_id")
    return v.result()


def read_quotas(path: Path | str) -> ReadResult:
    """Read and validate a quota table: (country, sector) -> quota.

    Blank sector = all sectors of the country. Rejects: blank country, quota not a whole
    number >= 0, a repeated (country, sector) pair (later row; countries compared after
    clean_text, so "Japan" = "JAPAN").
    """
    raw, file_issues = read_table(
        path,
        expected=QUOTA_COLUMNS,
        required=[f.column for f in _QUOTA_FIELDS if f.required],
    )
    v = _Validation(raw, _seed(Path(path).name, file_issues))
    _reject_structural(v, file_issues)
    v.run(_QUOTA_FIELDS)
    country = v.typed["country"]
    key = clean_series(country) + "|" + v.typed["sector"].astype(object).fillna("*").astype(str)
    key = key.where(country.notna())
    v.duplicates(key, "country", "country and sector")
    return v.result()


def write_errors(errors: pd.DataFrame, path: Path | str) -> None:
    """Write an error table: .xlsx as a sheet, anything else as CSV (UTF-8 with BOM for Excel)."""
    path = Path(path)
    out = errors.reindex(columns=list(ERROR_COLUMNS))
    if path.suffix.casefold() in XLSX_SUFFIXES:
        out.to_excel(path, index=False, sheet_name="errors")
    else:
        out.to_csv(path, index=False, encoding="utf-8-sig")


__all__ = [
    "ROW",
    "InputFileError",
    "ReadResult",
    "empty_errors",
    "read_candidates",
    "read_job_orders",
    "read_quotas",
    "read_table",
    "write_errors",
]
