"""Each folder under tests/sites/ with an expected.txt is a tiny project and the exact
output `evidence check` must print for it.

expected.txt holds the command on its first line ("$ evidence check --strict"), the exit
code on the second ("exit 1"), then the exact standard output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import main

SITES = Path(__file__).parent / "sites"
CASES = sorted(p.parent.name for p in SITES.glob("*/expected.txt"))


def parse_expected(path: Path) -> tuple[list[str], int, str]:
    command, exit_line, *output = path.read_text(encoding="utf-8").split("\n")
    words = command.split()
    assert words[:3] == ["$", "evidence", "check"], command
    assert exit_line.startswith("exit "), exit_line
    return words[3:], int(exit_line.split()[1]), "\n".join(output)


@pytest.mark.parametrize("name", CASES)
def test_check_output(name: str) -> None:
    args, code, output = parse_expected(SITES / name / "expected.txt")
    result = CliRunner().invoke(main, ["check", str(SITES / name), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert (result.stdout + result.stderr) == output
    assert result.exit_code == code


def test_every_fixture_folder_has_an_expectation_or_is_used_elsewhere() -> None:
    assert len(CASES) >= 30
