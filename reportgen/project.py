"""Where a project keeps its content, data, templates and build output, and which notes it has."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import NoteNotFound, OutputError, ProjectNotFound, os_reason
from .house_style import HouseStyle
from .output import NoteOutputs

NOTE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Project:
    """A content repository: content/, data/, build/ and, optionally, templates/."""

    root: Path

    @classmethod
    def at(cls, root: Path) -> Project:
        """Open the project in `root`, which must have a content/ folder."""
        try:
            root = root.resolve()
            found = (root / "content").is_dir()
        except FileNotFoundError:  # the folder one stands in was deleted
            raise ProjectNotFound(
                "Den mappe, du står i, findes ikke længere. Gå til projektets mappe, eller angiv "
                "den med --projekt MAPPE."
            ) from None
        except (OSError, RuntimeError) as error:  # e.g. links that point at each other
            reason = os_reason(error) if isinstance(error, OSError) else "links peger i ring"
            raise ProjectNotFound(
                f"Projektmappen {root} kan ikke åbnes: {reason}. Angiv en anden med --projekt."
            ) from None
        if not found:
            raise ProjectNotFound(_not_a_project(root))
        return cls(root)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def snippets_dir(self) -> Path:
        return self.content_dir / "snippets"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        """Return templates/: the project's own files that override the shipped house style."""
        return self.root / "templates"

    @property
    def house_style(self) -> HouseStyle:
        """Return the house style as this project uses it: its templates/ over reportgen's."""
        return HouseStyle.for_project(self.root)

    @property
    def settings_file(self) -> Path:
        """Return reportgen.yaml: the project's own settings (e.g. committees it adds)."""
        return self.root / "reportgen.yaml"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def note_paths(self) -> list[Path]:
        """Return every note file in content/, sorted by name."""
        return sorted(
            p for p in self.content_dir.iterdir() if p.is_file() and p.suffix in NOTE_SUFFIXES
        )

    def find_notes(self, names: list[str]) -> list[Path]:
        """Resolve note names or paths given on the command line; all notes when none."""
        if not names:
            return self.note_paths()
        by_name = {p.stem: p for p in self.note_paths()}
        found: list[Path] = []
        for name in names:
            path = Path(name)
            if path.suffix in NOTE_SUFFIXES and path.is_file():
                found.append(path.resolve())
            elif name in by_name:
                found.append(by_name[name])
            else:
                known = ", ".join(by_name) or "(ingen)"
                raise NoteNotFound(
                    f"Notatet '{name}' findes ikke i {self.content_dir}. Notater: {known}."
                )
        return found

    def output_dir(self, note_name: str) -> Path:
        """Return build/<note>/, where everything built from one note goes."""
        return self.build_dir / note_name

    def outputs(self, note_name: str) -> NoteOutputs:
        """Return the outputs of one note, in build/<note>/."""
        return NoteOutputs(note_name, self.output_dir(note_name))

    def shown_path(self, path: Path | str) -> str:
        """Return `path` as messages show it: relative to the project, as caseworkers know it."""
        path = Path(path)
        try:
            # The folder is resolved, the file is not: a link is shown by its own name.
            real = path.parent.resolve() / path.name
            return real.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def check_output_inside(self) -> None:
        """Refuse to build if build/, or a folder in it, is a link that leads out of the project.

        reportgen writes and deletes only inside the project; a link named build/ (which git
        will commit, since .gitignore's /build/ names only folders) must not send it elsewhere.
        """
        links = [self.build_dir] if self.build_dir.is_symlink() else []
        if self.build_dir.is_dir() and not links:
            for folder, subfolders, _ in os.walk(self.build_dir):
                links += [Path(folder, s) for s in subfolders if Path(folder, s).is_symlink()]
        for link in links:
            real = link.resolve()
            if not real.is_relative_to(self.root):
                shown = link.relative_to(self.root).as_posix()
                raise OutputError(
                    f"{shown} er et link til {real}, uden for projektet, og reportgen skriver "
                    "kun i projektets egen build/. Slet linket; så laver reportgen mappen selv."
                )


def default_corrections(export: Path) -> Path:
    """Return where the corrections of `export` live: data/x.csv -> data/x.rettelser.yaml."""
    return export.with_name(f"{export.stem}.rettelser.yaml")


def lies_inside(path: Path, folder: Path) -> bool:
    """Tell whether `path` lies inside `folder` once every link in either is followed."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # links that point at each other lead nowhere
        return False


def _not_a_project(root: Path) -> str:
    """Explain, in one line, that `root` is no content repository and what to do instead."""
    above = next((p for p in root.parents if (p / "content").is_dir()), None)
    if above is not None:
        return (
            f"{root} er ikke et indholdsrepositorium (der er ingen mappe 'content'), men "
            f"{above} er: kør reportgen dér, eller angiv den med --projekt {above}."
        )
    return (
        f"{root} er ikke et indholdsrepositorium (der er ingen mappe 'content'). Kør "
        "reportgen i projektets mappe, angiv den med --projekt MAPPE, eller lav et nyt med "
        "'reportgen init'."
    )
