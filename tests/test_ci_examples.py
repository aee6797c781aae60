"""The CI examples for the users' content repository run the three commands and keep the output."""

import yaml

from conftest import REPO


def test_github_actions_checks_diffs_and_builds_drafts_and_keeps_them() -> None:
    workflow = yaml.safe_load((REPO / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["udkast"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    order = [
        runs.index(c) for c in ("reportgen check", "reportgen diff", "reportgen build --draft")
    ]
    assert order == sorted(order)  # diff compares with the last build before this one replaces it
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert "build/aendringer.txt" in upload["with"]["path"]
    assert "build/*/*.pdf" in upload["with"]["path"]
    assert any(s.get("uses", "").startswith("actions/cache") for s in steps)


def test_gitlab_ci_checks_diffs_and_builds_drafts_and_keeps_them() -> None:
    job = yaml.safe_load((REPO / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))["udkast"]
    script = "\n".join(job["script"])
    order = [
        script.index(c) for c in ("reportgen check", "reportgen diff", "reportgen build --draft")
    ]
    assert order == sorted(order)
    assert "build/aendringer.txt" in job["artifacts"]["paths"]
    assert "build/" in job["cache"]["paths"]


def test_github_actions_matrix_builds_shares_on_runners_and_gathers_them_in_a_last_job() -> None:
    workflow = yaml.safe_load(
        (REPO / "ci" / "github-actions-matrix.yml").read_text(encoding="utf-8")
    )
    jobs = workflow["jobs"]
    assert "reportgen check" in _runs(jobs["tjek"]["steps"])
    byg = jobs["byg"]
    assert byg["needs"] == "tjek"
    shards = byg["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) > 1
    # N is the matrix's own size, so adding a runner cannot leave a share unbuilt.
    total = "${{ strategy.job-total }}"
    building = f"reportgen build --draft --shard ${{{{ matrix.shard }}}}/{total}"
    assert building in _runs(byg["steps"])
    cache = _step(byg["steps"], "actions/cache")["with"]
    assert "${{ matrix.shard }}" in cache["key"] and total in cache["key"]
    assert all(
        "${{ matrix.shard }}" in k and total in k for k in cache["restore-keys"].splitlines()
    )
    upload = _step(byg["steps"], "actions/upload-artifact")["with"]
    assert upload["name"] == "build-${{ matrix.shard }}" and upload["path"] == "build/"

    samle = jobs["samle"]
    assert samle["needs"] == "byg"
    runs = _runs(samle["steps"])
    download = _step(samle["steps"], "actions/download-artifact")["with"]
    assert download["pattern"] == "build-*" and "merge-multiple" not in download
    # Each artifact in its own folder, named as the runner's upload named it.
    gathering = f"reportgen samle {download['path']}/{download['pattern']}"
    assert runs.index("reportgen diff") < runs.index(gathering)
    assert "reportgen build" not in runs
    kept = _step(samle["steps"], "actions/upload-artifact")["with"]["path"].split()
    assert {"build/index.html", "build/aendringer.txt", "build/**/*.pdf"} <= set(kept)
    assert "samlet" in _step(samle["steps"], "actions/cache")["with"]["key"]


def test_gitlab_ci_matrix_builds_shares_in_parallel_jobs_and_gathers_them_in_a_last_job() -> None:
    pipeline = yaml.safe_load((REPO / "ci" / "gitlab-ci-matrix.yml").read_text(encoding="utf-8"))
    assert pipeline["stages"] == ["tjek", "byg", "samle"]
    assert pipeline["tjek"]["script"] == ["reportgen check"]
    byg = pipeline["byg"]
    assert byg["stage"] == "byg" and byg["parallel"] > 1
    script = "\n".join(byg["script"])
    assert "reportgen build --draft --shard $CI_NODE_INDEX/$CI_NODE_TOTAL" in script
    assert "$CI_NODE_INDEX" in byg["cache"]["key"] and "$CI_NODE_TOTAL" in byg["cache"]["key"]
    # Artifacts unpack at their own paths: each job's build/ must lie in a folder of its own.
    assert "cp -r build runnere/$CI_NODE_INDEX" in script
    assert byg["artifacts"]["paths"] == ["runnere/"]

    samle = pipeline["samle"]
    assert samle["stage"] == "samle" and samle["needs"] == ["byg"]
    script = "\n".join(samle["script"])
    assert script.index("reportgen diff") < script.index("reportgen samle runnere/*")
    assert {"build/index.html", "build/aendringer.txt", "build/**/*.pdf"} <= set(
        samle["artifacts"]["paths"]
    )
    assert samle["cache"]["paths"] == ["build/"] and "samlet" in samle["cache"]["key"]


def _runs(steps: list[dict]) -> str:
    return "\n".join(step.get("run", "") for step in steps)


def _step(steps: list[dict], action: str) -> dict:
    (found,) = [s for s in steps if s.get("uses", "").startswith(action)]
    return found
