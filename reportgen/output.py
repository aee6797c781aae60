"""A note's outputs: where they go, what they are called, and writing them so nothing is lost.

A reader of an output sees the old file or the new, never half of one.
"""

from __future__ import annotations

import glob
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import OutputError, os_reason


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file in the same folder and a rename."""
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a PDF is meant to be shared
        os.replace(temporary, target)
    except BaseException as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(
                f"{target} kunne ikke skrives ({os_reason(error)}). Den sidste gode "
                "udgave af filen er urørt; ret fejlen (fx plads på disken) og byg igen."
            ) from error
        raise


def remove_leftovers(folder: Path) -> None:
    """Remove temporary files a write that was killed half-way left behind in `folder`."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        # write_atomically names them ".<target name>.<random>"; nothing else starts so.
        if path.is_file() and path.name.startswith(".") and path.name.count(".") >= 3:
            path.unlink(missing_ok=True)


FIGURES_DIR = "figurer"  # build/<note>/figurer/: the charts as SVG, named by their key
MANIFEST_FILE = "manifest.json"  # build/<note>/manifest.json: what went in and came out
NY_VERSION_PREFIX = "ny-version-"  # build/<note>/ny-version-<dato>/: a sent note corrected


def document_name(note: str, bilag: int | None = None) -> str:
    """Return a document's name (its PDF without .pdf): the note, or '<note>-bilag-N'."""
    return note if bilag is None else f"{note}-bilag-{bilag}"


def page_label(bilag: int | None = None) -> str:
    """Return what a viewer shows before a page's number in the combined PDF."""
    return "" if bilag is None else f"Bilag {bilag}, side "


def samlet_name(note: str) -> str:
    """Return the name of the PDF holding the note with all its bilag."""
    return f"{note}-samlet"


@dataclass(frozen=True)
class NoteOutputs:
    """The folder of one note's outputs and the name of every file in it."""

    name: str  # the note's name: its file name without .yaml
    folder: Path  # build/<note>/, or a corrected version's folder inside it

    @property
    def figures(self) -> Path:
        """Return the folder of the note's charts."""
        return self.folder / FIGURES_DIR

    @property
    def manifest(self) -> Path:
        """Return the note's manifest."""
        return self.folder / MANIFEST_FILE

    def pdf(self, document: str) -> Path:
        """Return the PDF of a document of the note, by its name."""
        return self.folder / f"{document}.pdf"

    def names(self, bilag: int) -> list[str]:
        """Return the documents of a note with `bilag` bilag: the note, each bilag, samlet."""
        numbered = [document_name(self.name, n) for n in range(1, bilag + 1)]
        return [self.name, *numbered, *([samlet_name(self.name)] if bilag else [])]

    def version(self, day: date) -> NoteOutputs:
        """Return the outputs of a corrected version of a sent note, made on `day`."""
        return NoteOutputs(self.name, self.folder / f"{NY_VERSION_PREFIX}{day.isoformat()}")

    def instance(self, slug: str) -> NoteOutputs:
        """Return the outputs of one value of a for_hver note: build/<note>/<slug>/.

        Its documents are named `<note>-<slug>`, `<note>-<slug>-bilag-1` … so a PDF tells
        which value it is about wherever it is saved.
        """
        return NoteOutputs(f"{self.name}-{slug}", self.folder / slug)

    def pdfs_present(self) -> bool:
        """Tell whether the folder holds a PDF of the note (a record, even without manifest)."""
        return any(self.folder.glob(f"{glob.escape(self.name)}*.pdf"))
