"""Hidden files and editors' leftovers are skipped by the checker, the plugin and the
lost-claims count (the fixture's expected output, "0 errors, 0 warnings", is checked
by test_check_sites)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from evidencekit.validate import check_project

SITE = Path(__file__).parent / "sites" / "editor_files_ignored"
LEFTOVERS = [
    "content/.DS_Store", "content/.draft.md", "content/index.md.bak", "content/index.md~",
    "content/topics/.DS_Store", "content/topics/.trash/topic.yml",
    "content/topics/sleep/.topic.yml.swp", "content/topics/sleep/topic.yml.bak",
    "content/topics/sleep/topic.yml~", "content/topics/sleep/claims/#chamomile.yml#",
    "content/topics/sleep/claims/.DS_Store", "content/topics/sleep/claims/.chamomile.yml.swp",
    "content/topics/sleep/claims/.hidden.yml", "content/topics/sleep/claims/chamomile.yml.bak",
    "content/topics/sleep/claims/chamomile.yml~", "references/.DS_Store",
    "references/.library.bib", "references/.old/library.bib", "references/library.bib.bak",
    "references/library.bib~",
]


def test_the_fixture_holds_every_kind_of_leftover():
    # A clone or a global gitignore that dropped them would make the fixture pass vacuously.
    missing = [name for name in LEFTOVERS if not (SITE / name).is_file()]
    assert missing == []


def test_leftovers_are_not_claims_nor_references():
    project = check_project(SITE)
    assert project.claim_files == ["content/topics/sleep/claims/chamomile.yml"]
    assert [t.id for t in project.topics] == ["sleep"]
    assert project.library.files == ["references/library.bib"]


def test_the_site_publishes_no_leftover_and_counts_one_claim(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITE, root, ignore=shutil.ignore_patterns("expected.txt"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "out"],
                           cwd=root, capture_output=True, text=True, env=env, timeout=300)
    assert build.returncode == 0, build.stderr
    published = {p.relative_to(root / "out").as_posix() for p in (root / "out").rglob("*")}
    assert "index.html" in published and "topics/sleep/chamomile/index.html" in published
    leftovers = sorted(p for p in published
                       if any(part.startswith((".", "#")) or part.endswith(("~", ".bak", ".swp"))
                              for part in p.split("/")))
    assert leftovers == []
