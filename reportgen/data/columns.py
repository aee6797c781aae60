"""Vectorised parsing of text columns, with row-level problems that name what to do.

A 100.000-row export must load in well under a second, so values are parsed a column at a
time with pandas; only the failing rows are looked at one by one, to explain them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pandas as pd

from .. import formatting, names
from ..domain import FOERSTE_AAR
from ..errors import Problems
from ..formatting import DateError, parse_date
from .files import ROW, TableSpec, read_table

CORRECTED_BY = "_rettet_af"  # set by rettelser on rows whose cells a correction changed

ROW_PROBLEM_LIMIT = 10  # per column and kind; a systematic error is summarised after that


class RowReporter:
    """Record problems in the rows of one file, capped per kind so a bad column stays readable."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.recorded = 0  # how many problems this reporter has recorded, summaries included

    def rows(
        self, table: pd.DataFrame, mask: pd.Series, column: str, message: str | Callable[[str], str]
    ) -> None:
        """Record `message` (with {value} for the cell, or made from it) where `mask` holds."""
        corrected = CORRECTED_BY in table.columns
        bad = table.loc[mask, [ROW, column, CORRECTED_BY] if corrected else [ROW, column]]

        def explained(row: int, value: str, source: str = "") -> tuple[int, str]:
            text = message(value) if callable(message) else message.format(value=value)
            if source:
                text += f" (Værdien er sat af rettelsen i {source}.)"
            return int(row), text

        self.each(
            (explained(*cells) for cells in bad.itertuples(index=False)),
            kind=f"kolonnen '{column}'",
            total=len(bad),
        )

    def each(self, items: Iterable[tuple[int, str]], *, kind: str, total: int) -> None:
        """Record (row, message) pairs, at most ROW_PROBLEM_LIMIT of them, then a summary."""
        shown = 0
        last_row = None
        for row, message in items:
            if shown == ROW_PROBLEM_LIMIT:
                break
            self._add(row, message)
            shown += 1
            last_row = row
        if total > shown:
            self._add(
                last_row,
                f"… og {formatting.antal(total - shown, 'række', 'rækker')} mere med samme "
                f"slags fejl i {kind}.",
            )

    def _add(self, row: int | None, message: str) -> None:
        self.problems.add(self.path, row, message)
        self.recorded += 1


def read_typed(
    path: Path,
    spec: TableSpec,
    problems: Problems,
    typed: Callable[[pd.DataFrame, RowReporter], pd.DataFrame | None],
) -> pd.DataFrame | None:
    """Read `path` and return its cells as `typed` makes them; None if any row has a problem.

    `typed` reports every bad row it finds (so all are told in one run) and may return None
    when the rows are too bad to go on with.
    """
    raw = read_table(path, spec, problems)
    if raw is None:
        return None
    reporter = RowReporter(path, problems)
    frame = typed(raw.frame, reporter)
    return None if frame is None or reporter.recorded else frame


def per_distinct(values: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a column parser to each distinct value once and spread the result to every row.

    An export of 100.000 rows has a few thousand dates and a handful of districts; parsing
    those, not every cell, is what keeps loading fast.
    """
    codes, distinct = pd.factorize(values)
    parsed = parse(pd.Series(distinct, dtype=values.dtype))
    return pd.Series(parsed.array.take(codes), index=values.index, name=values.name)


def incident_date(value: str, today: date) -> date:
    """Read the date of an incident, or raise DateError saying what is wrong and what to do.

    Only whole dates in the documented forms: Excel's day numbers are turned into dates where
    they can be told apart — in a numeric xlsx cell (see `files`) — so here a bare number is
    never a date. A year before FOERSTE_AAR or a day after today is a typo, not an incident.
    """
    if not value:
        raise DateError("Datoen mangler. Skriv datoen for hændelsen, fx 2025-01-14.")
    if value.isdigit():
        year = len(value) == 4 and 1900 <= int(value) <= 2100
        what = "et årstal" if year else f"{len(value)} cifre uden skilletegn"
        raise DateError(
            f"'{formatting.shown(value)}' er {what}, ikke en hel dato. Skriv datoen med dag, "
            "måned og år, fx 2025-01-14 eller 14-01-2025."
        )
    found = parse_date(value)
    if found.year < FOERSTE_AAR:
        raise DateError(
            f"Datoen '{value}' ligger før år {FOERSTE_AAR}, og så gamle hændelser er ikke i "
            "eksporterne. Er årstallet skrevet forkert? Ret datoen."
        )
    if found > today:
        raise DateError(
            f"Datoen '{value}' ligger efter i dag ({formatting.dato(today)}), og en indmeldt "
            "hændelse kan ikke være sket endnu. Ret datoen."
        )
    return found


def parse_dates(values: pd.Series, today: date) -> tuple[pd.Series, pd.Series]:
    """Parse the incidents' dates (see `incident_date`); return (dates, bad mask)."""

    def parsed(distinct: pd.Series) -> pd.Series:
        return pd.to_datetime(distinct.map(lambda value: _date_or_none(value, today)))

    dates = per_distinct(values, parsed)
    return dates, dates.isna()


def _date_or_none(value: str, today: date) -> date | None:
    try:
        return incident_date(value, today)
    except DateError:
        return None


def date_problem(value: str, today: date) -> str:
    """Explain why `value` is not the date of an incident."""
    try:
        incident_date(value, today)
    except DateError as error:
        return str(error)
    return f"'{value}' kan ikke læses som en dato. Skriv den som 2025-01-14 eller 14-01-2025."


def parse_hours(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse 'HH:MM' (or H.MM, HH:MM:SS) into the hour; empty is allowed. Return (hours, bad)."""
    hours = per_distinct(values, _parse_distinct_hours)
    return hours, (values != "") & hours.isna()


def _parse_distinct_hours(values: pd.Series) -> pd.Series:
    parts = values.str.extract(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")
    hours = pd.to_numeric(parts[0], errors="coerce")
    minutes = pd.to_numeric(parts[1], errors="coerce")
    valid = hours.between(0, 23) & minutes.between(0, 59)
    return hours.where(valid).astype("Int64")


def canonical_values(
    values: pd.Series, allowed: tuple[str, ...], aliases: dict[str, str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Map values to their allowed spelling (see `names.canonical`). Return (values, bad)."""

    def spelled(distinct: pd.Series) -> pd.Series:
        return distinct.map(lambda value: names.canonical(value, allowed, aliases))

    mapped = per_distinct(values, spelled)
    return mapped, mapped.isna() & (values != "")


def known_names(
    table: pd.DataFrame,
    column: str,
    allowed: tuple[str, ...],
    reporter: RowReporter,
    *,
    message: str,
    aliases: dict[str, str] | None = None,
    required: bool = True,
) -> pd.Series:
    """Return a column of names in their allowed spelling, reporting each unknown name.

    An empty cell is reported with `message` too when the column is `required`; otherwise
    it is left empty (or the caller explains it in its own words).
    """
    spelled, unknown = canonical_values(table[column], allowed, aliases)
    reporter.rows(table, unknown | (table[column] == "") if required else unknown, column, message)
    return spelled


def split_list(values: pd.Series) -> pd.Series:
    """Split cells holding several values separated by ';' into lists (empty cells: [])."""

    def split(distinct: pd.Series) -> pd.Series:
        return distinct.map(lambda cell: [part.strip() for part in cell.split(";") if part.strip()])

    return per_distinct(values, split)
