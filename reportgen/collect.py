"""`reportgen samle`: gather the build folders of a CI matrix's runners into one build/.

Each runner of a matrix builds its share of the notes (`reportgen build --shard K/N`) into its
own build/ and uploads it. The final job downloads them all and gathers them here: every
built note's folder — `<note>/`, a `for_hver` value's `<note>/<slug>/` or a corrected
version's `<note>/ny-version-<dato>/`, each known by its manifest.json — is copied with its
manifest, the PDFs the manifest records and its figurer/. Afterwards the target holds what
one full build would have made, and `index.write_index` lists it.

Everything is checked before anything is written: each folder must be a build folder, each
manifest readable, each recorded PDF present with the sha256 the manifest says, and a note
found in two folders must have the same manifest in both (else the sharding or the artifacts
are wrong). The files are then copied into a hidden folder inside the target and only
renamed into place at the end, so a failed copy (a full disk) changes nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import formatting, manifest
from .errors import GatherError, os_reason
from .output import FIGURES_DIR, MANIFEST_FILE

STAGE_PREFIX = ".samle-"  # the hidden folder in the target where the copies wait
MOST_PROBLEMS_SHOWN = 20  # a wrong artifact can break hundreds of notes; the first ones tell


@dataclass(frozen=True)
class BuiltFolder:
    """One built note's folder in a build folder: the note, a for_hver value or a new version."""

    build_dir: Path  # the build folder it lies in
    relative: PurePosixPath  # e.g. `<note>`, `<note>/<slug>` or `<note>/ny-version-<dato>`
    manifest: dict[str, Any]

    @property
    def folder(self) -> Path:
        """Return the folder itself."""
        return self.build_dir / self.relative

    def pdf_names(self) -> list[str]:
        """Return the file names of the PDFs the manifest records, in its order."""
        return [_pdf_name(d["pdf"]) for d in self.manifest.get("dokumenter", {}).values()]


def built_folders(build_dir: Path) -> list[BuiltFolder]:
    """Return every built note's folder under `build_dir`, by its path there.

    Hidden folders (the chart cache, build/.cache/) and figurer/ hold no notes. A manifest
    that cannot be read is returned as an empty one; `check_folder` says so.
    """
    found = []
    for top, subfolders, files in os.walk(build_dir):  # links to folders are not followed
        subfolders[:] = sorted(s for s in subfolders if not s.startswith(".") and s != FIGURES_DIR)
        folder = Path(top)
        if MANIFEST_FILE in files and folder != build_dir:
            relative = PurePosixPath(folder.relative_to(build_dir).as_posix())
            read = manifest.read(folder / MANIFEST_FILE)
            found.append(BuiltFolder(build_dir, relative, read if read is not None else {}))
    return found


def check_folder(built: BuiltFolder) -> list[str]:
    """Return what is wrong with a built note's folder: its manifest, its PDFs."""
    shown = _shown(built.build_dir, built.relative / MANIFEST_FILE)
    if not built.manifest or (built.folder / MANIFEST_FILE).is_symlink():
        return [f"{shown} kan ikke læses som et manifest fra reportgen build."]
    problems = []
    for document in built.manifest.get("dokumenter", {}).values():
        name = _pdf_name(document["pdf"])
        pdf = built.folder / name
        where = _shown(built.build_dir, built.relative / name)
        if not name.endswith(".pdf") or pdf.is_symlink() or not pdf.is_file():
            problems.append(f"{where} mangler, men {shown} siger, at den blev bygget.")
        elif manifest.sha256_file(pdf) != document.get("sha256"):
            problems.append(
                f"{where} er ikke den PDF, {shown} beskriver (dens sha256 er en anden): den er "
                "ændret eller kun delvist hentet."
            )
    return problems


@dataclass(frozen=True)
class Gathered:
    """What `gather` did: the folders it gathered from and each note's folder it copied."""

    target: Path
    sources: list[Path]
    notes: list[PurePosixPath]  # each built note's folder, relative to the target


def gather(sources: Sequence[Path], target: Path) -> Gathered:
    """Gather the build folders `sources` into `target`; check all before writing anything.

    A note's folder in the target is replaced by the one gathered (its files and figurer/;
    folders inside it, such as a new version, stay unless gathered too). Notes in the
    target that no source holds are left as they are.
    """
    chosen = _checked(sources, target)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for killed in target.glob(f"{STAGE_PREFIX}*"):  # left by a gathering that was killed
            shutil.rmtree(killed, ignore_errors=True)
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=target))
    except OSError as error:
        raise GatherError(
            f"{target} kan ikke bruges til den samlede build ({os_reason(error)}); intet er samlet."
        ) from None
    try:
        new, old = stage / "nye", stage / "gamle"
        for built in chosen:
            _copy_note(built, new / built.relative)
        for built in chosen:  # only renames from here on: the slow, failing part is done
            _replace(target / built.relative, new / built.relative, old / built.relative)
    except OSError as error:
        raise GatherError(
            f"Den samlede build i {target} kunne ikke skrives ({os_reason(error)}). Ret fejlen "
            "(fx plads på disken) og kør 'reportgen samle' igen."
        ) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return Gathered(target, list(sources), [b.relative for b in chosen])


def _checked(sources: Sequence[Path], target: Path) -> list[BuiltFolder]:
    """Return the note folders to gather, one per note; raise GatherError on any problem."""
    problems: list[str] = []
    chosen: dict[PurePosixPath, BuiltFolder] = {}
    for source in sources:
        found = _source_folders(source, target, problems)
        for built in found:
            problems += check_folder(built)
            first = chosen.setdefault(built.relative, built)
            if first is not built and first.manifest != built.manifest:
                problems.append(
                    f"Notatet i '{built.relative}' findes både i {first.build_dir} og i "
                    f"{source} med forskellige manifester: det er bygget to gange. Hver "
                    "runner skal bygge sin egen andel (--shard K/N med samme N) ind i en tom "
                    "eller sin egen build/; hent artefakterne fra samme kørsel."
                )
    if problems:
        more = len(problems) - MOST_PROBLEMS_SHOWN
        lines = problems[:MOST_PROBLEMS_SHOWN] + (
            [f"… og {formatting.antal(more, 'problem', 'problemer')} mere."] if more > 0 else []
        )
        raise GatherError("\n".join([*lines, f"Intet er samlet i {target}."]))
    return sorted(chosen.values(), key=lambda b: b.relative)


def _source_folders(source: Path, target: Path, problems: list[str]) -> list[BuiltFolder]:
    """Return the note folders of one source folder; record why it is not a build folder."""
    if not source.is_dir():
        problems.append(f"{source} findes ikke eller er ikke en mappe.")
        return []
    inside, around = source.resolve(), target.resolve()
    if inside.is_relative_to(around) or around.is_relative_to(inside):
        what = "selve den mappe" if inside == around else "i eller omkring den mappe"
        problems.append(
            f"{source} er {what}, der samles i ({target}). Hent runnernes build-mapper til "
            "en mappe for sig, fx runnere/, og nævn dem."
        )
        return []
    found = built_folders(source)
    if not found and (source / MANIFEST_FILE).is_file():
        problems.append(
            f"{source} er ét notats mappe, ikke en build-mappe. Nævn mappen over den (den, "
            "som runneren byggede i)."
        )
    elif not found:
        problems.append(
            f"{source} er ikke en build-mappe fra reportgen build: der er ingen "
            f"{MANIFEST_FILE} i den. Nævn de mapper, artefakterne fra CI er hentet til."
        )
    return found


def _copy_note(built: BuiltFolder, destination: Path) -> None:
    """Copy a note's manifest, recorded PDFs and figurer/ into `destination`."""
    destination.mkdir(parents=True, exist_ok=True)  # a new version's note came first
    for name in [MANIFEST_FILE, *built.pdf_names()]:
        shutil.copy2(built.folder / name, destination / name)
    figures = built.folder / FIGURES_DIR
    if figures.is_dir() and not figures.is_symlink():
        (destination / FIGURES_DIR).mkdir()
        for chart in sorted(figures.iterdir()):
            # Only the charts themselves: not links, nor a killed write's hidden leftovers.
            if chart.is_file() and not chart.is_symlink() and not chart.name.startswith("."):
                shutil.copy2(chart, destination / FIGURES_DIR / chart.name)


def _replace(folder: Path, new: Path, old: Path) -> None:
    """Put the note files in `new` into `folder`, moving the note files there to `old`.

    A note's files are the files directly in its folder and its figurer/; other folders in
    it (a for_hver value, a new version) are notes of their own and stay.
    """
    folder.mkdir(parents=True, exist_ok=True)
    old.mkdir(parents=True, exist_ok=True)
    for entry in list(folder.iterdir()):
        if entry.is_file() or entry.is_symlink() or entry.name == FIGURES_DIR:
            entry.rename(old / entry.name)
    for entry in list(new.iterdir()):
        if entry.is_file() or entry.name == FIGURES_DIR:
            entry.rename(folder / entry.name)


def _pdf_name(recorded: str) -> str:
    """Return the file name of a PDF the manifest records (as `build/<note>/<name>.pdf`).

    Only the name is used, inside the note's own folder: the recorded path is relative to
    the project the runner built in, and a manifest must not send a copy anywhere else.
    """
    return PurePosixPath(recorded.replace("\\", "/")).name


def _shown(build_dir: Path, relative: PurePosixPath) -> str:
    return str(build_dir / relative)
