"""The `evidence` command: a thin front end over the library.

Exit codes: 0 clean, 1 problems found, 2 a usage or configuration error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import scaffold
from .cli_build import build as build_command, verify_site_command
from .cli_diff import diff as diff_command
from .cli_export import export as export_command
from .cli_refs import refs as refs_command
from .cli_review import due as due_command, reviewed as reviewed_command
from .codes import CODES
from .diagnostics import did_you_mean
from .schema import json_schema
from .cli_support import DIR_ARGUMENT, ROOT, checked_project, fail



@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="evidencekit")
def main() -> None:
    """Check and publish evidence summaries: claims in YAML, sources in BibTeX."""


# Plain `evidence check` passes on warnings; CI does not, and says so only after a push.
CI_NOTE = ("note: CI also fails on warnings: it runs `evidence check --strict` (as `make check` "
           "does)")


@main.command()
@DIR_ARGUMENT
@click.option("--format", "style", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="text for people, github for Actions annotations, json for tools.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings as well as errors.")
def check(directory: Path, style: str, strict: bool) -> None:
    """Check every claim, topic and reference in the project.

    The project is DIR, or else the nearest folder, from the working folder up,
    holding evidence.yml or a mkdocs.yml that names the evidence plugin.

    Prints one line per problem (path:line:col: severity[code]: message), then a
    count. Exits 0 when clean, 1 on errors (or warnings with --strict), 2 on a
    usage or configuration error.
    """
    report = checked_project(directory).report
    click.echo(report.format(style))
    if style == "text" and report.warnings and not strict:
        click.echo(CI_NOTE, err=True)  # standard output ends with the count, for tools
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
        fail(f"unknown code '{code}'" + (f"; {hint}" if hint else ""))
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
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)




def _wrote(file: Path, root: Path, next_steps: list[str]) -> None:
    try:
        shown = file.relative_to(root).as_posix()
    except ValueError:
        shown = str(file)
    click.echo(f"Wrote {shown}")
    for step in next_steps:
        click.echo(f"  next: {step}")


def _schema_note(root: Path, kind: str) -> None:
    if not (root / "schema" / f"{kind}.schema.json").is_file():
        click.echo(f"  note: schema/{kind}.schema.json is missing, so your editor cannot complete "
                   f"fields; write it with `evidence schema {kind} -o schema/{kind}.schema.json`")


@main.group(short_help="Start a claim or topic file, ready to fill in.")
def new() -> None:
    """Start a new claim or topic file with every field and TODO placeholders.

    The placeholders make `evidence check` fail, naming each one and its line,
    until they are replaced. An existing file is never overwritten.
    """


@new.command("claim")
@click.argument("ref", metavar="TOPIC/ID")
@ROOT
def new_claim(ref: str, root: Path) -> None:
    """Write content/topics/TOPIC/claims/ID.yml, ready to fill in.

    TOPIC is an existing topic's folder name and ID the new claim's id, which
    becomes its file name and its anchor on the site: lower case letters, digits
    and hyphens, starting with a letter (`evidence new claim sleep/valerian`).
    """
    try:
        topic, claim_id = scaffold.parse_claim_ref(ref)
        file = scaffold.new_claim(root, topic, claim_id)
    except scaffold.ScaffoldError as exc:
        fail(str(exc))
    steps = ["replace every TODO in it (optional fields are commented out)",
             "run `make check` (or `evidence check`) until it reports no problems",
             "run `make serve` to see the claim on its topic page"]
    order = scaffold.add_to_order(root, topic, claim_id)
    _wrote(file, root, steps)
    if order:
        click.echo(f"  note: {order}")
    _schema_note(root, "claim")


@new.command("topic")
@click.argument("topic_id", metavar="ID")
@ROOT
def new_topic(topic_id: str, root: Path) -> None:
    """Write content/topics/ID/topic.yml and an empty claims/ folder.

    ID becomes the topic's address on the site (topics/ID/): lower case letters,
    digits and hyphens, starting with a letter.
    """
    try:
        file = scaffold.new_topic(root, topic_id)
    except scaffold.ScaffoldError as exc:
        fail(str(exc))
    _wrote(file, root, ["replace every TODO in it",
                        f"add its first claim with `evidence new claim {topic_id}/CLAIM-ID`"])
    _schema_note(root, "topic")


main.add_command(export_command)
main.add_command(refs_command)
main.add_command(build_command)
main.add_command(verify_site_command)
main.add_command(due_command)
main.add_command(reviewed_command)
main.add_command(diff_command)


if __name__ == "__main__":  # pragma: no cover
    main()
