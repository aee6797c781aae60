"""Caseworkers' text: `{{ … }}` expressions evaluated in a sandbox, then Markdown-light.

Only expressions are allowed (no `{% … %}` blocks): each one is evaluated on its own, so a
problem names the file, the line and the exact expression. The sandbox refuses access to
Python internals (`''.__class__`), there is no template loader to include files with, and
an unknown name is an error rather than an empty string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from . import formatting, markup
from .content import Text
from .errors import Problems

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_STATEMENT = re.compile(r"\{%|\{#")


class ExpressionError(Exception):
    """A figure could not be given as asked; the message is Danish and says why."""


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
        return formatting.opremsning(format_value(v) for v in value)
    return str(value)


FILTERS: dict[str, Callable[..., str]] = {
    "tal": formatting.tal,
    "pct": formatting.pct,
    "dato": formatting.dato,
    "opremsning": formatting.opremsning,
}


def make_environment() -> ImmutableSandboxedEnvironment:
    """Create the sandbox every content expression is evaluated in."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters = dict(FILTERS)  # only our filters: nothing that could reach the system
    env.globals = {}
    return env


class Narrative:
    """Evaluate and render the texts of one note against the names it may use."""

    def __init__(self, names: Mapping[str, Any], problems: Problems) -> None:
        self._names = dict(names)
        self._problems = problems
        self._env = make_environment()
        self.used: dict[str, str] = {}  # expression -> the text it gave, for traceability

    def expand(self, text: Text) -> str | None:
        """Replace each `{{ … }}` in `text` with its Danish value; None if any failed."""
        failed = False
        for offset, statement in _find(text.source, _STATEMENT):
            self._problems.add(
                text.path,
                text.line_at(offset),
                f"'{statement}' er ikke tilladt i teksten. Brug kun {{{{ … }}}} til tal og "
                "værdier.",
            )
            failed = True

        def substitute(match: re.Match[str]) -> str:
            nonlocal failed
            value = self._evaluate(match.group(1).strip(), text, match.start())
            if value is None:
                failed = True
                return ""
            return value

        expanded = _EXPRESSION.sub(substitute, text.source)
        if "{{" in expanded or "}}" in expanded:
            offset = text.source.find("{{")
            self._problems.add(
                text.path,
                text.line_at(max(offset, 0)),
                "Et udtryk er ikke lukket: hvert '{{' skal have et '}}'.",
            )
            failed = True
        return None if failed else expanded

    def blocks(self, text: Text, footnote: markup.FootnoteRenderer | None = None) -> Markup:
        """Render a text with paragraphs and lists."""
        expanded = self.expand(text)
        return markup.blocks(expanded, footnote) if expanded is not None else Markup("")

    def inline(self, text: Text, footnote: markup.FootnoteRenderer | None = None) -> Markup:
        """Render a one-line text, such as a bold lead-in."""
        expanded = self.expand(text)
        return markup.inline(expanded, footnote) if expanded is not None else Markup("")

    def _evaluate(self, expression: str, text: Text, offset: int) -> str | None:
        line = text.line_at(offset)
        shown = "{{ " + expression + " }}"
        try:
            compiled = self._env.compile_expression(expression, undefined_to_none=False)
            value = compiled(**self._names)
            if isinstance(value, StrictUndefined):
                str(value)  # raises the UndefinedError that explains what is missing
            result = format_value(value)
        except TemplateSyntaxError as error:
            self._problems.add(text.path, line, f"Udtrykket {shown} kan ikke læses ({error}).")
            return None
        except SecurityError:
            self._problems.add(
                text.path,
                line,
                f"Udtrykket {shown} er ikke tilladt: det prøver at nå programmets indre. Brug "
                "kun de navne, der står i README under 'Tal i teksten'.",
            )
            return None
        except UndefinedError as error:
            self._problems.add(text.path, line, self._undefined_message(shown, error))
            return None
        except ExpressionError as error:
            self._problems.add(text.path, line, f"Udtrykket {shown}: {error}")
            return None
        except Exception as error:
            self._problems.add(text.path, line, f"Udtrykket {shown} fejlede ({error}).")
            return None
        self.used[expression] = result
        return result

    def _undefined_message(self, shown: str, error: UndefinedError) -> str:
        detail = str(error)
        match = re.match(r"'([^']+)' is undefined", detail)
        if match:
            known = ", ".join(sorted(self._names)) or "ingen"
            return (
                f"Ukendt navn '{match.group(1)}' i udtrykket {shown}. Tjek stavningen; "
                f"kendte navne er: {known}."
            )
        match = re.match(r"'(.+)' has no attribute '([^']+)'", detail)
        if match:
            return (
                f"Udtrykket {shown} bruger '{match.group(2)}', som ikke findes. Tjek stavningen "
                "i README under 'Tal i teksten'."
            )
        return f"Udtrykket {shown} bruger noget, der ikke findes ({detail})."


def _find(source: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in pattern.finditer(source)]
