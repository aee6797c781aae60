"""Caseworkers' text: `{{ … }}` expressions evaluated in a sandbox, then Markdown-light.

Only expressions are allowed (no `{% … %}` blocks): each one is evaluated on its own, so a
problem names the file, the line and the exact expression. The sandbox refuses access to
Python internals (`''.__class__`), there is no template loader to include files with, and
an unknown name is an error rather than an empty string.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import StrictUndefined, TemplateRuntimeError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError
from jinja2.utils import missing
from markupsafe import Markup

from . import formatting, markup
from .content import Text
from .errors import FigureError, Problems
from .sandbox import MAX_TEXT_CHARACTERS, MAX_VALUE_CHARACTERS, BoundedSandbox

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_FAILED = object()  # an expression that failed; its problem is recorded
_STATEMENT = re.compile(r"\{%|\{#")


def format_value(value: Any) -> str:
    """Write a value the Danish way when it stands in a text."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return formatting.tal(value)
    if isinstance(value, (float, Decimal)):
        return formatting.tal(value, 0 if float(value).is_integer() else 1)
    if isinstance(value, date):
        return formatting.dato(value)
    if isinstance(value, (list, tuple)):
        if not value:
            raise FigureError(
                "det giver en tom liste, så der er intet at skrive. Vælg et udvalg med "
                "hændelser, eller skriv sætningen om."
            )
        return formatting.opremsning(format_value(v) for v in value)
    if isinstance(value, str) or _written_by_design(value):
        return str(value)
    raise FigureError(_not_printable(value))


def _written_by_design(value: object) -> bool:
    """Tell whether a value is one of reportgen's figures that says how it is written.

    Anything else — a function, a class, a selection of incidents — would be written as
    Python writes it, with a memory address that changes from build to build.
    """
    cls = type(value)
    return cls.__module__.startswith("reportgen.") and cls.__str__ is not object.__str__


def _not_printable(value: object) -> str:
    if callable(value):
        return (
            "det er en beregning, der skal have noget at regne på, ikke et tal eller en tekst. "
            'Skriv den med parenteser og det, den skal bruge, fx vinter("2025/26") (se '
            "README under 'Tal i teksten')."
        )
    return (
        "det er et udvalg eller en samling af tal, ikke et tal eller en tekst, der kan stå i "
        "teksten. Vælg et tal fra det, fx .antal (se README under 'Tal i teksten')."
    )


def flertal(count: object, ental: object, flertal: object) -> str:
    """Write a whole count with its noun in the right number: the text's 'flertal' filter."""
    if (
        not isinstance(count, int)
        or isinstance(count, bool)
        or not isinstance(ental, str)
        or not isinstance(flertal, str)
    ):
        raise FigureError(
            "flertal skrives efter et helt tal med ental og flertal, fx {{ x.antal | "
            'flertal("hændelse", "hændelser") }}.'
        )
    return formatting.antal(count, ental, flertal)


def _date(value: object) -> str:
    """Write a date the Danish way: the text's 'dato' filter."""
    if not isinstance(value, date):
        raise FigureError("dato skrives efter en dato, fx {{ periode.start | dato }}")
    return formatting.dato(value)


_JINJA_FILTERS = ("length", "first", "last", "lower", "upper", "capitalize", "round", "abs", "join")
FILTERS: Mapping[str, Callable[..., str]] = MappingProxyType(
    {
        "tal": formatting.tal,
        "pct": formatting.pct,
        "dato": _date,
        "opremsning": formatting.opremsning,
        "flertal": flertal,  # {{ n | flertal("hændelse", "hændelser") }}: "1 hændelse"
    }
)


class UnknownValue(UndefinedError):
    """An expression asked for something that does not exist: a name, an attribute, an element.

    Jinja says which in an English sentence; this error also says it in attributes.
    """

    def __init__(self, message: str, name: object, owner: object, hint: str | None) -> None:
        super().__init__(message)
        self.name = name  # the name, attribute or element asked for
        self.owner = owner  # what it was asked of; jinja2.utils.missing for a bare name
        self.hint = hint  # Jinja's own explanation, where it gives one ("No first item …")

    @property
    def unknown_name(self) -> str | None:
        """Return the name asked for, if a bare name was asked for that the text does not know."""
        if self.hint is None and self.owner is missing and isinstance(self.name, str):
            return self.name
        return None


class _Unknown(StrictUndefined):
    """Jinja's strict undefined, failing with an UnknownValue that says what was asked for."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[TemplateRuntimeError] = UndefinedError,
    ) -> None:
        super().__init__(hint, obj, name, exc)
        if exc is UndefinedError:  # the sandbox's refusals keep their SecurityError
            # Jinja fails with `self._undefined_exception(message)` from every operation on
            # an undefined value; this is the one hook that sees both the message and `self`.
            self._undefined_exception = functools.partial(  # type: ignore[assignment]
                _unknown_value, self
            )


def _unknown_value(undefined: _Unknown, message: str) -> UnknownValue:
    """Return the error an operation on `undefined` fails with."""
    return UnknownValue(
        message, undefined._undefined_name, undefined._undefined_obj, undefined._undefined_hint
    )


def make_environment() -> BoundedSandbox:
    """Create the sandbox every content expression is evaluated in."""
    env = BoundedSandbox(undefined=_Unknown, autoescape=False)
    # Our filters and a few harmless ones of Jinja's own: nothing that could reach the system.
    builtin = {name: env.filters[name] for name in _JINJA_FILTERS}
    env.filters = {**builtin, **FILTERS}
    env.globals = {}
    return env


class Expressions:
    """The sandbox content expressions are evaluated in, with each expression compiled once."""

    def __init__(self) -> None:
        self.environment = make_environment()
        self.compiled = functools.lru_cache(maxsize=4096)(self._compile)

    def _compile(self, expression: str) -> Any:
        """Compile one expression into a function of the names it may use."""
        return self.environment.compile_expression(expression, undefined_to_none=False)


@functools.cache
def shared_expressions() -> Expressions:
    """Return the expressions of this process: the same figure often stands in several notes."""
    return Expressions()


def unknown_filter(error: TemplateSyntaxError) -> str | None:
    """Return the filter an expression names that does not exist, if that is what failed.

    Jinja raises a plain TemplateAssertionError with only an English message, so the name is
    read from that message ("No filter named 'x'."); a test pins its wording.
    """
    found = re.fullmatch(r"No filter named '([^']+)'\.?", error.message or "")
    return found.group(1) if found else None


@dataclass(frozen=True)
class _Placed:
    """A value written in place of an expression, and where it stands in the expanded text."""

    start: int
    end: int
    expression: str
    value: str  # as the expression gave it (the text may have lost its full stop)
    line: int


@dataclass(frozen=True)
class _Substituted:
    """A text with every expression replaced by its value, where one could be."""

    text: str
    placed: list[_Placed]
    failed: bool


class Narrative:
    """Evaluate and render the texts of one note against the names it may use."""

    def __init__(
        self,
        names: Mapping[str, Any],
        problems: Problems,
        expressions: Expressions | None = None,
    ) -> None:
        self._names = dict(names)
        self._problems = problems
        self._expressions = shared_expressions() if expressions is None else expressions
        self.uses: list[FigureUse] = []  # every figure the texts state, where, in what sentence
        self._failed: set[str] = set()

    @contextmanager
    def stating(self) -> Iterator[list[FigureUse]]:
        """Collect, in the list given, the figures stated inside the block (one document's)."""
        uses: list[FigureUse] = []
        before = len(self.uses)
        try:
            yield uses
        finally:
            uses.extend(self.uses[before:])

    def define(self, name: str, text: Text) -> None:
        """Give the value of the expression in `text` a short name the note's texts can use."""
        if not _NAME.fullmatch(name):
            self._problems.add(
                text.path,
                text.line,
                f"'{name}' kan ikke bruges som navn. Brug små bogstaver a-z, tal og _, fx "
                "'vesterbro' eller 'blaagaarden_2024'.",
            )
            return
        if name in self._names:
            self._problems.add(
                text.path, text.line, f"Navnet '{name}' findes allerede. Vælg et andet navn."
            )
            return
        value = self._value(text.source.strip(), text, 0)
        if value is _FAILED:
            self._failed.add(name)  # its problem is recorded; its uses need not repeat it
        else:
            self._names[name] = value

    def expand(self, text: Text) -> str | None:
        """Replace each `{{ … }}` in `text` with its Danish value; None if any failed."""
        refused = self._refuse_statements(text)
        substituted = self._substitute(text)
        if self._too_long(text, substituted.text):
            return None
        self._record_uses(text, substituted)
        unclosed = self._report_unclosed(text, substituted.text)
        if refused or substituted.failed or unclosed:
            return None
        return substituted.text

    def blocks(self, text: Text, footnote: markup.FootnoteRenderer | None = None) -> Markup:
        """Render a text with paragraphs and lists."""
        expanded = self.expand(text)
        return markup.blocks(expanded, footnote) if expanded is not None else Markup("")

    def inline(
        self,
        text: Text,
        footnote: markup.FootnoteRenderer | None = None,
        *,
        ends_paragraph: bool = False,
    ) -> Markup:
        """Render a one-line text, such as a bold lead-in (or a paragraph's whole text)."""
        expanded = self.expand(text)
        if expanded is None:
            return Markup("")
        return markup.inline(expanded, footnote, ends_paragraph=ends_paragraph)

    def _refuse_statements(self, text: Text) -> bool:
        """Report each `{% … %}` and `{# … #}`; tell whether there was any."""
        found = _find(text.source, _STATEMENT)
        for offset, statement in found:
            self._problems.add(
                text.path,
                text.line_at(offset),
                f"'{statement}' er ikke tilladt i teksten. Brug kun {{{{ … }}}} til tal og "
                "værdier.",
            )
        return bool(found)

    def _substitute(self, text: Text) -> _Substituted:
        """Write each expression's value in its place, and note where each value stands."""
        pieces: list[str] = []
        placed: list[_Placed] = []
        failed = False
        written = 0  # characters in pieces so far
        last = 0
        for match in _EXPRESSION.finditer(text.source):
            pieces.append(text.source[last : match.start()])
            written += match.start() - last
            last = match.end()
            expression = match.group(1).strip()
            value = self._written(expression, text, match.start())
            if value is None:
                failed = True
                continue
            shown = _one_full_stop(value, text.source, match.end())
            line = text.line_at(match.start())
            placed.append(_Placed(written, written + len(shown), expression, value, line))
            pieces.append(shown)
            written += len(shown)
        pieces.append(text.source[last:])
        return _Substituted("".join(pieces), placed, failed)

    def _too_long(self, text: Text, expanded: str) -> bool:
        """Report a text that its expressions made longer than any note; tell whether it is."""
        if len(expanded) <= 2 * MAX_TEXT_CHARACTERS:
            return False
        self._problems.add(
            text.path,
            text.line,
            f"Teksten bliver på {formatting.tal(len(expanded))} tegn, når udtrykkene er "
            "regnet ud; et helt notat er sjældent over 30.000. Del den op, eller skær ned.",
        )
        return True

    def _record_uses(self, text: Text, substituted: _Substituted) -> None:
        """Record each figure the text states, with the sentence it stands in."""
        for placed in substituted.placed:
            sentence = sentence_around(substituted.text, placed.start, placed.end)
            self.uses.append(
                FigureUse(placed.expression, placed.value, text.path, placed.line, sentence)
            )

    def _report_unclosed(self, text: Text, expanded: str) -> bool:
        """Report a `{{` or `}}` left after the expressions were replaced; tell whether one was."""
        if "{{" not in expanded and "}}" not in expanded:
            return False
        offset = text.source.find("{{")
        self._problems.add(
            text.path,
            text.line_at(max(offset, 0)),
            "Et udtryk er ikke lukket: hvert '{{' skal have et '}}'.",
        )
        return True

    def _written(self, expression: str, text: Text, offset: int) -> str | None:
        """Evaluate one expression and write its value; None if either failed (and was told)."""
        value = self._value(expression, text, offset)
        if value is _FAILED:
            return None
        return self._format(value, expression, text, offset)

    def _format(self, value: Any, expression: str, text: Text, offset: int) -> str | None:
        """Write an expression's value the Danish way; None if it cannot be (and was told)."""
        shown = _shown(expression)
        try:
            written = format_value(value)
            if len(written) > MAX_VALUE_CHARACTERS:
                raise FigureError(
                    f"det giver en tekst på {formatting.tal(len(written))} tegn; et tal eller et "
                    f"navn er langt kortere (højst {formatting.tal(MAX_VALUE_CHARACTERS)} tegn)"
                )
            return written
        except (FigureError, formatting.NumberTooLarge) as error:
            self._problems.add(text.path, text.line_at(offset), f"Udtrykket {shown}: {error}.")
        except (ArithmeticError, ValueError):  # e.g. not a number at all: nothing to write
            self._problems.add(
                text.path,
                text.line_at(offset),
                f"Udtrykket {shown} giver noget, som ikke kan skrives som et tal.",
            )
        return None

    def _value(self, expression: str, text: Text, offset: int) -> Any:
        """Evaluate one expression; record a problem and return _FAILED if it cannot be."""
        line = text.line_at(offset)
        shown = _shown(expression)
        try:
            compiled = self._expressions.compiled(expression)
            value = compiled(**self._names)
            if isinstance(value, StrictUndefined):
                str(value)  # raises the UnknownValue that says what is missing
        except TemplateSyntaxError as error:
            unknown = unknown_filter(error)
            filters = ", ".join(self._expressions.environment.filters)
            reason = (
                f"filteret '{unknown}' findes ikke; filtrene er: {filters}"
                if unknown
                else str(error)
            )
            self._problems.add(text.path, line, f"Udtrykket {shown} kan ikke læses ({reason}).")
            return _FAILED
        except NameError:  # a constant Jinja cannot write back, such as 1e400 (infinity)
            self._problems.add(
                text.path, line, f"Udtrykket {shown} giver et tal, der er for stort at regne med."
            )
            return _FAILED
        except SecurityError:
            self._problems.add(
                text.path,
                line,
                f"Udtrykket {shown} er ikke tilladt: det prøver at nå programmets indre. Brug "
                "kun de navne, der står i README under 'Tal i teksten'.",
            )
            return _FAILED
        except UndefinedError as error:
            name = error.unknown_name if isinstance(error, UnknownValue) else None
            if name not in self._failed:  # a name whose definition failed is told there
                self._problems.add(text.path, line, self._undefined_message(shown, error))
            return _FAILED
        except FigureError as error:
            self._problems.add(text.path, line, f"Udtrykket {shown}: {error}")
            return _FAILED
        except TypeError as error:  # a figure asked for with too few or too many arguments
            self._problems.add(text.path, line, f"Udtrykket {shown}: {_arguments(error)}")
            return _FAILED
        except ZeroDivisionError:
            self._problems.add(
                text.path, line, f"Udtrykket {shown} deler med 0, så der er intet tal at skrive."
            )
            return _FAILED
        except Exception as error:  # any failure in a caseworker's expression is theirs to fix
            self._problems.add(text.path, line, f"Udtrykket {shown} fejlede ({error}).")
            return _FAILED
        return value

    def _undefined_message(self, shown: str, error: UndefinedError) -> str:
        """Say in Danish what an expression asked for that does not exist."""
        if isinstance(error, UnknownValue) and error.hint is None:
            if error.unknown_name == "param":  # a note without for_hver
                return (
                    f"Udtrykket {shown} bruger param, men notatet har ingen for_hver, så der er "
                    "ingen parameter at sætte ind. Tilføj for_hver (se README under 'Et notat "
                    "for hver lokation'), eller skriv værdien direkte."
                )
            if error.unknown_name is not None:
                known = ", ".join(sorted(self._names)) or "ingen"
                return (
                    f"Ukendt navn '{error.unknown_name}' i udtrykket {shown}. Tjek stavningen; "
                    f"kendte navne er: {known}."
                )
            if error.owner is not missing and not isinstance(error.name, str):
                return (
                    f"Udtrykket {shown} beder om element {error.name!r}, som ikke findes. Tjek "
                    "nummeret (det første er 0), eller brug .flest og navnene i README."
                )
            if error.owner is not missing:
                return (
                    f"Udtrykket {shown} bruger '{error.name}', som ikke findes. Tjek stavningen "
                    "i README under 'Tal i teksten'."
                )
        return f"Udtrykket {shown} bruger noget, der ikke findes ({error})."


def _one_full_stop(value: str, source: str, end: int) -> str:
    """Return `value` as it stands before source[end:]: "… 63 pct." at a sentence end, one stop."""
    if value.endswith(".") and source.startswith(".", end):
        return value[:-1]
    return value


def _shown(expression: str) -> str:
    """Return an expression as messages quote it: cut short when it is very long."""
    return "{{ " + formatting.shown(expression.strip(), 150) + " }}"


def _arguments(error: TypeError) -> str:
    """Say in Danish what is wrong with the arguments of a call (Python says it in English)."""
    detail = str(error)
    missing = re.search(r"(\w+)\(\) missing \d+ required positional arguments?: (.+)$", detail)
    if missing:
        names = formatting.opremsning(re.findall(r"'(\w+)'", missing.group(2)))
        return (
            f"'{missing.group(1)}' mangler {names}. Se i README under 'Tal i teksten', hvad "
            "den skal have."
        )
    extra = re.search(r"(\w+)\(\) takes .* but \d+ (?:was|were) given", detail)
    if extra:
        return (
            f"'{extra.group(1)}' har fået for mange værdier. Se i README under 'Tal i teksten', "
            "hvad den skal have."
        )
    return (
        "en værdi har ikke den art, der skal bruges her (fx tekst, hvor der skal stå et tal). "
        "Se i README under 'Tal i teksten'."
    )


@dataclass(frozen=True)
class FigureUse:
    """A figure stated in a text: the expression, what it gave, where, and in what sentence."""

    expression: str
    value: str
    path: Path
    line: int
    sentence: str


# A sentence ends at . ! ? followed by space and a capital or digit ("63 pct. af" goes on),
# or at a blank line or the start of a list item.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])|\n\s*\n|\n\s*(?:[-*•]|\d+[.)])\s+")
_MARKUP = re.compile(r"\*\*|(?<!\w)[*_]|[*_](?!\w)|\[\^[\w-]+\]")


def sentence_around(text: str, start: int, end: int) -> str:
    """Return the sentence of `text` that holds the characters start..end, markup removed."""
    begin = 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.end() <= start:
            begin = boundary.end()
        elif boundary.start() >= end:
            return _plain(text[begin : boundary.start()])
    return _plain(text[begin:])


def _plain(text: str) -> str:
    text = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", text)  # a list item's marker is not prose
    return " ".join(_MARKUP.sub("", text).split())


def _find(source: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in pattern.finditer(source)]
