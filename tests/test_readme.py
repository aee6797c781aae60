"""The README is the caseworkers' reference: it must cover the whole content format."""

import dataclasses
import re

from reportgen.content import Filsti, Note, Text
from reportgen.schema import fields_of

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def schema_keys(cls: type, prefix: str = "") -> list[str]:
    keys = []
    for info in fields_of(cls):
        keys.append(prefix + info.key)
        candidates = [info.hint, *getattr(info.hint, "__args__", ())]
        # Text and Filsti are values (a text, a path), not mappings with keys of their own.
        nested = [a for a in candidates if dataclasses.is_dataclass(a) and a not in (Text, Filsti)]
        for inner in nested:
            # Nested mappings are documented as `parent.child`; list items by their own keys.
            child_prefix = f"{prefix}{info.key}." if "list" not in str(info.hint) else ""
            keys += schema_keys(inner, child_prefix)
    return keys


def test_every_content_key_is_documented_in_the_readme() -> None:
    missing = [key for key in schema_keys(Note) if f"`{key}`" not in README]
    assert not missing, f"README lacks: {missing}"


def test_the_readme_set_up_commands_are_make_targets_and_ci_runs_the_test_one() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for command in ("make build", "make test"):
        assert command in README
        assert re.search(rf"^{command.split()[1]}:", makefile, re.MULTILINE)
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
