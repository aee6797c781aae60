"""The one exception hierarchy of reportgen, and the collector of user-facing problems.

Every message is Danish and tells the caseworker what to do next. The CLI prints them; the
library never does.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .build import BuiltNote


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located by file and line (or row)."""

    path: str
    line: int | None
    message: str

    def __post_init__(self) -> None:
        # A message quotes what the caseworker wrote; a 100 MB name is quoted by its start.
        object.__setattr__(self, "message", _shortened(self.message))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


MESSAGE_LIMIT = 1_500  # characters; the longest real message lists some dozen names


def _shortened(message: str) -> str:
    """Return a message cut in the middle if it is longer than any real one.

    A message may quote what the caseworker wrote; a name of 100 MB must not make a message
    of 100 MB. The start says what is wrong, the end what to do: both are kept.
    """
    if len(message) <= MESSAGE_LIMIT:
        return message
    return f"{message[: MESSAGE_LIMIT - 500]} […] {message[-400:]}"


class ReportgenError(Exception):
    """Base of every error the CLI turns into a message instead of a traceback."""


class ProblemsFound(ReportgenError):
    """Raised once, after validation, with every problem found in the inputs."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class NotesNotBuilt(ProblemsFound):
    """Raised after a build in which some notes had problems: the others were built."""

    def __init__(
        self, problems: Iterable[Problem], built: Sequence[BuiltNote], failed: int
    ) -> None:
        super().__init__(problems)
        self.built = list(built)  # what was built of the notes without problems
        self.failed = failed  # how many notes were not built


class NoteNotFound(ReportgenError):
    """A note named on the command line does not exist in content/."""


class NotSent(ReportgenError):
    """A command for sent notes was given one that is not, or the other way round."""


class NeedsFinalBuild(ReportgenError):
    """A command works on a note's final build, and its last build was a draft."""


class ManyValues(ReportgenError):
    """A command for one note was given a note built once per value of its for_hver."""


class ProjectNotFound(ReportgenError):
    """The directory given as project has no content/ folder."""


class HouseStyleError(ReportgenError):
    """A file in the project's templates/ cannot be used (e.g. it links out of the project)."""


class WorkLimitExceeded(ReportgenError):
    """A text or template asked for more work than any real note needs (see `sandbox`)."""


class IncompleteInstallation(ReportgenError):
    """A folder reportgen ships (the house style, the examples) is missing from the install."""


class WouldOverwrite(ReportgenError):
    """`init` or `ny` was asked to write where files already are; nothing was written."""


class BadNoteName(ReportgenError):
    """A name given for a new note cannot be a file name in content/."""


class FigureError(ReportgenError):
    """A figure asked for in a text cannot be given (unknown location, a 'fald' that rose …)."""

    felt: str | None = None  # the content field it arose from, where a bilag knows it


class OutputError(ReportgenError):
    """A file could not be written (disk full, no permission …); the last good one is kept."""


class GatherError(ReportgenError):
    """The build folders of CI runners cannot be gathered into one; nothing was gathered."""


class PortInUse(ReportgenError):
    """The port the preview was asked to listen on cannot be used."""


class RenderError(ReportgenError):
    """The PDF renderer failed or is missing something it needs from the system."""


class DocumentFailed(RenderError):
    """One note's PDF could not be made (the renderer failed on it); the others can be."""


# What the operating system's errors mean, in Danish (its own words are English).
_OS_REASONS = {
    errno.ENOENT: "den findes ikke",
    errno.EEXIST: "den findes allerede",
    errno.ENOTDIR: "en del af stien er en fil, ikke en mappe",
    errno.EISDIR: "det er en mappe",
    errno.EACCES: "du har ikke adgang til den",
    errno.EPERM: "det er ikke tilladt",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.ENOSPC: "der er ikke mere plads på disken",
    errno.EDQUOT: "kvoten på disken er brugt op",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ELOOP: "symbolske links peger i ring",
    errno.EIO: "disken kunne ikke læses eller skrives",
}


def os_reason(error: OSError) -> str:
    """Return why an operation on a file failed, in Danish where the reason is a known one."""
    return _OS_REASONS.get(error.errno or 0) or error.strerror or str(error)


def _problem_sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.message)


class Problems:
    """Collect problems from one validation pass so they can be reported together."""

    def __init__(self, shown: Callable[[Path | str], str] = str) -> None:
        self._shown = shown  # how a path is written in a message: `Project.shown_path`
        self._items: list[Problem] = []

    def add(self, path: Path | str, line: int | None, message: str) -> None:
        """Record a problem in `path` at `line` (1-based; None when the whole file is meant)."""
        self._items.append(Problem(self._shown(path), line, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record problems found by another collector."""
        self._items.extend(problems)

    def raise_if_any(self) -> None:
        """Stop here if anything was recorded."""
        if self._items:
            raise ProblemsFound(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
