"""Visitors: one row per location and year."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import Problems
from .columns import RowReporter
from .files import ROW, TableSpec, read_table

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
    raw = read_table(path, SPEC, problems)
    if raw is None:
        return None
    table = raw.frame
    reporter = RowReporter(path, problems)
    before = len(problems)
    reporter.rows(table, table["Lokation"] == "", "Lokation", "Lokation mangler i rækken.")
    bad_year = ~table["År"].str.fullmatch(r"\d{4}")
    reporter.rows(table, bad_year, "År", "'{value}' er ikke et årstal. Skriv fx 2024.")
    bad_count = ~table["Besøgende"].str.fullmatch(_WHOLE)
    reporter.rows(
        table, bad_count, "Besøgende", "'{value}' er ikke et antal besøgende. Skriv fx 138010."
    )
    if len(problems) > before:
        return None
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
    if len(problems) > before:
        return None
    return Besoeg(path, frame)
