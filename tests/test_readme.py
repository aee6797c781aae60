"""The README is the caseworkers' reference: it must cover the whole content format."""

import dataclasses
import re

from reportgen.content import Filsti, Indstillinger, Note, Text
from reportgen.content.bilag import Kategoribeskrivelse
from reportgen.schema import fields_of

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def schema_keys(cls: type, prefix: str = "", seen: frozenset[type] = frozenset()) -> list[str]:
    keys = []
    seen = seen | {cls}  # Kategori holds Kategorier: document each schema once
    for info in fields_of(cls):
        keys.append(prefix + info.key)
        # Text and Filsti are values (a text, a path), not mappings with keys of their own.
        nested = [
            a
            for a in _inner_types(info.hint)
            if dataclasses.is_dataclass(a) and a not in (Text, Filsti) and a not in seen
        ]
        for inner in nested:
            # Nested mappings are documented as `parent.child`; list items and bilag by their
            # own keys; the categories snippet is a file of its own.
            flat = "list" in str(info.hint) or inner is Kategoribeskrivelse
            keys += schema_keys(inner, "" if flat else f"{prefix}{info.key}.", seen)
    return keys


def _inner_types(hint: object) -> list[object]:
    found = [hint]
    for arg in getattr(hint, "__args__", ()):
        found += _inner_types(arg)
    return found


def test_every_content_key_is_documented_in_the_readme() -> None:
    missing = [key for key in schema_keys(Note) if f"`{key}`" not in README]
    assert not missing, f"README lacks: {missing}"


def test_every_project_setting_is_documented_in_the_readme() -> None:
    missing = [key for key in schema_keys(Indstillinger) if f"| `{key}` |" not in README]
    assert not missing, f"README lacks: {missing}"


def test_the_readme_set_up_commands_are_make_targets_and_ci_runs_the_test_one() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for command in ("make build", "make test"):
        assert command in README
        assert re.search(rf"^{command.split()[1]}:", makefile, re.MULTILINE)
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
