"""Read YAML into a tree of nodes that remember their line, so every problem can name it.

PyYAML's `safe_load` forgets positions, silently keeps the last of two equal keys and raises
a bare ValueError on `dato: 2023-11-31`. Here scalars keep the text as written; typing them
(dates above all) is left to the schema, which reports problems with file and line.

A file is read with bounded work: nesting deeper than any real note, and aliases that would
unfold to more values than any real note has (a 1 KB "billion laughs" file unfolds to
billions), end in a message instead of a machine that hangs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problems, os_reason

MAX_FILE_BYTES = 5_000_000  # a note is some KB; the longest snippet some tens of KB
MAX_DEPTH = 50  # lists and fields inside each other; a real note goes 5 deep
MAX_VALUES = 100_000  # values after aliases are unfolded; a real note has a few hundred

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


def read_source(path: Path, problems: Problems) -> str | None:
    """Return the text of a file a caseworker wrote; record why not and return None if unusable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.add(
                path,
                None,
                f"Filen fylder {size / 1e6:.0f} MB; en tekst eller et notat fylder nogle få KB. "
                "Tjek, at det er den rigtige fil.",
            )
            return None
        raw = path.read_bytes()
    except OSError as error:
        problems.add(path, None, f"Filen kan ikke læses ({os_reason(error)}).")
        return None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(path, line, _not_utf8(raw))
        return None


def _not_utf8(raw: bytes) -> str:
    """Say which encoding a file that is not UTF-8 was saved in, and how to save it right."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        saved = "som UTF-16 (»Unicode«)"
    else:
        try:
            raw.decode("cp1252")
            saved = "som Windows-1252 (»ANSI« eller »Vesteuropæisk«)"
        except UnicodeDecodeError:
            saved = "i et andet tegnsæt end UTF-8"
    return (
        f"Filen er gemt {saved}, så æ, ø og å kan ikke læses rigtigt. Gem den igen med "
        "tegnsættet UTF-8 (i Notesblok: Gem som → Kodning: UTF-8)."
    )


def read_yaml(path: Path, problems: Problems) -> YamlNode | None:
    """Parse `path` into nodes; record syntax problems and return None if it cannot be read."""
    text = read_source(path, problems)
    return None if text is None else parse_yaml(text, path, problems)


def parse_yaml(text: str, path: Path, problems: Problems) -> YamlNode | None:
    """Parse YAML `text` (read from `path`) into nodes."""
    try:
        root = yaml.compose(text, Loader=_BoundedLoader)
        return None if root is None else _Converter(path, problems).convert(root, 0)
    except yaml.MarkedYAMLError as error:
        line, message = _syntax_problem(text, error)
        problems.add(path, line, message)
    except _TooLarge as error:
        problems.add(path, error.line, str(error))
    except yaml.YAMLError as error:
        problems.add(path, None, f"YAML-filen kan ikke læses ({error}).")
    return None


class _TooLarge(Exception):
    """The file nests, or its aliases unfold, beyond any real note."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stopping at nesting deeper than MAX_DEPTH.

    PyYAML's parser calls itself once per level: ten thousand '[' exhaust Python's stack.
    The scanner sees each level open first, so the limit is put there.
    """

    def fetch_flow_collection_start(self, token_class: type) -> None:  # type: ignore[override]
        if self.flow_level >= MAX_DEPTH:
            raise _TooLarge(self.line + 1, _too_deep())
        super().fetch_flow_collection_start(token_class)  # type: ignore[misc]

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise _TooLarge(self.line + 1, _too_deep())
        return super().add_indent(column)  # type: ignore[no-any-return]


def _too_deep() -> str:
    return (
        f"YAML-filen har lister og felter mere end {MAX_DEPTH} niveauer inden i hinanden; et "
        "notat har højst nogle få. Tjek parenteserne [ ] og { } og indrykningen."
    )


class _Converter:
    """Turn composed nodes into ours, counting every value as aliases unfold it."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.values = 0
        self.open: set[int] = set()  # the nodes being converted: an alias to one is a loop
        # The line of the top-level key being read: a value reached through an alias knows
        # only the line of its anchor, so a problem of size is told at the key instead.
        self.key_line: int | None = None

    def convert(self, node: yaml.Node, depth: int) -> YamlNode:
        line = node.start_mark.line + 1
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooLarge(
                self.key_line or line,
                f"YAML-filens aliaser (*navn) folder sig ud til over {MAX_VALUES:,} værdier; "
                "et notat har nogle hundrede. Skriv værdierne ud i stedet for at henvise til "
                "ankre (&navn).".replace(",", "."),
            )
        if id(node) in self.open:
            raise _TooLarge(
                line,
                "Et alias (*navn) henviser til det ankers (&navn) egen værdi, så værdien aldrig "
                "ender. Skriv værdien ud i stedet.",
            )
        if depth > MAX_DEPTH:  # aliases nested in aliases, which the scanner cannot count
            raise _TooLarge(self.key_line or line, _too_deep())
        if isinstance(node, yaml.ScalarNode):
            return Scalar(node.value, _kind(node.tag), line, style=node.style)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return Sequence([self.convert(item, depth + 1) for item in node.value], line)
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, line, depth)
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, line: int, depth: int) -> Mapping:
        mapping = Mapping({}, line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.add(
                    self.path, key_line, "En nøgle skal være et enkelt ord, fx 'titel:'."
                )
                continue
            key = key_node.value
            if key in mapping.items:
                self.problems.add(
                    self.path,
                    key_line,
                    f"Nøglen '{key}' står to gange (første gang på linje "
                    f"{mapping.key_lines[key]}). Slet den ene.",
                )
                continue
            if depth == 0:
                self.key_line = key_line
            mapping.items[key] = self.convert(value_node, depth + 1)
            mapping.key_lines[key] = key_line
        return mapping


# PyYAML's reasons, as a caseworker can act on them. The first that matches is used.
_REASONS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "der står et kolon med mellemrum efter (': ') inde i en tekst, eller indrykningen "
        "passer ikke. Sæt teksten i anførselstegn, eller ret indrykningen",
    ),
    (
        "cannot start any token",
        "et tegn kan ikke stå først i en værdi (fx @, ` eller %), eller der er brugt tabulator "
        "til indrykning. Sæt teksten i anførselstegn, og indryk med mellemrum",
    ),
    ("undefined alias", "et alias (*navn) henviser til et anker (&navn), der ikke findes"),
    ("duplicate anchor", "to ankre (&navn) har samme navn"),
    (
        "unexpected end of stream",
        "filen slutter, før et anførselstegn eller en parentes er lukket",
    ),
    ("expected ',' or ']'", "en liste i [ ] er ikke lukket rigtigt"),
    ("expected ',' or '}'", "felterne i { } er ikke lukket rigtigt"),
    ("could not find expected ':'", "der mangler et kolon efter en nøgle"),
    ("expected <block end>", "indrykningen passer ikke med linjerne over"),
    ("found '<stream end>'", "filen slutter, før en liste eller et felt er skrevet færdigt"),
    (
        "another document",
        "filen har flere YAML-dokumenter (adskilt af ---); et notat er ét dokument",
    ),
)
# What PyYAML says when a quote left open has run on to the next quote, lines further down.
_AFTER_OPEN_QUOTE = ("found '<scalar>'", "could not find expected ':'", "mapping values are not")
# A value that opens a quote it does not close on the same line: `titel: "Tryghed på …`.
_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+(?:[\w.-]+:\s+)?|[\w.-]+:\s+)(["'])(.*)$""")


def _syntax_problem(text: str, error: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """Return the line and Danish message of a YAML syntax error."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else None
    found = f"{error.context or ''} {error.problem or ''}"
    reason = next((danish for english, danish in _REASONS if english in found), None)
    # A quote left open runs on over the following lines until the next quote: PyYAML then
    # complains at the end of the file, or many lines later. The open quote is what to fix.
    quote_line = None
    if "quoted scalar" in found and error.context_mark is not None:
        quote_line = error.context_mark.line + 1
    elif any(sign in found for sign in _AFTER_OPEN_QUOTE):
        quote_line = _unclosed_quote(text, line)
    if quote_line is not None:
        return quote_line, (
            "YAML-filen kan ikke læses: anførselstegnet på denne linje lukkes ikke. Sæt det "
            "samme anførselstegn efter teksten, eller fjern det."
        )
    if reason is None:
        reason = f"YAML siger: {(error.problem or error.context or 'ukendt fejl').strip()}"
    return line, (
        f"YAML-filen kan ikke læses: {reason}. Tjek indrykning, kolon og anførselstegn "
        "omkring linjen."
    )


def _unclosed_quote(text: str, error_line: int | None) -> int | None:
    """Return the last line at or before `error_line` that opens a quote it does not close."""
    lines = text.splitlines()[: error_line or None]
    for number in range(len(lines), 0, -1):
        found = _OPEN_QUOTE.match(lines[number - 1])
        if found is None:
            continue
        quote, rest = found.groups()
        closed = rest.replace(quote * 2, "") if quote == "'" else rest.replace('\\"', "")
        if quote not in closed:
            return number
    return None


def _kind(tag: str) -> str:
    return {
        _INT_TAG: "int",
        _FLOAT_TAG: "float",
        _BOOL_TAG: "bool",
        _NULL_TAG: "null",
        "tag:yaml.org,2002:timestamp": "timestamp",
    }.get(tag, "str")
