"""Stage 4, charts: Vega-Lite specs made with Altair from the figures, converted to SVG.

A `Chart` is a spec with its alt text and caption, both written from the same figures the
text and tables use. A `ChartConverter` turns specs into vector SVG with vl-convert, in the
project's font and the Danish locale; it imports vl-convert, so only rendering loads it.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from . import theme


@dataclass(frozen=True)
class Chart:
    """One chart: what it shows in words, its caption, and how to draw it."""

    key: str  # unique within a note; names the SVG file
    alt: str
    caption: str
    width: int  # the widest it may be drawn, in CSS pixels: the page's text width
    draw: Callable[[ModuleType], Any] = field(repr=False, compare=False)  # alt -> Altair chart

    @classmethod
    def drawn(
        cls, key: str, draw: Callable[[ModuleType], Any], alt: str, caption: str, width: int
    ) -> Chart:
        """Return a chart drawn by `draw(altair)` when its spec is needed, described by `alt`."""
        return cls(key, alt, caption, width, draw)

    @cached_property
    def spec(self) -> dict[str, Any]:
        """Return the Vega-Lite spec, in the house style (Altair is loaded only now)."""
        memo = _MEMO.get()
        inputs = None if memo is None else _drawing_inputs(self.draw, self.alt)
        if memo is not None and inputs is not None and inputs in memo:
            return memo[inputs]
        import altair

        # The specs are ours and tested; validating each against the schema again is slow.
        spec = finish(self.draw(altair).to_dict(validate=False), self.alt)
        if memo is not None and inputs is not None:
            memo[inputs] = spec
            while len(memo) > MAX_DRAWN:
                del memo[next(iter(memo))]  # the oldest: a dict keeps insertion order
        return spec

    @cached_property
    def digest(self) -> str:
        """Return a hash of the spec: the same spec always gives the same SVG."""
        text = json.dumps(self.spec, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Specs already drawn, by what they were drawn from, where a caller keeps them (`drawn_once`).
# Altair takes most of the time a note's pages take to prepare, and the preview builds one
# note again and again: there a chart is drawn again only when its inputs change. Never
# mutate a spec: it may be shared.
_MEMO: ContextVar[dict[str, dict[str, Any]] | None] = ContextVar("charts_drawn", default=None)
MAX_DRAWN = 512


@contextmanager
def drawn_once(memo: dict[str, dict[str, Any]]) -> Iterator[None]:
    """Within this, a chart drawn from the same inputs as one in `memo` takes its spec from it.

    Only for a caller that keeps `memo` between builds in one process: the code a chart is
    drawn with is part of its inputs, the functions it calls are taken to stay as they are.
    """
    token = _MEMO.set(memo)
    try:
        yield
    finally:
        _MEMO.reset(token)


def _drawing_inputs(draw: Callable[[ModuleType], Any], alt: str) -> str | None:
    """Return a hash of what `draw` draws from: its code and the values it closes over.

    None if those values cannot be pickled (a closure over a function, say): such a chart
    is simply drawn every time.
    """
    try:
        cells = tuple(cell.cell_contents for cell in draw.__closure__ or ())
        # Which function: its place and its bytecode (not marshal's bytes, which vary with
        # how often the code's own constants are referenced elsewhere).
        code = draw.__code__
        where = (draw.__module__, draw.__qualname__, code.co_firstlineno, code.co_code)
        data = pickle.dumps((where, cells, alt), protocol=5)
    except Exception:  # any value pickle refuses: draw it, and do not remember it
        return None
    return hashlib.sha256(data).hexdigest()


def finish(spec: dict[str, Any], description: str) -> dict[str, Any]:
    """Give a spec from Altair the house config and its accessible description."""
    spec = dict(spec)
    spec.pop("$schema", None)  # pins no version: vl-convert uses the one it brings
    spec["config"] = theme.config()
    spec["description"] = description
    return spec


class ChartConverter:
    """Convert Vega-Lite specs to SVG in the house style's fonts, registering each folder once."""

    def __init__(self, font_dirs: Sequence[Path]) -> None:
        self._font_dirs = [folder.resolve() for folder in font_dirs]
        # vl-convert keeps registered fonts for the life of the process; registering a folder
        # again makes it reload its fonts on the next conversion, so each is registered once.
        self._registered: set[Path] = set()

    def svg(self, spec: dict[str, Any]) -> str:
        """Convert a Vega-Lite spec to SVG, in the house style's font and the Danish locale."""
        import vl_convert

        for folder in self._font_dirs:
            if folder not in self._registered:
                # Labels are measured with this font, so WeasyPrint draws them at the same width.
                vl_convert.register_font_directory(str(folder))
                self._registered.add(folder)
        return vl_convert.vegalite_to_svg(
            spec,
            format_locale=theme.LOCALE,
            time_format_locale=theme.LOCALE,
            allowed_base_urls=[],  # a chart carries its data; it may fetch nothing
        )
