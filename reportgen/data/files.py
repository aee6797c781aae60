"""Read CSV and xlsx files into tables of text, whatever Excel or the export made of them.

CSV may be comma-, semicolon- or tab-separated, UTF-8 with or without BOM, Windows-1252 or
UTF-16 (Excel's "Unicode-tekst"); all of it is detected. Headers are matched ignoring case
and surrounding spaces. Columns a table declares as dropped (free text that may hold
personal data) are thrown away as soon as the file is read. A row with more fields than the
header is an error in that row: which field is too many is never guessed.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd

from .. import names
from ..errors import Problems

ROW = "_række"  # the row as the spreadsheet shows it (the header is row 1)
SEPARATORS = (";", ",", "\t")
# Spreadsheets in formats reportgen does not read: old Excel, LibreOffice, Apple Numbers.
_OTHER_SPREADSHEETS = (".xls", ".ods", ".numbers")


@dataclass(frozen=True)
class TableSpec:
    """The columns a file must have, may have, and must never be read."""

    name: str  # what the file holds, in Danish, for messages: "hændelser"
    row_name: str  # what one row is: "hændelse"
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # read from xlsx as dates: Excel's day numbers included


@dataclass
class RawTable:
    """A file's cells as text, under the spec's column names, with the spreadsheet row."""

    path: Path
    frame: pd.DataFrame


def header_key(name: object) -> str:
    """Return the form headers are compared in: no case, no surrounding or doubled spaces."""
    return names.spelling(str(name).replace("\ufeff", ""))


def read_table(path: Path, spec: TableSpec, problems: Problems) -> RawTable | None:
    """Read `path` as the table `spec` describes; record problems and return None if unusable."""
    if not path.is_file():
        problems.add(
            path, None, f"Filen med {spec.name} findes ikke. Ret stien, eller læg filen dér."
        )
        return None
    dropped = {header_key(c) for c in spec.dropped}

    def keep(column: object) -> bool:
        return header_key(column) not in dropped

    if path.suffix.lower() in _OTHER_SPREADSHEETS:
        problems.add(
            path,
            None,
            f"reportgen læser ikke {path.suffix}-filer. Åbn filen og gem den som "
            "'Excel-projektmappe (*.xlsx)' eller som CSV, og ret stien i notatet.",
        )
        return None
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            frame = _read_xlsx(path, keep, {header_key(c) for c in spec.dates})
        else:
            frame = _read_csv(path, keep)
    except _EmptyFile:
        problems.add(
            path,
            None,
            f"Filen er tom. Den skal have en overskriftsrække og én række pr. {spec.row_name}.",
        )
        return None
    except _Unreadable as error:
        problems.add(path, error.row, str(error))
        return None
    except (ValueError, pd.errors.ParserError) as error:
        problems.add(path, *_parser_problem(str(error)))
        return None
    return _match_columns(path, frame, spec, problems)


def _parser_problem(error: str) -> tuple[int | None, str]:
    """Return the row and Danish message of an error pandas met reading a CSV file."""
    quote = re.search(r"EOF inside string starting at row (\d+)", error)
    if quote:  # pandas counts the lines from 0, the header included
        return int(quote.group(1)) + 1, (
            'Et anførselstegn (") i rækken lukkes aldrig, så resten af filen bliver én tekst. '
            "Luk det, eller fjern det."
        )
    return None, f"Filen kan ikke læses som en tabel ({error}). Gem den som CSV eller xlsx."


class _EmptyFile(Exception):
    pass


class _Unreadable(Exception):
    """The file cannot be read as a table; the message says why and what to do."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row  # the spreadsheet row at fault, if one is


def _encoding(raw: bytes) -> tuple[str, str]:
    """Return the file's encoding and its text: UTF-16 by its BOM, UTF-8, else Windows-1252."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode-tekst" (tab-separated UTF-16); the codec reads and drops the BOM.
        try:
            return "utf-16", raw.decode("utf-16")
        except UnicodeDecodeError:
            pass  # a BOM by chance; the other encodings below decide
    elif _looks_like_utf16(raw):
        encoding = "utf-16-le" if raw[1:2] == b"\0" else "utf-16-be"
        try:
            return encoding, raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "cp1252"):
        try:
            return encoding, raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Danish Excel saves "CSV" as Windows-1252; its few undefined bytes fall back to Latin-1.
    return "latin-1", raw.decode("latin-1")


def _looks_like_utf16(raw: bytes) -> bool:
    """Tell whether text without a BOM is UTF-16: every other byte of its start is a zero."""
    start = raw[:200]
    if len(start) < 4:
        return False
    odd, even = start[1::2], start[0::2]
    return odd.count(0) > 0.9 * len(odd) or even.count(0) > 0.9 * len(even)


def _read_csv(path: Path, keep: Callable[[object], bool]) -> pd.DataFrame:
    raw = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    if raw.startswith(b"PK\x03\x04"):
        raise _Unreadable(
            f"Filen hedder {path.suffix or 'ingenting'}, men er et Excel-regneark (xlsx). Giv "
            "den endelsen .xlsx, og ret stien i notatet, eller gem den som CSV i Excel."
        )
    encoding, text = _encoding(raw)
    if not text.strip():
        raise _EmptyFile
    header = text.lstrip().split("\n", 1)[0]
    separator = max(SEPARATORS, key=header.count)
    if encoding.startswith("utf-16"):  # pandas reads UTF-8 bytes; decoded text is re-encoded
        raw, encoding = text.encode("utf-8"), "utf-8"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            # pandas reads bytes with a known encoding much faster than a decoded string.
            frame = pd.read_csv(
                io.BytesIO(raw),
                encoding=encoding,
                sep=separator,
                dtype=str,
                keep_default_na=False,
                skipinitialspace=True,
                index_col=False,  # extra fields are a mistake in the row, never row names
            )
        except pd.errors.ParserError as error:
            if "Expected" in str(error):  # a later row with fields too many
                _find_extra_fields(text, separator)
            raise
    if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        _find_extra_fields(text, separator)  # the first row's extra fields, dropped by pandas
    # Every column is read (only so can pandas tell a row with a field too many); those the
    # table drops go at once, before anything else sees them.
    return frame[[column for column in frame.columns if keep(column)]]


def _find_extra_fields(text: str, separator: str) -> None:
    """Raise for the first row with more fields than the header, naming it.

    pandas drops the extra fields of the first row with a warning, and stops at a later
    one with an English message; the caseworker needs the row. Read again only then.
    """
    rows = csv.reader(io.StringIO(text.lstrip()), delimiter=separator, skipinitialspace=True)
    header = len(next(rows, []))
    for number, row in enumerate(rows, start=2):  # rows as the spreadsheet counts them
        if len(row) > header:
            shown = {";": "semikolon", ",": "komma", "\t": "tabulator"}[separator]
            raise _Unreadable(
                f"Rækken har {len(row)} felter, men overskriften har {header}. Der står nok et "
                f"{shown} for meget i rækken; står det i en tekst, så sæt teksten i "
                'anførselstegn (").',
                number,
            )
    raise _Unreadable("Nogle rækker har flere felter end overskriften. Ret rækkerne.")


def _read_xlsx(path: Path, keep: Callable[[object], bool], dates: set[str]) -> pd.DataFrame:
    if path.stat().st_size == 0:
        raise _EmptyFile
    if not zipfile.is_zipfile(path):
        raise _Unreadable(
            "Filen hedder .xlsx, men er ikke et Excel-regneark (den er ikke gemt i Excels "
            "format, eller den er beskadiget). Åbn den i Excel og gem den igen som "
            "'Excel-projektmappe (*.xlsx)', eller gem den som CSV."
        )
    try:
        frame = pd.read_excel(path, dtype=object, engine="openpyxl", usecols=keep)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, TypeError) as error:
        # openpyxl's errors for a zip that holds no workbook, or a workbook it cannot read,
        # are of many kinds and in English; what the caseworker can do is the same for all.
        raise _Unreadable(
            "Filen hedder .xlsx, men Excel-regnearket i den kan ikke læses. Åbn den i Excel "
            "og gem den igen som "
            "'Excel-projektmappe (*.xlsx)', eller gem den som CSV."
        ) from error
    if frame.columns.empty:
        raise _EmptyFile

    def text(column: pd.Series) -> pd.Series:
        return column.map(_date_cell_text if header_key(column.name) in dates else _cell_text)

    return frame.apply(text).astype(str)


_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, as its 1900 date system counts
_LAST_EXCEL_DAY = 2_958_465  # 31 December 9999


def _date_cell_text(value: object) -> str:
    """Write a date cell as an ISO date: a number in a date column is Excel's day number.

    Only here, in a numeric cell, is a bare number read as a date: in a CSV (or a text
    cell) '2025' or '140125' is not a date but a mistake, reported with its row.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()  # a time of day in the date column says nothing more
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value) and 1 <= value < _LAST_EXCEL_DAY + 1:
            return (_EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
    return _cell_text(value)


def _cell_text(value: object) -> str:
    """Write an xlsx cell as the text a CSV export would have held."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _match_columns(
    path: Path, frame: pd.DataFrame, spec: TableSpec, problems: Problems
) -> RawTable | None:
    by_key: dict[str, str] = {}
    for column in frame.columns:
        by_key.setdefault(header_key(column), column)
    missing = [name for name in spec.required if header_key(name) not in by_key]
    if missing:
        found = ", ".join(str(c).strip() for c in frame.columns) or "(ingen)"
        problems.add(
            path,
            1,
            f"{'Kolonnen' if len(missing) == 1 else 'Kolonnerne'} "
            f"{', '.join(repr(m) for m in missing)} mangler i overskriftsrækken. "
            f"Fundne kolonner: {found}. Ret overskriften, så den hedder som i eksporten.",
        )
        return None
    if frame.empty:
        problems.add(
            path, None, f"Filen har ingen rækker under overskriften; der er ingen {spec.name}."
        )
        return None
    table = pd.DataFrame(index=frame.index)
    for name in (*spec.required, *spec.optional):
        source = by_key.get(header_key(name))
        table[name] = _stripped(frame[source]) if source is not None else ""
    table[ROW] = frame.index + 2
    return RawTable(path, table.reset_index(drop=True))


def _stripped(values: pd.Series) -> pd.Series:
    """Return the column as text without surrounding spaces, stripping each distinct value once."""
    codes, distinct = pd.factorize(values.astype(str))
    cleaned = [value.strip() for value in distinct.tolist()]
    return pd.Series(pd.array(cleaned, dtype=object).take(codes), index=values.index, dtype=str)
