"""One note, many values: a note with `for_hver:` is built once per value of its parameter.

    for_hver:
      lokation: {facilitet: Bibliotek}   # or a list: [Blågårdens Bibliotek, Husum Bibliotek]

Each value is an instance of the note: its texts see the value as `{{ param.lokation }}`,
its plain fields (titles, headings, the places a bilag is about) have `{{ param.lokation }}`
put in before they are checked, and it is built into build/<note>/<slug>/ as
`<note>-<slug>.pdf` (the slug: `names.slug`). A note without for_hver is one instance of
itself, unchanged. The values are checked against the data up front, with file and line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import domain, formatting, names
from .content import NoteSource
from .content.note import Stedfilter
from .content.parametre import PARAMETER, is_filled, unknown_parameter
from .errors import FigureError, Problem, Problems
from .output import NoteOutputs

if TYPE_CHECKING:
    from .data import Datasets
    from .figures import Steder


class Parametre:
    """The values of one instance, as its texts see them: `{{ param.lokation }}`."""

    def __init__(self, values: dict[str, str]) -> None:
        # Plain attributes: the sandbox reads them like any figure's, and nothing else.
        self.__dict__.update(values)
        self._navne = list(values)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise FigureError(unknown_parameter(name, self._navne))

    def __getitem__(self, name: object) -> str:
        if isinstance(name, str) and name in self._navne:
            return str(self.__dict__[name])
        raise FigureError(unknown_parameter(str(name), self._navne))


@dataclass(frozen=True)
class Instance:
    """One value of a for_hver note: its parameters, its folder's slug and its note."""

    source: NoteSource  # named <note>-<slug>, plain fields with the value put in
    param: dict[str, str] = field(default_factory=dict)
    slug: str | None = None  # None: the note itself, without for_hver

    def outputs(self, note: NoteOutputs) -> NoteOutputs:
        """Return the instance's outputs inside the note's: build/<note>/<slug>/."""
        return note.instance(self.slug) if self.slug else note

    @property
    def label(self) -> str:
        """Return how a message names the instance: "lokation 'Husum Bibliotek'"."""
        return ", ".join(f"{name} '{value}'" for name, value in self.param.items())


def instances(
    source: NoteSource, datasets: Datasets, steder: Steder, problems: Problems
) -> list[Instance]:
    """Return the instances of a note: itself, or one per for_hver value (none on a problem)."""
    for_hver = source.note.for_hver
    parameter = for_hver.parameter if for_hver else None
    if for_hver is None:
        return [Instance(source)]
    if parameter is None:
        return []  # its for_hver names no parameter, or two: said when the note was read
    path, line = for_hver.sted.path, for_hver.sted.line_of(parameter)
    found = _values(parameter, for_hver.vaerdier, datasets, steder)
    if isinstance(found, str):
        problems.add(path, line, found)
        return []
    by_slug: dict[str, str] = {}
    for value in found:
        slug = names.slug(value)
        if not slug:
            problems.add(
                path,
                line,
                f"'{value}' giver intet mappenavn (kun tegn uden bogstaver og tal). Skriv værdien "
                "med bogstaver.",
            )
        elif slug in by_slug:
            problems.add(
                path,
                line,
                f"'{by_slug[slug]}' og '{value}' får samme mappe build/{source.name}/{slug}/, så "
                "den ene ville skrive oven i den anden. Ret navnet i data, eller vælg værdierne "
                "med en liste.",
            )
        else:
            by_slug[slug] = value
    if len(by_slug) != len(found):
        return []
    return [
        Instance(_instantiated(source, {parameter: value}, slug), {parameter: value}, slug)
        for slug, value in by_slug.items()
    ]


def _values(
    parameter: str, chosen: list[str] | Stedfilter | None, datasets: Datasets, steder: Steder
) -> list[str] | str:
    """Return the values of a parameter, checked against the data, or what is wrong."""
    if isinstance(chosen, list):
        wrong = []
        values = []
        check = steder.lokation if parameter == "lokation" else steder.bydel
        for value in chosen:
            try:
                values.append(check(value))
            except FigureError as error:
                wrong.append(f"for_hver.{parameter}: {error}")
        return " ".join(wrong) if wrong else values
    if datasets.haendelser is None:
        return (
            f"for_hver.{parameter} vælger steder ud fra hændelserne, men notatet har ingen "
            "hændelser. Tilføj data: haendelser: <fil>, eller skriv værdierne som en liste."
        )
    frame = datasets.haendelser.frame
    mask = frame["lokation"] == frame["lokation"]  # every row, as a mask of the frame's own
    said = []
    if chosen is not None and chosen.facilitet is not None:
        known = sorted(set(frame["facilitet"]) - {""})
        facilitet = names.canonical(chosen.facilitet, known)
        if facilitet is None:
            return (
                f"Faciliteten '{formatting.shown(chosen.facilitet)}' findes ikke i "
                f"hændelserne.{names.mente_du(chosen.facilitet, known)} Faciliteterne er: "
                f"{names.listed(known)}."
            )
        mask &= frame["facilitet"] == facilitet
        said.append(f"facilitet '{facilitet}'")
    if chosen is not None and chosen.bydel is not None:
        bydel = names.canonical(chosen.bydel, domain.BYDELE) or chosen.bydel
        mask &= frame["bydel"] == bydel
        said.append(f"bydel '{bydel}'")
    found = sorted(set(frame[mask][parameter]) - {""}, key=_danish_order)
    if not found:
        where = f" med {' og '.join(said)}" if said else ""
        plural = "lokationer" if parameter == "lokation" else "bydele"
        return (
            f"Ingen {plural} i hændelserne{where}, så for_hver giver intet notat. Ret filteret, "
            "eller skriv værdierne som en liste."
        )
    return found


_DANISH_ORDER = str.maketrans({"æ": "z\x01", "ø": "z\x02", "å": "z\x03"})


def _danish_order(name: str) -> tuple[str, str]:
    """Return the key that sorts names as a Danish list does: æ, ø and å last."""
    return name.casefold().translate(_DANISH_ORDER), name  # the same letters: a fixed order


def _instantiated(source: NoteSource, param: dict[str, str], slug: str) -> NoteSource:
    """Return the note of one value: named <note>-<slug>, its plain fields filled in."""
    note = _filled(source.note, param)
    return NoteSource(f"{source.name}-{slug}", source.path, note)


def _filled(value: Any, param: dict[str, str]) -> Any:
    """Return `value` with {{ param.<navn> }} put in every plain text (not in texts: narrative)."""
    if isinstance(value, str):
        return PARAMETER.sub(lambda m: param.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [_filled(item, param) for item in value]
    if isinstance(value, dict):
        return {name: _filled(item, param) for name, item in value.items()}
    if is_filled(value):
        changes = {
            f.name: _filled(getattr(value, f.name), param)
            for f in dataclasses.fields(value)
            if f.name != "sted" and f.init
        }
        return dataclasses.replace(value, **changes)  # type: ignore[type-var]
    return value  # dates, numbers, paths and texts (whose {{ … }} the narrative evaluates)


class Problemsamler:
    """Collect each instance's problems; say the ones all share once, the others per value."""

    def __init__(self, problems: Problems, shown: Callable[[Path | str], str]) -> None:
        self._problems = problems
        self._shown = shown
        self._found: list[tuple[Instance, Problems]] = []

    def of(self, instance: Instance) -> Problems:
        """Return the collector of one instance (the note's own for a note without for_hver)."""
        if instance.slug is None:
            return self._problems
        mine = Problems(self._shown)
        self._found.append((instance, mine))
        return mine

    def report(self) -> None:
        """Record the instances' problems: shared ones once, the others with their value."""
        if not self._found:
            return
        counts: dict[Problem, int] = {}
        for _, found in self._found:
            for problem in set(found):
                counts[problem] = counts.get(problem, 0) + 1
        shared = {p for p, n in counts.items() if n == len(self._found)}
        self._problems.extend(sorted(shared))
        for instance, found in self._found:
            self._problems.extend(
                Problem(p.path, p.line, f"For {instance.label}: {p.message}")
                for p in found
                if p not in shared
            )
