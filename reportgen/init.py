"""`reportgen init`: a new content repository, holding only what is the department's own.

It writes `content/` (a short example note with a snippet), `data/` (small example exports),
a `.gitignore`, the CI workflows for GitHub Actions and GitLab CI, and a README for the
caseworkers. The house style is not copied: it ships with reportgen. `Start.EKSEMPEL`
copies reportgen's full example notes and data instead; `Start.TOM` an empty note and
header-only exports. Nothing is ever overwritten: if any file is already there, nothing is
written at all.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

from . import formatting
from .errors import OutputError, WouldOverwrite, os_reason
from .output import write_atomically
from .resources import shipped


class Start(Enum):
    """What a new content repository starts with."""

    KORT = "kort"  # one short example note on small exports
    EKSEMPEL = "eksempel"  # reportgen's own example notes and data
    TOM = "tom"  # an empty note and header-only exports


def plan(start: Start) -> dict[str, Path]:
    """Return each file a new content repository gets (by its path there) and its source."""
    startmappe = shipped("startmappe")
    ci = shipped("ci")
    files = {
        "README.md": startmappe / "README.md",
        ".gitignore": startmappe / "gitignore",
        ".github/workflows/reportgen.yml": ci / "github-actions.yml",
        ".gitlab-ci.yml": ci / "gitlab-ci.yml",
    }
    if start is Start.EKSEMPEL:
        folders = {"content": shipped("eksempel/content"), "data": shipped("eksempel/data")}
    else:
        own = startmappe / ("tom" if start is Start.TOM else "eksempel")
        folders = {"content": own / "content", "data": own / "data"}
    for name, folder in folders.items():
        for source in sorted(folder.rglob("*")):
            if source.is_file() and "__pycache__" not in source.parts:
                files[f"{name}/{source.relative_to(folder).as_posix()}"] = source
    return files


def init(folder: Path, start: Start = Start.KORT) -> list[Path]:
    """Make a new content repository in `folder`; return the files written."""
    files = plan(start)
    try:
        if (folder / "content").is_dir():
            raise WouldOverwrite(
                f"{folder} har allerede en mappe 'content' og er vist allerede et "
                "indholdsrepositorium; intet er skrevet. Vælg en anden mappe, eller byg det, "
                "der er, med 'reportgen build'."
            )
        if os.path.lexists(folder) and not folder.is_dir():
            what = "et link, der ikke fører til en mappe" if folder.is_symlink() else "en fil"
            raise WouldOverwrite(f"{folder} er {what}; intet er skrevet.")
        taken = sorted({way for way in (_in_the_way(folder, name) for name in files) if way})
        targets = [folder / name for name in files]
        new_folders = {p for t in targets for p in (t.parent, *t.parent.parents) if not p.exists()}
    except OSError as error:
        raise OutputError(
            f"{folder} kan ikke bruges ({os_reason(error)}); intet er skrevet."
        ) from None
    if taken:
        raise WouldOverwrite(
            f"{folder} har allerede {_listed(taken)}; intet er skrevet, for reportgen init "
            "overskriver ingenting. Vælg en tom mappe, eller flyt det væk først."
        )
    written: list[Path] = []
    try:
        for target, source in zip(targets, files.values(), strict=True):
            write_atomically(target, source.read_bytes())
            written.append(target)
        (folder / "content" / "snippets").mkdir(exist_ok=True)  # where snippets go, even if none
    except (OSError, OutputError) as error:
        # Nothing written was there before: take it all away again, as if init never ran.
        for path in written:
            path.unlink(missing_ok=True)
        for made in sorted(new_folders, key=lambda p: len(p.parts), reverse=True):
            try:
                made.rmdir()
            except OSError:
                pass  # not empty after all (or never made): leave it
        cause = error if isinstance(error, OSError) else error.__cause__
        reason = os_reason(cause) if isinstance(cause, OSError) else str(error)
        raise OutputError(
            f"reportgen init kunne ikke skrive i {folder} ({reason}); intet er skrevet."
        ) from None
    return written


def _in_the_way(folder: Path, name: str) -> str | None:
    """Return what in `folder` stops `name` from being written as a new file, if anything.

    A file, a link (even one that leads nowhere) or a file where a folder must be.
    """
    path = folder
    parts = name.split("/")
    for depth, part in enumerate(parts, start=1):
        path = path / part
        last = depth == len(parts)
        if os.path.lexists(path) and (last or path.is_symlink() or not path.is_dir()):
            return "/".join(parts[:depth])
    return None


def _listed(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    more = len(names) - limit
    return shown + (f" og {formatting.antal(more, 'fil', 'filer')} mere" if more > 0 else "")
