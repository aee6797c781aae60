"""Incidents: the MainManager export of "Uro på lokation" and vandalism orders.

Loaded as text, corrected by the `rettelser` beside it (never by editing the export),
validated a column at a time, and typed. `Beskrivelse` is never read: it may hold
personal data and no output needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .. import domain
from ..errors import Problems
from . import rettelser
from .columns import (
    RowReporter,
    canonical_values,
    date_problem,
    parse_dates,
    parse_hours,
    split_list,
)
from .files import ROW, RawTable, TableSpec, read_table

SPEC = TableSpec(
    name="hændelser",
    row_name="hændelse",
    required=(
        "ID",
        "Dato",
        "Tidspunkt",
        "Bydel",
        "Lokation",
        "Facilitet",
        "Urotype",
        "Forurettede",
        "Demografi",
        "Tilkaldt hjælp",
        "Ankommet",
    ),
    optional=("Underkategori",),
    dropped=("Beskrivelse",),
    dates=("Dato",),
)

# The typed columns every figure works on.
COLUMNS = (
    "id",
    "dato",
    "time",
    "bydel",
    "lokation",
    "facilitet",
    "urotype",
    "underkategori",
    "forurettede",
    "demografi",
    "tilkaldt",
    "ankommet",
)


@dataclass
class Haendelser:
    """The incidents of one export after corrections: one typed row per incident."""

    path: Path
    frame: pd.DataFrame
    rettelser: list[rettelser.AnvendtRettelse] = field(default_factory=list)
    rettelser_path: Path | None = None

    @property
    def foerste(self) -> date:
        """Return the date of the first incident."""
        return self.frame["dato"].min().date()  # type: ignore[no-any-return]

    @property
    def sidste(self) -> date:
        """Return the date of the last incident."""
        return self.frame["dato"].max().date()  # type: ignore[no-any-return]

    def udledt_daekning(self) -> domain.Daekning | None:
        """Return the coverage the rows show: the whole months from the first to the last."""
        if self.frame.empty:  # every incident excluded by corrections: nothing to go by
            return None
        return domain.Daekning.udledt(self.foerste, self.sidste)


def load(path: Path, corrections: Path | None, problems: Problems) -> Haendelser | None:
    """Load, correct and validate the export in `path`; problems are recorded, not raised."""
    raw = read_table(path, SPEC, problems)
    if raw is None:
        return None
    reporter = RowReporter(path, problems)
    before = len(problems)
    _check_ids(raw, reporter)
    applied: list[rettelser.AnvendtRettelse] = []
    if corrections is not None and len(problems) == before:
        raw, applied = rettelser.apply(raw, corrections, SPEC, problems)
    frame = _validate(raw, reporter)
    if len(problems) > before:
        return None
    return Haendelser(path, frame, applied, corrections)


def _check_ids(raw: RawTable, reporter: RowReporter) -> None:
    table = raw.frame
    reporter.rows(
        table,
        table["ID"] == "",
        "ID",
        "ID mangler. Hver hændelse skal have sit ID fra MainManager.",
    )
    named = table[table["ID"] != ""]
    duplicated = named[named["ID"].duplicated(keep=False)]
    groups = duplicated.groupby("ID", sort=False)[ROW].apply(list)
    reporter.each(
        (
            (
                rows[1],
                f"ID '{incident}' står i flere rækker ({', '.join(map(str, rows))}). Hver hændelse "
                "skal have sit eget ID; er det den samme hændelse to gange, så slet den ene "
                "række i "
                "en ny eksport.",
            )
            for incident, rows in groups.items()
        ),
        kind="kolonnen 'ID'",
        total=len(groups),
    )


def _validate(raw: RawTable, reporter: RowReporter) -> pd.DataFrame:
    table = raw.frame
    frame = pd.DataFrame({"id": table["ID"]})

    today = date.today()
    frame["dato"], bad = parse_dates(table["Dato"], today)
    reporter.rows(table, bad, "Dato", lambda value: date_problem(value, today))
    frame["time"], bad = parse_hours(table["Tidspunkt"])
    reporter.rows(
        table,
        bad,
        "Tidspunkt",
        "'{value}' er ikke et klokkeslæt. Skriv det som TT:MM, fx 14:30, eller lad feltet "
        "stå tomt.",
    )
    frame["bydel"], bad = canonical_values(table["Bydel"], domain.BYDELE)
    reporter.rows(
        table,
        table["Bydel"] == "",
        "Bydel",
        "Bydel mangler. Skriv en af: " + ", ".join(domain.BYDELE) + ".",
    )
    reporter.rows(
        table,
        bad,
        "Bydel",
        "Ukendt bydel '{value}'. Københavns bydele er: " + ", ".join(domain.BYDELE) + ".",
    )
    reporter.rows(
        table, table["Lokation"] == "", "Lokation", "Lokation mangler. Skriv institutionens navn."
    )
    frame["lokation"] = table["Lokation"]
    frame["facilitet"] = table["Facilitet"]
    frame["urotype"], bad = canonical_values(
        table["Urotype"], domain.UROTYPER, domain.UROTYPE_ALIASER
    )
    reporter.rows(
        table,
        bad | (table["Urotype"] == ""),
        "Urotype",
        "Ukendt urotype '{value}'. Urotyperne er: "
        + ", ".join(domain.UROTYPER)
        + " ('Utryghedsskabende adfærd' læses som 'Uønsket adfærd').",
    )
    frame["underkategori"], bad = canonical_values(table["Underkategori"], domain.UNDERKATEGORIER)
    reporter.rows(
        table,
        bad,
        "Underkategori",
        "Ukendt underkategori '{value}'. Underkategorierne er: "
        + ", ".join(domain.UNDERKATEGORIER)
        + ".",
    )
    frame["forurettede"] = table["Forurettede"]
    frame["demografi"] = table["Demografi"]
    frame["tilkaldt"] = split_list(table["Tilkaldt hjælp"])
    frame["ankommet"] = split_list(table["Ankommet"])
    _check_arrived(frame, table, reporter)
    return frame


def _check_arrived(frame: pd.DataFrame, table: pd.DataFrame, reporter: RowReporter) -> None:
    some = table["Ankommet"] != ""
    problems = []
    for row, called, arrived in zip(
        table.loc[some, ROW], frame.loc[some, "tilkaldt"], frame.loc[some, "ankommet"], strict=True
    ):
        names = {name.casefold() for name in called}
        for name in arrived:
            if name.casefold() not in names:
                problems.append(
                    (
                        int(row),
                        f"'{name}' står under 'Ankommet', men ikke under 'Tilkaldt hjælp' "
                        f"({'; '.join(called) or 'tom'}). Hjælp kan kun ankomme, hvis den er "
                        "tilkaldt: ret en af de to kolonner.",
                    )
                )
    reporter.each(problems, kind="kolonnen 'Ankommet'", total=len(problems))
