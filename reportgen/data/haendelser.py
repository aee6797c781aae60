"""Incidents: the MainManager export of "Uro på lokation" and vandalism orders.

Loaded as text, corrected by the `rettelser` beside it (never by editing the export),
validated a column at a time, and typed. `Beskrivelse` is never read: it may hold
personal data and no output needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .. import domain
from ..errors import Problems
from . import rettelser
from .columns import (
    RowReporter,
    date_problem,
    known_names,
    parse_dates,
    parse_hours,
    split_list,
)
from .files import ROW, TableSpec, read_table

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


def load(
    path: Path,
    corrections: Path | None,
    problems: Problems,
    shown: Callable[[Path], str] = str,
) -> Haendelser | None:
    """Read, check, correct and type the export in `path`; None if it has any problem.

    Problems are recorded, not raised: every bad row of the export is told in one run.
    `shown` writes a correction's file as the caseworker knows it (`Project.shown_path`).
    """
    raw = read_table(path, SPEC, problems)
    if raw is None:
        return None
    reporter = RowReporter(path, problems)
    before = len(problems)
    _check_ids(raw.frame, reporter)
    applied: list[rettelser.AnvendtRettelse] = []
    if corrections is not None and len(problems) == before:  # corrections find rows by ID
        raw, applied = rettelser.apply(raw, corrections, SPEC, problems, shown)
    frame = _typed(raw.frame, reporter)
    if len(problems) > before:
        return None
    return Haendelser(path, frame, applied, corrections)


def _check_ids(table: pd.DataFrame, reporter: RowReporter) -> None:
    """Report a missing ID, and an ID given to more than one row."""
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


def _typed(table: pd.DataFrame, reporter: RowReporter) -> pd.DataFrame:
    """Return the typed COLUMNS of the incidents; a cell that cannot be typed is reported."""
    columns = {
        "id": table["ID"],
        **_when(table, reporter),
        **_where(table, reporter),
        **_what(table, reporter),
        **_help(table, reporter),
    }
    return pd.DataFrame(columns)[list(COLUMNS)]


def _when(table: pd.DataFrame, reporter: RowReporter) -> dict[str, pd.Series]:
    """Return the date and the hour (if known) of each incident."""
    today = date.today()
    dates, bad = parse_dates(table["Dato"], today)
    reporter.rows(table, bad, "Dato", lambda value: date_problem(value, today))
    hours, bad = parse_hours(table["Tidspunkt"])
    reporter.rows(
        table,
        bad,
        "Tidspunkt",
        "'{value}' er ikke et klokkeslæt. Skriv det som TT:MM, fx 14:30, eller lad feltet "
        "stå tomt.",
    )
    return {"dato": dates, "time": hours}


def _where(table: pd.DataFrame, reporter: RowReporter) -> dict[str, pd.Series]:
    """Return the district, the location and the facility of each incident."""
    reporter.rows(
        table,
        table["Bydel"] == "",
        "Bydel",
        "Bydel mangler. Skriv en af: " + ", ".join(domain.BYDELE) + ".",
    )
    bydel = known_names(
        table,
        "Bydel",
        domain.BYDELE,
        reporter,
        message="Ukendt bydel '{value}'. Københavns bydele er: " + ", ".join(domain.BYDELE) + ".",
        required=False,  # an empty cell is told above, in words of its own
    )
    reporter.rows(
        table, table["Lokation"] == "", "Lokation", "Lokation mangler. Skriv institutionens navn."
    )
    return {"bydel": bydel, "lokation": table["Lokation"], "facilitet": table["Facilitet"]}


def _what(table: pd.DataFrame, reporter: RowReporter) -> dict[str, pd.Series]:
    """Return the urotype and underkategori of each incident, and who it concerned."""
    urotype = known_names(
        table,
        "Urotype",
        domain.UROTYPER,
        reporter,
        message="Ukendt urotype '{value}'. Urotyperne er: "
        + ", ".join(domain.UROTYPER)
        + " ('Utryghedsskabende adfærd' læses som 'Uønsket adfærd').",
        aliases=domain.UROTYPE_ALIASER,
    )
    underkategori = known_names(
        table,
        "Underkategori",
        domain.UNDERKATEGORIER,
        reporter,
        message="Ukendt underkategori '{value}'. Underkategorierne er: "
        + ", ".join(domain.UNDERKATEGORIER)
        + ".",
        required=False,  # most exports have no underkategori
    )
    return {
        "urotype": urotype,
        "underkategori": underkategori,
        "forurettede": table["Forurettede"],
        "demografi": table["Demografi"],
    }


def _help(table: pd.DataFrame, reporter: RowReporter) -> dict[str, pd.Series]:
    """Return the help called and the help arrived; only help called can arrive."""
    called, arrived = split_list(table["Tilkaldt hjælp"]), split_list(table["Ankommet"])
    some = table["Ankommet"] != ""
    problems = []
    for row, asked, came in zip(table.loc[some, ROW], called[some], arrived[some], strict=True):
        names = {name.casefold() for name in asked}
        for name in came:
            if name.casefold() not in names:
                problems.append(
                    (
                        int(row),
                        f"'{name}' står under 'Ankommet', men ikke under 'Tilkaldt hjælp' "
                        f"({'; '.join(asked) or 'tom'}). Hjælp kan kun ankomme, hvis den er "
                        "tilkaldt: ret en af de to kolonner.",
                    )
                )
    reporter.each(problems, kind="kolonnen 'Ankommet'", total=len(problems))
    return {"tilkaldt": called, "ankommet": arrived}
