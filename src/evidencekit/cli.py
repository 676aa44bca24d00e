"""The `evidence` command: a thin front end over the library.

Exit codes: 0 clean, 1 problems found, 2 a usage or configuration error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .codes import CODES
from .config import ConfigError
from .diagnostics import did_you_mean
from .schema import json_schema
from .validate import check_project

DIR = click.Path(file_okay=False, path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="evidencekit")
def main() -> None:
    """Check and publish evidence summaries: claims in YAML, sources in BibTeX."""


def fail_config(exc: ConfigError) -> None:
    click.echo(f"evidence: configuration error:\n{exc}", err=True)
    sys.exit(2)


@main.command()
@click.argument("directory", type=DIR, default=Path("."), required=False)
@click.option("--format", "style", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="text for people, github for Actions annotations, json for tools.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings as well as errors.")
def check(directory: Path, style: str, strict: bool) -> None:
    """Check every claim, topic and reference in DIRECTORY (default: here).

    Prints one line per problem (path:line:col: severity[code]: message), then a
    count. Exits 0 when clean, 1 on errors (or warnings with --strict), 2 on a
    usage or configuration error.
    """
    if not directory.is_dir():
        click.echo(f"evidence: '{directory}' is not a folder", err=True)
        sys.exit(2)
    try:
        project = check_project(directory)
    except ConfigError as exc:
        fail_config(exc)
    report = project.report
    click.echo(report.format(style))
    if report.errors or (strict and report.warnings):
        sys.exit(1)


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every code with its default severity.")
def explain(code: str | None, show_all: bool) -> None:
    """Say what a diagnostic CODE means and how to fix it."""
    if show_all or not code:
        for c in CODES.values():
            click.echo(f"{c.code:28} {c.severity.value:8} {c.title}")
        return
    entry = CODES.get(code)
    if entry is None:
        hint = did_you_mean(code, CODES)
        click.echo(f"evidence: unknown code '{code}'" + (f"; {hint}" if hint else ""), err=True)
        sys.exit(2)
    click.echo(f"{entry.code}: {entry.title}")
    click.echo(f"default severity: {entry.severity.value}"
               + (" (a site can change it in evidence.yml)" if entry.configurable else ""))
    click.echo("")
    click.echo(entry.explanation)
    click.echo("")
    click.echo(f"How to fix: {entry.fix}")


@main.command()
@click.argument("kind", type=click.Choice(["claim", "topic"]), default="claim", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema for claim or topic files (for editors' YAML extensions)."""
    text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
