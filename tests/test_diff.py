"""`evidence diff BASE`: the claims added, removed or changed between a git revision and the
working tree, read by the same loader on both sides. Each test makes a real repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import main
from gitrepo import commit, edit, git, published

SITES = Path(__file__).parent / "sites"
CHAMOMILE = "content/topics/sleep/claims/chamomile.yml"
VALERIAN = "content/topics/sleep/claims/valerian-mice.yml"

if shutil.which("git") is None:  # git is part of what these tests check: fail, never skip
    pytest.fail("git is not installed; evidence diff needs it", pytrace=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return published(SITES / "site_small", tmp_path / "repo")


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["diff", *args, "--root", str(root)])


def test_no_change(repo):
    result = run(repo, "HEAD")
    assert result.exit_code == 0, result.output
    assert result.output == "No claim changed since HEAD.\n"
    assert run(repo, "HEAD", "--format", "markdown").output == (
        "### Evidence changes since `HEAD`\n\nNo claim was added, removed or changed.\n")


def test_verdict_certainty_sources_and_caveats_before_and_after(repo):
    edit(repo, CHAMOMILE, "verdict: mixed\ngrade: low", "verdict: supported\ngrade: moderate")
    edit(repo, CHAMOMILE, "  - cite: survey2020users\n    stance: context\n", "")
    edit(repo, CHAMOMILE, "  - cite: mouse2015study\n    stance: context",
         "  - cite: mouse2015study\n    stance: supports")
    edit(repo, CHAMOMILE, "  - Chamomile can interact with blood thinners.",
         "  - Chamomile can interact with warfarin.")
    edit(repo, CHAMOMILE, "reviewed: 2026-01-10", "reviewed: 2026-11-30")
    result = run(repo, "HEAD")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "sleep: Sleep and chamomile",
        "  ~ sleep/chamomile changed",
        "      verdict mixed -> supported",
        "      certainty low -> moderate",
        "      sources removed 'survey2020users'",
        "      stance of 'mouse2015study' context -> supports",
        "      caveats added 'Chamomile can interact with warfarin.'",
        "      caveats removed 'Chamomile can interact with blood thinners.'",
        "      also changed: reviewed",
        "1 claim added, removed or changed in 1 topic since HEAD"]


def test_added_and_removed_claims_and_a_committed_base(repo):
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / VALERIAN).unlink()
    new = repo / "content/topics/sleep/claims/lavender.yml"
    new.write_text((SITES / "site_small" / VALERIAN).read_text(encoding="utf-8"), encoding="utf-8")
    edit(repo, "content/topics/sleep/topic.yml", "  - valerian-mice", "  - lavender")
    commit(repo, "valerian becomes lavender", "2026-02-01T12:00:00+00:00")
    edit(repo, CHAMOMILE, "summary: Chamomile may", "summary: Chamomile might")
    result = run(repo, base[:10], "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith(f"### Evidence changes since `{base[:10]}`\n\n**`sleep`** `Sleep and chamomile`\n")
    lines = [line for line in text.splitlines() if line.startswith(("- ", "  - "))]
    assert lines[:2] == ["- **changed** `sleep/chamomile`", "  - also changed: summary"]
    assert lines[2:4] == ["- **added** `sleep/lavender`", "  - verdict unsupported"]
    assert "- **removed** `sleep/valerian-mice`" in lines
    # committed changes count too: HEAD~1 differs from the working tree by both commits' work
    assert "sleep/lavender added\n" in run(repo, "HEAD~1").output
    assert "sleep/lavender" not in run(repo, "HEAD").output


def test_a_new_topic_and_a_project_that_did_not_exist(tmp_path, repo):
    shutil.copytree(repo / "content/topics/sleep", repo / "content/topics/tea")
    for path in (repo / "content/topics/tea/claims").iterdir():
        path.rename(path.with_name("tea-" + path.name))
    edit(repo, "content/topics/tea/topic.yml", "  - chamomile\n  - valerian-mice",
         "  - tea-chamomile\n  - tea-valerian-mice")
    text = run(repo, "HEAD").output
    assert "tea: Sleep and chamomile (new topic)\n  + tea/tea-chamomile added\n      verdict mixed\n" \
           "      certainty low\n      sources 'adib2019sleep' (supports)" in text
    # an empty first commit: every claim is new
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    git(fresh, "init", "-q")
    git(fresh, "commit", "-q", "--allow-empty", "-m", "start")
    shutil.copytree(SITES / "site_small", fresh / "site")
    result = run(fresh / "site", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("2 claims added, removed or changed in 1 topic since HEAD\n")


def test_markdown_never_carries_markup_from_content(repo):
    edit(repo, CHAMOMILE, "  - Chamomile can interact with blood thinners.",
         "  - \"`@maintainers` [click](https://evil.example) <img src=x onerror=alert(1)>\"")
    text = run(repo, "HEAD", "--format", "markdown").output
    assert ("caveats added `'@maintainers' [click](https://evil.example) <img src=x "
            "onerror=alert(1)>`") in text


@pytest.mark.parametrize("revision, message", [
    ("no-such-branch", "'no-such-branch' is not a commit of this repository"),
    ("HEAD~5", "'HEAD~5' is not a commit of this repository"),
])
def test_an_unknown_revision_is_a_usage_error(repo, revision, message):
    result = run(repo, revision)
    assert result.exit_code == 2
    assert message in result.stderr


def test_outside_git_is_a_usage_error(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITES / "site_small", root)
    result = run(root, "HEAD")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr


def test_a_project_in_a_sub_folder_of_the_repository(tmp_path):
    top = tmp_path / "top"
    top.mkdir()
    shutil.copytree(SITES / "site_small", top / "docs-site")
    git(top, "init", "-q")
    commit(top, "add the site", "2026-01-10T12:00:00+00:00")
    edit(top / "docs-site", CHAMOMILE, "grade: low", "grade: very-low")
    result = run(top / "docs-site", "HEAD", "-o", str(tmp_path / "diff.txt"))
    assert result.exit_code == 0 and result.output == ""
    assert "certainty low -> very-low" in (tmp_path / "diff.txt").read_text(encoding="utf-8")
