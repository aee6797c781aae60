"""Stage 2, data: the files a note names, loaded once per build, corrected and validated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from .. import formatting
from ..content import Datakilder, Eksport, Filsti
from ..domain import Daekning, parse_daekning
from ..errors import Problems
from ..project import Project
from . import besoeg, haendelser, maalinger

T = TypeVar("T")


@dataclass(frozen=True)
class Datasets:
    """The loaded data of one note; a kind the note does not use is None."""

    haendelser: haendelser.Haendelser | None = None
    maalinger: maalinger.Maalinger | None = None
    besoeg: besoeg.Besoeg | None = None
    daekning: Daekning | None = None  # the days the incidents cover, declared or derived

    def locations(self) -> set[str]:
        """Return every location any of the data names."""
        found: set[str] = set()
        for data in (self.haendelser, self.maalinger, self.besoeg):
            if data is not None:
                found.update(data.frame["lokation"].unique())
        return found

    def input_files(self) -> list[Path]:
        """Return every file the data came from, corrections included."""
        files: list[Path] = []
        if self.haendelser:
            files.append(self.haendelser.path)
            if self.haendelser.rettelser_path:
                files.append(self.haendelser.rettelser_path)
        if self.maalinger:
            files.append(self.maalinger.path)
        if self.besoeg:
            files.append(self.besoeg.path)
        return files


class DataLoader:
    """Load data files for notes, each file once however many notes use it."""

    def __init__(self, project: Project, problems: Problems) -> None:
        self._project = project
        self._problems = problems
        self._cache: dict[tuple[Path, Path | None], object] = {}

    def load(self, kilder: Datakilder | None) -> Datasets | None:
        """Load the data a note names; None if any of it has problems (they are recorded)."""
        if kilder is None:
            return Datasets()
        before = len(self._problems)
        export = self._resolve(kilder.haendelser.fil if kilder.haendelser else None)
        corrections = self._resolve(kilder.rettelser)
        survey = self._resolve(kilder.maalinger)
        visitors = self._resolve(kilder.besoeg)
        if len(self._problems) > before:
            return None
        if export is not None and corrections is None:
            default = haendelser.default_corrections_path(export)
            corrections = default if default.is_file() else None
        problems = self._problems
        loaded = Datasets(
            haendelser=self._once(
                export, corrections, lambda p: haendelser.load(p, corrections, problems)
            ),
            maalinger=self._once(survey, None, lambda p: maalinger.load(p, problems)),
            besoeg=self._once(visitors, None, lambda p: besoeg.load(p, problems)),
        )
        named = (export, survey, visitors)
        got = (loaded.haendelser, loaded.maalinger, loaded.besoeg)
        if any(path is not None and data is None for path, data in zip(named, got, strict=True)):
            return None  # its problems were recorded when the file was first loaded
        if loaded.haendelser is None or kilder.haendelser is None:
            return loaded
        daekning = self._coverage(kilder.haendelser, loaded.haendelser)
        return None if daekning is None else replace(loaded, daekning=daekning)

    def _coverage(self, named: Eksport, export: haendelser.Haendelser) -> Daekning | None:
        """Return the coverage the note declares, or the one the rows show; None if wrong."""
        declared = None
        if named.daekker is not None:  # its form was checked with the note
            where = f"{self._problems.shown_path(named.sted.path)}:{named.sted.line_of('daekker')}"
            declared = parse_daekning(named.daekker, f"angivet i {where}")
        derived = export.udledt_daekning()
        if declared is None:
            return derived or Daekning.ingen()
        if derived is not None and not (
            declared.start <= derived.start and derived.slut <= declared.slut
        ):
            outside = export.frame["dato"].dt.date
            count = int(((outside < declared.start) | (outside > declared.slut)).sum())
            self._problems.add(
                named.sted.path,
                named.sted.line_of("daekker"),
                f"Eksporten har {formatting.antal(count, 'hændelse', 'hændelser')} uden for "
                f"'daekker' ({declared}): den har hændelser fra "
                f"{formatting.dato(export.foerste)} til {formatting.dato(export.sidste)}. Ret "
                "'daekker', så den rummer alle eksportens hændelser, eller slet den, så "
                "reportgen udleder dækningen af eksporten.",
            )
            return None
        return declared

    def _once(
        self, path: Path | None, extra: Path | None, load: Callable[[Path], T | None]
    ) -> T | None:
        if path is None:
            return None
        key = (path, extra)
        if key not in self._cache:
            self._cache[key] = load(path)
        return self._cache[key]  # type: ignore[return-value]

    def _resolve(self, named: Filsti | None) -> Path | None:
        if named is None:
            return None
        path = (self._project.root / named.text).resolve()
        if not path.is_relative_to(self._project.root):
            self._problems.add(
                named.path,
                named.line,
                f"Datafilen '{named.text}' ligger uden for projektmappen. Læg den i data/.",
            )
            return None
        if not path.is_file():
            self._problems.add(
                named.path,
                named.line,
                f"Datafilen '{named.text}' findes ikke. Ret stien (den regnes fra projektmappen).",
            )
            return None
        return path
