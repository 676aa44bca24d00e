"""The topic's evidence picture: every claim placed by its verdict and its grade.

Laid out here at build time and drawn as SVG by the `evidence_picture` template
(no script runs in the reader's browser). Verdicts are rows, grades columns
from very low to high certainty; each claim is a numbered point, shaped by its
verdict, linked to its card, and numbered as in the overview table beside it.
Row and column labels, shapes and numbers carry everything the colours do.

Accessibility: a link inside an element with role="img" is hidden from
assistive technology (ARIA makes an image's children presentational, which
axe reports as nested-interactive), so the grid and its labels form the
role="img" group, named by its <title>, and the points are links beside it,
each named with its claim, verdict and grade. The <desc> lists every point in
words, and the overview table lists the same facts for every reader.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..definitions import GRADES, VERDICTS, Grade, Term

# Geometry, in SVG user units (the picture scales to the width it is given).
LABEL_W = 112  # the row labels: shape and verdict
COL_W = 78  # one grade
TOP = 20  # the axis title
HEAD_H = 42  # grade symbols and label
PAD = 8
STEP = 30  # between two points' centres
PER_LINE = max(1, (COL_W - PAD) // STEP)
MIN_ROW_H = 44

# A shape per verdict, centred on (0, 0), about 26 units across; the number sits
# at (0, NUMBER_DY[shape]). Rows are labelled with the same shapes.
SHAPES = {
    "supported": "M-13,0a13,13 0 1,0 26,0a13,13 0 1,0 -26,0Z",  # circle
    "mixed": "M0,-15L15,0L0,15L-15,0Z",  # diamond
    "unsupported": "M-12,-12H12V12H-12Z",  # square
    "contradicted": "M-15,-11H15L0,15Z",  # triangle, point down
    "lacks-context": "M-14,0L-7,-12.1H7L14,0L7,12.1H-7Z",  # hexagon
}
SHAPE_NAMES = {"supported": "circle", "mixed": "diamond", "unsupported": "square",
               "contradicted": "triangle", "lacks-context": "hexagon"}
NUMBER_DY = {"contradicted": -3}


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

    @property
    def label(self) -> str:
        """The link's accessible name: everything the point shows."""
        return f"Claim {self.number}: {self.heading}. {self.verdict.label}, {self.grade.label.lower()}."


@dataclass(frozen=True)
class Row:
    verdict: Term
    y: float  # top
    height: float
    shape: str
    shape_name: str
    count: int


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
    title: str
    description: str
    width: float
    height: float
    label_w: float
    col_w: float
    top: float  # where the grade headings start
    grid_top: float  # where the first row starts
    rows: list[Row]
    columns: list[Column]
    points: list[Point]  # in claim order
    unplaced: int  # claims with no known verdict or grade (the checker stops such builds)


def _fmt(n: float) -> float:
    return round(n, 1)


def layout(views, topic_title: str) -> Picture:
    """Place a topic's claims (ClaimViews, in page order) on the verdict-by-grade grid."""
    columns_by = sorted(GRADES, key=lambda g: g.rank)
    cells: dict[tuple[str, str], list] = {}
    unplaced = 0
    for view in views:
        if view.verdict is None or view.grade is None:
            unplaced += 1
            continue
        cells.setdefault((view.verdict.slug, view.grade.slug), []).append(view)
    grid_top = TOP + HEAD_H
    rows, y = [], grid_top
    heights = {}
    for v in VERDICTS:
        most = max((len(cells.get((v.slug, g.slug), ())) for g in GRADES), default=0)
        heights[v.slug] = max(MIN_ROW_H, math.ceil(most / PER_LINE) * STEP + 2 * PAD)
        count = sum(len(cells.get((v.slug, g.slug), ())) for g in GRADES)
        rows.append(Row(v, y, heights[v.slug], SHAPES[v.slug], SHAPE_NAMES[v.slug], count))
        y += heights[v.slug]
    columns = [Column(g, LABEL_W + i * COL_W,
                      sum(len(cells.get((v.slug, g.slug), ())) for v in VERDICTS))
               for i, g in enumerate(columns_by)]
    col_x = {c.grade.slug: c.x for c in columns}
    row_of = {r.verdict.slug: r for r in rows}
    points = []
    for (verdict, grade), members in cells.items():
        row, left = row_of[verdict], col_x[grade]
        lines = math.ceil(len(members) / PER_LINE)
        for i, view in enumerate(members):
            line, pos = divmod(i, PER_LINE)
            in_line = min(PER_LINE, len(members) - line * PER_LINE)
            x = left + COL_W / 2 + (pos - (in_line - 1) / 2) * STEP
            cy = row.y + row.height / 2 + (line - (lines - 1) / 2) * STEP
            points.append(Point(view.number, view.id, view.href, view.heading, view.verdict,
                                view.grade, _fmt(x), _fmt(cy), SHAPES[verdict],
                                NUMBER_DY.get(verdict, 0)))
    points.sort(key=lambda p: p.number)
    n = len(points)
    title = (f"The evidence picture: {n} claim{'s' if n != 1 else ''} about {topic_title} "
             "by verdict and certainty of the evidence")
    return Picture(
        title=title, description=describe(rows, points), width=LABEL_W + len(columns) * COL_W,
        height=y + PAD, label_w=LABEL_W, col_w=COL_W, top=TOP, grid_top=grid_top, rows=rows,
        columns=columns, points=points, unplaced=unplaced)


def describe(rows: list[Row], points: list[Point]) -> str:
    """The picture in words: each verdict with its claims, by number and certainty."""
    parts = ["Rows are verdicts, columns the certainty of the evidence from very low to high; "
             "each numbered point is a claim, numbered as in the table of claims."]
    for row in rows:
        members = [p for p in points if p.verdict.slug == row.verdict.slug]
        if not members:
            parts.append(f"{row.verdict.label}: none.")
            continue
        said = ", ".join(f"claim {p.number} ({p.grade.label.lower()})" for p in members)
        parts.append(f"{row.verdict.label} ({row.shape_name}): {said}.")
    return " ".join(parts)
