"""Read YAML nodes into dataclasses declared once, collecting every problem with its line.

A schema is a dataclass whose fields carry their YAML key, a Danish description and an
example (see `spec`). `read` walks the nodes, checks keys and types, and returns the
instance even when parts are wrong (those fields are None), so later checks can still run
and all problems reach the caseworker in one go. A schema class may add a method
`check(problem)` for rules that types cannot express (the `Checked` protocol);
`problem(key, message)` records a problem on that key's line.

A union (`A | B`) is read as the first member the node reads as without a problem; when none
does, the problems of the member the node's shape fits (a mapping for a dataclass, a list for
a list) are reported. `A | None` is that member, or nothing when the value is left empty.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import (
    Any,
    Literal,
    Protocol,
    TypeVar,
    get_args,
    get_origin,
    get_type_hints,
    runtime_checkable,
)

from .domain import FOERSTE_AAR
from .errors import Problem, Problems
from .formatting import DateError, parse_date
from .formatting import shown as shown_text
from .yamlsource import Mapping, Scalar, Sequence, YamlNode

T = TypeVar("T")
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,15}")
# The last year a date in a note may lie in (the first is FOERSTE_AAR, when the incidents
# begin): an effort may be planned some years ahead, but 9999 is a typo.
LAST_YEAR = 2100

# A reader turns a node into a value of one type, or records a problem and returns None.
Reader = Callable[["SchemaReader", YamlNode, str], Any]
# What a schema's check() is given: record a problem on the line of a key.
ProblemAt = Callable[[str, str], None]


@runtime_checkable
class Checked(Protocol):
    """A schema with rules its types cannot express, checked once the mapping is read.

    Fields that had a problem are None when `check` runs, so it must allow for them.
    """

    def check(self, problem: ProblemAt) -> None:
        """Record `problem(key, message)` for each rule the instance breaks."""


@functools.cache  # a schema's methods never change
def checks_itself(cls: type) -> bool:
    """Tell whether a schema class has a `check` hook; a `check` that is no such hook is a bug.

    A field or attribute named `check`, or a method with other parameters, would otherwise be
    called as the hook (or skipped) without anyone noticing.
    """
    if not issubclass(cls, Checked):
        return False
    hook = inspect.getattr_static(cls, "check")
    if not inspect.isfunction(hook) or list(inspect.signature(hook).parameters)[1:] != ["problem"]:
        raise TypeError(  # a bug in a schema, not input
            f"{cls.__name__}.check must be a method check(self, problem), as Checked declares"
        )
    return True


def spec(
    doc: str,
    *,
    key: str | None = None,
    example: str | None = None,
    one_or_many: bool = False,
    default: Any = dataclasses.MISSING,
) -> Any:
    """Declare a schema field: its Danish description, YAML key and an example value."""
    metadata = {"doc": doc, "key": key, "example": example, "one_or_many": one_or_many}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=metadata)
    if isinstance(default, (list, dict)):
        factory = type(default)
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True)
class FieldInfo:
    """What the schema says about one field, for reading and for the README reference."""

    name: str
    key: str
    hint: Any
    required: bool
    doc: str
    example: str | None
    one_or_many: bool


@dataclass(frozen=True)
class Sted:
    """Where a mapping was written: filled in by the reader, never read from YAML."""

    path: Path
    line: int
    keys: dict[str, int] = dataclasses.field(default_factory=dict, compare=False)

    def line_of(self, key: str | None) -> int:
        """Return the line of `key` in the mapping (the mapping's own line if it is absent)."""
        return self.keys.get(key or "", self.line)


def placement() -> Any:
    """Declare a field that records where its mapping was written (file and line)."""
    return dataclasses.field(default=None, compare=False, repr=False, metadata={"placement": True})


@functools.cache  # type hints are slow to resolve, and a schema never changes
def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    """List the declared fields of a schema dataclass in order (placement fields left out)."""
    hints = get_type_hints(cls)
    infos = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("placement"):
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        infos.append(
            FieldInfo(
                name=f.name,
                key=f.metadata.get("key") or f.name,
                hint=hints[f.name],
                required=required,
                doc=f.metadata.get("doc", ""),
                example=f.metadata.get("example"),
                one_or_many=f.metadata.get("one_or_many", False),
            )
        )
    return tuple(infos)


def is_complete(instance: object) -> bool:
    """Tell whether every required field of a schema instance was read (none is None).

    A field left None had a problem, which is recorded; what is built from the instance is
    left out rather than made from a hole.
    """
    return all(
        getattr(instance, info.name) is not None
        for info in fields_of(type(instance))  # type: ignore[arg-type]  # classes hash
        if info.required
    )


class SchemaReader:
    """Read one file's nodes into schema dataclasses, recording problems as it goes."""

    def __init__(
        self, path: Path, problems: Problems, readers: dict[Any, Reader] | None = None
    ) -> None:
        self.path = path
        self.problems = problems
        self.readers = readers or {}

    def problem(self, node_or_line: YamlNode | int | None, message: str) -> None:
        """Record a problem at a node (or line) of this file."""
        line = (
            node_or_line
            if isinstance(node_or_line, int) or node_or_line is None
            else (node_or_line.line)
        )
        self.problems.add(self.path, line, message)

    def read(self, hint: Any, node: YamlNode, where: str) -> Any:
        """Read `node` as a value of type `hint`; `where` names it in messages."""
        if hint in self.readers:
            return self.readers[hint](self, node, where)
        origin = get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            members = get_args(hint)
            options = [a for a in members if a is not type(None)]
            if _is_null(node) and len(options) < len(members):
                return None  # left empty where None is allowed
            if len(options) == 1:
                return self.read(options[0], node, where)
            return self._read_union(options, node, where)
        if origin is Literal:
            return self._read_choice(get_args(hint), node, where)
        if origin is list:
            return self._read_list(get_args(hint)[0], node, where, one_or_many=False)
        if origin is dict:
            return self._read_dict(get_args(hint)[1], node, where)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self.read_object(hint, node, where)
        if hint is str:
            return self._read_str(node, where)
        if hint is int:
            return self._read_int(node, where)
        if hint is bool:
            return self._read_bool(node, where)
        if hint is date:
            return self._read_date(node, where)
        raise TypeError(f"schema type {hint!r} has no reader")  # a bug in a schema, not input

    def read_object(self, cls: type[T], node: YamlNode, where: str) -> T | None:
        """Read a mapping into the dataclass `cls`; unknown and missing keys are problems."""
        if not isinstance(node, Mapping):
            self.problem(node, f"{_where(where)}skal være en række felter (nøgle: værdi).")
            return None
        infos = fields_of(cls)  # type: ignore[arg-type]  # classes are hashable
        by_key = {info.key: info for info in infos}
        for key in node.items:
            if key not in by_key:
                self.problem(node.key_lines[key], _unknown_key_message(key, where, list(by_key)))
        values = {info.name: self._read_field(cls, info, node, where) for info in infos}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.metadata.get("placement"):
                values[f.name] = Sted(self.path, node.line, dict(node.key_lines))
        instance = cls(**values)
        if checks_itself(cls):  # type: ignore[arg-type]  # classes are hashable
            # A schema may check what types alone cannot say; problems land on the key's line.
            typing.cast(Checked, instance).check(
                lambda key, message: self.problem(node.key_lines.get(key, node.line), message)
            )
        return instance

    def _read_union(self, options: list[Any], node: YamlNode, where: str) -> Any:
        """Read `node` as the first of `options` it reads as without a problem.

        When it reads as none, the problems of the first option its shape fits are recorded
        (a mapping meant a dataclass, a list a list): that is the one the writer meant.
        """
        tries = []
        for option in options:
            trial = _Trial()
            value = SchemaReader(self.path, trial, self.readers).read(option, node, where)
            if not trial.found:
                return value
            tries.append((option, value, trial))
        _, value, trial = next((found for found in tries if self._fits(found[0], node)), tries[0])
        trial.replay(self.problems)
        return value

    def _fits(self, hint: Any, node: YamlNode) -> bool:
        """Tell whether `node` has the shape a value of `hint` is written in."""
        if hint in self.readers:
            return True  # a reader of its own may take any shape (a text, or {uddrag: …})
        origin = get_origin(hint)
        if origin is list:
            return isinstance(node, Sequence)
        if origin is dict or (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
            return isinstance(node, Mapping)
        return isinstance(node, Scalar)

    def _read_field(self, cls: type, info: FieldInfo, node: Mapping, where: str) -> Any:
        child = node.items.get(info.key)
        label = f"{where}.{info.key}" if where else info.key
        if child is None or _is_null(child):
            if not info.required:
                return _default_of(cls, info.name)
            self.problem(node.key_lines.get(info.key, node.line), _missing_message(info, label))
            # Lists stay lists so later checks can walk a partly wrong note.
            return [] if get_origin(info.hint) is list else None
        if info.one_or_many:
            return self._read_list(get_args(info.hint)[0], child, label, one_or_many=True)
        return self.read(info.hint, child, label)

    def _read_list(self, item_hint: Any, node: YamlNode, where: str, *, one_or_many: bool) -> Any:
        if isinstance(node, Scalar) and one_or_many:
            return [self.read(item_hint, node, where)]
        if not isinstance(node, Sequence):
            self.problem(node, f"{_where(where)}skal være en liste (linjer der starter med '- ').")
            return []
        items = [
            self.read(item_hint, item, f"{where}[{i + 1}]") for i, item in enumerate(node.items)
        ]
        return [item for item in items if _kept(item)]

    def _read_dict(self, value_hint: Any, node: YamlNode, where: str) -> Any:
        if not isinstance(node, Mapping):
            self.problem(node, f"{_where(where)}skal være en række navne med en værdi hver.")
            return {}
        values = {
            key: self.read(value_hint, child, f"{where}.{key}") for key, child in node.items.items()
        }
        return {key: value for key, value in values.items() if _kept(value)}

    def _read_choice(self, choices: tuple[str, ...], node: YamlNode, where: str) -> str | None:
        if isinstance(node, Scalar) and node.text in choices:
            return node.text
        shown = node.text if isinstance(node, Scalar) else "en liste eller en række felter"
        self.problem(
            node, f"{_where(where)}skal være en af: {', '.join(choices)} (der står '{shown}')."
        )
        return None

    def _read_str(self, node: YamlNode, where: str) -> str | None:
        if _is_null(node):  # an empty item of a list: '- ' or '~'
            self.problem(node, f"{_where(where)}er tom. Skriv en tekst, eller slet linjen.")
            return None
        if isinstance(node, Scalar):
            # Numbers such as an EAN or a case number are kept exactly as written.
            return node.text
        self.problem(node, f"{_where(where)}skal være en tekst, ikke en liste eller flere felter.")
        return None

    def _read_int(self, node: YamlNode, where: str) -> int | None:
        # Only digits: YAML 1.1 would also read 0x7E8, 0o17, 1_000 and 1:30 (90) as numbers.
        if isinstance(node, Scalar) and _WHOLE_NUMBER.fullmatch(node.text.strip()):
            return int(node.text)
        shown = f" (der står '{shown_text(node.text)}')" if isinstance(node, Scalar) else ""
        self.problem(node, f"{_where(where)}skal være et helt tal skrevet med cifre, fx 4{shown}.")
        return None

    def _read_bool(self, node: YamlNode, where: str) -> bool | None:
        if isinstance(node, Scalar) and node.kind == "bool":
            return node.text.lower() in ("true", "yes", "on")
        self.problem(node, f"{_where(where)}skal være true eller false.")
        return None

    def _read_date(self, node: YamlNode, where: str) -> date | None:
        if not isinstance(node, Scalar):
            self.problem(node, f"{_where(where)}skal være en dato, fx 2025-11-20.")
            return None
        try:
            found = parse_date(node.text)
        except DateError as error:
            self.problem(node, f"'{where}': {error}")
            return None
        if not FOERSTE_AAR <= found.year <= LAST_YEAR:
            self.problem(
                node,
                f"'{where}': {node.text.strip()} ligger uden for årene {FOERSTE_AAR}–{LAST_YEAR}, "
                "som et notat handler om. Tjek årstallet.",
            )
            return None
        return found


class _Trial(Problems):
    """Problems found while trying one member of a union, kept back until it is chosen."""

    def __init__(self) -> None:
        super().__init__()
        self._held: list[tuple[Path | str, int | None, str] | Problem] = []

    @property
    def found(self) -> bool:
        """Tell whether the member had a problem."""
        return bool(self._held)

    def add(self, path: Path | str, line: int | None, message: str) -> None:
        """Keep a problem, as the reader would have recorded it."""
        super().add(path, line, message)
        self._held.append((path, line, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Keep problems another collector found (a snippet's, say)."""
        found = list(problems)
        super().extend(found)
        self._held.extend(found)

    def replay(self, problems: Problems) -> None:
        """Record the kept problems in `problems`, in the order they were found."""
        for kept in self._held:
            if isinstance(kept, Problem):
                problems.extend([kept])
            else:
                problems.add(*kept)


def _kept(value: object) -> bool:
    """Tell whether an item of a list or mapping was read whole.

    One that was not is left out: its problems are recorded, and what is made from the list
    (sections, points, bilag) is not made from a hole.
    """
    if value is None:
        return False
    return not dataclasses.is_dataclass(value) or is_complete(value)


def _is_null(node: YamlNode) -> bool:
    return isinstance(node, Scalar) and node.kind == "null"


def _default_of(cls: type, name: str) -> Any:
    f = {f.name: f for f in dataclasses.fields(cls)}[name]
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


def _where(where: str) -> str:
    return f"'{where}' " if where else ""


def _missing_message(info: FieldInfo, label: str) -> str:
    message = f"Feltet '{label}' mangler."
    if info.example:
        message += f" Tilføj fx: {info.key}: {info.example}"
    return message


def _unknown_key_message(key: str, where: str, known: list[str]) -> str:
    place = f" under '{where}'" if where else ""
    message = f"Ukendt felt '{key}'{place}."
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        message += f" Mente du '{close[0]}'?"
    message += f" Tilladte felter: {', '.join(known)}."
    return message
