"""history.all_changes and the corrections page, from a real git repository.

The repository is made in tmp_path from the site_small fixture with commits dated by
hand, so every date asserted is a commit's and never the clock's.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from evidencekit import history
from evidencekit.definitions import VERDICT
from evidencekit.history import Correction, all_changes
from evidencekit.render.corrections import contact_view, corrections_page
from evidencekit.render.environment import make_environment
from evidencekit.render.pages import Renderer
from evidencekit.validate import check_project
from gitrepo import commit, edit, needs_git, published

SITES = Path(__file__).parent / "sites"
CHAMOMILE = "content/topics/sleep/claims/chamomile.yml"

pytestmark = needs_git


@pytest.fixture
def repo(tmp_path) -> Path:
    """site_small published on 10 January 2026; chamomile's verdict changed twice since."""
    root = published(SITES / "site_small", tmp_path / "site")
    return root


def change_verdict_twice(repo: Path) -> tuple[str, str]:
    edit(repo, CHAMOMILE, "verdict: mixed", "verdict: unsupported")
    first = commit(repo, "chamomile: not enough evidence either way", "2026-03-02T09:30:00+00:00")
    edit(repo, CHAMOMILE, "verdict: unsupported", "verdict: lacks-context")
    edit(repo, CHAMOMILE, "grade: low", "grade: very-low")
    second = commit(repo, "chamomile: true only for older adults", "2026-05-05T08:00:00+00:00")
    return first, second


def titles(claim) -> str:
    """A stand-in for the renderer's verdict-first title."""
    return f"{VERDICT[claim.verdict].label}: “{claim.claim}”"


def hrefs(claim) -> str:
    return f"../topics/{claim.topic}/{claim.id}/"


def test_every_change_is_listed_newest_first(repo):
    first, second = change_verdict_twice(repo)
    found = all_changes(check_project(repo))
    assert found == [
        Correction(dt.date(2026, 5, 5), "sleep", "chamomile", CHAMOMILE, "verdict",
                   "unsupported", "lacks-context", second),
        Correction(dt.date(2026, 5, 5), "sleep", "chamomile", CHAMOMILE, "grade",
                   "low", "very-low", second),
        Correction(dt.date(2026, 3, 2), "sleep", "chamomile", CHAMOMILE, "verdict",
                   "mixed", "unsupported", first),
    ]
    assert found[0].short == second[:7]


def test_a_rebuild_lists_the_same_changes_and_ignores_the_working_tree(repo):
    change_verdict_twice(repo)
    before = all_changes(check_project(repo))
    edit(repo, CHAMOMILE, "verdict: lacks-context", "verdict: mixed")  # not committed
    assert all_changes(check_project(repo)) == before


def test_git_runs_three_times_however_many_claims(repo, monkeypatch):
    change_verdict_twice(repo)
    calls = []
    real = subprocess.run
    monkeypatch.setattr(history.subprocess, "run", lambda args, **kw: calls.append(args) or real(args, **kw))
    all_changes(check_project(repo))
    assert [a[5] for a in calls] == ["rev-parse", "log", "cat-file"]


def test_the_cards_and_the_corrections_page_share_one_reading_of_git(repo, monkeypatch):
    change_verdict_twice(repo)
    project = check_project(repo)
    calls = []
    real = subprocess.run
    monkeypatch.setattr(history.subprocess, "run", lambda args, **kw: calls.append(args) or real(args, **kw))
    renderer = Renderer(project, today=dt.date(2026, 6, 1))
    assert renderer.history  # the cards' "last changed" lines
    assert "Mixed" in str(renderer.corrections_page().html)
    assert [a[5] for a in calls] == ["rev-parse", "log", "cat-file"]


def test_without_git_or_a_repository_there_are_no_changes(repo, tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    shutil.copytree(SITES / "site_small", plain)
    assert all_changes(check_project(plain)) == []
    assert all_changes(check_project(repo)) == []  # published, never changed
    monkeypatch.setattr(history.shutil, "which", lambda name: None)
    change_verdict_twice(repo)
    assert all_changes(check_project(repo)) == []


def test_the_page_lists_each_change_with_labels_not_slugs(repo):
    change_verdict_twice(repo)
    project = check_project(repo)
    html = corrections_page(make_environment(), project, all_changes(project), titles, hrefs,
                            contact="corrections@example.org")
    assert html.startswith('<h1 id="ek_top">Corrections and changes</h1>')
    assert ('tell the editors: <a href="mailto:corrections@example.org">corrections@example.org'
            '</a>. Say which page') in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 3
    assert ('<td><time datetime="2026-05-05">5 May 2026</time></td>\n'
            '<td><a href="../topics/sleep/chamomile/">Lacks context: “Chamomile tea helps you fall '
            'asleep.”</a> <span class="ek-corrections__topic">(Sleep and chamomile)</span></td>\n'
            '<td>Verdict: Unsupported → Lacks context') in rows[0]
    assert "<td>Certainty: Low → Very low" in rows[1]
    assert "<td>Verdict: Mixed → Unsupported" in rows[2]
    assert "lacks-context</" not in html and "very-low" not in html


def test_without_changes_the_page_says_so(repo):
    project = check_project(repo)
    html = corrections_page(make_environment(), project, all_changes(project), titles, hrefs)
    assert '<p class="ek-corrections__none">No verdict or certainty has changed since publication.</p>' in html
    assert "<table" not in html
    assert "tell the editors. Say which page" in html  # no contact set: no dangling colon


def test_a_hostile_contact_and_title_are_escaped(repo):
    change_verdict_twice(repo)
    project = check_project(repo)
    html = corrections_page(make_environment(), project, all_changes(project),
                            lambda c: '<img src=x onerror=alert(1)>', lambda c: "javascript:x",
                            contact='<script>alert(1)</script>')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("contact, href", [
    ("editors@example.org", "mailto:editors@example.org"),
    ("https://github.com/example/site/issues", "https://github.com/example/site/issues"),
    ("Open an issue in the repository.", None),
    ("javascript:alert(1)", None),
])
def test_the_contact_is_linked_only_when_it_is_one_address(contact, href):
    assert contact_view(contact).href == href
