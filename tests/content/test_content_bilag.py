"""The bilag's own rules, read from YAML: a period runs forwards, a place is named once."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.content import Dataspor, Text
from reportgen.content.bilag import Forloeb, Historik, Tryghedsbarometer
from reportgen.errors import Problems
from reportgen.schema import SchemaReader
from reportgen.yamlsource import Scalar, YamlNode, parse_yaml

PATH = Path("note.yaml")


def plain_text(reader: SchemaReader, node: YamlNode, where: str) -> Text | None:
    """Read a text as it stands (the loader's reader also follows snippets, not needed here)."""
    return Text(node.text, reader.path, node.line) if isinstance(node, Scalar) else None


def read(cls: type, text: str) -> tuple[object, list[str]]:
    """Read `text` as a `cls`; return it and its problems as 'line: message'."""
    problems = Problems()
    root = parse_yaml(text, PATH, problems)
    assert root is not None
    value = SchemaReader(PATH, problems, {Text: plain_text}).read_object(cls, root, "")
    return value, [f"{p.line}: {p.message}" for p in problems]


FORLOEB = "gruppe: Ekstra bemanding\nfra: {fra}\ntil: {til}\ntekst: Vagter\n"


def test_a_period_of_a_history_that_ends_before_it_starts_is_refused_on_its_til_line() -> None:
    _, problems = read(Forloeb, FORLOEB.format(fra="2024-11-30", til="2024-11-15"))
    assert problems == ["3: 'til' (2024-11-15) ligger før 'fra' (2024-11-30). Byt om på dem."]


@pytest.mark.parametrize("til", ["2024-11-15", "2024-11-30"])
def test_a_period_of_a_history_may_last_one_day_or_more(til: str) -> None:
    forloeb, problems = read(Forloeb, FORLOEB.format(fra="2024-11-15", til=til))
    assert problems == []
    assert isinstance(forloeb, Forloeb)


def test_the_order_of_a_history_period_is_checked_inside_a_whole_bilag() -> None:
    text = (
        "type: historik\ntitel: Historik\nforloeb:\n"
        "  - {gruppe: A, fra: 2024-01-10, til: 2024-01-20, tekst: Godt}\n"
        "  - {gruppe: B, fra: 2024-03-10, til: 2024-02-20, tekst: Forkert}\n"
    )
    _, problems = read(Historik, text)
    assert problems == ["5: 'til' (2024-02-20) ligger før 'fra' (2024-03-10). Byt om på dem."]


BAROMETER = "type: tryghedsbarometer\ntitel: T\nperioder: [vinter 2024/25]\n"
ONE_PLACE = "Et tryghedsbarometer gælder enten en 'lokation' eller en 'bydel' – angiv én af dem."


@pytest.mark.parametrize(
    "places", ["", "lokation: Blågårdens Bibliotek\nbydel: Nørrebro\n"], ids=["none", "both"]
)
def test_a_barometer_names_a_location_or_a_district_not_neither_nor_both(places: str) -> None:
    _, problems = read(Tryghedsbarometer, BAROMETER + places)
    assert problems == [f"1: {ONE_PLACE}"]


@pytest.mark.parametrize("place", ["lokation: Blågårdens Bibliotek", "bydel: nørrebro"])
def test_a_barometer_with_one_place_is_read(place: str) -> None:
    barometer, problems = read(Tryghedsbarometer, BAROMETER + place + "\n")
    assert problems == []
    assert isinstance(barometer, Tryghedsbarometer)


def test_a_barometer_district_must_be_one_of_the_ten() -> None:
    _, problems = read(Tryghedsbarometer, BAROMETER + "bydel: Nørebro\n")
    assert len(problems) == 1
    assert problems[0].startswith("4: 'Nørebro' er ikke en bydel. Mente du 'Nørrebro'?")


DATASPOR = "punkter: [{titel: Fald, tekst: Faldt.}]\n"
ONE_TRAIL = (
    "Et dataspor handler om én 'lokation', nogle 'lokationer' eller én 'bydel' – angiv "
    "præcis én af dem, som stederne hedder i data."
)


@pytest.mark.parametrize(
    "places",
    [
        "",
        "lokation: A\nbydel: Nørrebro\n",
        "lokation: A\nlokationer: [B, C]\n",
        "lokationer: [B]\nbydel: Valby\n",
    ],
    ids=["none", "location-and-district", "location-and-locations", "locations-and-district"],
)
def test_a_data_trail_names_exactly_one_kind_of_place(places: str) -> None:
    _, problems = read(Dataspor, DATASPOR + places)
    assert problems == [f"1: {ONE_TRAIL}"]


@pytest.mark.parametrize("place", ["lokation: A", "lokationer: [A, B]", "bydel: Valby"])
def test_a_data_trail_with_one_kind_of_place_is_read(place: str) -> None:
    _, problems = read(Dataspor, DATASPOR + place + "\n")
    assert problems == []
