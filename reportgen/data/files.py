"""Read CSV and xlsx files into tables of text, whatever Excel or the export made of them.

CSV may be comma-, semicolon- or tab-separated, UTF-8 with or without BOM, or Windows-1252;
all of it is detected. Headers are matched ignoring case and surrounding spaces. Columns a
table declares as dropped (free text that may hold personal data) are never read at all.
"""

from __future__ import annotations

import codecs
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd

from ..errors import Problems

ROW = "_række"  # the row as the spreadsheet shows it (the header is row 1)
SEPARATORS = (";", ",", "\t")


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
    return " ".join(str(name).replace("\ufeff", "").split()).casefold()


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
    except (ValueError, pd.errors.ParserError) as error:
        problems.add(
            path, None, f"Filen kan ikke læses som en tabel ({error}). Gem den som CSV eller xlsx."
        )
        return None
    return _match_columns(path, frame, spec, problems)


class _EmptyFile(Exception):
    pass


def _encoding(raw: bytes) -> tuple[str, str]:
    """Return the file's encoding and its text: UTF-8 (BOM or not), else Windows-1252."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return encoding, raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Danish Excel saves "CSV" as Windows-1252; its few undefined bytes fall back to Latin-1.
    return "latin-1", raw.decode("latin-1")


def _read_csv(path: Path, keep: Callable[[object], bool]) -> pd.DataFrame:
    raw = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    encoding, text = _encoding(raw)
    if not text.strip():
        raise _EmptyFile
    header = text.lstrip().split("\n", 1)[0]
    separator = max(SEPARATORS, key=header.count)
    # pandas reads bytes with a known encoding much faster than a decoded string.
    return pd.read_csv(
        io.BytesIO(raw),
        encoding=encoding,
        sep=separator,
        dtype=str,
        keep_default_na=False,
        usecols=keep,
        skipinitialspace=True,
    )


def _read_xlsx(path: Path, keep: Callable[[object], bool], dates: set[str]) -> pd.DataFrame:
    frame = pd.read_excel(path, dtype=object, engine="openpyxl", usecols=keep)
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
