"""`evidence refs`: the reference library from the command line.

`evidence refs` lists the library, `evidence refs KEY` shows one entry and the
claims citing it; subcommands (`evidence refs add …`) work on the library. A
first argument that is not a subcommand is a KEY, so the listing and the
subcommands share one name as editors expect.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from .cli_support import ROOT, fail, fail_config
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
            fail("give --lint alone, or with a FILE")
        _lint(root, None if str(lint) == "-" else lint)
        return
    if key and unused:
        fail("give either KEY or --unused, not both")
    try:
        usage = references_in_use(root)
    except ConfigError as exc:
        fail_config(exc)
    except RefsError as exc:
        fail(str(exc))
    problems = len(usage.project.report.errors)
    if problems:
        click.echo(f"evidence: note: the project has {problems} error{'s' if problems != 1 else ''}"
                   " that may hide citations; `evidence check` lists them", err=True)
    if key:
        try:
            click.echo(usage.describe(key))
        except RefsError as exc:
            fail(str(exc))
    else:
        click.echo(usage.table(unused_only=unused))


def _lint(root: Path, file: Path | None) -> None:
    from .lint import lint_library

    if file is not None and not file.is_file():
        fail(f"'{file}' is not a file")
    try:
        report, library = lint_library(root, file)
    except ConfigError as exc:
        fail_config(exc)
    click.echo(report.format())
    if not library.entries and not library.broken:  # nothing linted is not a clean library
        where = file if file is not None else root / "references"
        click.echo(f"evidence: no BibTeX entry in '{where}': nothing was linted", err=True)
        sys.exit(1)
    if report.diagnostics:
        sys.exit(1)


@refs.command("add", short_help="Add references by DOI, PubMed ID or from another .bib file.")
@click.option("--doi", "dois", multiple=True, metavar="DOI",
              help="Fetch the entry for this DOI from doi.org (repeatable).")
@click.option("--pmid", "pmids", multiple=True, metavar="PMID",
              help="Fetch the entry for this PubMed ID from NCBI (repeatable).")
@click.option("--from", "source", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Import the entries KEY... of this .bib file.")
@click.option("--key", "key", metavar="KEY",
              help="Use this key instead of the house key (one entry only).")
@click.argument("keys", nargs=-1, metavar="[KEY]...")
@ROOT
@click.pass_context
def add(ctx: click.Context, dois: tuple[str, ...], pmids: tuple[str, ...], source: Path | None,
        key: str | None, keys: tuple[str, ...], root: Path) -> None:
    """Add house-style entries to the reference library.

    Each entry gets the house key (first author's surname, year, first word of the
    title: `frank1970structure`), refused if the library has it, or has the DOI or
    PubMed ID, already; normalised fields; and `design = {TODO}`, which `evidence check`
    reports (bib.design-placeholder) until an editor chooses the study design from the
    vocabulary printed at the end. DOIs are fetched from doi.org and PubMed IDs from
    NCBI once, then read from .evidence-cache/. New entries go to the file
    `references_file` in evidence.yml names (default: the library's only .bib file).
    Nothing is written unless every entry can be added. Exits 2 when one cannot
    (offline, unknown identifier, key taken), naming each.
    """
    from .cli_support import checked_project
    from .config import today
    from .refimport import RefImportError, add_entries, from_bibtex, from_bibtex_text, from_csl
    from .refimport import find_entry, normalise, plan_keys, target_file
    from .references import doi_problem
    from .render.citations import PMID_RE
    from .resolve import Resolver, ResolveError

    parent = ctx.parent
    if parent is not None and parent.get_parameter_source("root") == click.core.ParameterSource.COMMANDLINE:
        root = parent.params["root"]
    if keys and source is None:
        fail("KEY... names entries of the file given with --from FILE")
    if source is not None and not keys:
        fail("name the entries to import from the file: --from FILE KEY...")
    if not (dois or pmids or source):
        fail("say what to add: --doi DOI, --pmid PMID or --from FILE KEY...")
    if key is not None and len(dois) + len(pmids) + len(keys) != 1:
        fail("--key names the key of one entry; add the others separately")
    project = checked_project(root)
    config = project.config
    date = today().isoformat()
    try:
        target = target_file(project.root, project.library, config.references_file if config else None)
        resolver = Resolver(project.root, config.mailto if config else None)
        drafts = []
        for raw in dois:
            doi = re.sub(r"(?i)^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", raw).strip()
            hint = doi_problem(doi)
            if hint:
                fail(f"'{raw}' is not a DOI: {hint}")
            fetched = resolver.doi(doi)
            drafts.append(from_bibtex_text(
                fetched.text, project.root, "doi.bib", f"DOI {doi}",
                f"Fields from the DOI's record at doi.org; added {date}."))
        for raw in pmids:
            pmid = raw.strip()
            if not PMID_RE.fullmatch(pmid):
                fail(f"'{raw}' is not a PubMed ID (a number such as 31209238)")
            fetched = resolver.pmid(pmid)
            drafts.append(from_csl(fetched.text, f"PubMed ID {pmid}",
                                   f"Fields from PubMed (NCBI citation exporter); added {date}."))
        for name in keys:
            ref = find_entry(source, name)
            drafts.append(from_bibtex(ref, f"{source.name}: {name}",
                                      f"Imported from {source.name} ('{ref.key}'); added {date}."))
        drafts = [normalise(d) for d in drafts]
        planned = plan_keys(project.library, drafts, key)
        added = add_entries(project.root, target, planned, drafts)
    except (ResolveError, RefImportError) as exc:
        fail(str(exc))
    for entry in added:
        click.echo(f"added '{entry.key}' to {entry.path}:{entry.line} ({entry.draft.origin})")
        original = entry.draft.original_key
        if original and original != entry.key:
            click.echo(f"  key: '{original}' became the house key '{entry.key}' (first author's "
                       "surname, year, first word of the title)")
        if entry.draft.dropped:
            click.echo(f"  left out: {', '.join(entry.draft.dropped)}")
        for flag in entry.draft.flags:
            click.echo(f"  check: {flag}")
    click.echo("")
    click.echo(_vocabulary())


def _vocabulary() -> str:
    from .definitions import DESIGNS
    from .references import DESIGN_PLACEHOLDER

    width = max(len(d.slug) for d in DESIGNS)
    lines = [f"Each new entry has design = {{{DESIGN_PLACEHOLDER}}}, which `evidence check` "
             "reports (bib.design-placeholder)",
             "until you replace it with one or more of these (comma-separated):"]
    lines += [f"  {d.slug:<{width}}  {d.label}" for d in DESIGNS]
    lines.append("A systematic review or meta-analysis also records pooled = {...} "
                 "(see CONTRIBUTING.md).")
    return "\n".join(lines)
