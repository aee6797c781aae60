"""`reportgen diff`: the figures of the current inputs against those of the last build.

For each note: every figure of the text whose value changed (old → new) with the sentences
that state it, the bilag whose tables or charts change, the corrections added or removed,
and the input files that changed. Nothing is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import manifest
from .build import PreparedNote, prepare
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
    """What changed in one note since its last build."""

    note: str
    bygget_foer: bool
    tal: list[FigureChange] = field(default_factory=list)
    bilag: list[BilagChange] = field(default_factory=list)
    nye_rettelser: list[str] = field(default_factory=list)
    fjernede_rettelser: list[str] = field(default_factory=list)
    input: list[str] = field(default_factory=list)

    @property
    def uaendret(self) -> bool:
        """Tell whether nothing that a reader sees has changed."""
        return not (self.tal or self.bilag)


def diff(project: Project, names: list[str]) -> list[NoteDiff]:
    """Compare the figures of the current inputs with each note's last manifest."""
    return [_compare(project, note) for note in prepare(project, names)]


def _compare(project: Project, note: PreparedNote) -> NoteDiff:
    previous = manifest.read(project.output_dir(note.name) / manifest.FILENAME)
    result = NoteDiff(note.name, previous is not None)
    if previous is None:
        return result
    current = manifest.figures(note.documents, note.problems)
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
    before_corrections = {c["beskrivelse"] for c in previous.get("rettelser", [])}
    now_corrections = {c["beskrivelse"] for c in manifest.corrections(note.datasets)}
    result.nye_rettelser = sorted(now_corrections - before_corrections)
    result.fjernede_rettelser = sorted(before_corrections - now_corrections)
    result.input = _changed_inputs(project, note, previous.get("input", {}))
    return result


def _changes(
    before: dict[str, str], now: dict[str, str], places: dict[str, list] | None = None
) -> list[FigureChange]:
    names = sorted(set(before) | set(now))
    return [
        FigureChange(name, before.get(name), now.get(name), (places or {}).get(name, []))
        for name in names
        if before.get(name) != now.get(name)
    ]


def _changed_inputs(project: Project, note: PreparedNote, before: dict[str, str]) -> list[str]:
    shown = note.problems.shown_path
    now = {
        shown(p): manifest.sha256_file(p) for p in (note.source.path, *note.datasets.input_files())
    }
    return sorted(name for name, digest in now.items() if before.get(name) != digest)


def report(diffs: list[NoteDiff]) -> list[str]:
    """Write the differences as lines of Danish text for a reviewer."""
    lines: list[str] = []
    for note in diffs:
        if not note.bygget_foer:
            lines.append(f"{note.note}: Ikke bygget før – der er intet at sammenligne med.")
            continue
        if note.uaendret:
            lines.append(f"{note.note}: Ingen ændringer.")
            for text in note.nye_rettelser:
                lines.append(f"  Ny rettelse i data, der ikke ændrer noget tal her: {text}")
            continue
        cells = sum(len(b.tal) for b in note.bilag)
        lines.append(
            f"{note.note}: {len(note.tal)} tal i teksten og {cells} tal i bilagene er ændret."
        )
        if note.input:
            lines.append(f"  Ændrede filer: {', '.join(note.input)}")
        for text in note.nye_rettelser:
            lines.append(f"  Ny rettelse: {text}")
        for text in note.fjernede_rettelser:
            lines.append(f"  Rettelse fjernet: {text}")
        for change in note.tal:
            lines.append(f"  {change.navn}: {_shown(change.foer)} → {_shown(change.nu)}")
            for place in change.steder:
                lines.append(f"    {place['fil']}:{place['linje']}: »{place['sætning']}«")
        for bilag in note.bilag:
            lines.append(
                f"  {bilag.titel} – {len(bilag.tal)} tal og {len(bilag.figurer)} figurer ændres:"
            )
            for change in bilag.tal:
                lines.append(f"    {change.navn}: {_shown(change.foer)} → {_shown(change.nu)}")
            for caption in bilag.figurer:
                lines.append(f"    Figur: {caption}")
    return lines


def _shown(value: str | None) -> str:
    return "(ingen)" if value is None else value
