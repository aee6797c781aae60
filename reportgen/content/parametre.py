"""`{{ param.<navn> }}`: a for_hver note's parameter, as its plain fields refer to it.

A note's texts see the parameter in the narrative's sandbox (`forhver.Parametre`); its plain
fields (titles, headings, the places a bilag is about) are not evaluated, so the value is put
in where `{{ param.<navn> }}` stands, before the field is checked. This module finds those
references and checks them against the note's for_hver when the note is read.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .. import names
from ..errors import Problems
from ..schema import Sted
from .values import Filsti, Text

if TYPE_CHECKING:
    from .note import Note

# `{{ param.lokation }}`, spaces allowed where Jinja allows them.
PARAMETER = re.compile(r"\{\{\s*param\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def parameters_in(text: str) -> list[str]:
    """Return the parameters a plain field refers to with {{ param.<navn> }}."""
    return PARAMETER.findall(text)


def without_parameters(text: str) -> str:
    """Return a plain field with its {{ param.<navn> }} references left out."""
    return PARAMETER.sub("", text)


def unknown_parameter(name: str, declared: list[str]) -> str:
    """Say in Danish that a note refers to a parameter its for_hver does not declare."""
    if not declared:
        return (
            f"Parameteren '{name}' findes ikke, for notatet har ingen for_hver: "
            "{{ param.… }} bruges kun i et notat, der bygges for hver lokation eller bydel. "
            "Tilføj fx for_hver: {lokation: {facilitet: Bibliotek}}, eller skriv værdien direkte."
        )
    close = names.nearest(name, declared)
    hint = f" Mente du '{close[0]}'?" if close else ""
    return (
        f"Parameteren '{name}' findes ikke; notatet har for_hver: {', '.join(declared)}.{hint} "
        f"Skriv {{{{ param.{declared[0]} }}}}."
    )


def check_placeholders(
    note: Note, path: Path, key_lines: dict[str, int], problems: Problems
) -> None:
    """Record each {{ param.<navn> }} in a plain field that names no parameter of the note."""
    declared = note.parametre
    for text, line in plain_texts(note, key_lines.get):
        for name in parameters_in(text):
            if name not in declared:
                problems.add(path, line, unknown_parameter(name, declared))


def plain_texts(
    value: object, line_of: Callable[[str], int | None], key: str = ""
) -> Iterator[tuple[str, int | None]]:
    """Yield every plain text of a note (titles, headings, places) with its line.

    Texts (`Text`) are left out: the narrative evaluates their expressions. So are data paths.
    """
    if isinstance(value, str):
        yield value, line_of(key)
    elif isinstance(value, list):
        for item in value:
            yield from plain_texts(item, line_of, key)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from plain_texts(item, line_of, str(name))
    elif is_filled(value):
        sted = getattr(value, "sted", None)
        for f in dataclasses.fields(value):  # type: ignore[arg-type]
            if f.name == "sted":
                continue
            name = f.metadata.get("key") or f.name
            # A mapping without a place of its own is on its parent's key's line.
            lines = sted.line_of if isinstance(sted, Sted) else _fixed(line_of, key or name)
            yield from plain_texts(getattr(value, f.name), lines, name)


def _fixed(line_of: Callable[[str], int | None], key: str) -> Callable[[str], int | None]:
    """Return a line finder that gives the line of `key` whatever it is asked."""
    return lambda _asked: line_of(key)


def is_filled(value: object) -> bool:
    """Tell whether a value is a part of the note whose plain fields take the parameter."""
    return (
        dataclasses.is_dataclass(value)
        and not isinstance(value, type)
        and not isinstance(value, (Text, Sted, Filsti))
    )
