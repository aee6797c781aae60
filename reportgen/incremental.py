"""Incremental builds: content hashes decide what must be converted and rendered again.

A chart is converted again only when its spec (or the converter, or the fonts) changed: SVGs
are kept in build/.cache/figurer/ by the hash of all three. A document is rendered again only
when its render key changed: the hash of its final HTML (which holds every word and number
it shows), the digests of its charts, the house style (templates, fonts, CSS) and the tool
versions. The keys of the last build are in each note's manifest, next to the sha256 of each
PDF, so a PDF that was deleted or changed by hand is rendered again too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .manifest import read as read_manifest
from .manifest import sha256_file, value_folders
from .markup import uden_typografi
from .output import FIGURES_DIR, MANIFEST_FILE, write_atomically
from .project import default_corrections, lies_inside

if TYPE_CHECKING:
    from .charts import Chart
    from .html import Document
    from .project import Project

CACHE_DIR = ".cache"  # under build/


@cache
def tool_versions() -> str:
    """Return the versions of everything that shapes the output."""
    parts = [f"reportgen {__version__}"]
    # pikepdf (qpdf) writes the combined PDF's bytes.
    for package in ("weasyprint", "vl-convert-python", "altair", "pydyf", "pikepdf"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} ?")
    return ", ".join(parts)


def render_key(document: Document, house_style: str) -> str:
    """Return the hash of everything the PDF of `document` is made from."""
    digest = hashlib.sha256()
    parts = (
        tool_versions(),
        house_style,
        _keyed(document.html),
        *(c.digest for c in document.charts),
    )
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def content_key(document: Document) -> str:
    """Return the hash of what a reader of `document` sees: its words, numbers and charts.

    Unlike the render key it leaves out the tool versions and the house style, so
    `reportgen diff` can tell a page whose text changed from one that is merely laid out
    again.
    """
    # Typography is not content: a sent note whose only change is a non-breaking space or a
    # Danish quotation mark reads the same, so its key does too.
    digest = hashlib.sha256(uden_typografi(_keyed(document.html)).encode("utf-8"))
    for chart in document.charts:
        digest.update(b"\0" + chart.digest.encode("utf-8"))
    return CONTENT_KEY_PREFIX + digest.hexdigest()


# Content keys recorded before typography was left out of them have no prefix; a page's key
# then cannot tell a changed word from a changed quotation mark (see `diff`).
CONTENT_KEY_PREFIX = "tekst:"


# A chart's folder where a page names it: in an attribute, in either quotes, or in url(…).
_CHART_REFERENCE = re.compile(rf"""(?<=["'(]){FIGURES_DIR}/""")


def _keyed(html: str) -> str:
    """Return a page's HTML as its keys hash it.

    Pages name their charts "figurer/<key>.svg". Earlier builds named them by an absolute
    URL, cut out before hashing, which left "/<key>.svg": hashing the same text keeps the
    keys of notes built (and sent) then comparable with those of today.
    """
    return _CHART_REFERENCE.sub("/", html)


def combined_key(keys: list[str]) -> str:
    """Return the render key of a PDF made of several documents."""
    return hashlib.sha256("\0".join(keys).encode()).hexdigest()


def up_to_date(previous: dict[str, Any] | None, name: str, key: str, pdf: Path) -> bool:
    """Tell whether `pdf` was rendered from `key` and is still the file that was written."""
    if previous is None or not pdf.is_file():
        return False
    entry = previous.get("dokumenter", {}).get(name)
    return bool(entry) and entry.get("nøgle") == key and entry.get("sha256") == sha256_file(pdf)


def unchanged_since_last_build(project: Project, note: Path, house_style: str) -> bool:
    """Tell whether a note's last (final) build still stands: same tool, inputs and outputs.

    Read from the manifest alone (and `house_style`, the digest of the house style as the
    project uses it), so a rebuild with nothing changed loads no data library, no template
    engine and no renderer. A for_hver note stands if every one of its values does: the
    values are made from the note and the data, which each value's manifest records.
    """
    outputs = project.outputs(note.stem)
    previous = read_manifest(outputs.manifest)
    if previous is None and not outputs.manifest.exists():
        return _values_stand(project, note, house_style)
    return previous is not None and _stands(project, note, previous, house_style)


def _values_stand(project: Project, note: Path, house_style: str) -> bool:
    """Tell whether every value of a for_hver note was built and still stands."""
    folder = project.outputs(note.stem).folder
    values = value_folders(folder)
    if values is None:
        return False
    for value in values:
        previous = read_manifest(folder / value / MANIFEST_FILE)
        if previous is None or previous.get("for_hver", {}).get("mapper") != values:
            return False  # a value not built (a share of the values, say), or another list
        if not _stands(project, note, previous, house_style):
            return False
    return True


def _stands(project: Project, note: Path, previous: dict[str, Any], house_style: str) -> bool:
    """Tell whether the build a manifest records still stands for `note`."""
    if previous.get("udkast") or previous.get("værktøjer") != tool_versions():
        return False
    if previous.get("delvis"):  # `reportgen bilag` left the note's own PDF as it was
        return False
    if previous.get("husstil") != house_style:
        return False
    recorded: dict[str, str] = previous.get("input", {})
    settings = project.settings_file
    shared = [p for p in project.snippets_dir.rglob("*") if p.is_file()]
    shared += [settings] if settings.is_file() else []
    # A new snippet, or corrections new beside an export, are inputs the last build did not see.
    shared += [
        corrections
        for name in recorded
        if (corrections := default_corrections(project.root / name)).exists()
    ]
    if any(p.relative_to(project.root).as_posix() not in recorded for p in [note, *shared]):
        return False
    for name, digest in recorded.items():
        if not lies_inside(project.root / name, project.root):
            return False  # now a link out of the project: the full check will say so
        if _changed(project, name, digest):
            return False
    for output in previous.get("dokumenter", {}).values():
        pdf = project.root / output["pdf"]
        if not pdf.is_file() or sha256_file(pdf) != output["sha256"]:
            return False
    return True


def charts_expected(project: Project, notes: list[Path]) -> bool:
    """Tell whether building `notes` will likely convert charts, read from the manifests.

    A first build will, and so will one after a data file, a correction or a snippet changed;
    an edit of a note's own file alone usually changes its text and not its charts. A wrong
    guess costs only time: the chart engine then starts when the first chart is asked for.
    """
    if ChartCache.empty(project.build_dir):
        return True
    for note in notes:
        previous = read_manifest(project.outputs(note.stem).manifest)
        if previous is None or previous.get("værktøjer") != tool_versions():
            return True
        own = note.relative_to(project.root).as_posix()
        recorded: dict[str, str] = previous.get("input", {})
        if any(_changed(project, name, digest) for name, digest in recorded.items() if name != own):
            return True
    return False


def _changed(project: Project, name: str, digest: str) -> bool:
    """Tell whether an input the manifest records (by its shown path) is gone or changed."""
    path = project.root / name
    return not path.is_file() or sha256_file(path) != digest


class ChartCache:
    """Convert charts to SVG once per spec, and write each chart's file only when it changed."""

    def __init__(self, build_dir: Path, house_style: str, convert: Callable[[dict], str]) -> None:
        self._dir = build_dir / CACHE_DIR / "figurer"
        self._convert = convert  # spec -> SVG, by vl-convert
        self._salt = f"{tool_versions()}\0{house_style}"  # the fonts shape the SVG
        self.damaged = 0  # entries that failed their check and were made again

    @staticmethod
    def empty(build_dir: Path) -> bool:
        """Tell whether the cache holds no chart at all (a first build, or build/ removed)."""
        folder = build_dir / CACHE_DIR / "figurer"
        return not folder.is_dir() or next(folder.glob("*.svg"), None) is None

    def write(self, chart: Chart, target: Path) -> bool:
        """Put the SVG of `chart` in `target`; return whether the file was written."""
        svg = self._svg(chart)
        if target.is_file() and target.read_bytes() == svg:
            return False
        write_atomically(target, svg)
        return True

    def _svg(self, chart: Chart) -> bytes:
        key = hashlib.sha256(f"{self._salt}\0{chart.digest}".encode()).hexdigest()
        cached = self._dir / f"{key}.svg"
        if cached.is_file():
            svg = _unsealed(cached.read_bytes())
            if svg is not None:
                return svg
            self.damaged += 1  # cut short by a full disk, or changed by hand: made again
        svg = self._convert(chart.spec).encode("utf-8")
        write_atomically(cached, svg + _seal(svg))
        return svg


# A cache entry ends with the sha256 of the SVG before it, so a damaged entry is never used.
_SEAL = b"\n<!-- reportgen sha256 "


def _seal(svg: bytes) -> bytes:
    return _SEAL + hashlib.sha256(svg).hexdigest().encode() + b" -->\n"


def _unsealed(entry: bytes) -> bytes | None:
    """Return the SVG of a cache entry if its seal matches it, else None."""
    svg, found, seal = entry.rpartition(_SEAL)
    if not found or seal != _seal(svg).removeprefix(_SEAL):
        return None
    return svg
