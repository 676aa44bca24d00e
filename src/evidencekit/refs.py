"""`evidence refs`: the reference library as an editor needs it.

Which references exist, how many claims cite each, which are unused, and one
entry as readers will see it. The entry is drawn with the site's own citation
template (a site's `macros/citation.html` first, then the packaged one) and
turned into plain text, so the terminal and the site can never disagree.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .diagnostics import did_you_mean
from .latex import decode_latex
from .load import load_project
from .model import Claim, Evidence, Project, Reference
from .render.citations import format_reference
from .render.environment import call, make_environment
from .validate import scope_reference_problems

TITLE_WIDTH = 60
WRAP = 88


class RefsError(Exception):
    """A key that is not in the library, or a library that cannot be read (exit 2)."""


@dataclass
class ReferenceUse:
    reference: Reference
    citing: list[tuple[Claim, Evidence]] = field(default_factory=list)

    @property
    def claims(self) -> int:
        """How many claims cite it (a claim citing it twice counts once)."""
        return len({id(claim) for claim, _ in self.citing})


@dataclass
class LibraryUsage:
    project: Project
    uses: dict[str, ReferenceUse]  # by key, sorted

    def table(self, unused_only: bool = False) -> str:
        """One line per reference: key, citations, design, short title; then a count."""
        rows = [(key, use) for key, use in self.uses.items()
                if not unused_only or use.claims == 0]
        total, unused = len(self.uses), sum(1 for u in self.uses.values() if u.claims == 0)
        lines = []
        if rows:
            designs = {key: ", ".join(use.reference.designs) or "-" for key, use in rows}
            kw = max(len("key"), *(len(key) for key, _ in rows))
            dw = max(len("design"), *(len(d) for d in designs.values()))
            lines.append(f"{'key':<{kw}}  citations  {'design':<{dw}}  title")
            for key, use in rows:
                lines.append(f"{key:<{kw}}  {use.claims:>9}  {designs[key]:<{dw}}  "
                             f"{_clip(_title(use.reference), TITLE_WIDTH)}".rstrip())
        if unused_only:
            lines.append(f"{unused} of {total} references unused" if unused
                         else f"no unused references ({total} in the library)")
        else:
            lines.append(f"{total} references, {total - unused} cited, {unused} unused")
        return "\n".join(lines)

    def describe(self, key: str) -> str:
        """The entry as the site prints it, its links, and the claims that cite it."""
        use = self.uses.get(key)
        library = self.project.library
        if use is None:
            if key in library.broken:
                raise RefsError(f"reference '{key}' is in the library but failed to parse at "
                                f"{library.broken[key]}; `evidence check` says why")
            where = f"'{library.files[0]}'" if len(library.files) == 1 else "the reference library"
            hint = did_you_mean(key, self.uses)
            raise RefsError(f"no reference '{key}' in {where}" + (f"; {hint}" if hint else ""))
        ref = use.reference
        citation = format_reference(ref)
        env = make_environment(self.project.root)
        text = Markup(call(env, "citation", citation)).striptags()
        lines = [f"{key} ({ref.loc})", ""]
        lines += textwrap.wrap(text, WRAP, break_long_words=False, break_on_hyphens=False)
        links = [("doi", citation.doi_url), ("PubMed", citation.pubmed_url),
                 ("PMC", citation.pmc_url), ("url", citation.url)]
        lines.append("")
        lines += [f"{name + ':':<8}{url}" for name, url in links if url]
        lines.append(f"{'design:':<8}{', '.join(ref.designs) or '(none recorded)'}")
        lines.append("")
        if not use.citing:
            lines.append("Cited by no claim.")
        else:
            n = use.claims
            lines.append(f"Cited by {n} claim{'s' if n != 1 else ''}:")
            width = max(len(claim.ref) for claim, _ in use.citing)
            for claim, ev in use.citing:
                lines.append(f"  {claim.ref:<{width}}  {ev.stance:<11}  "
                             f"{_clip(claim.short or claim.claim, 72)}".rstrip())
        return "\n".join(lines)


def _title(ref: Reference) -> str:
    raw = ref.fields.get("title", "")
    return decode_latex(raw) if raw else ""


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def usage_of(project: Project) -> LibraryUsage:
    """Which claims cite each reference in a loaded project."""
    uses = {key: ReferenceUse(ref) for key, ref in
            sorted(project.library.entries.items(), key=lambda kv: (kv[0].casefold(), kv[0]))}
    for claim in project.claims:
        for ev in claim.evidence:
            if ev.cite in uses:
                uses[ev.cite].citing.append((claim, ev))
    return LibraryUsage(project, uses)


def references_in_use(root: Path) -> LibraryUsage:
    """Load the project at `root` (raises config.ConfigError) and count citations."""
    root = Path(root)
    if not root.is_dir():
        raise RefsError(f"'{root}' is not a folder")
    project = load_project(root)
    cited = {ev.cite for claim in project.claims for ev in claim.evidence}
    # Problems of entries no claim cites hide no citation: leave them to `refs --lint`.
    scope_reference_problems(project.report, project.library, cited,
                             project.config.uncited_references if project.config else "count")
    return usage_of(project)
