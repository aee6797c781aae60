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

from . import hyphenation
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
    merged: bool = False  # read together with the shipped file, not instead of it


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
            merged = name == hyphenation.FILENAME  # the project's words come on top
            found.append(Override(name, replaces and not merged, identical, merged))
        return found

    def validate(self) -> None:
        """Refuse a file of the project's templates/ that cannot be used as what it claims.

        A CSS, HTML or SVG file that is not UTF-8 text, an SVG that is not XML, a font that
        cannot be read: WeasyPrint would leave it out of the PDF without a word.
        """
        self._names(self.project_dir)

    def digest(self) -> str:
        """Return a hash of the names and bytes of every file the house style is made of."""
        digest = hashlib.sha256()
        for name, path in self.files().items():
            digest.update(f"{name}\0{sha256_file(path)}\0".encode())
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
                f"'{name}' er ikke en tekstfil i UTF-8, så den kan ikke bruges som skabelon "
                "(hverken med extends, include eller import)."
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
                name = path.relative_to(folder).as_posix()
                if folder != self.shipped_dir:
                    _check_own_file(path, self._shown(path))
                names.append(name)
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


# A project's own file of these kinds is read as it is written, before anything is built:
# a broken one would otherwise be left out of the PDF without a word.
_TEXT_SUFFIXES = {".html", ".css", ".svg"}
_FONT_SUFFIXES = {".ttf", ".otf", ".woff", ".woff2"}


def _check_own_file(path: Path, shown: str) -> None:
    """Refuse a project file of the house style that could not be used as what it claims."""
    fix = "Ret den, eller slet den, så bruges reportgens egen."
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:
        raise HouseStyleError(
            f"{shown.encode('utf-8', 'replace').decode()}: filnavnet er ikke gyldig tekst "
            "(UTF-8). Giv filen et navn med almindelige bogstaver."
        ) from None
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise HouseStyleError(
                f"{shown} er ikke en tekstfil i UTF-8. Gem den som UTF-8. {fix}"
            ) from None
        if suffix == ".svg":
            from xml.etree import ElementTree

            try:
                ElementTree.fromstring(text)  # expat refuses entity bombs as well
            except ElementTree.ParseError as error:
                raise HouseStyleError(f"{shown} er ikke gyldig SVG ({error}). {fix}") from None
    elif path.name == hyphenation.FILENAME:
        hyphenation.read_exceptions([path], lambda _: shown)  # told before anything is built
    elif suffix in _FONT_SUFFIXES:
        from fontTools.ttLib import TTFont, TTLibError  # WeasyPrint's own font library

        try:
            TTFont(path)["cmap"]
        except (TTLibError, OSError, ValueError, KeyError, AssertionError) as error:
            raise HouseStyleError(
                f"{shown} er ikke en skrifttype, der kan læses ({type(error).__name__}). {fix}"
            ) from None


def _unchanged(path: Path, mtime: int) -> bool:
    return path.is_file() and path.stat().st_mtime_ns == mtime
