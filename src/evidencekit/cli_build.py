"""`evidence build` (the site, with any engine) and `evidence verify-site` (that nothing was lost)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_support import ROOT, checked_project, fail
from .engines import ENGINES, EngineError, build_site
from .export import site_settings
from .mkdocs_file import read_mkdocs_yml
from .model import Project
from .verify import verify_site


def _usable(root: Path) -> Project:
    """The checked project, or exit 1 naming its errors (nothing is built from it)."""
    project = checked_project(root)
    if project.report.errors:
        click.echo(project.report.format("text"), err=True)
        click.echo("evidence: the project has errors; nothing was built", err=True)
        sys.exit(1)
    return project


def _report(problems: list[str], site: Path) -> None:
    for line in problems:
        click.echo(line, err=True)
    click.echo(f"evidence: the site at {site} lacks what the content holds "
               f"({len(problems)} problem{'s' if len(problems) != 1 else ''})", err=True)


@click.command(short_help="Build the site with MkDocs, ProperDocs or Zensical, then verify it.")
@ROOT
@click.option("--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
              help="The site engine: mkdocs (with Material), properdocs (the maintained fork "
                   "of MkDocs 1.6) or zensical (Material's successor).")
@click.option("-d", "--site-dir", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site_dir in mkdocs.yml, else site/).")
@click.option("--strict", is_flag=True, help="Fail on the engine's warnings as well as errors.")
def build(root: Path, engine: str, site_dir: Path | None, strict: bool) -> None:
    """Build the site of the project at --root with ENGINE, from the same mkdocs.yml,
    content/, references/ and macros/, then check it as `evidence verify-site` does.

    The site is written to a fresh folder and put in place of the old one only when the
    engine succeeded and the check found every claim. Exits 0 when built, 1 when the
    project has errors, the engine failed or the built site lacks something (named), 2 on
    a usage or configuration error.
    """
    project = _usable(root)
    if site_dir is None:
        configured = (read_mkdocs_yml(root / "mkdocs.yml") or {}).get("site_dir")
        site_dir = root / (configured if isinstance(configured, str) and configured else "site")
    try:
        problems = build_site(engine, root, site_dir, strict, project)
    except EngineError as exc:
        click.echo(f"evidence: {exc}", err=True)
        click.echo(f"evidence: the {engine} build failed; the site at {site_dir} was left as "
                   "it was", err=True)
        sys.exit(1)
    if problems:
        _report(problems, site_dir)
        click.echo(f"evidence: the {engine} build was not published; the site at {site_dir} "
                   "was left as it was", err=True)
        sys.exit(1)
    claims = len(project.claims)
    click.echo(f"evidence: built {site_dir} with {engine}: {claims} claim"
               f"{'s' if claims != 1 else ''} on {len(project.topics)} topic page"
               f"{'s' if len(project.topics) != 1 else ''}, verified")


@click.command("verify-site", short_help="Check a built site against the content: nothing lost.")
@ROOT
@click.argument("site", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
def verify_site_command(root: Path, site: Path) -> None:
    """Check the site built in DIR against the content of the project at --root.

    Every claim must have its card on its topic page and a page of its own with its anchor,
    verdict, certainty and ClaimReview data; the references page must list every cited
    work; claims.json, claims.csv and each topic's claims.csv must list every claim; no
    page may show a macro call left unexpanded ({{ or {%); no .yml, .yaml or .bib file may
    be published. Exits 0 when the site holds everything, 1 naming each thing it lacks (or
    when the project has errors), 2 on a usage error (DIR is not a folder).
    """
    if not site.is_dir():
        fail(f"'{site}' is not a folder (build the site first)")
    project = checked_project(root)
    if project.report.errors:
        click.echo(project.report.format("text"), err=True)
        click.echo("evidence: the project has errors; the site cannot be checked against it",
                   err=True)
        sys.exit(1)
    problems = verify_site(project, site, site_settings(root)[1])
    if problems:
        _report(problems, site)
        sys.exit(1)
    click.echo(f"evidence: {site} holds all {len(project.claims)} claims of the content")
