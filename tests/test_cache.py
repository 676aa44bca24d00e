"""The library cache: an unchanged .bib is parsed once per process, and reports the same."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import bibtexparser
import pytest

from evidencekit import cache
from evidencekit.validate import check_project

SITES = Path(__file__).parent / "sites"


@pytest.fixture
def parses(monkeypatch):
    cache.clear()
    calls = []
    real = bibtexparser.parse_string
    monkeypatch.setattr(bibtexparser, "parse_string",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    yield calls
    cache.clear()


def test_unchanged_bib_is_parsed_once_and_its_diagnostics_replayed(tmp_path, parses):
    root = tmp_path / "site"
    shutil.copytree(SITES / "site_small", root, ignore=shutil.ignore_patterns("site"))
    with open(root / "references/library.bib", "a") as f:
        f.write("@misc{unused2020, title = {Nobody cites this}, design = {other}}\n")
    first = check_project(root).report.format()
    second = check_project(root).report.format()
    assert len(parses) == 1
    assert second == first
    assert "1 reference is not cited\n0 errors" in second


def test_a_same_size_rewrite_is_seen_even_within_the_clock_tick(tmp_path, parses):
    root = tmp_path / "site"
    shutil.copytree(SITES / "site_small", root, ignore=shutil.ignore_patterns("site"))
    bib = root / "references/library.bib"
    bib.write_text(bib.read_text())  # written just now, as an editor saves it
    check_project(root)
    stat = bib.stat()
    bib.write_text(bib.read_text().replace("Herbal tea use", "Herbal tea USE"))
    os.utime(bib, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time
    project = check_project(root)
    assert len(parses) == 2
    assert project.library.entries["survey2020users"].fields["title"] == "Herbal tea USE among adults"
