"""The house style: templates, CSS, watermark and fonts — shipped, and overridable file by file.

reportgen ships the City of Copenhagen's house style in the package. A content repository
may put a file of the same name in its own `templates/` (e.g. `templates/style.css`, or
`templates/egen.css` for a few rules on top of the shipped CSS); that file is used instead,
and every other file still comes from reportgen — project first, package second, as
Pelican's themes and mkdocs' `custom_dir` do. An override builds on the file it replaces by
naming it `reportgen/<name>`. Every lookup resolves symlinks, and a project
file that leads outside the project is refused, so the renderer reads only the project's own
files and the shipped house style.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import HouseStyleError
from .manifest import sha256_file
from .resources import shipped

FONTS = "fonts"
# A project's file may build on reportgen's own of the same name by naming it so:
# {% extends "reportgen/note.html" %}, @import "reportgen/style.css";
SHIPPED_PREFIX = "reportgen/"
_IGNORED = {"__pycache__", ".DS_Store", "Thumbs.db"}


@dataclass(frozen=True)
class Override:
    """A file in the project's templates/ that replaces (or adds to) the shipped house style."""

    name: str  # relative to templates/, e.g. "style.css"
    replaces: bool  # False: the project adds a file reportgen does not ship
    identical: bool  # the same bytes as the shipped file: it can be deleted


@dataclass(frozen=True)
class HouseStyle:
    """Where each file of the house style is read from for one project."""

    project_dir: Path  # <project>/templates: the overrides (may not exist)
    shipped_dir: Path  # the package's own house style
    project_root: Path  # what a project file may resolve to

    @classmethod
    def for_project(cls, project_root: Path) -> HouseStyle:
        """Return the house style of the project in `project_root`."""
        root = project_root.resolve()
        return cls(root / "templates", shipped("templates").resolve(), root)

    @property
    def base_url(self) -> str:
        """Return the URL relative links in the HTML and CSS start from: the project's templates.

        A file the project does not have there is served from the shipped house style (see
        `locate`), so the shipped CSS finds a font the project overrides, and vice versa.
        """
        return self.project_dir.as_uri() + "/"

    @property
    def readable_roots(self) -> list[Path]:
        """Return the folders the renderer may read: the project and the shipped house style."""
        return [self.project_root, self.shipped_dir]

    def path(self, name: str) -> Path | None:
        """Return the file used for `name` (project first, then shipped), or None."""
        if name.startswith(SHIPPED_PREFIX):
            shipped_file = (self.shipped_dir / name.removeprefix(SHIPPED_PREFIX)).resolve()
            inside = shipped_file.is_relative_to(self.shipped_dir)
            return shipped_file if inside and shipped_file.is_file() else None
        for folder in self._folders():
            candidate = folder / name
            if candidate.is_file():
                return self._checked(candidate, folder)
        return None

    def locate(self, path: Path) -> Path:
        """Return the file to read for `path`: a missing project template is the shipped one."""
        path = Path(os.path.normpath(path))
        # Not a regular file (missing, a folder, a pipe that would block the renderer): the
        # project has no such file of its own.
        if path.is_relative_to(self.project_dir) and not path.is_file():
            name = path.relative_to(self.project_dir).as_posix()
            return self.path(name) or path
        return path

    def files(self) -> dict[str, Path]:
        """Return every file of the house style by name, as this project uses it."""
        used: dict[str, Path] = {}
        for folder in reversed(self._folders()):  # the project's files win
            for name in self._names(folder):
                used[name] = self._checked(folder / name, folder)
        return dict(sorted(used.items()))

    def overrides(self) -> list[Override]:
        """Return the project's own files in templates/, and whether they replace shipped ones."""
        if self._same_folder():
            return []  # reportgen's own repository: its templates/ is the shipped house style
        found = []
        for name in self._names(self.project_dir):
            own = self._checked(self.project_dir / name, self.project_dir)
            shipped_file = self.shipped_dir / name
            replaces = shipped_file.is_file()
            identical = replaces and sha256_file(own) == sha256_file(shipped_file)
            found.append(Override(name, replaces, identical))
        return found

    def digest(self) -> str:
        """Return a hash of the names and bytes of every file the house style is made of."""
        digest = hashlib.sha256()
        for name, path in self.files().items():
            # A file name that is not valid UTF-8 is still a name: hash its bytes.
            digest.update(f"{name}\0{sha256_file(path)}\0".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def font_dirs(self) -> list[Path]:
        """Return the folders of fonts the charts may use: shipped, then the project's own."""
        dirs = [self.shipped_dir / FONTS]
        own = self.project_dir / FONTS
        if own.is_dir() and not self._same_folder():
            dirs.append(self._checked(own, self.project_dir))
        return dirs

    def template(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        """Return a template's source, file and up-to-date check, as Jinja's loaders want it."""
        parts = [part for part in name.split("/") if part not in ("", ".")]
        if ".." in parts:
            return None  # a template name never leaves the house style
        path = self.path("/".join(parts))
        if path is None:
            return None
        mtime = path.stat().st_mtime_ns
        try:
            source = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise HouseStyleError(
                f"{self._shown(path)} er ikke en tekstfil i UTF-8, så den kan ikke bruges som "
                "skabelon. Gem den som UTF-8, eller slet den, så bruges reportgens egen."
            ) from None
        return source, str(path), lambda: _unchanged(path, mtime)

    def _folders(self) -> list[Path]:
        return [self.project_dir, self.shipped_dir]

    def _same_folder(self) -> bool:
        return self.project_dir.is_dir() and self.project_dir.resolve() == self.shipped_dir

    def _names(self, folder: Path) -> list[str]:
        """Return the files under `folder` by their names relative to it, sorted.

        A link (to a file or a folder) is checked on the way, so a linked folder that leads
        out of the project is refused even though its files are not listed.
        """
        if not folder.is_dir():
            return []
        names = []
        for path in folder.rglob("*"):
            if _IGNORED.intersection(path.relative_to(folder).parts):
                continue
            if path.is_symlink():
                self._checked(path, folder)
            if path.is_file():
                names.append(path.relative_to(folder).as_posix())
        return sorted(names)

    def _checked(self, path: Path, folder: Path) -> Path:
        """Return `path` with links resolved; refuse a project file that leads outside it."""
        real = path.resolve()
        if folder == self.shipped_dir or real.is_relative_to(self.project_root):
            return real
        raise HouseStyleError(
            f"{self._shown(path)} peger på {real}, der ligger uden for projektet. Husstilen må "
            "kun bruge projektets egne filer: læg en kopi af filen i templates/ i stedet for et "
            "link."
        )

    def _shown(self, path: Path) -> str:
        """Return `path` as a caseworker knows it: relative to the project, where it is in it."""
        if path.is_relative_to(self.project_root):
            return path.relative_to(self.project_root).as_posix()
        return str(path)


def _unchanged(path: Path, mtime: int) -> bool:
    return path.is_file() and path.stat().st_mtime_ns == mtime
