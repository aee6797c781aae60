"""`reportgen diff`: the figures of the current inputs against those of the last build.

For each note: every figure of the text whose value changed (old → new) with the sentences
that state it, the bilag whose tables or charts change, the documents whose pages change
although no figure does (a new correction in a data bilag's list, say), the corrections
added or removed, and the input files that changed. Nothing is rendered.

A sent note is compared with what was sent — its last final build, which is never rebuilt —
so the caseworker sees what the committee would now read differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import formatting, manifest
from .build import PreparedNote, built_before, check, record
from .incremental import CONTENT_KEY_PREFIX, content_key
from .markup import uden_typografi
from .project import Project


@dataclass(frozen=True)
class FigureChange:
    """A figure whose value changed (None: the figure is new, or no longer stated)."""

    navn: str
    foer: str | None
    nu: str | None
    steder: list[dict[str, Any]] = field(default_factory=list)  # where it stands now


@dataclass(frozen=True)
class BilagChange:
    """A bilag whose tables or charts change."""

    nummer: str
    titel: str
    tal: list[FigureChange]
    figurer: list[str]  # captions of the charts that change


@dataclass
class NoteDiff:
    """What changed in one note since its last build (for a sent note: since it was sent)."""

    note: str
    bygget_foer: bool
    tal: list[FigureChange] = field(default_factory=list)
    bilag: list[BilagChange] = field(default_factory=list)
    # Documents whose pages change although none of their figures do, by title.
    dokumenter: list[str] = field(default_factory=list)
    nye_rettelser: list[str] = field(default_factory=list)
    fjernede_rettelser: list[str] = field(default_factory=list)
    input: list[str] = field(default_factory=list)
    sendt: date | None = None
    # For a sent note: what its text states that the current data can no longer give.
    afvigelser: list[str] = field(default_factory=list)
    uden_manifest: bool = False  # a sent note whose PDFs are here but not a readable manifest

    @property
    def uaendret(self) -> bool:
        """Tell whether nothing that a reader sees has changed."""
        return not (self.tal or self.bilag or self.dokumenter or self.afvigelser)


def diff(project: Project, names: list[str]) -> list[NoteDiff]:
    """Compare the figures of the current inputs with each note's last manifest."""
    return [compare(project, note) for note in check(project, names)]


def sent_changes(project: Project, prepared: list[PreparedNote]) -> list[NoteDiff]:
    """Compare each sent note among `prepared` with what was sent (for `reportgen check`)."""
    return [compare(project, note) for note in prepared if note.sendt is not None]


def compare(project: Project, note: PreparedNote) -> NoteDiff:
    """Compare one prepared note with its last build, or with what was sent."""
    if note.sendt is not None:
        previous = record(project, note.name)
    else:
        previous = manifest.read(note.outputs.manifest)
    result = NoteDiff(note.name, previous is not None, sendt=note.sendt)
    result.afvigelser = [str(problem) for problem in note.afvigelser]
    if previous is None:
        result.uden_manifest = note.sendt is not None and built_before(project, note.name)
        return result
    if not note.documents:
        return result  # a sent note its data can no longer make at all: the reasons say why
    current = manifest.figures(note.documents, project.shown_path)
    result.tal = _changes(
        {k: v["værdi"] for k, v in previous.get("tal", {}).items()},
        {k: v["værdi"] for k, v in current["tal"].items()},
        places={k: v["steder"] for k, v in current["tal"].items()},
    )
    old_bilag = previous.get("bilag", {})
    for number, now in current["bilag"].items():
        before = old_bilag.get(number, {"tal": {}, "figurer": {}})
        cells = _changes(before.get("tal", {}), now["tal"])
        charts = [
            chart["tekst"]
            for key, chart in now["figurer"].items()
            if before.get("figurer", {}).get(key, {}).get("spec") != chart["spec"]
        ]
        if cells or charts:
            result.bilag.append(BilagChange(number, now["titel"], cells, charts))
    if result.afvigelser:
        # What the current data cannot give is listed as such, not as a figure now missing.
        result.tal = [c for c in result.tal if c.nu is not None]
        for bilag in result.bilag:
            bilag.tal[:] = [c for c in bilag.tal if c.nu is not None]
    result.dokumenter = _pages_changed(note, previous, result)
    before_corrections = {c["beskrivelse"] for c in previous.get("rettelser", [])}
    now_corrections = {c["beskrivelse"]: c for c in manifest.corrections(note.datasets)}
    result.nye_rettelser = [
        _correction(now_corrections[text], note.sendt)
        for text in sorted(set(now_corrections) - before_corrections)
    ]
    result.fjernede_rettelser = sorted(before_corrections - set(now_corrections))
    result.input = _changed_inputs(project, note, previous.get("input", {}))
    return result


def _correction(entry: dict[str, Any], sendt: date | None) -> str:
    """Describe a new correction, saying so when it was decided after the note was sent."""
    text = str(entry["beskrivelse"])
    if sendt is not None and date.fromisoformat(entry["dato"]) > sendt:
        return f"(besluttet efter afsendelsen) {text}"
    return text


def _pages_changed(note: PreparedNote, previous: dict[str, Any], found: NoteDiff) -> list[str]:
    """Return the documents whose pages change although none of their figures do."""
    with_figures = {f"Bilag {b.nummer}" for b in found.bilag}
    documents = previous.get("dokumenter", {})
    changed = []
    for document in note.documents:
        entry = documents.get(document.name)
        if entry is None or not str(entry.get("indhold", "")).startswith(CONTENT_KEY_PREFIX):
            # New, or built by a reportgen that did not record its text without typography
            # (so a new non-breaking space would look like new text): nothing to compare.
            continue
        if entry["indhold"] == content_key(document):
            continue
        label = document.title.split(":", 1)[0] if document.bilag else "Notatet"
        if document.bilag is None and found.tal:
            continue  # its changed figures are listed already
        if label not in with_figures:
            changed.append(document.title if document.bilag else "Notatet")
    return changed


def _changes(
    before: dict[str, str], now: dict[str, str], places: dict[str, list] | None = None
) -> list[FigureChange]:
    """Return the figures whose value changed, named and compared without typography.

    A table's cell is named by its row and column ("Før kl. 10"), so a non-breaking space
    there must not make one figure look gone and another new.
    """
    old, new = _without_typography(before), _without_typography(now)
    shown = {uden_typografi(name): name for name in [*before, *now]}  # named as it is now
    places = {uden_typografi(name): found for name, found in (places or {}).items()}
    return [
        FigureChange(shown[name], before_value, now_value, places.get(name, []))
        for name in sorted(set(old) | set(new), key=_in_reading_order)
        if (before_value := old.get(name)) != (now_value := new.get(name))
    ]


def _in_reading_order(name: str) -> list[tuple[int, int | str]]:
    """Return a key that sorts numbers as numbers: 'Tabel 2.2' before 'Tabel 2.10'."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", name)]


def _without_typography(figures: dict[str, str]) -> dict[str, str]:
    return {uden_typografi(name): uden_typografi(str(value)) for name, value in figures.items()}


def _changed_inputs(project: Project, note: PreparedNote, before: dict[str, str]) -> list[str]:
    shown = project.shown_path
    now = {
        shown(p): manifest.sha256_file(p) for p in (note.source.path, *note.datasets.input_files())
    }
    return sorted(name for name, digest in now.items() if before.get(name) != digest)


def report(diffs: list[NoteDiff]) -> list[str]:
    """Write the differences as lines of Danish text for a reviewer."""
    lines: list[str] = []
    for note in diffs:
        if note.sendt is not None:
            lines += _sent_report(note)
        elif not note.bygget_foer:
            lines.append(f"{note.note}: Ikke bygget før – der er intet at sammenligne med.")
        elif note.uaendret:
            lines.append(f"{note.note}: Ingen ændringer.")
            for text in note.nye_rettelser:
                lines.append(f"  Ny rettelse i data, der ikke ændrer noget her: {text}")
        else:
            lines.append(f"{note.note}: {_counted(note)} er ændret.")
            lines += _details(note, was="→")
    return lines


def _sent_report(note: NoteDiff) -> list[str]:
    sent = f"{note.note}: Sendt {formatting.dato(note.sendt)}" if note.sendt else note.note
    if note.uden_manifest:
        return [
            f"{sent}, men dets manifest.json mangler, kan ikke læses eller er fra et udkast, så "
            f"der er intet at sammenligne med. Intet i build/{note.note}/ røres."
        ]
    if not note.bygget_foer:
        return [
            f"{sent}, men der er ingen endelig build af det at sammenligne med (build/ er "
            "ikke gemt). Byg det med 'reportgen build'; den build er så notatets udgave."
        ]
    if note.uaendret:
        lines = [f"{sent}. Med de nuværende data ville udvalget læse det samme."]
        lines += [f"  Ny rettelse, der ikke ændrer noget her: {t}" for t in note.nye_rettelser]
        return lines
    if note.tal or note.bilag or note.dokumenter:
        lines = [
            f"{sent}. Med de nuværende data ville udvalget læse noget andet: {_counted(note)}."
        ]
    else:
        lines = [f"{sent}. Med de nuværende data kan dele af notatet ikke regnes ud:"]
    lines += [f"  Kan ikke længere regnes ud: {text}" for text in note.afvigelser]
    lines += _details(note, was="ville være")
    lines.append(
        f"  Udgaven, der blev sendt, røres ikke. Lav en rettet udgave med "
        f"'reportgen build --ny-version {note.note}'."
    )
    return lines


def _counted(note: NoteDiff) -> str:
    cells = sum(len(b.tal) for b in note.bilag)
    parts = [
        f"{formatting.antal(len(note.tal), 'tal', 'tal')} i teksten",
        f"{formatting.antal(cells, 'tal', 'tal')} i bilagene",
    ]
    if note.dokumenter:
        parts.append(formatting.antal(len(note.dokumenter), "side", "sider") + " med anden tekst")
    return formatting.opremsning(parts)


def _details(note: NoteDiff, was: str) -> list[str]:
    """Return the lines under a note's heading; `was` joins old and new ('→' or 'ville være')."""
    lines = []
    if note.input:
        lines.append(f"  Ændrede filer: {', '.join(note.input)}")
    lines += [f"  Ny rettelse: {text}" for text in note.nye_rettelser]
    lines += [f"  Rettelse fjernet: {text}" for text in note.fjernede_rettelser]
    for change in note.tal:
        lines.append(f"  {change.navn}: {_change(change, was)}")
        for place in change.steder:
            lines.append(f"    {place['fil']}:{place['linje']}: »{place['sætning']}«")
    for bilag in note.bilag:
        counts = formatting.opremsning(
            [
                formatting.antal(len(bilag.tal), "tal", "tal"),
                formatting.antal(len(bilag.figurer), "figur", "figurer"),
            ]
        )
        verb = "ændres" if was == "→" else "ville være anderledes"
        lines.append(f"  {bilag.titel} – {counts} {verb}:")
        for change in bilag.tal:
            lines.append(f"    {change.navn}: {_change(change, was)}")
        for caption in bilag.figurer:
            lines.append(f"    Figur: {caption}")
    for title in note.dokumenter:
        lines.append(f"  {title}: teksten ændres, uden at noget tal gør (fx listen over rettelser)")
    return lines


def _change(change: FigureChange, was: str) -> str:
    if was == "→":
        return f"{_shown(change.foer)} → {_shown(change.nu)}"
    return f"ville være {_shown(change.nu)}, ikke {_shown(change.foer)}"


def _shown(value: str | None) -> str:
    return "(ingen)" if value is None else value
