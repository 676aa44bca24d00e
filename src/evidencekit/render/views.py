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
    label: str  # the site-wide author-year label, the same on every page
    key: str
    href: str  # the entry on the References page
    stance: Term
    note: Markup
    citation: Citation | None  # None: not in the library (the checker stops such builds)
    indirect: str = ""  # why the source answers another question (not counted as addressing it)


@dataclass(frozen=True)
class StepView:
    """One step of a claim's certainty, as a GRADE footnote writes it: '−1', its reason."""

    signed: str  # '−1', '+2'
    up: bool
    domain: Term
    reason: Markup


@dataclass(frozen=True)
class CertaintyView:
    """The path from the starting level to the grade (assess.certainty)."""

    start: Grade
    why: str  # 'the evidence comes from studies that observe people (observational studies)'
    steps: list[StepView]
    result: Grade


@dataclass(frozen=True)
class SearchView:
    """'We searched <where> on <on> for <terms>: <found>.'"""

    where: str
    on: dt.date
    terms: str
    found: Markup
    topic_wide: bool = False  # recorded on the topic, for all its claims


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
    certainty: CertaintyView | None  # None when the grade is not one of the four
    searches: list[SearchView]
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
    title_text: str = ""  # 'Unsupported: “<the claim>”': the verdict always beside the words
    page_href: str = ""  # the claim's own page, from the page being drawn
    lead: str = ""  # the summary's first sentence, plain text
    addressing: list[str] = field(default_factory=list)  # "1 randomised trial", ... (own question)
    addressing_total: int = 0
    neighbours: list["Neighbour"] = field(default_factory=list)  # previous and next claim
    glossary: str = ""  # the methodology page (the glossary), from the page being drawn


@dataclass(frozen=True)
class Neighbour:
    rel: str  # 'Previous claim' or 'Next claim'
    title_text: str
    href: str


@dataclass(frozen=True)
class CitingClaim:
    claim_id: str
    heading: str
    topic_title: str
    href: str


@dataclass(frozen=True)
class BibEntryView:
    label: str  # the site-wide author-year label
    key: str
    anchor: str  # 'ref_<key>'
    citation: Citation | None
    cited_by: list[CitingClaim]


@dataclass(frozen=True)
class SourceOfClaims:
    description: Markup
    name: str
    url: str | None
    date: dt.date | None
    author: str
    archive_url: str | None = None


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
    verdict_counts: list[tuple[Term, int]] = field(default_factory=list)
    references_href: str = ""
    picture: object = None  # render.picture.Picture, for a topic drawn with its claims
    gaps: object = None  # render.gaps.GapGrid, likewise
    advice: Markup = Markup("")  # what a reader should do instead
    notices: list[Markup] = field(default_factory=list)  # the topic's, then the site's
    next_review: dt.date | None = None
    editors: list[str] = field(default_factory=list)
    editors_from_history: bool = False  # named by git, as the topic names none
    reviewers: list[str] = field(default_factory=list)
    downloads: Markup = Markup("")  # links to the claims as data
    searches: list[SearchView] = field(default_factory=list)  # the topic's recorded searches
    cite: Markup = Markup("")  # "cite this page"
