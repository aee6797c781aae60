"""The limits every sandbox works within: what is written by a project runs with bounded work.

Jinja's sandbox keeps expressions away from Python's insides, and its `range` stops at
100.000, but `"x" * 10**10` or `7 ** 7 ** 11` still ask for gigabytes or hours. The
environment here refuses results that large, `time_limit` stops a page that computes for too
long, and `bounded_join` stops a page that writes too much, so a mistake in a text or a
template ends in a message instead of a machine that hangs.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import WorkLimitExceeded

MAX_SEQUENCE = 1_000_000  # characters or items a `*` may make
MAX_POWER_BITS = 100_000  # the size of an integer a `**` may make
MAX_PAGE_CHARACTERS = 5_000_000  # the largest real page is about 100.000
MAX_TEXT_CHARACTERS = 100_000  # one text or snippet; a whole real note is about 30.000
MAX_VALUE_CHARACTERS = 10_000  # what one {{ … }} writes; a list of names is some hundred
PAGE_SECONDS = 3.0  # a real page takes milliseconds; memory grows while a page computes
_NUMBERS = (int, float, Decimal)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with `*`, `**` and `+` refused where the result is too large.

    (`~` joins strings outside the sandbox's reach; the page's time limit bounds it.)
    """

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Refuse the text methods that make a text as long as asked: "x".ljust(10**9)."""
        if isinstance(obj, (str, bytes)) and attr in _PADDING_METHODS:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def wrap_str_format(self, value: Any) -> Any:
        """Refuse str.format, which Jinja's sandbox lets through before any attribute check."""
        if super().wrap_str_format(value) is None:
            return None

        def refused(*_: Any, **__: Any) -> str:
            raise WorkLimitExceeded("format er ikke tilladt; skriv tal med | tal og | pct")

        return refused

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Compute `left operator right`, unless the result would be too large."""
        if operator == "%" and isinstance(left, (str, bytes)):
            # "%999999999d" % 1 pads to any width; a text is written with | tal and | pct.
            raise WorkLimitExceeded("tekst med % er ikke tilladt; skriv tal med | tal og | pct")
        if operator == "*":
            _check_repetition(left, right)
            _check_repetition(right, left)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "+" and _is_sequence(left) and _is_sequence(right):
            _check_length(len(left) + len(right), "+")
        return super().call_binop(context, operator, left, right)


# Text methods whose result may be far longer than the text: the width or count is given.
# (str.format and format_map are refused in `wrap_str_format`, which Jinja asks first.)
_PADDING_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs", "replace", "join"})


def _is_sequence(value: Any) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


def _check_repetition(sequence: Any, times: Any) -> None:
    if _is_sequence(sequence) and isinstance(times, int):
        _check_length(len(sequence) * times, "*")


def _check_length(length: int, operator: str) -> None:
    if length > MAX_SEQUENCE:
        raise WorkLimitExceeded(
            f"resultatet af {operator} ville blive på over {MAX_SEQUENCE:,} tegn".replace(",", ".")
        )


def _check_power(base: Any, exponent: Any) -> None:
    if not (isinstance(base, _NUMBERS) and isinstance(exponent, _NUMBERS)):
        return
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1:
        bits = math.log2(abs(base)) * exponent
    else:
        bits = abs(float(exponent))  # floats overflow on their own; only huge exponents hang
    if bits > MAX_POWER_BITS:
        raise WorkLimitExceeded("resultatet af ** ville blive et urimeligt stort tal")


def bounded_join(chunks: Iterable[str], limit: int | None = None) -> str:
    """Join a page's chunks as they are made, and stop once it is larger than any real page."""
    limit = MAX_PAGE_CHARACTERS if limit is None else limit
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise WorkLimitExceeded(
                f"siden bliver på over {limit:,} tegn; en rigtig side er langt mindre".replace(
                    ",", "."
                )
            )
        parts.append(chunk)
    return "".join(parts)


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Stop the block with WorkLimitExceeded after `seconds` (in the main thread of a process)."""
    seconds = PAGE_SECONDS if seconds is None else seconds
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread; elsewhere the other limits still hold
        return

    def expired(_signum: int, _frame: Any) -> None:
        raise WorkLimitExceeded(f"den regnede i mere end {seconds:g} sekunder")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
