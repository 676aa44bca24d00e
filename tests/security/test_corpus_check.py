"""The checker on the adversarial corpus: what must build is accepted without a word; what
must be refused is refused, each payload with exactly its diagnostic code."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from evidencekit.diagnostics import Severity
from evidencekit.validate import check_project

sys.path.insert(0, str(Path(__file__).parent))
from corpus import CLASSES, FIELD_COUNT, write_buildable, write_rejected  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus that must build, written (tests/browser/test_security_corpus.py builds it)."""
    return write_buildable(tmp_path_factory.mktemp("corpus") / "project")


@pytest.fixture(scope="module")
def rejected(corpus, tmp_path_factory):
    """The corpus that must be refused, with the payloads the first one had to leave out."""
    return write_rejected(tmp_path_factory.mktemp("rejected") / "project", corpus)


def test_buildable_corpus_checks_clean(corpus):
    project = check_project(corpus.root)
    assert [d.format() for d in project.report.sorted()] == []
    assert len(corpus.accepted) > len(CLASSES) * (FIELD_COUNT - 4)
    assert sorted(c.path for c in project.claims) == sorted(corpus.claim_files)


def _lines(where: str) -> tuple[str, range | None]:
    """A payload's place: a file, or a BibTeX entry's lines ('references/library.bib:12-17')."""
    path, _, lines = where.partition(":")
    if not lines:
        return path, None
    first, _, last = lines.partition("-")
    return path, range(int(first), int(last or first) + 1)


def _at(where: str, diagnostics) -> set[str]:
    """Error codes reported for a payload's place."""
    path, lines = _lines(where)
    return {d.code for d in diagnostics
            if d.loc.path == path and (lines is None or d.loc.line in lines)}


def test_rejected_corpus_gives_each_payload_its_code(rejected):
    project = check_project(rejected.root)
    # A payload in an entry no claim cites is still found (`--format json` and `evidence refs
    # --lint` list it) but does not fail the check: nothing uncited is published.
    errors = [d for d in project.report.diagnostics + project.report.uncited
              if d.severity is Severity.ERROR]
    wrong = {p.marker: (p.field, p.rejected, sorted(_at(p.where, errors)), p.where)
             for p in rejected.payloads if _at(p.where, errors) != set(p.rejected.split("+"))}
    assert wrong == {}
    # ... and no error that no payload explains.
    unexplained = [d.format() for d in errors
                   if not any(d.code in _at(p.where, [d]) for p in rejected.payloads)]
    assert unexplained == []


def test_rejected_payloads_cover_every_pattern_checked_field(rejected):
    fields = {(p.kind, p.field) for p in rejected.payloads}
    assert {("claim", "tags"), ("claim", "evidence.cite"), ("claim", "id"), ("topic", "id"),
            ("topic", "source.url"), ("ref", "url"), ("ref", "doi"), ("ref", "key"),
            ("claim", "file"), ("topic", "file"), ("ref", "file"), ("claim", "alias"),
            ("claim", "tag")} <= fields
