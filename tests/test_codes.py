"""Every diagnostic code is registered, explained, emitted somewhere and exercised by a test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import main
from evidencekit.codes import CODES

SRC = Path(__file__).parents[1] / "src" / "evidencekit"
TESTS = Path(__file__).parent
FAMILIES = "file|yaml|schema|date|claim|topic|citation|bib|grade|verdict|evidence|reviewed|summary"
CODE_LITERAL = re.compile(rf"""["']((?:{FAMILIES})\.(?!ya?ml["'])[a-z][a-z-]*)["']""")


def codes_in(paths) -> set[str]:
    found: set[str] = set()
    for path in paths:
        found |= set(CODE_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_the_package_emits_is_registered():
    emitted = codes_in(p for p in SRC.rglob("*.py") if p.name != "codes.py")
    assert emitted - set(CODES) == set()


def test_every_registered_code_is_emitted_somewhere():
    emitted = codes_in(p for p in SRC.rglob("*.py") if p.name != "codes.py")
    assert set(CODES) - emitted == set()


def test_every_code_is_exercised_by_a_fixture_or_a_test():
    texts = list(TESTS.glob("sites/*/expected.txt")) + [p for p in TESTS.rglob("test_*.py")
                                                         if p.name != "test_codes.py"]
    seen = codes_in(texts) | {m for p in TESTS.glob("sites/*/expected.txt")
                              for m in re.findall(r"\[([a-z]+\.[a-z-]+)\]:", p.read_text())}
    assert set(CODES) - seen == set()


@pytest.mark.parametrize("code", sorted(CODES))
def test_explain_documents_every_code(code):
    entry = CODES[code]
    assert entry.title and entry.explanation and entry.fix
    result = CliRunner().invoke(main, ["explain", code])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{code}: {entry.title}\n")
    assert entry.fix in result.stdout


def test_explain_unknown_code_suggests_the_closest():
    result = CliRunner().invoke(main, ["explain", "grade.celing"])
    assert result.exit_code == 2
    assert "did you mean 'grade.ceiling'" in result.stderr
