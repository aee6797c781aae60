"""Stage 2, data: the files a note names, loaded once per build, corrected and validated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from .. import formatting
from ..content import Datakilder, Eksport, Filsti
from ..domain import Daekning, parse_daekning
from ..errors import Problem, Problems
from ..formatting import DateError
from ..manifest import sha256_file
from ..project import Project, default_corrections, lies_inside
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
    """Load data files for notes, each file once however many notes use it.

    A file's problems are kept with it and recorded for every note that uses it, in that
    note's own collector: a sent note's can be told apart from the others'.
    """

    def __init__(self, project: Project) -> None:
        self._project = project
        self._cache: dict[tuple[object, ...], tuple[object, list[Problem]]] = {}

    def load(self, kilder: Datakilder | None, problems: Problems) -> Datasets | None:
        """Load the data a note names; None if any of it has problems (they are recorded)."""
        if kilder is None:
            return Datasets()
        before = len(problems)
        export = self._resolve(kilder.haendelser.fil if kilder.haendelser else None, problems)
        corrections = self._resolve(kilder.rettelser, problems)
        survey = self._resolve(kilder.maalinger, problems)
        visitors = self._resolve(kilder.besoeg, problems)
        if len(problems) > before:
            return None
        if export is not None and corrections is None:
            corrections = self._default_corrections(export, problems)
            if len(problems) > before:
                return None
        loaded = Datasets(
            haendelser=self._once(
                "haendelser",
                export,
                corrections,
                lambda p, found: haendelser.load(p, corrections, found, self._project.shown_path),
                problems,
            ),
            maalinger=self._once("maalinger", survey, None, maalinger.load, problems),
            besoeg=self._once("besoeg", visitors, None, besoeg.load, problems),
        )
        named = (export, survey, visitors)
        got = (loaded.haendelser, loaded.maalinger, loaded.besoeg)
        if any(path is not None and data is None for path, data in zip(named, got, strict=True)):
            return None  # the file's problems are recorded
        if loaded.haendelser is None or kilder.haendelser is None:
            return loaded
        daekning = self._coverage(kilder.haendelser, loaded.haendelser, problems)
        return None if daekning is None else replace(loaded, daekning=daekning)

    def _coverage(
        self, named: Eksport, export: haendelser.Haendelser, problems: Problems
    ) -> Daekning | None:
        """Return the coverage the note declares, or the one the rows show; None if wrong."""
        derived = export.udledt_daekning()
        if named.daekker is None:
            return derived or Daekning.ingen()
        where = f"{self._project.shown_path(named.sted.path)}:{named.sted.line_of('daekker')}"
        try:
            declared = parse_daekning(named.daekker, f"angivet i {where}")
        except DateError:
            return None  # recorded when the note was read
        if derived is not None and not (
            declared.start <= export.foerste and export.sidste <= declared.slut
        ):
            outside = export.frame["dato"].dt.date
            count = int(((outside < declared.start) | (outside > declared.slut)).sum())
            problems.add(
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
        self,
        kind: str,
        path: Path | None,
        extra: Path | None,
        load: Callable[[Path, Problems], T | None],
        problems: Problems,
    ) -> T | None:
        if path is None:
            return None
        # The kind is part of the key: one file named as two kinds of data is read as both.
        # So are the files' contents: a loader kept between builds (the preview's) reads a
        # file again once it has been saved, and only then.
        key = (kind, path, extra, _digest(path), _digest(extra))
        if key not in self._cache:
            found = Problems(self._project.shown_path)
            self._cache[key] = (load(path, found), list(found))
        result, recorded = self._cache[key]
        problems.extend(recorded)
        return result  # type: ignore[return-value]

    def _default_corrections(self, export: Path, problems: Problems) -> Path | None:
        """Return the corrections file beside the export, if there is one inside the project."""
        default = default_corrections(export)
        if not (default.exists() or default.is_symlink()):
            return None
        if not lies_inside(default, self._project.root):
            problems.add(
                default,
                None,
                f"Rettelserne er et link til {default.resolve()}, uden for projektmappen, og "
                "bruges ikke. Læg filen selv i data/.",
            )
            return None
        if not default.is_file():
            problems.add(default, None, "Rettelserne skal være en YAML-fil, ikke en mappe.")
            return None
        return default

    def _resolve(self, named: Filsti | None, problems: Problems) -> Path | None:
        if named is None:
            return None
        path = self._project.root / named.text
        if not lies_inside(path, self._project.root):
            problems.add(
                named.path,
                named.line,
                f"Datafilen '{named.text}' ligger uden for projektmappen. Læg den i data/.",
            )
            return None
        if not path.is_file():
            problems.add(
                named.path,
                named.line,
                f"Datafilen '{named.text}' findes ikke. Ret stien (den regnes fra projektmappen).",
            )
            return None
        return path.resolve()


def _digest(path: Path | None) -> str | None:
    """Return a hash of a file's bytes (None for no file, or one that cannot be read)."""
    if path is None:
        return None
    try:
        return sha256_file(path)
    except OSError:
        return None  # the loader itself says what is wrong with the file
