"""A stable share of the notes for each runner of a CI matrix."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.collect import gather
from reportgen.names import slug
from reportgen.project import Project
from reportgen.shard import BadShard, Shard

from conftest import FIXTURES, make_project, run_reportgen

NAMES = [
    f"{place}-{year}"
    for place in ("vesterbro", "nørrebro", "valby", "amager")
    for year in range(2020, 2030)
]


@pytest.mark.parametrize("antal", [1, 2, 3, 7])
def test_every_note_is_in_exactly_one_share(antal: int) -> None:
    shares = [Shard(nummer, antal) for nummer in range(1, antal + 1)]
    for name in NAMES:
        assert sum(share.rummer(name) for share in shares) == 1, name
    if antal > 1:  # and the shares are shared out, not all in one
        assert all(any(share.rummer(name) for name in NAMES) for share in shares)


def test_a_notes_share_depends_on_its_name_alone() -> None:
    share = Shard(2, 3)
    before = {name for name in NAMES if share.rummer(name)}
    # Another note added, or the notes listed in another order: no note moves.
    after = {name for name in [*reversed(NAMES), "ny-note"] if share.rummer(name)}
    assert after - {"ny-note"} == before


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2", "Skriv --shard K/N"),
        ("a/3", "Skriv --shard K/N"),
        ("0/3", "fra 1 til N (her 1 til 3)"),
        ("4/3", "fra 1 til N (her 1 til 3)"),
        ("1/0", "N i --shard K/N skal være mindst 1"),
    ],
)
def test_a_share_that_does_not_exist_is_refused(text: str, said: str) -> None:
    with pytest.raises(BadShard, match=said.replace("(", r"\(").replace(")", r"\)")):
        Shard.parse(text)


def test_the_command_line_refuses_a_bad_share_in_danish(tmp_path: Path) -> None:
    make_project(tmp_path, example=False)
    result = run_reportgen(tmp_path, "build", "--shard", "4/3")
    assert result.returncode == 2
    assert "Andel 4 af 3 findes ikke" in result.stderr
    assert "Traceback" not in result.stderr


def test_three_shares_build_every_note_once_and_gather_into_the_full_build(
    tmp_path: Path,
) -> None:
    def project(folder: str) -> Project:
        made = make_project(tmp_path / folder, example=False)
        for name in NAMES_BUILT:
            (made.content_dir / f"{name}.yaml").write_text(_minimal(name), encoding="utf-8")
        return made

    shares = []
    for nummer in (1, 2, 3):
        share = project(f"andel-{nummer}")
        built = [note.name for note in build(share, [], shard=Shard(nummer, 3))]
        on_disk = [p.name for p in share.build_dir.iterdir() if not p.name.startswith(".")]
        assert sorted(on_disk) == built
        shares.append((share.build_dir, built))
    assert sorted(name for _, built in shares for name in built) == NAMES_BUILT
    assert all(built for _, built in shares)  # six notes, and each runner got some

    full = project("hel")
    build(full, [])
    gathered = tmp_path / "samlet"
    gather([folder for folder, _ in shares], gathered)
    assert _manifests(gathered) == _manifests(full.build_dir)
    assert len(_manifests(gathered)) == len(NAMES_BUILT)


NAMES_BUILT = ["a", "b", "c", "d", "e", "f"]


def _manifests(build_dir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(build_dir)): path.read_bytes()
        for path in sorted(build_dir.rglob("manifest.json"))
    }


def _minimal(name: str) -> str:
    text = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    return text.replace("titel: Et lille notat", f"titel: Notat {name}")


LIBRARIES = [
    "Blågårdens Bibliotek",
    "Husum Bibliotek",
    "Valby Bibliotek",
    "Sundby Bibliotek",
    "Enghave Bibliotek",
    "Vanløse Bibliotek",
]


@pytest.mark.parametrize("key", ["for_hver:", '"for_hver":'])  # YAML lets the key be quoted
def test_the_values_of_a_for_hver_note_are_shared_out_one_by_one(tmp_path: Path, key: str) -> None:
    text = (FIXTURES / "forhver.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "lokation: [Blågårdens Bibliotek, Husum Bibliotek]", f"lokation: [{', '.join(LIBRARIES)}]"
    ).replace("\nfor_hver:", f"\n{key}")
    shares = []
    for nummer in (1, 2, 3):
        project = make_project(tmp_path / str(nummer), notes={"hver": text}, example=False)
        shares.append(
            (project.build_dir, [n.name for n in build(project, [], shard=Shard(nummer, 3))])
        )
    names = sorted(name for _, built in shares for name in built)
    assert names == sorted(f"hver-{slug(lokation)}" for lokation in LIBRARIES)
    assert sum(1 for _, built in shares if built) >= 2  # spread out, not all on one runner
    full = make_project(tmp_path / "hel", notes={"hver": text}, example=False)
    build(full, [])
    gather([folder for folder, built in shares if built], tmp_path / "samlet")
    assert _manifests(tmp_path / "samlet") == _manifests(full.build_dir)


def test_a_built_for_hver_note_tells_each_share_only_its_own_values(tmp_path: Path) -> None:
    text = (FIXTURES / "forhver.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "lokation: [Blågårdens Bibliotek, Husum Bibliotek]", f"lokation: [{', '.join(LIBRARIES)}]"
    )
    project = make_project(tmp_path, notes={"hver": text}, example=False)
    build(project, [])  # every value built, as a build/ restored from a full build has them
    told = [[n.name for n in build(project, [], shard=Shard(k, 3))] for k in (1, 2, 3)]
    assert sorted(name for names in told for name in names) == sorted(
        f"hver-{slug(lokation)}" for lokation in LIBRARIES
    )
