"""`evidence refs`: the reference library from the command line.

`evidence refs` lists the library, `evidence refs KEY` shows one entry and the
claims citing it; subcommands (`evidence refs add …`) work on the library. A
first argument that is not a subcommand is a KEY, so the listing and the
subcommands share one name as editors expect.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_support import ROOT, fail_config
from .config import ConfigError


class RefsGroup(click.Group):
    """A group whose unknown first word is the KEY argument, not an unknown command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        taking_value = {name for param in self.params if isinstance(param, click.Option)
                        and not param.is_flag for name in param.opts}
        # An option whose value is optional (--lint [FILE]) takes the next word only when it
        # is not an option itself.
        optional = {name for param in self.params if isinstance(param, click.Option)
                    and getattr(param, "_flag_needs_value", False) for name in param.opts}
        index, skip = None, False
        for i, arg in enumerate(args):
            if skip and not (skip in optional and arg.startswith("-")):
                skip = False
            elif arg == "--":
                break
            elif arg.startswith("-"):
                skip = arg if arg in taking_value else False
            else:
                index = i
                break
        if index is not None and args[index] not in self.commands:
            ctx.meta["evidence.refs.key"] = args[index]
            args = args[:index] + args[index + 1:]
            extra = [a for a in args if not a.startswith("-")]
            if len(extra) > sum(1 for a in args if a in taking_value):
                ctx.fail("give one KEY at most")
        return super().parse_args(ctx, args)


def _fail(message: str) -> None:
    click.echo(f"evidence: {message}", err=True)
    sys.exit(2)


@click.group(cls=RefsGroup, invoke_without_command=True, subcommand_metavar="[KEY | COMMAND ...]",
             short_help="List references and the claims that cite them.")
@click.option("--unused", is_flag=True, help="List only the references no claim cites.")
@click.option("--lint", metavar="[FILE]", is_flag=False, flag_value="-", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="List the house-rule problems of every entry, cited or not (of FILE alone "
                   "if given, which may be outside the project); exit 1 if there are any.")
@ROOT
@click.pass_context
def refs(ctx: click.Context, unused: bool, lint: Path | None, root: Path) -> None:
    """List the reference library, or show one entry and the claims citing it.

    Without KEY: one line per reference, sorted by key, with how many claims
    cite it, its study design and the start of its title. With KEY: the entry as
    the site prints it, its links, and each claim that cites it (topic/id, stance
    and short text). An unknown KEY exits 2 with the closest keys as a hint.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .refs import RefsError, references_in_use  # loads the site's templates: only here

    key = ctx.meta.get("evidence.refs.key")
    if lint is not None:
        if key or unused:
            _fail("give --lint alone, or with a FILE")
        _lint(root, None if str(lint) == "-" else lint)
        return
    if key and unused:
        _fail("give either KEY or --unused, not both")
    try:
        usage = references_in_use(root)
    except ConfigError as exc:
        fail_config(exc)
    except RefsError as exc:
        _fail(str(exc))
    problems = len(usage.project.report.errors)
    if problems:
        click.echo(f"evidence: note: the project has {problems} error{'s' if problems != 1 else ''}"
                   " that may hide citations; `evidence check` lists them", err=True)
    if key:
        try:
            click.echo(usage.describe(key))
        except RefsError as exc:
            _fail(str(exc))
    else:
        click.echo(usage.table(unused_only=unused))


def _lint(root: Path, file: Path | None) -> None:
    from .lint import lint_library

    if not root.is_dir():
        _fail(f"'{root}' is not a folder")
    if file is not None and not file.is_file():
        _fail(f"'{file}' is not a file")
    try:
        report = lint_library(root, file)
    except ConfigError as exc:
        fail_config(exc)
    click.echo(report.format())
    if report.diagnostics:
        sys.exit(1)
