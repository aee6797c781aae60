"""The manifest of a built note, build/<note>/manifest.json: what went in and what came out.

It records the tool's version, every input file with its sha256, the corrections applied and
why, every figure the note and its bilag state (with where and in what sentence), the charts
by the digest of their spec, and every output with its sha256 and the key it was rendered
from. `reportgen diff` compares against it; incremental builds use it to skip what has not
changed. It holds no clock time, so the same inputs give the same manifest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .output import MANIFEST_FILE, write_atomically

if TYPE_CHECKING:  # the manifest module is read before anything heavy is loaded
    from .data import Datasets
    from .html import Document

Shown = Callable[[Path], str]  # a path as the caseworker knows it: `Project.shown_path`


def sha256_file(path: Path) -> str:
    """Return the sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def read(path: Path) -> dict[str, Any] | None:
    """Return the manifest in `path`, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if _well_formed(data) else None


def _well_formed(data: object) -> bool:
    """Tell whether a manifest has the shape reportgen writes (a hand-edited one may not)."""

    def mapping_of(value: object, kind: type) -> bool:
        return isinstance(value, dict) and all(isinstance(v, kind) for v in value.values())

    if not isinstance(data, dict):
        return False
    documents = data.get("dokumenter", {})
    return (
        mapping_of(documents, dict)
        and all(isinstance(d.get("pdf"), str) for d in documents.values())
        and mapping_of(data.get("input", {}), str)
        and mapping_of(data.get("tal", {}), dict)
        and all("værdi" in entry for entry in data.get("tal", {}).values())
        and mapping_of(data.get("bilag", {}), dict)
        and isinstance(data.get("rettelser", []), list)
        and all(isinstance(c, dict) and "beskrivelse" in c for c in data.get("rettelser", []))
    )


def write(path: Path, manifest: dict[str, Any]) -> bool:
    """Write the manifest if it changed; return whether it was written."""
    data = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    if path.is_file() and path.read_bytes() == data:  # bytes: a damaged file may not be text
        return False
    write_atomically(path, data)
    return True


def damaged(path: Path) -> bool:
    """Tell whether there is a manifest in `path` that cannot be read (cut, binary, edited)."""
    return path.is_file() and read(path) is None


def figures(
    documents: list[Document],
    shown: Shown,
    previous: dict[str, Any] | None = None,
    kept: Sequence[str] = (),
) -> dict[str, Any]:
    """Return every figure the documents state: the text's expressions and the tables' cells.

    The documents named in `kept` were not rendered again (`reportgen bilag` leaves the
    note as it was): their figures are taken from the `previous` manifest instead.
    """
    tal: dict[str, dict[str, Any]] = {}

    def state(expression: str, value: Any, place: dict[str, Any]) -> None:
        entry = tal.setdefault(expression, {"værdi": value, "steder": []})
        if place not in entry["steder"]:
            entry["steder"].append(place)

    for expression, entry in (previous or {}).get("tal", {}).items():
        for place in entry.get("steder", []):
            if place.get("dokument") in kept:
                state(expression, entry["værdi"], place)
    kept_bilag = {str(d.bilag) for d in documents if d.bilag is not None and d.name in kept}
    bilag = {
        number: entry
        for number, entry in (previous or {}).get("bilag", {}).items()
        if number in kept_bilag
    }
    for document in documents:
        if document.name in kept:
            continue
        for use in document.uses:
            place = {
                "dokument": document.name,
                "fil": shown(use.path),
                "linje": use.line,
                "sætning": use.sentence,
            }
            state(use.expression, use.value, place)
        if document.bilag is not None:
            bilag[str(document.bilag)] = {
                "titel": document.title,
                "tal": _plain_spaces(document.cells),
                "figurer": {
                    chart.key: {"spec": chart.digest, "tekst": chart.caption}
                    for chart in document.charts
                },
            }
    return {"tal": tal, "bilag": dict(sorted(bilag.items(), key=lambda item: int(item[0])))}


def _plain_spaces(cells: dict[str, str]) -> dict[str, str]:
    """Return table cells with plain spaces, as the text's figures are recorded.

    A cell is named by its table, row and column, and a name with U+00A0 in it ("Før
    kl. 10") looks the same but is found by no one who types it.
    """
    return {
        name.replace("\u00a0", " "): value.replace("\u00a0", " ") for name, value in cells.items()
    }


def coverage(datasets: Datasets, shown: Shown) -> dict[str, Any]:
    """Return what each data source covers: the incidents' days, the surveys, visitor years."""
    found: dict[str, Any] = {}
    if datasets.haendelser is not None and datasets.daekning is not None:
        daekning = datasets.daekning
        found[shown(datasets.haendelser.path)] = {
            "fra": daekning.start.isoformat() if daekning.start <= daekning.slut else None,
            "til": daekning.slut.isoformat() if daekning.start <= daekning.slut else None,
            "dage": daekning.datoer,
            "regel": daekning.regel,
        }
    if datasets.maalinger is not None:
        frame = datasets.maalinger.frame
        found[shown(datasets.maalinger.path)] = {
            "målinger": list(dict.fromkeys(frame["maaling"])),
            "regel": "de målinger, filen har svar fra",
        }
    if datasets.besoeg is not None:
        frame = datasets.besoeg.frame.sort_values(["lokation", "aar"])
        found[shown(datasets.besoeg.path)] = {
            "år": {
                str(place): [int(year) for year in years]
                for place, years in frame.groupby("lokation")["aar"]
            },
            "regel": "de år, filen har besøgstal for, pr. lokation",
        }
    return found


def corrections(datasets: Datasets) -> list[dict[str, Any]]:
    """Return the corrections applied to the note's data, with their reasons."""
    if datasets.haendelser is None:
        return []
    return [
        {**asdict(r), "dato": r.dato.isoformat(), "beskrivelse": str(r)}
        for r in datasets.haendelser.rettelser
    ]


def value_folders(note_folder: Path) -> list[str] | None:
    """Return the folders of a for_hver note's values, as its values' manifests name them.

    None if no value of it was built (or its manifests do not say): then it is no for_hver
    note as far as the last build knows.
    """
    if not note_folder.is_dir():
        return None
    for found in sorted(note_folder.glob(f"*/{MANIFEST_FILE}")):
        mapper = (read(found) or {}).get("for_hver", {}).get("mapper")
        # A value dropped since (its folder is left behind) names a list it is no longer in
        # the newest build of: a value's own folder must be in the list it names.
        if isinstance(mapper, list) and found.parent.name in mapper:
            return [str(m) for m in mapper]
    return None
