"""Corrections (rettelser): a YAML file beside an export that changes or excludes incidents.

The export itself is never edited. Each correction names the incident by ID and either
changes one field — `fra` must equal what the export says, otherwise the correction is
stale and refused — or excludes the incident. A reason and a date are always required,
and every applied correction is listed in the note's data appendix and the manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from ..errors import Problems
from ..formatting import dato as format_dato
from ..schema import ProblemAt, SchemaReader, spec
from ..yamlsource import Sequence, read_yaml
from .columns import CORRECTED_BY
from .files import RawTable, TableSpec, header_key


@dataclass(frozen=True)
class Rettelse:
    """One correction as written in the YAML file."""

    id: str = spec("Hændelsens ID i eksporten.", example="'MM-2024-01234'")
    begrundelse: str = spec("Hvorfor rettelsen er nødvendig.", example="Dobbeltregistrering")
    dato: date = spec("Hvornår rettelsen blev besluttet, ÅÅÅÅ-MM-DD.", example="2025-11-03")
    felt: str | None = spec("Kolonnen, der rettes.", example="Bydel", default=None)
    fra: str | None = spec("Værdien i eksporten nu.", example="Vanløse", default=None)
    til: str | None = spec("Den rigtige værdi.", example="Valby", default=None)
    udelad: bool = spec("true: hændelsen tælles ikke med.", example="true", default=False)

    def check(self, problem: ProblemAt) -> None:
        """Check that the correction is not dated in the future."""
        if self.dato is not None and self.dato > date.today():
            problem(
                "dato",
                f"'dato' ({format_dato(self.dato)}) ligger efter i dag. Skriv den dag, "
                "rettelsen blev besluttet.",
            )


@dataclass(frozen=True)
class AnvendtRettelse:
    """A correction that was applied, with where it is written."""

    id: str
    felt: str | None
    fra: str | None
    til: str | None
    udelad: bool
    begrundelse: str
    dato: date
    kilde: str  # "data/haendelser.rettelser.yaml:12"

    @property
    def beskrivelse(self) -> str:
        """Describe what the correction did, in a sentence."""
        if self.udelad:
            return f"Hændelse {self.id} er udeladt"
        return f"Hændelse {self.id}: {self.felt} er rettet fra '{self.fra}' til '{self.til}'"

    def __str__(self) -> str:
        return f"{self.beskrivelse} ({self.begrundelse.rstrip('.')}; {format_dato(self.dato)})."


def apply(
    table: RawTable,
    path: Path,
    table_spec: TableSpec,
    problems: Problems,
    shown: Callable[[Path], str] = str,
) -> tuple[RawTable, list[AnvendtRettelse]]:
    """Return `table` with the corrections in `path` applied, and the corrections applied.

    `table` itself is left as read: the corrected cells are a copy, marked in CORRECTED_BY
    with the correction that set them.
    """
    root = read_yaml(path, problems)
    if root is None:
        return table, []  # an empty file corrects nothing; a broken one has been reported
    if not isinstance(root, Sequence):
        problems.add(
            path, root.line, "Rettelserne skal være en liste: hver rettelse starter med '- id:'."
        )
        return table, []
    correctable = {
        header_key(c): c for c in (*table_spec.required, *table_spec.optional) if c != "ID"
    }
    applier = _Applier(table, path, correctable, problems, shown)
    reader = SchemaReader(path, problems)
    for number, node in enumerate(root.items, start=1):
        entry = reader.read_object(Rettelse, node, f"rettelse {number}")
        if entry is not None and None not in (entry.id, entry.begrundelse, entry.dato):
            applier.apply(entry, node.line)
    return applier.corrected(), applier.applied


class _Applier:
    """Apply corrections one at a time, in file order, to a copy of the raw cells."""

    def __init__(
        self,
        table: RawTable,
        path: Path,
        correctable: dict[str, str],
        problems: Problems,
        shown: Callable[[Path], str],
    ) -> None:
        self.table = table
        self.shown = shown  # a path as the caseworker knows it
        self.frame: pd.DataFrame = table.frame.assign(**{CORRECTED_BY: ""})
        self.path = path
        self.correctable = correctable
        self.problems = problems
        self.rows = {incident: index for index, incident in self.frame["ID"].items()}
        self.excluded: set[str] = set()
        self.applied: list[AnvendtRettelse] = []
        self.changed_at: dict[tuple[str, str], int] = {}  # (id, column) -> line that changed it

    def apply(self, entry: Rettelse, line: int) -> None:
        """Apply one correction, or record why it cannot be."""
        if entry.id not in self.rows:
            self._problem(
                line,
                f"Hændelsen med ID '{entry.id}' findes ikke i {self.table.path.name}. Tjek ID'et.",
            )
            return
        if entry.id in self.excluded:
            self._problem(
                line, f"Hændelse {entry.id} er allerede udeladt af en tidligere rettelse."
            )
            return
        source = f"{self.shown(self.path)}:{line}"
        if entry.udelad:
            if entry.felt or entry.fra or entry.til:
                self._problem(
                    line,
                    "En rettelse udelader enten hændelsen (udelad: true) eller retter et felt "
                    "(felt, fra, til) – ikke begge dele.",
                )
                return
            self.excluded.add(entry.id)
            self._record(entry, None, source)
            return
        given = {"felt": entry.felt, "fra": entry.fra, "til": entry.til}
        missing = [name for name, value in given.items() if value is None]
        if len(missing) == 3:
            self._problem(
                line,
                "Rettelsen skal have enten 'udelad: true' eller alle tre felter 'felt', "
                "'fra' og 'til'.",
            )
            return
        if missing:
            self._problem(
                line,
                f"Rettelsen mangler {' og '.join(repr(m) for m in missing)}, eller "
                f"{'de er tomme' if len(missing) > 1 else 'det er tomt'}. Er cellen tom i "
                "eksporten, så skriv fra: '' (to apostroffer).",
            )
            return
        column = self.correctable.get(header_key(entry.felt))
        if column is None:
            self._problem(
                line,
                f"Feltet '{entry.felt}' kan ikke rettes. "
                f"Felter: {', '.join(self.correctable.values())}.",
            )
            return
        index = self.rows[entry.id]
        current = self.frame.at[index, column]
        if header_key(current) != header_key(entry.fra):
            self._problem(line, self._stale(entry, column, current))
            return
        self.changed_at[(entry.id, column)] = line
        self.frame.at[index, column] = entry.til
        self.frame.at[index, CORRECTED_BY] = source
        self._record(entry, column, source)

    def _stale(self, entry: Rettelse, column: str, current: str) -> str:
        """Say why `fra` does not match: the export says otherwise, or an earlier correction."""
        earlier = self.changed_at.get((entry.id, column))
        if earlier is not None:
            return (
                f"'{column}' for hændelse {entry.id} er allerede rettet til '{current}' af "
                f"rettelsen på linje {earlier}, så 'fra' skal være '{current}', ikke "
                f"'{entry.fra}'. Ret 'fra', eller slå de to rettelser sammen til én."
            )
        return (
            f"Rettelsen er forældet: '{column}' for hændelse {entry.id} er '{current}' i "
            f"eksporten, ikke '{entry.fra}' som rettelsen forventer. Ret 'fra', eller slet "
            "rettelsen, hvis eksporten allerede er rettet."
        )

    def corrected(self) -> RawTable:
        """Return the corrected cells, without the excluded incidents."""
        if not self.excluded:
            return RawTable(self.table.path, self.frame)
        keep = ~self.frame["ID"].isin(self.excluded)
        return RawTable(self.table.path, self.frame[keep].reset_index(drop=True))

    def _record(self, entry: Rettelse, column: str | None, source: str) -> None:
        self.applied.append(
            AnvendtRettelse(
                id=entry.id,
                felt=column,
                fra=entry.fra,
                til=entry.til,
                udelad=entry.udelad,
                begrundelse=entry.begrundelse,
                dato=entry.dato,
                kilde=source,
            )
        )

    def _problem(self, line: int, message: str) -> None:
        self.problems.add(self.path, line, message)
