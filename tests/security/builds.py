"""Builds of the site_small fixture for the security tests: a copy to change, a last good
site, and a build that must fail leaving that site as it was, byte for byte."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

SMALL = Path(__file__).parents[1] / "sites" / "site_small"
EPOCH = "1780272000"  # 2026-06-01, as tests/test_site_build


def run_build(root: Path, site_dir: Path) -> None:
    build(load_config(config_file=str(root / "mkdocs.yml"), strict=True, site_dir=str(site_dir)))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_small(tmp_path: Path) -> Path:
    """site_small as a project in tmp_path/project, to be changed by a test."""
    root = tmp_path / "project"
    shutil.copytree(SMALL, root, ignore=shutil.ignore_patterns("site", "site.*"))
    return root


def build_good_site(tmp_path_factory) -> Path:
    """site_small built once (for a module-scoped fixture); each test copies it."""
    base = tmp_path_factory.mktemp("good")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        run_build(SMALL, base / "site")
    return base / "site"


def failed_build_errors(root: Path, good_site: Path, tmp_path: Path, caplog) -> list[str]:
    """Build `root` over a copy of the last good site: the build must stop, leave that site
    byte for byte and no half-built folder; the errors it logged."""
    site = tmp_path / "out" / "site"
    shutil.copytree(good_site, site)
    before = snapshot(site)
    caplog.clear()
    with caplog.at_level(logging.INFO), pytest.raises(Abort):
        run_build(root, site)
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no half-built folder
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
