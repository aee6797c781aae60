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
