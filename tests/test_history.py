"""history.py: when a claim's verdict or grade last changed, read from a real git repository.

Each test makes its own repository in tmp_path from the site_small fixture, with
commits dated by hand, so the dates asserted are the commits' and never the clock's.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from evidencekit import export, history
from evidencekit.history import Change, claim_history
from evidencekit.render.pages import Renderer
from evidencekit.validate import check_project
from gitrepo import commit, edit, git, needs_git, published

SITES = Path(__file__).parent / "sites"
CHAMOMILE = "content/topics/sleep/claims/chamomile.yml"

pytestmark = needs_git


@pytest.fixture
def repo(tmp_path) -> Path:
    """site_small in a git repository: added on 10 January, its grade lowered on 2 March 2026."""
    root = published(SITES / "site_small", tmp_path / "site")
    edit(root, CHAMOMILE, "grade: low", "grade: very-low")
    commit(root, "chamomile: the trials are too small for low certainty", "2026-03-02T09:30:00+00:00")
    return root


def test_a_grade_change_is_found_with_its_date_and_former_value(repo):
    found = claim_history(check_project(repo))
    chamomile = found[CHAMOMILE]
    assert chamomile.grade == Change("grade", "low", "very-low", dt.date(2026, 3, 2),
                                     chamomile.grade.commit)
    assert len(chamomile.grade.commit) == 40
    assert chamomile.verdict is None
    assert (chamomile.revisions, chamomile.since) == (2, dt.date(2026, 1, 10))
    other = found["content/topics/sleep/claims/valerian-mice.yml"]
    assert (other.revisions, other.since, other.changes) == (1, dt.date(2026, 1, 10), [])


def test_the_latest_of_several_changes_is_kept(repo):
    edit(repo, CHAMOMILE, "verdict: mixed", "verdict: unsupported")
    commit(repo, "chamomile: not enough evidence either way", "2026-04-01T08:00:00+00:00")
    edit(repo, CHAMOMILE, "verdict: unsupported", "verdict: contradicted")
    commit(repo, "chamomile: a large trial found no effect", "2026-05-05T08:00:00+00:00")
    chamomile = claim_history(check_project(repo))[CHAMOMILE]
    assert (chamomile.verdict.before, chamomile.verdict.after, chamomile.verdict.date) == (
        "unsupported", "contradicted", dt.date(2026, 5, 5))
    assert (chamomile.grade.before, chamomile.grade.date) == ("low", dt.date(2026, 3, 2))
    assert chamomile.revisions == 4


def test_an_uncommitted_change_has_no_date_so_none_is_shown(repo):
    edit(repo, CHAMOMILE, "grade: very-low", "grade: moderate")
    chamomile = claim_history(check_project(repo))[CHAMOMILE]
    assert chamomile.grade is None  # the card's grade is not the committed one
    (repo / "content/topics/sleep/claims/new-claim.yml").write_text(
        (repo / CHAMOMILE).read_text(encoding="utf-8"), encoding="utf-8")
    assert "content/topics/sleep/claims/new-claim.yml" not in claim_history(check_project(repo))


def test_a_renamed_claim_keeps_its_history(repo):
    git(repo, "mv", CHAMOMILE, "content/topics/sleep/claims/chamomile-tea.yml")
    edit(repo, "content/topics/sleep/topic.yml", "  - chamomile\n", "  - chamomile-tea\n")
    commit(repo, "rename", "2026-04-01T08:00:00+00:00")
    renamed = claim_history(check_project(repo))["content/topics/sleep/claims/chamomile-tea.yml"]
    assert (renamed.grade.before, renamed.grade.date, renamed.revisions) == (
        "low", dt.date(2026, 3, 2), 3)


def test_a_revision_that_does_not_parse_is_skipped(repo):
    (repo / CHAMOMILE).write_text("claim: [unclosed\n", encoding="utf-8")
    commit(repo, "broken", "2026-04-01T08:00:00+00:00")
    edit_back = (SITES / "site_small" / CHAMOMILE).read_text(encoding="utf-8")
    (repo / CHAMOMILE).write_text(edit_back.replace("grade: low", "grade: very-low"), encoding="utf-8")
    commit(repo, "fixed", "2026-04-02T08:00:00+00:00")
    chamomile = claim_history(check_project(repo))[CHAMOMILE]
    assert (chamomile.grade.before, chamomile.grade.date) == ("low", dt.date(2026, 3, 2))


def test_a_project_in_a_subfolder_of_the_repository(tmp_path):
    outer = tmp_path / "outer"
    shutil.copytree(SITES / "site_small", outer / "docs" / "site")
    git(outer, "init", "-q")
    commit(outer, "add", "2026-01-10T12:00:00+00:00")
    root = outer / "docs" / "site"
    edit(root, CHAMOMILE, "grade: low", "grade: very-low")
    commit(outer, "lower", "2026-02-01T12:00:00+00:00")
    assert claim_history(check_project(root))[CHAMOMILE].grade.date == dt.date(2026, 2, 1)


def test_git_runs_three_times_however_many_claims(repo, monkeypatch):
    calls = []
    real = subprocess.run
    monkeypatch.setattr(history.subprocess, "run", lambda args, **kw: calls.append(args) or real(args, **kw))
    claim_history(check_project(repo))
    assert [a[5] for a in calls] == ["rev-parse", "log", "cat-file"]


def test_without_git_or_outside_a_repository_there_is_no_history(repo, tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    shutil.copytree(SITES / "site_small", plain)
    assert claim_history(check_project(plain)) == {}
    monkeypatch.setattr(history.shutil, "which", lambda name: None)
    assert claim_history(check_project(repo)) == {}


def test_the_card_and_the_export_show_the_change(repo):
    project = check_project(repo)
    card = Renderer(project, today=dt.date(2026, 6, 1)).claim("sleep/chamomile")
    assert ('<p class="ek-claim__history">Certainty changed from <strong>Low</strong> to '
            '<strong>Very low</strong> on <time datetime="2026-03-02">2 March 2026</time>.</p>') in card
    unchanged = Renderer(project, today=dt.date(2026, 6, 1)).claim("sleep/valerian-mice")
    assert ("Verdict and certainty unchanged since "
            '<time datetime="2026-01-10">10 January 2026</time>.') in unchanged
    rows = {r["id"]: r for r in json.loads(export.to_json(export.records(project)))}
    assert {k: rows["chamomile"][k] for k in export.FIELDS[-5:]} == {
        "first_committed": "2026-01-10", "verdict_changed_on": None, "previous_verdict": None,
        "grade_changed_on": "2026-03-02", "previous_grade": "low"}


def test_without_history_the_card_shows_the_reviewed_date_alone(tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(SITES / "site_small", plain)
    card = Renderer(check_project(plain), today=dt.date(2026, 6, 1)).claim("sleep/chamomile")
    assert "ek-claim__history" not in card
    assert 'Evidence checked on <time datetime="2026-01-10">10 January 2026</time>' in card
