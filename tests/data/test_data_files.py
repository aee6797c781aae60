"""Reading tables: separators, encodings, headers and xlsx, all detected without being told."""

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from reportgen.data.files import ROW, TableSpec, read_table
from reportgen.errors import Problems

SPEC = TableSpec("besøgstal", "lokation og år", required=("Lokation", "År"), dropped=("Note",))


def read(path: Path) -> tuple[pd.DataFrame | None, list[str]]:
    problems = Problems()
    table = read_table(path, SPEC, problems)
    return (table.frame if table else None), [str(p) for p in problems]


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Lokation,År\nØstre Bibliotek,2024\n", "utf-8"),
        ("\ufeffLokation;År\nØstre Bibliotek;2024\n", "utf-8"),
        ("Lokation;År\r\nØstre Bibliotek;2024\r\n", "cp1252"),
        ("Lokation\tÅr\nØstre Bibliotek\t2024\n", "utf-8"),
        # Excel's "Unicode-tekst": tab-separated UTF-16 with a BOM, and without one.
        ("Lokation\tÅr\r\nØstre Bibliotek\t2024\r\n", "utf-16"),
        ("Lokation\tÅr\r\nØstre Bibliotek\t2024\r\n", "utf-16-le"),
        ("Lokation;År\nØstre Bibliotek;2024\n", "utf-16-be"),
    ],
)
def test_separator_and_encoding_are_detected(tmp_path: Path, raw: str, encoding: str) -> None:
    path = tmp_path / "besoeg.csv"
    path.write_bytes(raw.encode(encoding))
    frame, problems = read(path)
    assert not problems
    assert frame[["Lokation", "År"]].values.tolist() == [["Østre Bibliotek", "2024"]]
    assert frame[ROW].tolist() == [2]


def test_headers_are_matched_ignoring_case_and_spaces(tmp_path: Path) -> None:
    path = tmp_path / "besoeg.csv"
    path.write_text("  lokation ,ÅR\nA,2024\n", encoding="utf-8")
    frame, problems = read(path)
    assert not problems and frame["Lokation"].tolist() == ["A"]


def test_dropped_columns_are_never_read(tmp_path: Path) -> None:
    path = tmp_path / "besoeg.csv"
    path.write_text("Lokation,År,NOTE\nA,2024,fortroligt\n", encoding="utf-8")
    frame, _ = read(path)
    assert "fortroligt" not in frame.to_string()


def test_missing_columns_are_named_with_the_columns_found(tmp_path: Path) -> None:
    path = tmp_path / "besoeg.csv"
    path.write_text("Sted,Aar\nA,2024\n", encoding="utf-8")
    frame, problems = read(path)
    assert frame is None
    (problem,) = problems
    assert problem.startswith(f"{path}:1: Kolonnerne 'Lokation', 'År' mangler")
    assert "Fundne kolonner: Sted, Aar" in problem


@pytest.mark.parametrize("raw", ["", "\n\n", "\ufeff"])
def test_an_empty_file_is_explained(tmp_path: Path, raw: str) -> None:
    path = tmp_path / "besoeg.csv"
    path.write_text(raw, encoding="utf-8")
    frame, problems = read(path)
    assert frame is None
    assert problems == [
        f"{path}: Filen er tom. Den skal have en overskriftsrække og én række pr. lokation og år."
    ]


def test_a_header_without_rows_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "besoeg.csv"
    path.write_text("Lokation,År\n", encoding="utf-8")
    frame, problems = read(path)
    assert frame is None and "ingen rækker" in problems[0]


def test_xlsx_cells_read_as_the_csv_would_have_them(tmp_path: Path) -> None:
    path = tmp_path / "besoeg.xlsx"
    pd.DataFrame({"Lokation": ["A"], "År": [2024.0]}).to_excel(path, index=False)
    frame, problems = read(path)
    assert not problems
    assert frame[["Lokation", "År"]].values.tolist() == [["A", "2024"]]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (bytes(range(256)) * 8, "er ikke et Excel-regneark"),
        (b"PK\x03\x04" + b"\0" * 100, "er ikke et Excel-regneark"),
        (None, "Excel-regnearket i den kan ikke læses"),  # a zip without a workbook
    ],
)
def test_an_xlsx_that_is_no_workbook_is_explained(
    tmp_path: Path, raw: bytes | None, expected: str
) -> None:
    path = tmp_path / "besoeg.xlsx"
    if raw is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hej.txt", "hej")
    else:
        path.write_bytes(raw)
    frame, problems = read(path)
    assert frame is None
    (problem,) = problems
    assert expected in problem and "gem den igen" in problem


def test_an_empty_xlsx_is_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "besoeg.xlsx"
    path.write_bytes(b"")
    assert read(path) == (
        None,
        [
            f"{path}: Filen er tom. Den skal have en overskriftsrække og én "
            "række pr. lokation og år."
        ],
    )


def test_a_workbook_saved_as_csv_and_an_old_xls_are_explained(tmp_path: Path) -> None:
    workbook = tmp_path / "besoeg.xlsx"
    pd.DataFrame({"Lokation": ["Østre Bibliotek"], "År": [2024]}).to_excel(workbook, index=False)
    renamed = workbook.rename(tmp_path / "besoeg.csv")
    assert "er et Excel-regneark (xlsx). Giv den endelsen .xlsx" in read(renamed)[1][0]
    old = tmp_path / "besoeg.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert "reportgen læser ikke .xls-filer" in read(old)[1][0]


@pytest.mark.parametrize(
    ("raw", "row", "expected"),
    [
        (
            "Lokation,År\nØstre Bibliotek,2024,x\nA,2025\n",
            2,
            "Rækken har 3 felter, men overskriften har 2",
        ),
        ("Lokation;År\nA;2024\nØstre; Bibliotek;2025\n", 3, "et semikolon for meget"),
        ('Lokation,År\n"A\nB",2024\nC,2025,,\n', 3, "Rækken har 4 felter"),
        (
            'Lokation,År\nA,2024\n"B,2025\nC,2026\n',
            3,
            'Et anførselstegn (") i rækken lukkes aldrig',
        ),
    ],
)
def test_a_row_with_a_field_too_many_is_an_error_in_that_row(
    tmp_path: Path, raw: str, row: int, expected: str
) -> None:
    path = tmp_path / "besoeg.csv"
    path.write_text(raw, encoding="utf-8")
    frame, problems = read(path)
    assert frame is None
    assert problems == [problems[0]] and problems[0].startswith(f"{path}:{row}: ")
    assert expected in problems[0]


def test_quoted_fields_with_separators_and_line_breaks_are_read(tmp_path: Path) -> None:
    path = tmp_path / "besoeg.csv"
    path.write_text('Lokation,År,Note\n"A, B",2024,x\n"C\nD",2025\n', encoding="utf-8")
    frame, problems = read(path)
    assert not problems
    assert frame[["Lokation", "År"]].values.tolist() == [["A, B", "2024"], ["C\nD", "2025"]]
    assert frame[ROW].tolist() == [2, 3]
