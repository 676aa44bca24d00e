"""What the templates draw: plain records built from the model, with content already safe.

Fields that allow light Markdown arrive as sanitised ``Markup``; every other
string is plain text that the (autoescaping) templates escape. Nothing here
is ever compiled as a template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from ..definitions import Design, Grade, Term
from .citations import Citation


@dataclass(frozen=True)
class SourceView:
    number: int  # the [n] of the topic's bibliography
    key: str
    href: str  # the entry in the topic's bibliography
    stance: Term
    note: Markup
    citation: Citation | None  # None: not in the library (the checker stops such builds)


@dataclass(frozen=True)
class DowngradeView:
    domain: Term
    reason: Markup


@dataclass(frozen=True)
class MarkerView:
    slug: str  # 'secondary-source', 'overdue', 'no-human-studies'
    label: str
    explanation: str
    reason: str | None = None  # the editors' acknowledgement, plain text


@dataclass(frozen=True)
class MixSegment:
    """One design's part of the design-mix bar on a card."""

    design: Design
    count: int
    group: str  # its design group's slug (render/gaps.py), which sets the pattern
    share: float  # percent of the bar's width
    text: str  # '3 surveys'


@dataclass(frozen=True)
class ChangeView:
    """A verdict's or grade's last change, from git (history.py)."""

    what: str  # 'Verdict' or 'Certainty'
    before: str  # labels, not slugs
    after: str
    date: dt.date


@dataclass(frozen=True)
class HistoryView:
    since: dt.date  # the oldest commit of the claim's file
    changes: list[ChangeView]


@dataclass(frozen=True)
class ClaimView:
    id: str
    ref: str  # 'topic/claim-id'
    topic_id: str
    topic_title: str
    topic_href: str  # the topic page, from the page being drawn
    href: str  # the card on its topic page, from the page being drawn
    heading: str  # the short form, else the claim
    claim: str  # the claim as made
    type: Term | None
    verdict: Term | None
    grade: Grade | None
    summary: Markup
    design_mix: list[str]  # "0 randomised trials", "3 surveys", ...
    designs: list[tuple[Design, int]]
    caveats: list[Markup]
    downgrades: list[DowngradeView]
    upgrade: Markup
    sources: list[SourceView]
    would_change: Markup
    reviewed: dt.date | None
    reviewers: list[str]
    markers: list[MarkerView]
    no_studies_in_people: bool
    secondary_source_needed: bool
    overdue: bool
    number: int = 0  # its place on the topic page, from 1: the picture's and the overview's number
    mix_bar: list[MixSegment] = field(default_factory=list)
    history: HistoryView | None = None  # None without git, or for an uncommitted file


@dataclass(frozen=True)
class CitingClaim:
    claim_id: str
    heading: str
    topic_title: str
    href: str


@dataclass(frozen=True)
class BibEntryView:
    number: int
    key: str
    anchor: str  # 'ref-<key>'
    citation: Citation | None
    cited_by: list[CitingClaim]


@dataclass(frozen=True)
class SourceOfClaims:
    description: Markup
    name: str
    url: str | None
    date: dt.date | None
    author: str


@dataclass(frozen=True)
class TopicView:
    id: str
    href: str
    title: str
    question: str
    bottom_line: Markup
    intro: Markup
    source: SourceOfClaims | None
    reviewed: dt.date | None
    claims: list[ClaimView] = field(default_factory=list)
    bibliography: list[BibEntryView] = field(default_factory=list)
    verdict_counts: list[tuple[Term, int]] = field(default_factory=list)
    references_href: str = ""
    picture: object = None  # render.picture.Picture, for a topic drawn with its claims
    gaps: object = None  # render.gaps.GapGrid, likewise
