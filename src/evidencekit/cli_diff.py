"""`evidence diff BASE`: what a change does to the claims, for people and for a pull request."""

from __future__ import annotations

from pathlib import Path

import click

from . import diff as evidence_diff
from .cli_support import ROOT, checked_project, fail


@click.command()
@click.argument("base", metavar="BASE")
@click.option("--format", "style", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="text for people, markdown for a pull request's summary.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@ROOT
def diff(base: str, style: str, output: Path | None, root: Path) -> None:
    """List per topic the claims added, removed or changed since revision BASE.

    For each: the verdict and certainty before and after, the sources added and
    removed (and changed stances), the caveats added and removed, and which other
    fields changed. BASE is any git revision (main, HEAD~3, a commit). Exits 0
    whether or not anything changed, 2 when BASE cannot be read.
    """
    working = checked_project(root)
    try:
        changes = evidence_diff.diff_revision(working.root, base, working)
    except evidence_diff.DiffError as exc:
        fail(str(exc))
    if style == "markdown":
        text = evidence_diff.format_markdown(changes, base)
    else:
        text = evidence_diff.format_text(changes, base) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
