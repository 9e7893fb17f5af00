"""Tests for matching.io: whole-file problems, row validation, row numbers, typed output."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from matching.io import (
    InputFileError,
    ReadResult,
    read_candidates,
    read_job_orders,
    read_quotas,
    read_table,
    write_errors,
)
from models.schema import CANDIDATE_COLUMNS, ERROR_COLUMNS, JOB_ORDER_COLUMNS, QUOTA_COLUMNS

# --------------------------------------------------------------------------- fixtures


def candidate(i: int, **over: str) -> dict[str, str]:
    """A valid candidate row; `over` replaces fields."""
    row = {
        "candidate_id": f"C{i:04d}",
        "full_name": f"Siti Aminah {i}",
        "nik": f"32011234{i:08d}",
        "gender": "P",
        "birth_date": "15/08/1995",
        "province": "Jawa Barat",
        "regency": "Indramayu",
        "education": "SMK",
        "occupation": "Perawat Lansia",
        "skills": "elderly care; cooking",
        "experience_years": "3",
        "languages": "Japanese N4",
        "certificates": "BNSP Caregiver",
        "preferred_countries": "Japan; Taiwan",
        "passport": "ya",
        "medical": "sehat",
        "registered_at": "2025-01-10",
        "status": "tersedia",
    }
    row.update(over)
    return row


def job_order(i: int, **over: str) -> dict[str, str]:
    """A valid job-order row; `over` replaces fields."""
    row = {
        "job_order_id": f"JO{i:03d}",
        "p3mi_id": "P3MI-01",
        "scheme": "P to P",
        "country": "Taiwan",
        "employer": "Nursing Home Taipei",
        "occupation": "caregiver",
        "sector": "perawatan",
        "slots": "5",
        "gender": "L/P",
        "age_min": "21",
        "age_max": "40",
        "education_min": "SMP",
        "experience_min": "1",
        "languages_required": "Mandarin",
        "certificates_required": "",
        "skills": "elderly care",
        "salary": "20000",
        "currency": "NT$",
        "valid_until": "2026-12-31",
        "verified": "yes",
    }
    row.update(over)
    return row


def write_csv(
    path: Path,
    rows: Sequence[dict[str, str]],
    columns: Sequence[str] | None = None,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    """Write rows as CSV (columns default to the first row's keys)."""
    cols = list(columns if columns is not None else rows[0].keys())
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(cols)
    for r in rows:
        writer.writerow([r.get(c, "") for c in cols])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """Write raw cell rows (header first) to the first sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def errors_at(result: ReadResult, row: int, column: str | None = None) -> pd.DataFrame:
    e = result.errors
    sel = e["row"] == row
    if column is not None:
        sel &= e["column"] == column
    return e.loc[sel]


# --------------------------------------------------------------------------- good files


def test_good_candidates_read_clean(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "candidates.csv", [candidate(i) for i in range(1, 4)])
    res = read_candidates(path)
    assert res.errors.empty, res.errors
    assert res.rejected.empty
    f = res.frame
    assert len(f) == 3
    assert f["_row"].tolist() == [2, 3, 4]
    assert list(f.columns[:3]) == ["_row", "candidate_id", "full_name"]
    assert f["gender"].tolist() == ["F", "F", "F"]
    assert f["birth_date"].dtype == "datetime64[ns]"
    assert f["birth_date"].iloc[0] == pd.Timestamp("1995-08-15")
    assert f["registered_at"].dtype == "datetime64[ns]"
    assert str(f["education_level"].dtype) == "Int64"
    assert f["education_level"].tolist() == [3, 3, 3]
    assert f["education"].iloc[0] == "SMK"
    assert f["experience_years"].dtype == "float64"
    assert str(f["passport"].dtype) == "boolean"
    assert f["passport"].all()
    assert f["medical"].tolist() == ["fit"] * 3
    assert f["status"].tolist() == ["available"] * 3
    assert f["nik"].iloc[0] == "3201123400000001"
    assert f["skills"].iloc[0] == "elderly care; cooking"  # multi-valued stays raw
    assert list(res.errors.columns) == list(ERROR_COLUMNS)


def test_good_job_orders_read_clean(tmp_path: Path) -> None:
    rows = [job_order(1), job_order(2, gender="", sector="", currency="HKD", country="Hong Kong")]
    res = read_job_orders(write_csv(tmp_path / "jo.csv", rows))
    assert res.errors.empty, res.errors
    f = res.frame
    assert str(f["slots"].dtype) == "Int64"
    assert str(f["age_min"].dtype) == "Int64"
    assert f["slots"].tolist() == [5, 5]
    assert f["gender"].isna().all()  # "L/P" and blank both mean any
    assert f["sector"].iloc[0] == "care"
    assert pd.isna(f["sector"].iloc[1])
    assert f["scheme"].tolist() == ["P to P", "P to P"]
    assert f["currency"].tolist() == ["TWD", "HKD"]
    assert f["education_min_level"].tolist() == [2, 2]
    assert f["salary"].dtype == "float64"
    assert f["verified"].tolist() == [True, True]
    assert f["valid_until"].dtype == "datetime64[ns]"
    assert pd.isna(f["certificates_required"].iloc[0])  # blank multi-valued -> NA


def test_good_quotas_read_clean(tmp_path: Path) -> None:
    rows = [
        {"country": "Japan", "sector": "care", "quota": "100"},
        {"country": "Japan", "sector": "", "quota": "500"},
        {"country": "Korea", "sector": "manufaktur", "quota": "0"},
    ]
    res = read_quotas(write_csv(tmp_path / "q.csv", rows))
    assert res.errors.empty, res.errors
    assert res.frame["quota"].tolist() == [100, 500, 0]
    assert str(res.frame["quota"].dtype) == "Int64"
    assert res.frame["sector"].tolist()[0::2] == ["care", "manufacturing"]
    assert pd.isna(res.frame["sector"].iloc[1])


def test_columns_in_any_order_and_extra_columns_kept(tmp_path: Path) -> None:
    cols = ["catatan", *reversed(CANDIDATE_COLUMNS)]
    rows = [{**candidate(1), "catatan": "walk-in"}]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows, cols))
    assert res.errors.empty
    assert res.frame["catatan"].tolist() == ["walk-in"]
    assert res.frame["candidate_id"].tolist() == ["C0001"]
    # Contract columns come first, in contract order, extras after.
    assert list(res.frame.columns).index("catatan") > list(res.frame.columns).index("status")


def test_header_casefold_warns(tmp_path: Path) -> None:
    cols = [c.upper() if c == "nik" else f"  {c} " for c in CANDIDATE_COLUMNS]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    w.writerow([candidate(1)[c] for c in CANDIDATE_COLUMNS])
    path = tmp_path / "c.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    res = read_candidates(path)
    assert len(res.frame) == 1
    warn = res.errors.loc[res.errors["column"] == "nik"]
    assert len(warn) == 1
    assert warn["severity"].iloc[0] == "warning"
    assert warn["row"].iloc[0] == 1
    assert "NIK" in warn["reason"].iloc[0]
    assert len(res.errors) == 1  # stripping whitespace alone is silent


def test_missing_optional_column_added_with_warning(tmp_path: Path) -> None:
    cols = [c for c in CANDIDATE_COLUMNS if c != "languages"]
    res = read_candidates(write_csv(tmp_path / "c.csv", [candidate(1)], cols))
    assert len(res.frame) == 1
    assert pd.isna(res.frame["languages"].iloc[0])
    w = res.errors.loc[res.errors["column"] == "languages"]
    assert w["severity"].tolist() == ["warning"]


# --------------------------------------------------------------------------- file-level problems


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"nope\.csv: file not found"):
        read_candidates(tmp_path / "nope.csv")


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"c\.json: unsupported file type"):
        read_candidates(path)


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"")
    with pytest.raises(InputFileError, match=r"c\.csv: the file is empty"):
        read_candidates(path)


def test_header_only_gives_empty_frame_and_warning(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(",".join(CANDIDATE_COLUMNS) + "\n", encoding="utf-8")
    res = read_candidates(path)
    assert res.frame.empty
    assert "candidate_id" in res.frame.columns
    assert res.errors["reason"].str.contains("no data rows").any()
    assert (res.errors["severity"] == "warning").all()


def test_missing_required_columns_listed(tmp_path: Path) -> None:
    cols = [c for c in CANDIDATE_COLUMNS if c not in ("nik", "birth_date")]
    path = write_csv(tmp_path / "c.csv", [candidate(1)], cols)
    with pytest.raises(InputFileError) as exc:
        read_candidates(path)
    msg = str(exc.value)
    assert msg.startswith("c.csv: missing required column(s): nik, birth_date")
    assert "\n" not in msg


def test_missing_columns_mentions_semicolon_header(tmp_path: Path) -> None:
    # Header in another vocabulary, ';'-separated: the message must say how it was read.
    path = tmp_path / "c.csv"
    path.write_text("nama;tanggal_lahir;ktp\nSiti;01/01/1990;1\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"';'-separated"):
        read_candidates(path)


def test_semicolon_pasted_into_one_xlsx_column_hint(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", [[";".join(CANDIDATE_COLUMNS)], ["x;y"]])
    with pytest.raises(InputFileError, match=r"looks ';'-separated"):
        read_candidates(path)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_other_delimiters_read_with_warning(tmp_path: Path, delimiter: str) -> None:
    rows = [candidate(1), candidate(2, experience_years="2,5")]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows, delimiter=delimiter))
    assert len(res.frame) == 2
    file_warn = res.errors.loc[res.errors["row"] == 1]
    assert len(file_warn) == 1
    assert "separated" in file_warn["reason"].iloc[0]
    assert res.frame["experience_years"].tolist() == [3.0, 2.5]


def test_utf8_bom_is_silent(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [candidate(1)], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    res = read_candidates(path)
    assert res.errors.empty
    assert res.frame["candidate_id"].tolist() == ["C0001"]


def test_cp1252_decoded_with_warning(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [candidate(1, full_name="José Müller")], encoding="cp1252")
    res = read_candidates(path)
    assert res.frame["full_name"].tolist() == ["José Müller"]
    assert len(res.errors) == 1
    assert "not UTF-8" in res.errors["reason"].iloc[0]
    assert res.errors["severity"].iloc[0] == "warning"


@pytest.mark.parametrize(
    ("payload", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b'{"candidate_id": "C1", "nik": "1"}', "JSON"),
        (b'[{"a": 1}]', "JSON"),
        (b"\x00\x01\x02binary\x00", "binary"),
    ],
)
def test_non_tabular_files_rejected(tmp_path: Path, payload: bytes, what: str) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(payload)
    with pytest.raises(InputFileError, match=rf"c\.csv: .*{what}"):
        read_candidates(path)


def test_zip_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("data.txt", "hello")
    with pytest.raises(InputFileError, match=r"ZIP archive"):
        read_candidates(path)


def test_xlsx_renamed_csv_gets_hint(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "c.xlsx", [list(CANDIDATE_COLUMNS)])
    path = tmp_path / "c.csv"
    path.write_bytes(xlsx.read_bytes())
    with pytest.raises(InputFileError, match=r"rename it to \.xlsx"):
        read_candidates(path)


def test_corrupt_xlsx(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [list(CANDIDATE_COLUMNS)])
    path = tmp_path / "c.xlsx"
    path.write_bytes(good.read_bytes()[:300])  # truncated archive
    with pytest.raises(InputFileError, match=r"c\.xlsx: corrupt"):
        read_candidates(path)


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    path.write_text("candidate_id,nik\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"c\.xlsx: not a valid Excel"):
        read_candidates(path)


def test_duplicate_header_column(tmp_path: Path) -> None:
    cols = [*CANDIDATE_COLUMNS, "NIK"]
    path = write_csv(tmp_path / "c.csv", [candidate(1)], cols)
    with pytest.raises(InputFileError, match=r"'nik' appears twice"):
        read_candidates(path)


def test_unbalanced_quote_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    body = ",".join(CANDIDATE_COLUMNS) + "\n" + '"C1,' + "x" * 200_000 + "\n"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputFileError, match=r"c\.csv: .*double quote"):
        read_candidates(path)


# --------------------------------------------------------------------------- row numbers


def test_row_numbers_with_quoted_multiline_field(tmp_path: Path) -> None:
    rows = [
        candidate(1, skills="cooking\nelderly care\nlaundry"),  # spans lines 2-4
        candidate(2),  # line 5
        candidate(3, nik="123"),  # line 6
    ]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows))
    assert res.frame["_row"].tolist() == [2, 5]
    assert res.frame["skills"].iloc[0] == "cooking\nelderly care\nlaundry"
    err = res.errors.loc[res.errors["severity"] == "error"]
    assert err["row"].tolist() == [6]
    assert err["column"].tolist() == ["nik"]
    assert res.rejected["_row"].tolist() == [6]


def test_blank_lines_skipped_but_counted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [candidate(1), candidate(2, gender="X")])
    text = path.read_text(encoding="utf-8").replace("\nC0002", "\n\n\nC0002")
    path.write_text(text, encoding="utf-8")
    res = read_candidates(path)
    assert res.frame["_row"].tolist() == [2]
    assert res.errors["row"].tolist() == [5]


def test_crlf_line_endings(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [candidate(1), candidate(2, nik="1")])
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    res = read_candidates(path)
    assert res.frame["_row"].tolist() == [2]
    assert res.errors["row"].tolist() == [3]
    assert res.frame["status"].tolist() == ["available"]  # no stray \r


def test_row_with_too_many_fields_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [candidate(1), candidate(2), candidate(3)])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = read_candidates(path)
    assert res.frame["_row"].tolist() == [2, 4]
    err = res.errors.loc[res.errors["severity"] == "error"]
    assert err["row"].tolist() == [3]
    assert "19 fields" in err["reason"].iloc[0]
    assert res.rejected["_row"].tolist() == [3]


def test_xlsx_sheet_rows_and_cell_types(tmp_path: Path) -> None:
    header = list(CANDIDATE_COLUMNS)

    def cells(row: dict[str, object]) -> list[object]:
        return [row[c] for c in header]

    good = dict(candidate(1))
    good.update(
        birth_date=dt.datetime(1995, 8, 15),  # real date cell
        experience_years=3,  # numeric cell
        passport=True,  # boolean cell
        registered_at=dt.datetime(2025, 1, 10, 9, 30),
    )
    bad_nik = dict(candidate(2))
    bad_nik["nik"] = 3201123456789012  # Excel number: precision lost
    path = write_xlsx(tmp_path / "c.xlsx", [header, cells(good), [], cells(bad_nik)])
    res = read_candidates(path)
    assert res.frame["_row"].tolist() == [2]
    f = res.frame
    assert f["birth_date"].iloc[0] == pd.Timestamp("1995-08-15")
    assert f["registered_at"].iloc[0] == pd.Timestamp("2025-01-10")  # time dropped
    assert f["experience_years"].iloc[0] == 3.0
    assert bool(f["passport"].iloc[0]) is True
    err = res.errors
    assert err["row"].tolist() == [4]  # blank sheet row 3 still counted
    assert err["column"].tolist() == ["nik"]
    assert "Excel" in err["reason"].iloc[0]


def test_xlsm_extension_accepted(tmp_path: Path) -> None:
    header = list(QUOTA_COLUMNS)
    path = write_xlsx(tmp_path / "q.xlsm", [header, ["Japan", "care", 10]])
    res = read_quotas(path)
    assert res.errors.empty
    assert res.frame["quota"].tolist() == [10]


# --------------------------------------------------------------------------- row validation


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("nik", "12345", "16"),
        ("nik", "3.2011E+15", "Excel"),
        ("birth_date", "31/02/1995", "impossible date"),
        ("birth_date", "", "required"),
        ("birth_date", "01/01/2090", "future"),
        ("candidate_id", "  ", "required"),
        ("full_name", "", "required"),
        ("occupation", "", "required"),
        ("gender", "X", "unknown gender"),
        ("gender", "L/P", "not a single gender"),
        ("experience_years", "lima", "not a number"),
        ("experience_years", "-2", "minimum"),
        ("medical", "maybe", "unknown medical"),
        ("status", "hilang", "unknown status"),
        ("education", "TK", "unknown education"),
        ("passport", "mungkin", "yes/no"),
        ("registered_at", "2025-13-01", "impossible date"),
    ],
)
def test_candidate_bad_value_rejects_row(
    tmp_path: Path, field: str, value: str, needle: str
) -> None:
    rows = [candidate(1), candidate(2, **{field: value}), candidate(3)]
    res = read_candidates(write_csv(tmp_path / "cand.csv", rows))
    assert res.frame["_row"].tolist() == [2, 4]
    err = res.errors
    assert len(err) == 1, err
    e = err.iloc[0]
    assert (e["file"], e["row"], e["column"], e["severity"]) == ("cand.csv", 3, field, "error")
    assert e["value"] == value
    assert needle in e["reason"]
    assert res.rejected["_row"].tolist() == [3]
    assert res.rejected[field].iloc[0] == value  # raw text kept


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("experience_years", "5 tahun", 5.0),
        ("experience_years", "5 thn", 5.0),
        ("birth_date", "34000", pd.Timestamp("1993-01-31")),
    ],
)
def test_candidate_coerced_value_warns_and_keeps(
    tmp_path: Path, field: str, value: str, expected: object
) -> None:
    res = read_candidates(write_csv(tmp_path / "c.csv", [candidate(1, **{field: value})]))
    assert len(res.frame) == 1
    assert res.frame[field].iloc[0] == expected
    assert res.errors["severity"].tolist() == ["warning"]
    assert res.errors["column"].tolist() == [field]
    assert res.errors["row"].tolist() == [2]


def test_blank_optional_fields_are_na(tmp_path: Path) -> None:
    blank = dict.fromkeys(
        [
            "gender",
            "province",
            "education",
            "experience_years",
            "skills",
            "passport",
            "medical",
            "registered_at",
            "status",
        ],
        "",
    )
    res = read_candidates(write_csv(tmp_path / "c.csv", [candidate(1, **blank)]))
    assert res.errors.empty
    r = res.frame.iloc[0]
    assert pd.isna(r["gender"]) and pd.isna(r["education_level"]) and pd.isna(r["skills"])
    assert pd.isna(r["experience_years"]) and pd.isna(r["passport"]) and pd.isna(r["status"])
    assert r["medical"] == "pending"


def test_several_bad_values_all_reported(tmp_path: Path) -> None:
    rows = [candidate(1, nik="1", gender="?", birth_date="x")]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows))
    assert sorted(res.errors["column"]) == ["birth_date", "gender", "nik"]
    assert res.frame.empty
    assert len(res.rejected) == 1


def test_duplicate_candidate_id_names_both_rows(tmp_path: Path) -> None:
    rows = [candidate(1), candidate(2), candidate(3), candidate(4, candidate_id="C0002")]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows))
    assert res.frame["_row"].tolist() == [2, 3, 4]
    e = res.errors
    assert e["row"].tolist() == [5]
    assert e["column"].tolist() == ["candidate_id"]
    assert e["reason"].iloc[0] == "duplicate candidate_id, also at row 3"


def test_duplicate_nik_later_registration_rejected(tmp_path: Path) -> None:
    nik = "3201123456789012"
    rows = [
        candidate(1, nik=nik, registered_at="2025-03-01"),  # row 2, registered later
        candidate(2),
        candidate(3, nik=nik, registered_at="2024-06-01"),  # row 4, registered earlier
    ]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows))
    assert res.frame["_row"].tolist() == [3, 4]
    e = res.errors
    assert e["row"].tolist() == [2]
    assert e["column"].tolist() == ["nik"]
    assert "duplicate NIK, also at row 4" in e["reason"].iloc[0]


@pytest.mark.parametrize(
    ("first_reg", "second_reg"), [("2025-01-01", "2025-01-01"), ("", "2024-01-01")]
)
def test_duplicate_nik_tie_or_missing_rejects_later_row(
    tmp_path: Path, first_reg: str, second_reg: str
) -> None:
    nik = "3201123456789012"
    rows = [
        candidate(1, nik=nik, registered_at=first_reg),
        candidate(2, nik=nik, registered_at=second_reg),
    ]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows))
    assert res.frame["_row"].tolist() == [2]
    assert res.errors["row"].tolist() == [3]
    assert "also at row 2" in res.errors["reason"].iloc[0]


def test_same_name_and_birth_date_different_nik_warns(tmp_path: Path) -> None:
    rows = [
        candidate(1, full_name="Siti Aminah", birth_date="1995-08-15"),
        candidate(2),
        candidate(3, full_name="  SITI  aminah ", birth_date="15/08/1995"),
    ]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows))
    assert res.frame["_row"].tolist() == [2, 3, 4]  # both kept
    e = res.errors
    assert (e["severity"] == "warning").all()
    assert e["row"].tolist() == [2, 4]
    tail = " but a different NIK (possible duplicate person)"
    assert e["reason"].tolist() == [
        "same full_name and birth_date as row(s) 4" + tail,
        "same full_name and birth_date as row 2" + tail,
    ]
    assert e["column"].tolist() == ["full_name", "full_name"]


def test_job_order_row_checks(tmp_path: Path) -> None:
    rows = [
        job_order(1),
        job_order(2, slots="0"),  # row 3
        job_order(3, age_min="45", age_max="30"),  # row 4
        job_order(4, currency="XYZ"),  # row 5
        job_order(5, salary="-1"),  # row 6
        job_order(6, slots=""),  # row 7
        job_order(7, country=""),  # row 8
        job_order(8, job_order_id="JO001"),  # row 9
        job_order(9, slots="3 orang", salary="20.000.000", currency="Rp"),  # row 10: warnings
        job_order(10, scheme="G2G", sector="rumah tangga", gender="wanita"),  # row 11
    ]
    res = read_job_orders(write_csv(tmp_path / "jo.csv", rows))
    assert res.frame["_row"].tolist() == [2, 10, 11]
    err = res.errors.loc[res.errors["severity"] == "error"]
    got = dict(zip(err["row"], zip(err["column"], err["reason"], strict=True), strict=True))
    assert got[3][0] == "slots" and "minimum 1" in got[3][1]
    assert got[4] == ("age_min", "age_min 45 is greater than age_max 30")
    assert got[5][0] == "currency"
    assert got[6][0] == "salary"
    assert got[7] == ("slots", "required value is missing")
    assert got[8] == ("country", "required value is missing")
    assert got[9] == ("job_order_id", "duplicate job_order_id, also at row 2")
    warn = res.errors.loc[res.errors["severity"] == "warning"]
    assert sorted(warn["column"]) == ["salary", "slots"]
    assert set(warn["row"]) == {10}
    ok = res.frame.set_index("_row")
    assert ok.loc[10, "slots"] == 3 and ok.loc[10, "salary"] == 20_000_000.0
    assert ok.loc[10, "currency"] == "IDR"
    assert (ok.loc[11, "scheme"], ok.loc[11, "sector"], ok.loc[11, "gender"]) == (
        "G to G",
        "domestic",
        "F",
    )


def test_quota_checks(tmp_path: Path) -> None:
    rows = [
        {"country": "Japan", "sector": "care", "quota": "10"},
        {"country": "Japan", "sector": "", "quota": "5"},
        {"country": "JAPAN", "sector": "perawatan", "quota": "7"},  # dup of row 2
        {"country": "Japan", "sector": "", "quota": "9"},  # dup of row 3 (all sectors)
        {"country": "", "sector": "care", "quota": "1"},
        {"country": "Korea", "sector": "care", "quota": "-1"},
        {"country": "Korea", "sector": "ruang angkasa", "quota": "1"},
    ]
    res = read_quotas(write_csv(tmp_path / "q.csv", rows))
    assert res.frame["_row"].tolist() == [2, 3]
    err = res.errors
    assert (err["severity"] == "error").all()
    got = dict(zip(err["row"], err["reason"], strict=True))
    assert got[4] == "duplicate country and sector, also at row 2"
    assert got[5] == "duplicate country and sector, also at row 3"
    assert got[6] == "required value is missing"
    assert "minimum 0" in got[7]
    assert "unknown sector" in got[8]


def test_read_table_raw_strings(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "q.csv", [{"country": " Japan ", "sector": "", "quota": "5.0"}])
    raw, issues = read_table(path)
    assert issues.empty
    assert raw.columns.tolist() == ["_row", "country", "sector", "quota"]
    assert raw.iloc[0].tolist() == [2, " Japan ", "", "5.0"]


def test_write_errors_roundtrip(tmp_path: Path) -> None:
    rows = [candidate(1, nik="1"), candidate(2)]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows))
    out = tmp_path / "errors.csv"
    write_errors(res.errors, out)
    back = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert back.columns.tolist() == list(ERROR_COLUMNS)
    assert back["row"].tolist() == ["2"]
    xlsx = tmp_path / "errors.xlsx"
    write_errors(res.errors, xlsx)
    assert pd.read_excel(xlsx)["column"].tolist() == ["nik"]


def test_job_order_columns_contract_complete(tmp_path: Path) -> None:
    res = read_job_orders(write_csv(tmp_path / "jo.csv", [job_order(1)]))
    for col in JOB_ORDER_COLUMNS:
        assert col in res.frame.columns
    assert "education_min_level" in res.frame.columns


def test_same_person_warning_lists_a_few_rows_then_counts(tmp_path: Path) -> None:
    rows = [candidate(i, full_name="Dewi", birth_date="1990-01-01") for i in range(1, 10)]
    res = read_candidates(write_csv(tmp_path / "c.csv", rows))
    assert len(res.frame) == 9
    assert len(res.errors) == 9
    assert "row(s) 3, 4, 5, 6, 7 and 3 more" in res.errors["reason"].iloc[0]
    assert res.errors["reason"].iloc[8].startswith("same full_name and birth_date as row 2 ")


def test_utf16_excel_unicode_text_export(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "q.txt",
        [{"country": "Jepang", "sector": "", "quota": "3"}],
        delimiter="\t",
        encoding="utf-16",
    )
    res = read_quotas(path)
    assert res.frame["country"].tolist() == ["Jepang"]
    assert res.errors["reason"].str.contains("tab-separated").tolist() == [True]


def test_xlsx_header_only_and_job_order_cells(tmp_path: Path) -> None:
    empty = read_job_orders(write_xlsx(tmp_path / "e.xlsx", [list(JOB_ORDER_COLUMNS)]))
    assert empty.frame.empty
    assert empty.errors["reason"].str.contains("no data rows").all()
    row = dict(job_order(1))
    cells: list[object] = [row[c] for c in JOB_ORDER_COLUMNS]
    cells[JOB_ORDER_COLUMNS.index("slots")] = 12
    cells[JOB_ORDER_COLUMNS.index("salary")] = 20000.5
    cells[JOB_ORDER_COLUMNS.index("valid_until")] = dt.datetime(2026, 6, 30)
    cells[JOB_ORDER_COLUMNS.index("verified")] = False
    res = read_job_orders(write_xlsx(tmp_path / "jo.xlsx", [list(JOB_ORDER_COLUMNS), cells]))
    assert res.errors.empty, res.errors
    r = res.frame.iloc[0]
    assert (r["_row"], r["slots"], r["salary"]) == (2, 12, 20000.5)
    assert r["valid_until"] == pd.Timestamp("2026-06-30")
    assert bool(r["verified"]) is False
