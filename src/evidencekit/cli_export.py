"""`evidence export`: every claim as data, the same records as the site's claims.json."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_support import DIR_ARGUMENT, checked_project
from .export import FORMATS, export as write_records, records, site_settings


@click.command(short_help="Write every claim as JSON or CSV, one record per claim.")
@DIR_ARGUMENT
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
              help="json (a list of records, sources nested) or csv (one row per claim).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--site-url", metavar="URL",
              help="Make each claim's url absolute under URL (default: site_url in mkdocs.yml; "
                   "without one, urls are relative to the site's root).")
def export(directory: Path, fmt: str, output: Path | None, site_url: str | None) -> None:
    """Write every claim as JSON or CSV, one record per claim.

    The project is DIR, or else the one holding the working folder (as `evidence
    check` finds it).

    The records are those the site publishes as claims.json and claims.csv:
    topic, id, url, claim, short, type, verdict, grade, summary, sources (key,
    stance, design, doi, pmid), caveats, reviewed, and from git history
    first_committed, verdict_changed_on, previous_verdict, grade_changed_on and
    previous_grade. Claims come in topic order, then in their page's order;
    the same commit always gives the same bytes. Exits 1 when the project has
    errors (`evidence check` lists them), 2 on a usage or configuration error.
    """
    project = checked_project(directory)
    errors = len(project.report.errors)
    if errors:
        click.echo(f"evidence: the project has {errors} error{'s' if errors != 1 else ''}; "
                   "`evidence check` lists them; nothing was exported", err=True)
        sys.exit(1)
    configured_url, directory_urls = site_settings(directory)
    text = write_records(records(project, site_url=site_url or configured_url,
                                 directory_urls=directory_urls), fmt)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(text.encode("utf-8"))
    else:
        click.echo(text, nl=False)
