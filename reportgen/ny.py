"""`reportgen ny`: a new note, from a template or from last year's note moved on a year.

From an existing note the YAML *text* is copied, line by line, so comments and layout stay
as the caseworker wrote them: `dato` is set, `sendt` is removed, and every period is moved on
by a number of years where reportgen reads it as a period – string arguments inside
`{{ … }}` (e.g. "vinter 2024/25", "sommer 2023", "Vinter 2025"), the expressions under
`navne:`, and the bilag's parameters (perioder, vintre, besoeg, maaling, tidslinje_fra/til).
Prose – the text outside `{{ … }}` – is never changed; each line of it that holds a digit is
returned for the caseworker to re-read. The dated events of a historik (forloeb) are facts
and stay as they are.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import (
    BadNoteName,
    OutputError,
    Problems,
    ProblemsFound,
    WouldOverwrite,
    os_reason,
)
from .formatting import MAANEDER
from .project import NOTE_SUFFIXES, Project
from .resources import shipped
from .yamlsource import read_source


@dataclass(frozen=True)
class Aendring:
    """One line `ny` changed: its number in the new note, and the line before and after."""

    linje: int
    foer: str
    efter: str | None  # None: the line was removed


@dataclass(frozen=True)
class Genlaes:
    """A line of prose in the new note that holds a literal year, date or number."""

    linje: int
    tekst: str


@dataclass(frozen=True)
class NytNotat:
    """What `ny` wrote: the new note, and the checklist that goes with it."""

    path: Path
    fra: Path | None
    aendringer: list[Aendring] = field(default_factory=list)
    genlaes: list[Genlaes] = field(default_factory=list)


# Bilag parameters that hold periods (or, for tidslinje_*, the dates a timeline spans).
PERIOD_KEYS = frozenset(
    {
        "perioder",
        "periode",
        "sammenlign_med",
        "vintre",
        "besoeg",
        "maaling",
        "tidslinje_fra",
        "tidslinje_til",
    }
)
# Top-level fields that are metadata or expressions, not prose to re-read.
NOT_PROSE = frozenset(
    {"type", "til", "dato", "sendt", "afsender", "sagsbehandler", "sagsnumre", "data", "navne"}
)

_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# A quoted string or a bare four-digit number inside an expression.
_LITERAL = re.compile(r"""(?P<quoted>"[^"\n]*"|'[^'\n]*')|(?<![\w.])(?P<year>\d{4})(?![\w.])""")
# A period or survey name: 'vinter 2024/25', '2024/25', 'sommer 2023', '2024', 'Forår 2024',
# or a month: 'marts 2026', '2026-03'.
_PERIOD = re.compile(
    r"(?:(?:vinter|sommer|forår|efterår)(?:halvåret)?\s+)?\d{4}(?:\s*/\s*(?:\d{2}|\d{4}))?"
    rf"|(?:{'|'.join(MAANEDER)})\s+\d{{4}}|\d{{4}}-\d{{1,2}}",
    re.IGNORECASE,
)
# Any year in a parameter's value: a date, a winter 'YYYY/YY(YY)', or a year alone.
_YEARS = re.compile(
    r"(?<!\d)(?P<year>\d{4})(?:(?P<date>-\d{2}-\d{2})|(?P<slash>\s*/\s*)(?P<second>\d{4}|\d{2}))?"
    r"(?!\d)"
)
_KEY = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<key>[^\s#'\"{\[-][^:#]*?):(?:\s+|$)")
_BLOCK = re.compile(r"^[|>][-+0-9]*\s*(#.*)?$")
_DIGIT = re.compile(r"\d")


def ny(
    project: Project,
    name: str,
    *,
    fra: str | None = None,
    dato: date | None = None,
    aar: int = 1,
) -> NytNotat:
    """Write content/<name>.yaml: from the note `fra` moved on `aar` years, or a template."""
    target = _target(project, name)
    dato = dato or date.today()
    if fra is None:
        template = (shipped("startmappe") / "ny-notat.yaml").read_text(encoding="utf-8")
        lines, _ = _set_dato(template.splitlines(keepends=True), dato)
        _write(project, target, "".join(lines))
        return NytNotat(target, None)
    (source,) = project.find_notes([fra])
    problems = Problems(project.shown_path)
    old = read_source(source, problems)
    if old is None:  # read_source has recorded why
        raise ProblemsFound(list(problems))
    text, changes, reread = moved_on(old, dato, aar)
    _write(project, target, text)
    return NytNotat(target, source, changes, reread)


def moved_on(text: str, dato: date, aar: int) -> tuple[str, list[Aendring], list[Genlaes]]:
    """Return a note's text moved on `aar` years and dated `dato`, with its checklist."""
    old_lines = text.splitlines(keepends=True)
    shifted = _EXPRESSION.sub(lambda m: _shift_expression(m.group(), aar), text)
    lines = shifted.splitlines(keepends=True)
    paths = _paths(lines)
    for number, (path, line) in enumerate(zip(paths, lines, strict=True)):
        in_navne = path.keys[:1] == ("navne",) and len(path.keys) > 1
        if in_navne and (path.value_only or path.block):
            lines[number] = _shift_value(line, path, lambda v: _shift_expression(v, aar))
        elif path.value_only and path.keys[:1] == ("bilag",) and path.keys[-1] in PERIOD_KEYS:
            lines[number] = _shift_value(line, path, lambda v: _shift_years(v, aar))
    lines, dated = _set_dato(lines, dato)
    # Line numbers are those of the new file: each removed line moves the ones after it up.
    changes: list[Aendring] = []
    kept: list[str] = []
    kept_paths: list[_Path] = []
    for before, after, path in zip(old_lines, lines, paths, strict=False):
        if path.keys[:1] == ("sendt",) and (path.value_only or path.block):
            changes.append(Aendring(len(kept) + 1, before.strip(), None))
            continue
        kept.append(after)
        kept_paths.append(path)
        if before != after:
            changes.append(Aendring(len(kept), before.strip(), after.strip()))
    kept.extend(lines[len(old_lines) :])  # a 'dato' line added at the end
    if dated is not None:
        changes.append(Aendring(len(kept), "(ingen dato)", dated))
    new = "".join(kept)
    return new, changes, _reread(new, kept_paths)


@dataclass(frozen=True)
class _Path:
    """Where a line stands in the note: the keys above it, and whether it is prose."""

    keys: tuple[str, ...]
    value_only: bool  # a key's own line, a list item or a plain scalar's continuation
    value_at: int  # where the value starts on the line (after 'key:' or '- ')
    block: bool = False  # a line of a | or > block's text
    comment: bool = False


def _paths(lines: list[str]) -> list[_Path]:
    """Return, for each line, the keys it stands under (a small reader of YAML's layout)."""
    stack: list[tuple[int, str]] = []
    block_owner: int | None = None  # the indent of the key whose | or > block we are in
    paths: list[_Path] = []
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        keys = tuple(key for _, key in stack)
        if block_owner is not None and (not stripped or indent > block_owner):
            paths.append(_Path(keys, False, 0, block=True))
            continue
        block_owner = None
        if not stripped or stripped.startswith("#"):
            paths.append(_Path(keys, False, 0, comment=bool(stripped)))
            continue
        match = _KEY.match(line)
        if match:
            level = len(match["indent"]) + len(match["dashes"])
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, match["key"].strip()))
            value = line[match.end() :]
            if _BLOCK.match(value.strip()):
                block_owner = level
            paths.append(_Path(tuple(key for _, key in stack), True, match.end()))
            continue
        if stripped.startswith("- "):
            while stack and stack[-1][0] > indent:
                stack.pop()
            at = indent + 2
            paths.append(_Path(tuple(key for _, key in stack), True, at))
            continue
        paths.append(_Path(keys, True, indent))  # a plain scalar going on over lines
    return paths


def _shift_value(line: str, path: _Path, shift: Callable[[str], str]) -> str:
    """Return `line` with its value (not its key, nor a comment after it) shifted."""
    value = line[path.value_at :]
    comment = re.search(r"\s+#.*$", value) if "#" in value else None
    end = comment.start() if comment else len(value.rstrip("\r\n"))
    return line[: path.value_at] + shift(value[:end]) + value[end:]


def _shift_expression(expression: str, aar: int) -> str:
    """Move on the periods an expression names: its quoted periods and bare years."""

    def literal(match: re.Match[str]) -> str:
        quoted = match["quoted"]
        if quoted is None:
            return _shift_years(match["year"], aar)
        inner = quoted[1:-1]
        if _PERIOD.fullmatch(inner.strip()):
            return quoted[0] + _shift_years(inner, aar) + quoted[-1]
        return quoted

    return _LITERAL.sub(literal, expression)


def _shift_years(text: str, aar: int) -> str:
    """Move every year in `text` on by `aar`: '2024' '2024/25' '2024/2025' '2024-10-01'."""

    def year(match: re.Match[str]) -> str:
        first = int(match["year"])
        if not 1900 <= first <= 2999:
            return match.group()
        if match["date"]:
            month, day = int(match["date"][1:3]), int(match["date"][4:6])
            if month == 2 and day == 29 and not calendar.isleap(first + aar):
                day = 28
            return f"{first + aar}-{month:02d}-{day:02d}"
        if match["second"]:
            second = match["second"]
            moved = int(second) + aar
            shown = f"{moved}" if len(second) == 4 else f"{moved % 100:02d}"
            return f"{first + aar}{match['slash']}{shown}"
        return str(first + aar)

    return _YEARS.sub(year, text)


def _set_dato(lines: list[str], dato: date) -> tuple[list[str], str | None]:
    """Set the top-level 'dato:'; return the lines and the line added if there was none."""
    lines = list(lines)
    for number, line in enumerate(lines):
        match = re.match(r"^dato:[ \t]*([^#\r\n]*?)([ \t]*#[^\r\n]*)?(\r?\n)?$", line)
        if match:
            comment, newline = match[2] or "", match[3] or ""
            lines[number] = f"dato: {dato.isoformat()}{comment}{newline}"
            return lines, None
    added = f"dato: {dato.isoformat()}"
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.append(added + "\n")
    return lines, added


def _reread(text: str, paths: list[_Path]) -> list[Genlaes]:
    """Return the prose lines that hold a digit outside `{{ … }}`: facts from last year?"""
    masked = _EXPRESSION.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    found: list[Genlaes] = []
    for number, (line, shown, path) in enumerate(
        zip(masked.splitlines(), text.splitlines(), paths, strict=False), start=1
    ):
        if path.keys[:1] and path.keys[0] in NOT_PROSE and not path.comment:
            continue
        if path.keys[:1] == ("bilag",) and not (path.block or path.comment):
            last = path.keys[-1]
            if last in PERIOD_KEYS or ("forloeb" in path.keys and last in ("fra", "til")):
                continue
        prose = line if (path.block or path.comment) else line[path.value_at :]
        if _DIGIT.search(prose):
            found.append(Genlaes(number, shown.strip()))
    return found


def _target(project: Project, name: str) -> Path:
    """Return content/<name>.yaml; refuse a name that is no plain file name or a note that is."""
    stem = name
    for suffix in NOTE_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    if not stem or stem.startswith(".") or "/" in stem or "\\" in stem:
        raise BadNoteName(
            f"'{name}' kan ikke være et notats navn. Skriv navnet uden mappe, fx "
            "2026-11-socialfaglig-indsats; notatet bliver content/<navn>.yaml."
        )
    for suffix in NOTE_SUFFIXES:
        existing = project.content_dir / f"{stem}{suffix}"
        if existing.exists():
            raise _exists(project, existing)
    return project.content_dir / f"{stem}.yaml"


def _write(project: Project, target: Path, text: str) -> None:
    """Write the new note, never over a file that appeared meanwhile."""
    try:
        with target.open("x", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except FileExistsError:
        raise _exists(project, target) from None
    except OSError as error:
        raise OutputError(
            f"{project.shown_path(target)} kunne ikke skrives: {os_reason(error)}."
        ) from None


def _exists(project: Project, note: Path) -> WouldOverwrite:
    """Return the refusal to write a note over one that is there."""
    return WouldOverwrite(
        f"{project.shown_path(note)} findes allerede; reportgen ny skriver ikke over et notat. "
        "Vælg et andet navn, eller slet filen først."
    )
