"""Safety surveys (tryghedsmålinger): one row per answer, or pre-aggregated with `Antal`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import domain
from ..errors import Problems
from .columns import RowReporter, known_names, read_typed
from .files import TableSpec

SPEC = TableSpec(
    name="besvarelser",
    row_name="besvarelse",
    required=("Måling", "Lokation", "Gruppe", "Tryghed"),
    optional=("Antal",),
)


@dataclass
class Maalinger:
    """Survey answers: maaling, lokation, gruppe, tryghed and antal (1 for a single answer)."""

    path: Path
    frame: pd.DataFrame


def load(path: Path, problems: Problems) -> Maalinger | None:
    """Load and validate the survey file in `path`."""
    frame = read_typed(path, SPEC, problems, _typed)
    return None if frame is None else Maalinger(path, frame)


def _typed(table: pd.DataFrame, reporter: RowReporter) -> pd.DataFrame | None:
    for column in ("Måling", "Lokation"):
        reporter.rows(table, table[column] == "", column, f"'{column}' mangler i rækken.")
    frame = pd.DataFrame({"maaling": table["Måling"], "lokation": table["Lokation"]})
    frame["gruppe"] = known_names(
        table,
        "Gruppe",
        domain.GRUPPER,
        reporter,
        message="Ukendt gruppe '{value}'. Skriv " + " eller ".join(domain.GRUPPER) + ".",
    )
    frame["tryghed"] = known_names(
        table,
        "Tryghed",
        domain.TRYGHEDSSVAR,
        reporter,
        message="Ukendt svar '{value}'. Svarene er: " + ", ".join(domain.TRYGHEDSSVAR) + ".",
    )
    counts = table["Antal"].where(table["Antal"] != "", "1")
    frame["antal"] = pd.to_numeric(counts, errors="coerce")
    bad = frame["antal"].isna() | (frame["antal"] < 0) | (frame["antal"] % 1 != 0)
    reporter.rows(table, bad, "Antal", "'{value}' er ikke et antal. Skriv et helt tal, fx 12.")
    if reporter.recorded:
        return None  # an answer that is not a whole number cannot be counted
    frame["antal"] = frame["antal"].astype(int)
    return frame
