"""Every `evidence` command and option is documented, and its --help is complete.

In the manner of sqlite-utils' and datasette's test_docs.py: the click command
tree is walked, so a new command or option without documentation fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from evidencekit.cli import main

REPO = Path(__file__).resolve().parent.parent
DOCS = ("README.md", "CONTRIBUTING.md")


def docs_text() -> str:
    return "\n".join((REPO / name).read_text(encoding="utf-8") for name in DOCS)


def flat(text: str) -> str:
    """Markdown prose with line breaks and table pipes as single spaces."""
    return " ".join(text.replace("\\|", "|").split())


def walk(command: click.Command, path: tuple[str, ...] = ()):
    """(path, command) for the group and every command under it, depth first."""
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from walk(command.commands[name], path + (name,))


COMMANDS = list(walk(main))
SUBCOMMANDS = [(path, cmd) for path, cmd in COMMANDS if path]
OPTIONS = sorted({(path, flag) for path, cmd in COMMANDS for p in cmd.params
                  if isinstance(p, click.Option) for flag in p.opts + p.secondary_opts})


def _id(value) -> str:
    return " ".join(value) if isinstance(value, tuple) else str(value)


def test_the_tree_holds_the_commands_this_test_was_written_for():
    names = {" ".join(path) for path, _ in SUBCOMMANDS}
    assert {"check", "explain", "schema", "new", "new claim", "new topic", "refs"} <= names


@pytest.mark.parametrize("path", [p for p, _ in SUBCOMMANDS], ids=_id)
def test_every_command_is_documented(path):
    assert f"evidence {' '.join(path)}" in flat(docs_text())


@pytest.mark.parametrize("path, flag", OPTIONS, ids=lambda v: _id(v))
def test_every_option_is_documented(path, flag):
    assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", docs_text()), \
        f"`{flag}` of `evidence {' '.join(path)}` is in neither README.md nor CONTRIBUTING.md"


@pytest.mark.parametrize("path, cmd", SUBCOMMANDS, ids=lambda v: _id(v) if isinstance(v, tuple) else "")
def test_every_argument_appears_with_its_command(path, cmd):
    """`evidence refs [KEY]`: each argument's metavar (or each choice) is written beside the
    command in at least one place."""
    prefix = f"evidence {' '.join(path)}"
    text = flat(docs_text())
    spots = [m.start() for m in re.finditer(re.escape(prefix), text)]
    for param in cmd.params:
        if not isinstance(param, click.Argument):
            continue
        if isinstance(param.type, click.Choice):
            words = list(param.type.choices)
        else:
            words = [param.metavar or param.name.upper()]
        for word in words:
            assert any(word in text[s: s + len(prefix) + 40] for s in spots), \
                f"`{prefix}` is never documented with its argument {word}"


@pytest.mark.parametrize("path, cmd", COMMANDS, ids=lambda v: _id(v) if isinstance(v, tuple) else "")
def test_help_exits_0_with_a_description(path, cmd):
    for flag in ("--help", "-h"):
        result = CliRunner().invoke(main, [*path, flag])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Usage: ")
    description = (cmd.help or "").strip()
    assert description, f"`evidence {' '.join(path)}` has no description"
    first = description.splitlines()[0]
    assert first in result.stdout
    for param in cmd.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            assert (param.help or "").strip(), f"{param.opts} of {path} has no help text"


def test_version_prints_the_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert re.search(r"\d+\.\d+", result.stdout)
