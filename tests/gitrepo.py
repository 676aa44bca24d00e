"""Temporary git repositories with pinned dates, for the tests of history and corrections.

Git is part of what these tests check: where it is missing they skip on a
developer's machine and fail in CI (CI=true), never pass unseen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

needs_git = pytest.mark.skipif(shutil.which("git") is None and not os.environ.get("CI"),
                               reason="git is not installed")


def git(root: Path, *args: str, date: str = "2026-01-10T12:00:00+00:00") -> str:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org",
                           "-c", "commit.gpgsign=false", *args],
                          cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(root: Path, message: str, date: str) -> str:
    """Commit everything in the work tree on `date`; the new commit's hash."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD").strip()


def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in a file of the repository."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def published(fixture: Path, root: Path, date: str = "2026-01-10T12:00:00+00:00") -> Path:
    """A fixture project copied to `root` and committed once, on `date`."""
    shutil.copytree(fixture, root, ignore=shutil.ignore_patterns("site", "site.*"))
    git(root, "init", "-q")
    commit(root, "add the sleep topic", date)
    return root
