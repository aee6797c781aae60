"""`reportgen init`: a new content repository, holding only what is the department's own.

It writes `content/` (a short example note with a snippet), `data/` (small example exports),
a `.gitignore`, the CI workflows for GitHub Actions and GitLab CI, and a README for the
caseworkers. The house style is not copied: it ships with reportgen. `Start.EKSEMPEL`
copies reportgen's full example notes and data instead; `Start.TOM` an empty note and
header-only exports. Nothing is ever overwritten: if any file is already there, nothing is
written at all.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from .errors import WouldOverwrite
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
    if (folder / "content").exists():
        raise WouldOverwrite(
            f"{folder} har allerede en mappe 'content' og er vist allerede et "
            "indholdsrepositorium; intet er skrevet. Vælg en anden mappe, eller byg det, der "
            "er, med 'reportgen build'."
        )
    if folder.exists() and not folder.is_dir():
        raise WouldOverwrite(f"{folder} er en fil, ikke en mappe; intet er skrevet.")
    taken = [name for name in files if (folder / name).exists()]
    if taken:
        raise WouldOverwrite(
            f"{folder} har allerede {_listed(taken)}; intet er skrevet, for reportgen init "
            "overskriver ingenting. Vælg en tom mappe, eller flyt filerne væk først."
        )
    written = []
    for name, source in files.items():
        target = folder / name
        write_atomically(target, source.read_bytes())
        written.append(target)
    (folder / "content" / "snippets").mkdir(exist_ok=True)  # where snippets go, even if none
    return written


def _listed(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    more = len(names) - limit
    return shown + (f" og {more} filer mere" if more > 0 else "")
