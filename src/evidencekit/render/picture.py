"""The topic's evidence picture: every claim placed by its verdict and its grade.

Laid out here at build time and drawn as SVG by the `evidence_picture` template
(no script runs in the reader's browser). Verdicts are rows, each named on a
line above its points, in the order the definitions give them (no row is
"better" than another); grades are columns from very low to high certainty.
Each claim is a numbered point, shaped by its verdict, linked to its card and
numbered as on its card. Row and column labels, shapes, rings and numbers carry
everything the colours do.

A headline above the picture states what it shows, counted from the claims
(`headline`), and a source line below says whose assessment it is and when the
evidence was checked, as Our World in Data's charts do.

Claims about harms (type `safety`) get a dashed ring, and a supported one is
never drawn in the "supported" green: there, "supported" means a harm is real,
which is no good news.

Drawn for a phone first: the geometry is fixed in user units and the SVG scales
with its box, so at 358 CSS px (a 390 px screen less Material's margins) text
must stay at least 12 px and each point's target at least 24 px.
`displayed_px` does that sum; tests/test_picture.py holds it to those limits.

Accessibility: a link inside an element with role="img" is hidden from
assistive technology (ARIA makes an image's children presentational, which
axe reports as nested-interactive), so the grid and its labels form the
role="img" group, and the points are links beside it, each named with its
claim, verdict and grade. The <desc> lists every point in words, and the
overview table lists the same facts for every reader.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..definitions import GRADES, VERDICTS, Grade, Term

# Geometry, in SVG user units. Row names sit above their rows rather than in a
# column of their own, so all the width goes to the four grades.
WIDTH = 400
COL_W = WIDTH / len(GRADES)
FONT = 14  # every text in the picture (Material's body text is 16 px on a phone)
AXIS_Y = 16  # baseline of the axis titles
SYMBOLS_Y = 38  # baseline of the grade symbols
GRADE_Y = 56  # baseline of the grade names
HEAD_H = 66  # where the first row starts
LABEL_H = 24  # a row's name, above its points
PAD = 6
STEP = 38  # between two points' centres: targets and rings never touch
TARGET = 32  # the square each point's link covers
RING_R = 18  # the dashed ring around a claim about harms
PER_LINE = int((COL_W - TARGET) // STEP) + 1
PHONE_BOX = 358  # CSS px: the content width on a 390 px phone

# A shape per verdict, centred on (0, 0), about 30 units across; the number sits
# at (0, NUMBER_DY[shape]). Rows are labelled with the same shapes.
SHAPES = {
    "supported": "M-15,0a15,15 0 1,0 30,0a15,15 0 1,0 -30,0Z",  # circle
    "mixed": "M0,-17L17,0L0,17L-17,0Z",  # diamond
    "unsupported": "M-14,-14H14V14H-14Z",  # square
    "contradicted": "M-17,-13H17L0,17Z",  # triangle, point down
    "lacks-context": "M-16,0L-8,-14H8L16,0L8,14H-8Z",  # hexagon
}
SHAPE_NAMES = {"supported": "circle", "mixed": "diamond", "unsupported": "square",
               "contradicted": "triangle", "lacks-context": "hexagon"}
NUMBER_DY = {"contradicted": -4}
KEY_SCALE = 0.5  # a row's shape beside its name

HARM_TYPE = "safety"
# What a group of claims is about, by claim type, after a number: "2 about harms".
ABOUT = {
    "efficacy": "about benefits",
    "efficacy-lab": "about benefits, from animal or laboratory studies only",
    "safety": "about harms",
    "mechanism": "about how it works",
    "regulatory": "about the law or regulators",
    "other": "on other points",
}
# The one claim of an article with no claim about benefits: "it is contradicted".
SOLE_VERDICT = {
    "supported": "is supported",
    "mixed": "is only partly supported, or the studies disagree",
    "unsupported": "is unsupported: there is not enough evidence either way",
    "contradicted": "is contradicted by the evidence",
    "lacks-context": "lacks important context",
}


def displayed_px(units: float, box_px: float = PHONE_BOX) -> float:
    """How many CSS px a length in user units takes when the picture is box_px wide."""
    return units * box_px / WIDTH


def is_harm(view) -> bool:
    """A claim about harms: its 'supported' confirms a risk rather than a benefit."""
    return view.type is not None and view.type.slug == HARM_TYPE


@dataclass(frozen=True)
class Point:
    number: int
    claim_id: str
    href: str
    heading: str  # the claim's short text
    verdict: Term
    grade: Grade
    x: float
    y: float
    shape: str  # SVG path data around (0, 0)
    number_dy: float
    harm: bool = False  # a claim about harms: ringed, and never green

    @property
    def verdict_text(self) -> str:
        return f"{self.verdict.label} (a claim about harms)" if self.harm else self.verdict.label

    @property
    def label(self) -> str:
        """The link's accessible name: everything the point shows."""
        return (f"Claim {self.number}: {self.verdict_text}: “{self.heading}”, "
                f"{self.grade.label.lower()}.")


@dataclass(frozen=True)
class Row:
    verdict: Term
    y: float  # top, where its name is written
    height: float  # its name and its points
    shape: str
    shape_name: str
    count: int

    @property
    def points_top(self) -> float:
        return self.y + LABEL_H


@dataclass(frozen=True)
class Column:
    grade: Grade
    x: float  # left
    count: int

    @property
    def heading(self) -> str:
        """'Very low' for 'Very low certainty': the axis title says the rest."""
        return self.grade.label.removesuffix(" certainty")


@dataclass(frozen=True)
class Picture:
    title: str  # the headline: what the picture shows, counted from the claims
    detail: str  # a sentence or two under the headline
    description: str
    width: float
    height: float
    col_w: float
    top: float  # where the grade headings start
    grid_top: float  # where the first row starts
    rows: list[Row]
    columns: list[Column]
    points: list[Point]  # in claim order
    unplaced: int  # claims with no known verdict or grade (the checker stops such builds)
    source: str = ""  # "Source: <site>'s assessment of the claims in <article>"
    reviewed: dt.date | None = None  # when the evidence was last checked
    font: float = FONT
    target: float = TARGET
    ring_r: float = RING_R
    label_h: float = LABEL_H
    key_scale: float = KEY_SCALE

    @property
    def harms(self) -> bool:
        return any(p.harm for p in self.points)


def _fmt(n: float) -> float:
    return round(n, 1)


def layout(views, topic_title: str, *, site_name: str | None = None,
           article: str | None = None, reviewed: dt.date | None = None) -> Picture:
    """Place a topic's claims (ClaimViews, in page order) on the verdict-by-grade grid.

    site_name, article (the name of the work the claims came from) and reviewed
    (when the evidence was last checked) make the source line under the picture.
    """
    columns_by = sorted(GRADES, key=lambda g: g.rank)
    cells: dict[tuple[str, str], list] = {}
    unplaced = 0
    for view in views:
        if view.verdict is None or view.grade is None:
            unplaced += 1
            continue
        cells.setdefault((view.verdict.slug, view.grade.slug), []).append(view)
    rows, y = [], HEAD_H
    for v in VERDICTS:
        most = max((len(cells.get((v.slug, g.slug), ())) for g in GRADES), default=0)
        height = LABEL_H + max(1, math.ceil(most / PER_LINE)) * STEP + 2 * PAD
        count = sum(len(cells.get((v.slug, g.slug), ())) for g in GRADES)
        rows.append(Row(v, y, height, SHAPES[v.slug], SHAPE_NAMES[v.slug], count))
        y += height
    columns = [Column(g, i * COL_W, sum(len(cells.get((v.slug, g.slug), ())) for v in VERDICTS))
               for i, g in enumerate(columns_by)]
    col_x = {c.grade.slug: c.x for c in columns}
    row_of = {r.verdict.slug: r for r in rows}
    points = []
    for (verdict, grade), members in cells.items():
        row, left = row_of[verdict], col_x[grade]
        lines = math.ceil(len(members) / PER_LINE)
        middle = row.points_top + (row.height - LABEL_H) / 2
        for i, view in enumerate(members):
            line, pos = divmod(i, PER_LINE)
            in_line = min(PER_LINE, len(members) - line * PER_LINE)
            x = left + COL_W / 2 + (pos - (in_line - 1) / 2) * STEP
            cy = middle + (line - (lines - 1) / 2) * STEP
            points.append(Point(view.number, view.id, view.href, view.heading, view.verdict,
                                view.grade, _fmt(x), _fmt(cy), SHAPES[verdict],
                                NUMBER_DY.get(verdict, 0), is_harm(view)))
    points.sort(key=lambda p: p.number)
    placed = [v for v in views if v.verdict is not None and v.grade is not None]
    title, detail = headline(placed)
    return Picture(
        title=title, detail=detail, description=describe(topic_title, rows, points),
        width=WIDTH, height=y + PAD, col_w=COL_W, top=AXIS_Y, grid_top=HEAD_H, rows=rows,
        columns=columns, points=points, unplaced=unplaced,
        source=source_line(site_name, article), reviewed=reviewed)


def source_line(site_name: str | None, article: str | None) -> str:
    """'Source: Evidence Kit assessment of the claims in the article' (the date follows)."""
    who = f"{site_name} assessment" if site_name else "This site's assessment"
    return f"Source: {who} of the claims in {article or 'the article'}"


# -- the headline ---------------------------------------------------------------


def _is(n: int) -> str:
    return "is" if n <= 1 else "are"


def _some(n: int, of: int) -> str:
    """The subject of a count out of `of`: 'none', '1', '3', 'both' or 'all 5'."""
    if n == 0:
        return "none"
    if n == of and of == 2:
        return "both"
    if n == of and of > 2:
        return f"all {of}"
    return str(n)


def _claims(n: int) -> str:
    return "1 claim" if n == 1 else f"{n} claims"


def _about(view) -> str:
    slug = view.type.slug if view.type is not None and view.type.slug in ABOUT else "other"
    if slug == "efficacy" and view.no_studies_in_people:
        return "efficacy-lab"
    return slug


def _backed_in_people(view) -> bool:
    """An efficacy claim supported, with at least one study in people among its sources."""
    return view.verdict.slug == "supported" and not view.no_studies_in_people


def headline(placed) -> tuple[str, str]:
    """What the picture shows, in a headline and a sentence or two under it.

    `placed` are the claims with a verdict and a grade. Claims about benefits
    (type efficacy) lead when there are any, counted as supported only when a
    study in people is among their sources; the detail says which other claims
    are supported and what they are about, then how many rest on low or very
    low certainty evidence.
    """
    n = len(placed)
    if n == 0:
        return "None of the article's claims has a verdict yet.", ""
    benefits = [v for v in placed if v.type is not None and v.type.slug == "efficacy"]
    backed = [v for v in benefits if _backed_in_people(v)]
    e, k = len(benefits), len(backed)
    supported = [v for v in placed if v.verdict.slug == "supported"]
    if n == 1:
        only = placed[0]
        if e:
            title = ("The article makes one claim, about a benefit; it is "
                     f"{'' if k else 'not '}supported by studies in people.")
        else:
            title = f"The article makes one claim; it {SOLE_VERDICT[only.verdict.slug]}."
        return title, f"It rests on {only.grade.label.lower()} evidence."
    if e == n:
        title = (f"The article makes {n} claims about benefits; {_some(k, n)} "
                 f"{_is(k) if k < n else 'are'} supported by studies in people.")
    elif e == 1:
        title = (f"Of {n} claims in the article, the one about a benefit is "
                 f"{'' if k else 'not '}supported by studies in people.")
    elif e and k == e:
        title = (f"Of {n} claims in the article, {'both' if e == 2 else f'all {e}'} claims "
                 "about benefits are supported by studies in people.")
    elif e:
        title = (f"Of {n} claims in the article, {k or 'none'} of the {e} about benefits "
                 f"{_is(k)} supported by studies in people.")
    elif not supported:
        title = f"Of {n} claims in the article, none is supported."
    elif len(supported) == n:
        title = f"{'Both' if n == 2 else f'All {n}'} claims in the article are supported."
    else:
        title = f"Of {n} claims in the article, {len(supported)} {_is(len(supported))} supported."
    sentences = []
    rest = [v for v in supported if all(v is not b for b in backed)]
    if rest and not (e == 0 and all(_about(v) == "other" for v in rest)):
        groups: dict[str, int] = {}
        for v in rest:
            groups[_about(v)] = groups.get(_about(v), 0) + 1
        ordered = sorted(groups.items(), key=lambda item: list(ABOUT).index(item[0]))
        parts = [f"{_claims(count) if i == 0 else count} {ABOUT[slug]}"
                 for i, (slug, count) in enumerate(ordered)]
        said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        sentences.append(f"{'Also supported' if backed else 'Supported'}: {said}.")
    weak = sum(1 for v in placed if v.grade.rank <= 2)
    if weak == n:
        sentences.append(f"{'Both' if n == 2 else f'All {n}'} rest on low or very low "
                         "certainty evidence.")
    elif weak == 0:
        sentences.append(f"{'Both' if n == 2 else f'All {n}'} rest on moderate or high "
                         "certainty evidence.")
    else:
        sentences.append(f"{weak} of the {n} {'rests' if weak == 1 else 'rest'} on low or "
                         "very low certainty evidence.")
    return title, " ".join(sentences)


def describe(topic_title: str, rows: list[Row], points: list[Point]) -> str:
    """The picture in words: each verdict with its claims, by number and certainty."""
    parts = [f"The claims about {topic_title}: rows are verdicts, columns the certainty of "
             "the evidence from very low to high; each numbered point is a claim, numbered as "
             "on its card."]
    for row in rows:
        members = [p for p in points if p.verdict.slug == row.verdict.slug]
        if not members:
            parts.append(f"{row.verdict.label}: none.")
            continue
        said = ", ".join(f"claim {p.number} ({p.grade.label.lower()})" for p in members)
        parts.append(f"{row.verdict.label} ({row.shape_name}): {said}.")
    harms = [str(p.number) for p in points if p.harm]
    if harms:
        numbers = harms[0] if len(harms) == 1 else ", ".join(harms[:-1]) + " and " + harms[-1]
        parts.append(f"A dashed ring marks the {'claim' if len(harms) == 1 else 'claims'} "
                     f"about harms: {numbers}.")
    return " ".join(parts)
