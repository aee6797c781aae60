"""Visitors: one row per location and year."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import Problems
from .columns import RowReporter, read_typed
from .files import ROW, TableSpec

SPEC = TableSpec(
    name="besøgstal", row_name="lokation og år", required=("Lokation", "År", "Besøgende")
)
# Whole numbers, possibly written with Danish thousands separators: 138010 or 138.010.
_WHOLE = r"\d+|\d{1,3}(?:[. ]\d{3})+"


@dataclass
class Besoeg:
    """Visitors per location and year: lokation, aar, besoegende."""

    path: Path
    frame: pd.DataFrame


def load(path: Path, problems: Problems) -> Besoeg | None:
    """Load and validate the visitor file in `path`."""
    frame = read_typed(path, SPEC, problems, _typed)
    return None if frame is None else Besoeg(path, frame)


def _typed(table: pd.DataFrame, reporter: RowReporter) -> pd.DataFrame | None:
    reporter.rows(table, table["Lokation"] == "", "Lokation", "Lokation mangler i rækken.")
    bad_year = ~table["År"].str.fullmatch(r"\d{4}")
    reporter.rows(table, bad_year, "År", "'{value}' er ikke et årstal. Skriv fx 2024.")
    bad_count = ~table["Besøgende"].str.fullmatch(_WHOLE)
    reporter.rows(
        table, bad_count, "Besøgende", "'{value}' er ikke et antal besøgende. Skriv fx 138010."
    )
    if reporter.recorded:
        return None  # a year or a count that is not a number cannot be typed
    frame = pd.DataFrame(
        {
            "lokation": table["Lokation"],
            "aar": table["År"].astype(int),
            "besoegende": table["Besøgende"].str.replace(r"[. ]", "", regex=True).astype(int),
        }
    )
    twice = frame.duplicated(["lokation", "aar"], keep="first")
    reporter.each(
        (
            (
                int(table.at[i, ROW]),
                f"{frame.at[i, 'lokation']} har allerede et besøgstal for "
                f"{frame.at[i, 'aar']}. Slet den ene række.",
            )
            for i in frame.index[twice]
        ),
        kind="besøgstallene",
        total=int(twice.sum()),
    )
    return frame
