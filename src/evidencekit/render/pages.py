"""The pages and page parts readers see, as HTML, from a checked project.

Each function returns ``Markup``; whole pages come with their headings so a
site engine can build its table of contents and search sections from them.
The front end passes a :class:`Links` for the page being drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
import html as html_lib
import re

from markupsafe import Markup, escape

from .. import assess
from ..config import Config, today as default_today
from ..definitions import (
    CLAIM_TYPE, CLAIM_TYPES, DESIGN, DESIGNS, DOWNGRADE_DOMAINS, GRADE, GLOSSARY, GRADES,
    REVIEWS, STANCE, STANCES, START_RULES, UPGRADE_DOMAINS, VERDICT, VERDICTS, StartRule,
    anchor,
)
from ..diagnostics import did_you_mean
from ..history import ClaimHistory, all_changes, claim_history, read_commits, topic_authors
from ..model import Claim, Evidence, Project, Search, Topic
from ..wording import states_no_study
from .cardfacts import history_view, mix_bar
from .citethis import cite_this, download_links
from .corrections import corrections_page
from .headmeta import absolute
from .citations import Citation, author_year_labels, format_reference, safe_url
from .environment import call, make_environment
from .gaps import gap_grid
from .jsonld import plain_text
from .links import Links, topic_csv_path
from .markdown import render_inline, render_markdown
from .picture import layout as picture_layout
from .views import (
    BibEntryView, CertaintyView, CitingClaim, ClaimView, MarkerView, Neighbour, SearchView,
    SourceOfClaims, SourceView, StepView, TopicView,
)

RANDOMISED = DESIGN["randomised-trial"]
_NOT_READ = object()
SECONDARY_CODE = "evidence.secondary-source"
STALE_CODE = "reviewed.stale"


class MacroError(Exception):
    """A macro was called with something it cannot draw (an unknown claim, a wrong argument)."""


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: Markup  # inner HTML, tags removed, text escaped
    anchor: str  # where a link to this section should go (a claim card's id for its heading)


@dataclass(frozen=True)
class Rendered:
    html: Markup
    headings: list[Heading]


def anchor_for_reference(key: str) -> str:
    # "_" never occurs in a claim id, so a reference anchor cannot clash with a claim card.
    return f"ref_{key}"


def title_text(claim: Claim) -> str:
    """The verdict, then the claim's words in quotes: never the claim without its verdict."""
    verdict = VERDICT.get(claim.verdict)
    words = f"“{claim.short or claim.claim}”"
    return f"{verdict.label}: {words}" if verdict else words


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")


def first_sentence(text: str) -> str:
    """The first sentence of plain text (all of it when it has one)."""
    return _SENTENCE_END.split(text.strip(), 1)[0] if text else ""


def design_mix_text(mix) -> list[str]:
    """'0 randomised trials', '3 surveys', ...: randomised trials always counted, first when none."""
    words = [f"{n} {d.label if n == 1 else d.plural}" for d, n in mix]
    if not any(d is RANDOMISED or d.slug == RANDOMISED.slug for d, _ in mix):
        words.insert(0, f"0 {RANDOMISED.plural}")
    return words


class Renderer:
    """Draws one checked project with one Jinja environment."""

    def __init__(self, project: Project, env=None, today: dt.date | None = None,
                 history: dict[str, ClaimHistory] | None = None, site_name: str = "",
                 site_url: str | None = None):
        self.project = project
        self.site_name, self.site_url = site_name, site_url  # for "cite this page"
        self._history = history  # by claim path; read from git on first use when not given
        self.env = env if env is not None else make_environment(project.root)
        self.config = project.config or Config()
        self.today = today or default_today()
        self._citations: dict[str, Citation | None] = {}
        self._topics = {t.id: t for t in project.topics}
        self._labels: dict[str, str] | None = None
        self._authors: dict[str, list[str]] | None = None
        self._commits = _NOT_READ

    # -- building blocks ----------------------------------------------------

    @property
    def commits(self):
        """The git history of the claims, read once for their cards and the corrections page."""
        if self._commits is _NOT_READ:
            self._commits = read_commits(self.project)
        return self._commits

    @property
    def history(self) -> dict[str, ClaimHistory]:
        if self._history is None:
            self._history = claim_history(self.project, self.commits)
        return self._history

    def citation(self, key: str) -> Citation | None:
        if key not in self._citations:
            ref = self.project.library.entries.get(key)
            self._citations[key] = format_reference(ref) if ref is not None else None
        return self._citations[key]

    @property
    def authors(self) -> dict[str, list[str]]:
        """Who committed to each topic, for topics that name no editors (one git call)."""
        if self._authors is None:
            self._authors = topic_authors(self.project)
        return self._authors

    @property
    def labels(self) -> dict[str, str]:
        """Every cited key's author-year label, computed once for the whole site."""
        if self._labels is None:
            keys = dict.fromkeys(ev.cite for c in self.project.claims for ev in c.evidence)
            self._labels = author_year_labels({k: self.citation(k) for k in keys})
        return self._labels

    def source_view(self, ev: Evidence, links: Links) -> SourceView:
        return SourceView(label=self.labels.get(ev.cite, ev.cite), key=ev.cite,
                          href=links.references(anchor_for_reference(ev.cite)),
                          stance=STANCE[ev.stance], note=render_inline(ev.note),
                          citation=self.citation(ev.cite), indirect=ev.indirect or "")

    def claim_view(self, claim: Claim, links: Links) -> ClaimView:
        library = self.project.library
        topic = self._topics[claim.topic]
        mix = assess.design_mix(claim, library)
        # the studies (not narrative reviews or regulators' documents) that address the claim
        addressing = [(d, n) for d, n in assess.addressing_mix(claim, library) if assess.is_study(d)]
        no_people = assess.no_studies_in_people(claim, library)
        secondary = assess.needs_secondary_source(claim, library)
        overdue = assess.overdue(claim.reviewed, self.config.freshness_months, self.today)
        markers = []
        if no_people:
            markers.append(MarkerView(
                "no-human-studies", "No studies in people",
                "Every source behind this claim is a study in animals, cells or computer models."))
        if secondary:
            markers.append(MarkerView(
                "secondary-source", "No systematic review yet",
                "No systematic review, pooled analysis or clinical guideline backs this claim.",
                claim.acknowledged.get(SECONDARY_CODE)))
        if overdue:
            markers.append(MarkerView(
                "overdue", "Review overdue",
                f"The evidence was last checked more than {self.config.freshness_months} "
                "months ago.", claim.acknowledged.get(STALE_CODE)))
        sources = [self.source_view(ev, links) for ev in claim.evidence]
        position = next((i for i, c in enumerate(topic.claims) if c is claim), 0)
        neighbours = []
        for rel, i in (("Previous claim", position - 1), ("Next claim", position + 1)):
            if 0 <= i < len(topic.claims):
                other = topic.claims[i]
                neighbours.append(Neighbour(rel, title_text(other), links.claim(topic.id, other.id)))
        return ClaimView(
            id=claim.id, ref=claim.ref, topic_id=claim.topic, topic_title=topic.title,
            topic_href=links.topic(claim.topic), href=links.topic(claim.topic, claim.id),
            heading=claim.short or claim.claim, claim=claim.claim,
            type=CLAIM_TYPE.get(claim.type), verdict=VERDICT.get(claim.verdict),
            grade=GRADE.get(claim.grade), summary=render_markdown(claim.summary),
            design_mix=design_mix_text(mix), designs=mix,
            caveats=[render_inline(c) for c in claim.caveats],
            certainty=self.certainty_view(claim), searches=self.searches(claim, topic),
            sources=sources,
            would_change=render_inline(claim.would_change), reviewed=claim.reviewed,
            reviewers=list(claim.reviewers), markers=markers,
            no_studies_in_people=no_people, secondary_source_needed=secondary, overdue=overdue,
            number=position + 1,
            mix_bar=mix_bar(mix), history=history_view(self.history.get(claim.path)),
            title_text=title_text(claim), page_href=links.claim(claim.topic, claim.id),
            lead=first_sentence(plain_text(claim.summary)),
            addressing=design_mix_text(addressing) if addressing else [],
            addressing_total=assess.count_addressing(claim, library),
            neighbours=neighbours, glossary=links.to(links.written_page("methodology")),
        )

    def certainty_view(self, claim: Claim) -> CertaintyView | None:
        """The path from where the claim's evidence starts to its grade, step by step."""
        if claim.grade not in GRADE:
            return None
        c = assess.certainty(claim, self.project.library)
        steps = [StepView(s.signed, s.levels > 0, s.domain, render_inline(s.reason))
                 for s in c.steps]
        # A built site's grades add up (the checker stops the build otherwise); the stated
        # grade is shown, so a page drawn without the checker never shows a grade it lacks.
        return CertaintyView(c.start_grade, c.why, steps, GRADE[claim.grade])

    def searches(self, claim: Claim, topic: Topic) -> list[SearchView]:
        """The claim's recorded searches; else the topic's, when its summary says that no
        study exists or none was found, as those back it."""
        if claim.searched:
            return [_search_view(s) for s in claim.searched]
        if topic.searched and states_no_study(claim.summary):
            return [_search_view(s, topic_wide=True) for s in topic.searched]
        return []

    def topic_view(self, topic: Topic, links: Links, with_claims: bool = True) -> TopicView:
        source = None
        if topic.source is not None:
            s = topic.source
            source = SourceOfClaims(render_markdown(s.description), s.name or "",
                                    safe_url(s.url) if s.url else None, s.date, s.author or "",
                                    safe_url(s.archive_url) if s.archive_url else None)
        counts = {v.slug: 0 for v in VERDICTS}
        for c in topic.claims:
            if c.verdict in counts:
                counts[c.verdict] += 1
        claims = [self.claim_view(c, links) for c in topic.claims] if with_claims else []
        return TopicView(
            id=topic.id, href=links.topic(topic.id), title=topic.title, question=topic.question,
            bottom_line=render_markdown(topic.bottom_line), intro=render_markdown(topic.intro),
            source=source, reviewed=topic.reviewed,
            claims=claims,
            verdict_counts=[(v, counts[v.slug]) for v in VERDICTS if counts[v.slug]],
            references_href=links.references(),
            picture=self.picture(topic, claims) if claims else None,
            gaps=gap_grid(topic.claims, claims, self.project.library) if claims else None,
            advice=render_markdown(topic.advice), notices=self.notices(topic),
            next_review=(assess.add_months(topic.reviewed, self.config.freshness_months)
                         if topic.reviewed else None),
            editors=list(topic.editors) or self.authors.get(topic.id, []),
            editors_from_history=not topic.editors, reviewers=list(topic.reviewers),
            downloads=download_links(
                self.env, links.root("claims.json"), links.root("claims.csv"),
                links.root(topic_csv_path(topic.id)), self.config.licence,
                self.config.licence_url) if with_claims else Markup(""),
            cite=self.cite(topic.title, links, topic.reviewed, topic.id) if with_claims
            else Markup(""),
            searches=[_search_view(s, topic_wide=True) for s in topic.searched],
        )

    def cite(self, title: str, links: Links, checked, *ids: str) -> Markup:
        """The "cite this page" block, with the page's absolute address when the site's is known."""
        url = absolute(self.site_url, links.here) if self.site_url else None
        return cite_this(self.env, title, self.config.publisher or self.site_name, url, checked,
                         ids, self.today, self.config.licence, self.config.licence_url)

    def picture(self, topic: Topic, claims: list[ClaimView]):
        return picture_layout(claims, topic.title, site_name=self.site_name or None,
                              article=topic.source.name if topic.source else None,
                              reviewed=topic.reviewed)

    def notices(self, topic: Topic) -> list[Markup]:
        """The topic's safety notice, then the site's, as one box."""
        parts = [render_markdown(n) for n in (topic.notice, self.config.notice) if n]
        return [Markup("\n").join(parts)] if parts else []

    # -- whole pages ----------------------------------------------------------

    def topic_page(self, topic: Topic | str, links: Links | None = None) -> Rendered:
        if isinstance(topic, str):
            topic = self._topics[topic]
        links = links or Links(Links().topic_url(topic.id))
        return _with_headings(call(self.env, "topic_page", self.topic_view(topic, links)))

    def claim_page(self, claim: Claim, links: Links | None = None) -> Rendered:
        """A claim's own page: the full card, its topic's notices, its neighbours."""
        links = links or Links(Links().claim_url(claim.topic, claim.id))
        topic = self._topics[claim.topic]
        view = self.claim_view(claim, links)
        cite = self.cite(view.title_text, links, claim.reviewed, claim.topic, claim.id)
        return _with_headings(call(self.env, "claim_page", view, self.notices(topic), cite))

    def references_page(self, links: Links | None = None) -> Rendered:
        """Every cited work once, sorted by its label, with the claims citing it."""
        links = links or Links(Links().references_url())
        cited_by: dict[str, list[CitingClaim]] = {}
        for topic in self.project.topics:
            for claim in topic.claims:
                for ev in claim.evidence:
                    item = CitingClaim(claim.id, title_text(claim), topic.title,
                                       links.claim(topic.id, claim.id))
                    if item not in cited_by.setdefault(ev.cite, []):
                        cited_by[ev.cite].append(item)

        def order(key: str):
            c = self.citation(key)
            return ((c.authors or c.title).casefold(), c.year, self.labels[key]) if c else (
                "\uffff", "", key)

        entries = [BibEntryView(self.labels[key], key, anchor_for_reference(key),
                                self.citation(key), cited_by[key])
                   for key in sorted(cited_by, key=order)]
        return _with_headings(call(self.env, "references_page", entries))

    def corrections_page(self, links: Links | None = None) -> Rendered:
        """Every change of a verdict or certainty from the git history, newest first."""
        links = links or Links(Links().corrections_url())
        changes = all_changes(self.project, self.commits)
        body = corrections_page(self.env, self.project, changes, title_text,
                                lambda c: links.claim(c.topic, c.id), self.config.contact,
                                links.to(links.written_page("methodology")))
        return _with_headings(body)

    # -- macros for hand-written pages ---------------------------------------

    def claim(self, ref: str, links: Links | None = None, level: int = 2) -> Markup:
        """One claim card, by 'topic/claim-id' (or a claim id that is unique)."""
        if not isinstance(ref, str):
            raise MacroError(f"claim() takes 'topic/claim-id', not {type(ref).__name__}")
        found = self.project.claim(ref)
        if found is None:
            hint = did_you_mean(ref, [c.ref for c in self.project.claims])
            raise MacroError(f"claim('{ref}'): no such claim" + (f"; {hint}" if hint else ""))
        if not isinstance(level, int) or not 1 <= level <= 6:
            raise MacroError("claim(): level must be a heading level from 1 to 6")
        return call(self.env, "claim_card", self.claim_view(found, links or Links()), level)

    def topic_list(self, links: Links | None = None) -> Markup:
        links = links or Links()
        views = [self.topic_view(t, links, with_claims=False) for t in self.project.topics]
        counts = {t.id: len(t.claims) for t in self.project.topics}
        return call(self.env, "topic_list", views, counts)

    def grade_badge(self, grade: str) -> Markup:
        if grade not in GRADE:
            raise MacroError(f"grade_badge('{grade}'): grades are " + ", ".join(GRADE))
        return call(self.env, "grade_badge", GRADE[grade])

    def verdict_label(self, verdict: str) -> Markup:
        if verdict not in VERDICT:
            raise MacroError(f"verdict_label('{verdict}'): verdicts are " + ", ".join(VERDICT))
        return call(self.env, "verdict_label", VERDICT[verdict])

    def grade_legend(self) -> Markup:
        return call(self.env, "grade_legend", GRADES)

    def grade_table(self) -> Markup:
        return call(self.env, "grade_table", GRADES)

    def verdict_table(self) -> Markup:
        return call(self.env, "verdict_table", VERDICTS)

    def stance_table(self) -> Markup:
        return call(self.env, "term_table", STANCES, "Stance")

    def claim_type_table(self) -> Markup:
        return call(self.env, "term_table", CLAIM_TYPES, "Claim type")

    def downgrade_table(self) -> Markup:
        return call(self.env, "term_table", DOWNGRADE_DOMAINS, "Reason for rating down")

    def upgrade_table(self) -> Markup:
        return call(self.env, "term_table", UPGRADE_DOMAINS, "Reason for rating up")

    def start_table(self) -> Markup:
        return call(self.env, "start_table", [start_row(r) for r in START_RULES],
                    {g.rank: g for g in GRADES})

    def design_table(self) -> Markup:
        return call(self.env, "design_table", DESIGNS, {g.rank: g for g in GRADES})

    def glossary_table(self) -> Markup:
        return call(self.env, "term_table", GLOSSARY, "Term")

    def macros(self, links: Links) -> dict:
        """The functions a hand-written page may call, bound to that page's links."""
        return {
            "claim": lambda ref, level=2: self.claim(ref, links, level),
            "topic_list": lambda: self.topic_list(links),
            "grade_badge": self.grade_badge,
            "verdict_label": self.verdict_label,
            "grade_legend": self.grade_legend,
            "grade_table": self.grade_table,
            "verdict_table": self.verdict_table,
            "stance_table": self.stance_table,
            "claim_type_table": self.claim_type_table,
            "downgrade_table": self.downgrade_table,
            "upgrade_table": self.upgrade_table,
            "start_table": self.start_table,
            "design_table": self.design_table,
            "glossary_table": self.glossary_table,
        }


@dataclass(frozen=True)
class StartRow:
    anchor: str
    label: str
    high: str
    low: str
    very_low: str
    meaning: str


def _plurals(slugs) -> str:
    return ", ".join(DESIGN[s].plural for s in slugs)


def start_row(rule: StartRule) -> StartRow:
    """One kind of claim in the table of starting levels, in words, from its rule."""
    cells = {}
    higher: set[str] = set()
    for rank in (4, 2, 1):
        designs = [d for b in rule.bases if b.rank == rank for d in b.designs]
        if not designs:
            cells[rank] = ""
            continue
        if set(designs) | higher >= {d.slug for d in DESIGNS}:
            cells[rank] = "any other source"
        else:
            cells[rank] = _plurals(designs) + (" alone" if rank == 1 else "")
            if rule.pooled_counts:
                cells[rank] += "; reviews and guidelines that pooled " + (
                    "only these" if rank == 1 else "them")
        higher |= set(designs)
    placed = higher | (set(REVIEWS) if rule.pooled_counts else set())
    unplaced = [d.slug for d in DESIGNS if d.slug not in placed]
    rest = "claims whose sources are all background"
    if unplaced:
        rest = ("claims whose sources set no level (" + _plurals(unplaced)
                + (", reviews and guidelines that do not say what they pooled"
                   if rule.pooled_counts else "") + ") or are all background")
    cells[1] = (cells[1] + "; " if cells[1] else "") + rest
    return StartRow(anchor("start", rule.slug), rule.label, cells[4] or "—", cells[2] or "—",
                    cells[1], rule.meaning)


def _search_view(search: Search, topic_wide: bool = False) -> SearchView:
    return SearchView(search.where, search.on, search.terms, render_inline(search.found),
                      topic_wide)


# -- headings ----------------------------------------------------------------


# The HTML comes from the site's (trusted, autoescaping) templates, so attribute
# values are double-quoted and contain no raw quotes: a scan with regular
# expressions is exact here, and many times faster than an HTML parser.
_SCAN = re.compile(
    r'<(?P<card>[a-z][a-z0-9]*)\b(?P<cattrs>[^>]*\bdata-claim-id="[^"]*"[^>]*)>'
    r'|<h(?P<level>[1-6])\b(?P<hattrs>[^>]*\bid="[^"]*"[^>]*)>(?P<inner>.*?)</h(?P=level)\s*>',
    re.S)
_ID = re.compile(r'(?:^|\s)id="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")


def headings_of(html: str) -> list[Heading]:
    """h1-h6 elements with an id; a claim card's heading is linked to the card's id."""
    headings: list[Heading] = []
    card: str | None = None
    for m in _SCAN.finditer(html):
        if m.group("card"):
            found = _ID.search(m.group("cattrs"))
            card = found.group(1) if found else None
            continue
        hid = _ID.search(m.group("hattrs"))
        if hid is None:
            continue
        text = " ".join(html_lib.unescape(_TAG.sub("", m.group("inner"))).split())
        # A card's own heading ('<id>_title') links to the card; a card without one
        # (a compact card) passes nothing on to the next section's heading.
        anchor = card if card and hid.group(1) == f"{card}_title" else hid.group(1)
        card = None
        headings.append(Heading(int(m.group("level")), hid.group(1), escape(text), anchor))
    return headings


def _with_headings(html: Markup) -> Rendered:
    return Rendered(html, headings_of(html))
