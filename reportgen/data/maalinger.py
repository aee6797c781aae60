"""Safety surveys (tryghedsmålinger): one row per answer, or pre-aggregated with `Antal`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import domain
from ..errors import Problems
from .columns import RowReporter, known_names
from .files import TableSpec, read_table

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
    raw = read_table(path, SPEC, problems)
    if raw is None:
        return None
    table = raw.frame
    reporter = RowReporter(path, problems)
    before = len(problems)
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
    if len(problems) > before:
        return None
    frame["antal"] = frame["antal"].astype(int)
    return Maalinger(path, frame)
