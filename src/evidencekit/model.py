"""The small typed records every stage passes along."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Loc, Report

if TYPE_CHECKING:
    from .config import Config


def _loc(file: str, locs: dict[tuple, tuple[int, int]], path: tuple) -> Loc:
    while path and path not in locs:
        path = path[:-1]
    return Loc(file, *locs.get(path, (1, 1)))


@dataclass
class Evidence:
    cite: str
    stance: str
    note: str | None
    loc: Loc  # where the cite key is written
    # Why the source bears on another question than the claim's own (another
    # population, treatment, outcome or product); None when it addresses the claim.
    indirect: str | None = None


@dataclass
class Downgrade:
    """A reason for rating certainty down: a GRADE domain, by one or two levels."""

    domain: str
    reason: str
    levels: int = 1
    loc: Loc | None = None  # where its domain is written


@dataclass
class Upgrade:
    """A reason for rating certainty up (evidence that starts at low only)."""

    domain: str
    reason: str
    levels: int = 1
    loc: Loc | None = None


@dataclass
class Search:
    """A recorded search: what backs a summary's "we found no study"."""

    where: str  # "PubMed and ClinicalTrials.gov"
    on: dt.date
    terms: str  # the search terms, as typed
    found: str  # what it found (Markdown)


@dataclass
class Claim:
    id: str
    topic: str
    path: str  # relative to the project
    claim: str
    type: str
    verdict: str
    grade: str
    summary: str
    evidence: list[Evidence]
    caveats: list[str]
    reviewed: dt.date | None
    short: str | None = None
    downgrades: list[Downgrade] = field(default_factory=list)
    upgrades: list[Upgrade] = field(default_factory=list)
    # False when a downgrade or upgrade could not be read (its error is reported), so
    # that the checker does not do sums with steps missing.
    steps_complete: bool = True
    searched: list[Search] = field(default_factory=list)
    would_change: str | None = None
    reviewers: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    acknowledged: dict[str, str] = field(default_factory=dict)  # warning code -> the editors' reason
    cites_nothing: bool = False  # `evidence:` written but empty
    loaded: bool = True  # False when the file could not be read or parsed as a mapping
    locs: dict[tuple, tuple[int, int]] = field(default_factory=dict, repr=False)

    @property
    def ref(self) -> str:
        """The claim's address as macros take it: 'topic/claim-id'."""
        return f"{self.topic}/{self.id}"

    def loc(self, *path) -> Loc:
        """Where a field (or the nearest enclosing value) was written."""
        return _loc(self.path, self.locs, path)


@dataclass
class Source:
    """Where the claims under review appeared."""

    description: str
    name: str | None = None
    url: str | None = None
    date: dt.date | None = None
    author: str | None = None
    archive_url: str | None = None  # an archived copy, for when the original changes or goes


@dataclass
class Topic:
    id: str
    path: str  # topic.yml, relative to the project
    title: str
    question: str
    bottom_line: str
    source: Source | None
    reviewed: dt.date | None
    intro: str | None = None
    order: list[str] = field(default_factory=list)
    advice: str | None = None  # what a reader should do instead
    notice: str | None = None  # the topic's safety notice, shown above the fold
    editors: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    searched: list[Search] = field(default_factory=list)  # searches that back its claims
    claims: list[Claim] = field(default_factory=list)
    locs: dict[tuple, tuple[int, int]] = field(default_factory=dict, repr=False)

    def loc(self, *path) -> Loc:
        return _loc(self.path, self.locs, path)


@dataclass
class Reference:
    """One BibTeX entry, with raw (undecoded) field values."""

    key: str
    entry_type: str  # lower case: article, book, misc, ...
    fields: dict[str, str]  # lower-case field name -> value, @strings resolved, braces kept
    designs: tuple[str, ...]  # valid design slugs from the `design` field, in order
    loc: Loc
    field_locs: dict[str, Loc] = field(default_factory=dict, repr=False)
    # A review's or guideline's `pooled` field: the designs of the studies it pooled,
    # which set where its certainty starts.
    pooled: tuple[str, ...] = ()


@dataclass
class Library:
    entries: dict[str, Reference] = field(default_factory=dict)
    broken: dict[str, Loc] = field(default_factory=dict)  # keys whose block failed to parse
    files: list[str] = field(default_factory=list)


@dataclass
class Project:
    root: Path
    topics: list[Topic]
    library: Library
    report: Report
    claim_files: list[str] = field(default_factory=list)  # every claim file found, for the lost-claim check
    config: "Config | None" = None

    @property
    def claims(self) -> list[Claim]:
        return [c for t in self.topics for c in t.claims]

    def claim(self, ref: str) -> Claim | None:
        for c in self.claims:
            if c.ref == ref or c.id == ref:
                return c
        return None
