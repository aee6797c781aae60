"""Read YAML into a tree of nodes that remember their line, so every problem can name it.

PyYAML's `safe_load` forgets positions, silently keeps the last of two equal keys and raises
a bare ValueError on `dato: 2023-11-31`. Here scalars keep the text as written; typing them
(dates above all) is left to the schema, which reports problems with file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problems

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass
class Scalar:
    """A scalar as written in the file; `kind` is what YAML would have made of it."""

    text: str
    kind: str  # "str", "int", "float", "bool", "null" or "timestamp"
    line: int
    style: str | None = None  # "|" or ">" for a block, whose text starts on the next line

    @property
    def text_line(self) -> int:
        """Return the line where the scalar's text itself begins."""
        return self.line + 1 if self.style in ("|", ">") else self.line

    @property
    def keeps_lines(self) -> bool:
        """Tell whether the text's line breaks are those of the file (a `|` block)."""
        return self.style == "|"


@dataclass
class Sequence:
    """A YAML list."""

    items: list[YamlNode]
    line: int


@dataclass
class Mapping:
    """A YAML mapping; keys are plain strings, each with the line it stands on."""

    items: dict[str, YamlNode]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)


YamlNode = Scalar | Sequence | Mapping


def read_yaml(path: Path, problems: Problems) -> YamlNode | None:
    """Parse `path` into nodes; record syntax problems and return None if it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(path, None, "Filen er ikke gemt som UTF-8. Gem den igen med tegnsættet UTF-8.")
        return None
    return parse_yaml(text, path, problems)


def parse_yaml(text: str, path: Path, problems: Problems) -> YamlNode | None:
    """Parse YAML `text` (read from `path`) into nodes."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = error.problem or error.context or "ukendt fejl"
        problems.add(
            path,
            line,
            f"YAML-filen kan ikke læses ({reason}). Tjek indrykning, kolon og anførselstegn "
            "omkring linjen.",
        )
        return None
    except yaml.YAMLError as error:
        problems.add(path, None, f"YAML-filen kan ikke læses ({error}).")
        return None
    if root is None:
        return None
    return _convert(root, path, problems)


def _convert(node: yaml.Node, path: Path, problems: Problems) -> YamlNode:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, _kind(node.tag), line, style=node.style)
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(item, path, problems) for item in node.value], line)
    assert isinstance(node, yaml.MappingNode)
    mapping = Mapping({}, line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.add(path, key_line, "En nøgle skal være et enkelt ord, fx 'titel:'.")
            continue
        key = key_node.value
        if key in mapping.items:
            problems.add(
                path,
                key_line,
                f"Nøglen '{key}' står to gange (første gang på linje {mapping.key_lines[key]}). "
                "Slet den ene.",
            )
            continue
        mapping.items[key] = _convert(value_node, path, problems)
        mapping.key_lines[key] = key_line
    return mapping


def _kind(tag: str) -> str:
    return {
        _INT_TAG: "int",
        _FLOAT_TAG: "float",
        _BOOL_TAG: "bool",
        _NULL_TAG: "null",
        "tag:yaml.org,2002:timestamp": "timestamp",
    }.get(tag, "str")
