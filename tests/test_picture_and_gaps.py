"""The evidence picture, the gap grid and the design-mix bar, as the renderer draws them."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from markupsafe import escape

from evidencekit import assess
from evidencekit.definitions import DESIGNS, GRADE, GRADES, VERDICT, VERDICTS
from evidencekit.render import picture
from evidencekit.render.gaps import (DESIGN_GROUPS, NO_PEOPLE, NO_REVIEW, NO_STUDY, NO_TRIAL,
                                     group_slug)
from evidencekit.render.links import Links
from evidencekit.render.pages import Renderer
from evidencekit.validate import check_project

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).parent / "sites"
TODAY = dt.date(2026, 6, 1)


def topic_view(root: Path, topic: str | None = None):
    project = check_project(root)
    renderer = Renderer(project, today=TODAY, history={})
    chosen = next(t for t in project.topics if topic in (None, t.id))
    return project, renderer, chosen, renderer.topic_view(chosen, Links(f"topics/{chosen.id}/"))


def svg_of(html: str) -> str:
    found = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(found) == 1
    return found[0]


# -- the picture ------------------------------------------------------------------


def test_every_verdict_has_its_own_shape():
    assert set(picture.SHAPES) == set(picture.SHAPE_NAMES) == {v.slug for v in VERDICTS}
    assert len(set(picture.SHAPES.values())) == len(VERDICTS)


def test_each_claim_is_a_point_in_its_verdict_row_and_grade_column():
    _, _, topic, view = topic_view(REPO)
    pic = view.picture
    assert [p.number for p in pic.points] == list(range(1, len(topic.claims) + 1))
    assert [p.claim_id for p in pic.points] == [c.id for c in topic.claims]
    rows = {r.verdict.slug: r for r in pic.rows}
    columns = {c.grade.slug: c for c in pic.columns}
    assert [r.verdict for r in pic.rows] == list(VERDICTS)
    assert [c.grade.rank for c in pic.columns] == sorted(g.rank for g in GRADES)
    for point, claim in zip(pic.points, topic.claims):
        row, column = rows[claim.verdict], columns[claim.grade]
        assert row.y < point.y < row.y + row.height
        assert column.x < point.x < column.x + pic.col_w
        assert point.verdict is VERDICT[claim.verdict] and point.grade is GRADE[claim.grade]
    for a, b in itertools.combinations(pic.points, 2):  # no two points overlap
        assert (a.x - b.x) ** 2 + (a.y - b.y) ** 2 >= (picture.STEP - 0.5) ** 2
    assert all(0 < p.x < pic.width and 0 < p.y < pic.height for p in pic.points)
    assert sum(r.count for r in pic.rows) == sum(c.count for c in pic.columns) == len(topic.claims)


def test_the_svg_is_named_described_and_links_each_point_to_its_card():
    _, renderer, topic, view = topic_view(REPO)
    html = str(renderer.topic_page(topic).html)
    svg = svg_of(html)
    assert re.search(r'<svg class="ek-picture__svg"[^>]*role="group" '
                     r'aria-labelledby="ek_picture_title" aria-describedby="ek_picture_desc"', svg)
    assert '<g class="ek-picture__grid" role="img" aria-labelledby="ek_picture_grid_title">' in svg
    title = re.search(r'<title id="ek_picture_title">(.*?)</title>', svg).group(1)
    assert title == str(escape(view.picture.title))  # the headline that states the finding
    desc = re.search(r'<desc id="ek_picture_desc">(.*?)</desc>', svg).group(1)
    for n, claim in enumerate(topic.claims, 1):
        grade = GRADE[claim.grade].label.lower()
        assert f"claim {n} ({grade})" in desc
    links = re.findall(r'<a class="ek-picture__point ek-picture__point--([a-z-]+)" href="#([^"]+)" '
                       r'aria-labelledby="(ek_picture_point_\d+)"><title id="\3">([^<]*)</title>', svg)
    assert [(v, cid) for v, cid, _, _ in links] == [(c.verdict, c.id) for c in topic.claims]
    for (_, _, _, label), claim in zip(links, topic.claims):
        assert VERDICT[claim.verdict].label in label and GRADE[claim.grade].label.lower() in label
    # nothing interactive inside the role="img" part
    grid = re.search(r'<g class="ek-picture__grid".*?</g>', svg, re.S).group(0)
    assert "<a " not in grid
    # the overview numbers its rows as the picture numbers its points (each row links to
    # the claim's own page, after its verdict)
    numbers = re.findall(r'<span class="ek-overview__number">(\d+)</span>.*?<a href="([^"#]+)/"',
                         html, re.S)
    assert numbers == [(str(n), c.id) for n, c in enumerate(topic.claims, 1)]


def test_the_picture_escapes_content_and_keeps_it_out_of_attributes():
    _, renderer, topic, _ = topic_view(SITES / "site_hostile")
    svg = svg_of(str(renderer.topic_page(topic).html))
    assert "<img" not in svg and "&lt;img src=x onerror=alert(6)&gt;" in svg
    for tag in re.findall(r"<[a-z][^>]*>", svg):
        assert "&lt;" not in tag and "{{" not in tag, tag


def test_a_topic_page_is_drawn_the_same_every_time():
    _, renderer, topic, _ = topic_view(REPO)
    assert renderer.topic_page(topic).html == Renderer(
        check_project(REPO), today=TODAY, history={}).topic_page(topic.id).html


# -- the gap grid ------------------------------------------------------------------


def test_design_groups_split_the_vocabulary():
    grouped = [d for g in DESIGN_GROUPS for d in g.designs]
    assert sorted(grouped) == sorted(d.slug for d in DESIGNS)
    assert [g.slug for g in DESIGN_GROUPS] == ["trials", "reviews", "observational", "lab", "other"]
    assert DESIGN_GROUPS[0].designs == ("randomised-trial",)
    for d in DESIGNS:
        if d.secondary:
            assert group_slug(d) == "reviews"
        elif d.in_people is False:
            assert group_slug(d) == "lab"


def test_gaps_follow_the_assessment():
    project, _, topic, view = topic_view(SITES / "site_small")
    chamomile, valerian = view.gaps.rows
    # its animal study and survey are cited as context: they tested nothing, so they are not counted
    assert [c.count for c in chamomile.cells] == [1, 1, 0, 0, 0]
    assert chamomile.gaps == [] and chamomile.applies
    assert [c.count for c in valerian.cells] == [0, 0, 0, 1, 0]
    assert valerian.gaps == [NO_TRIAL, NO_REVIEW, NO_PEOPLE]
    assert [c.gap for c in valerian.cells] == [True, True, False, False, False]
    assert assess.no_studies_in_people(topic.claims[1], project.library)
    assert [c.without for c in view.gaps.columns] == [1, 1, 2, 1, 2]
    assert view.gaps.summary == ("Of the 2 claims about effects in people, 1 has no randomised "
                                 "trial in people that addresses it, 1 no systematic review and 1 "
                                 "no study in people at all.")


def test_the_grid_is_a_table_with_text_marks():
    _, renderer, topic, _ = topic_view(SITES / "site_small")
    html = str(renderer.topic_page(topic).html)
    grid = re.search(r'<section class="ek-topic__gaps">.*?</section>', html, re.S).group(0)
    assert '<h2 id="ek_gaps">Where studies are missing</h2>' in grid
    assert '<div class="ek-gaps" role="region" aria-labelledby="ek_gaps_caption" tabindex="0">' in grid
    assert grid.count('<th scope="col"') == 1 + len(DESIGN_GROUPS)
    assert grid.count('<tr><th scope="row">') == len(topic.claims) + 1
    cells = re.findall(r'<td class="ek-gaps__cell[^"]*">([^<]*)</td>', grid)
    assert cells == ["✓ 1", "✓ 1", "— none", "— none", "— none", "— none", "— none", "— none", "✓ 1", "— none"]
    assert "No human trial · No systematic review · No study in people" in grid
    assert '<a href="#valerian-mice">' in grid


def test_every_builtin_claim_is_in_the_grid():
    _, _, topic, view = topic_view(REPO)
    assert [r.claim_id for r in view.gaps.rows] == [c.id for c in topic.claims]
    studies = [c.count for row in view.gaps.rows for c in row.cells[:4]]
    assert any(studies)
    for row, claim in zip(view.gaps.rows, topic.claims):
        counts = {c.group.slug: c.count for c in row.cells}
        if claim.type in ("efficacy", "safety"):
            assert (NO_TRIAL in row.gaps) == (counts["trials"] == 0) or NO_STUDY in row.gaps
            assert (NO_REVIEW in row.gaps) == (counts["reviews"] == 0) or NO_STUDY in row.gaps
        elif claim.type in ("regulatory", "other"):
            assert not row.applies and row.gaps == []


# -- only sources that address the claim's own question count --------------------


def test_addressing_leaves_out_context_and_indirect_sources():
    project, _, topic, _ = topic_view(SITES / "gaps_indirect")
    elsewhere, nothing, direct = topic.claims
    assert elsewhere.evidence[0].indirect == "Tests chamomile for menstrual pain, not sleep."
    assert [e.cite for e in assess.addressing(elsewhere)] == ["survey2021users"]
    assert assess.addressing(nothing) == []
    assert [e.cite for e in assess.addressing(direct)] == ["trial2017sleep", "review2019sleep"]
    lib = project.library
    assert [(d.slug, n) for d, n in assess.addressing_mix(elsewhere, lib)] == [
        ("cross-sectional-survey", 1)]
    assert assess.addressing_mix(nothing, lib) == []
    assert [assess.count_addressing(c, lib) for c in topic.claims] == [1, 0, 2]
    # the card's design mix still shows every cited source
    assert [(d.slug, n) for d, n in assess.design_mix(elsewhere, lib)] == [
        ("systematic-review", 1), ("randomised-trial", 1), ("cross-sectional-survey", 1)]


def test_a_claim_whose_only_trial_is_indirect_shows_the_gap():
    _, _, _, view = topic_view(SITES / "gaps_indirect")
    elsewhere, _, direct = view.gaps.rows
    assert [c.count for c in elsewhere.cells] == [0, 0, 1, 0, 0]
    assert elsewhere.gaps == [NO_TRIAL, NO_REVIEW]  # its review is cited as context only
    assert [c.gap for c in elsewhere.cells] == [True, True, False, False, False]
    assert [c.count for c in direct.cells] == [1, 1, 0, 0, 0] and direct.gaps == []


def test_a_claim_no_source_addresses_says_so():
    _, renderer, topic, view = topic_view(SITES / "gaps_indirect")
    row = view.gaps.rows[1]
    assert row.gaps == [NO_STUDY] == ["No studies address this claim"]
    assert [c.count for c in row.cells] == [0] * len(DESIGN_GROUPS)
    assert [c.gap for c in row.cells] == [True, True, True, True, False]
    assert view.gaps.summary == (
        "Of the 3 claims about effects in people, 2 have no randomised trial in people that "
        "addresses them, 2 no systematic review and 1 no study in people at all. "
        "No study of any kind addresses 1 claim.")
    html = str(renderer.topic_page(topic).html)
    grid = re.search(r'<div class="ek-gaps".*?</table>', html, re.S).group(0)
    tr = re.search(r'<tr><th scope="row"><span class="ek-gaps__number">2</span>.*?</tr>', grid,
                   re.S).group(0)
    assert '<span class="ek-gaps__list">No studies address this claim</span>' in tr
    assert re.findall(r'<td class="ek-gaps__cell[^"]*">([^<]*)</td>', tr) == ["— none"] * 5


def test_the_grid_says_what_it_counts_and_that_it_scrolls():
    _, renderer, topic, _ = topic_view(SITES / "gaps_indirect")
    html = str(renderer.topic_page(topic).html)
    caption = re.search(r'<caption id="ek_gaps_caption">([^<]*)</caption>', html).group(1)
    assert caption.startswith("Sources that address each claim’s own question, by kind of study")
    assert "cited only for context, or about another population" in caption
    # the hint comes before the table, which is taller than a phone's screen
    assert re.search(r'<p class="ek-gaps__hint">Scroll the table sideways to see all columns →</p>'
                     r'\s*<div class="ek-gaps" role="region"', html)
    assert '<th scope="row">Claims that none addresses</th>' in html
    css = (REPO / "src/evidencekit/assets/evidencekit.css").read_text(encoding="utf-8")
    rules = css[css.index("/* -- gaps -- */"):]
    assert ".ek-gaps__hint { display: none;" in rules  # shown only where the table scrolls
    assert re.search(r"@media screen and \(max-width: 700px\) \{\s*\.md-typeset \.ek-gaps__hint "
                     r"\{ display: block; \}", rules)


def test_an_indirect_source_still_sets_the_starting_level():
    # GRADE rates indirect evidence down for indirectness; it does not drop it. So the
    # start may rest on an indirect trial, and the editors rate down (as this claim does).
    project, _, topic, _ = topic_view(SITES / "gaps_indirect")
    elsewhere = topic.claims[0]
    certainty = assess.certainty(elsewhere, project.library)
    assert (certainty.start, certainty.basis.short) == (4, "randomised trials")
    assert [(s.domain.slug, s.levels) for s in certainty.steps] == [
        ("indirectness", -2), ("risk-of-bias", -1)]
    assert certainty.result_grade.slug == elsewhere.grade == "very-low"


def test_an_empty_or_placeholder_reason_marks_nothing():
    # the checker rejects them (tests/sites/schema_indirect_invalid/expected.txt)
    project = check_project(SITES / "schema_indirect_invalid")
    (claim,) = project.topics[0].claims
    assert [e.indirect for e in claim.evidence] == [None] * 4


def test_builtin_sources_marked_indirect_are_not_counted():
    project, _, topic, view = topic_view(REPO)
    marked = {(c.id, e.cite) for c in topic.claims for e in c.evidence if e.indirect}
    assert {("clinical-research", "vicknasingam2020pain"),
            ("clinical-research", "nct06072170sad")} <= marked
    for claim in topic.claims:
        kept = assess.addressing(claim)
        assert all(not e.indirect and e.stance != "context" for e in kept)
    rows = {r.claim_id: r for r in view.gaps.rows}
    # the one randomised trial in the library tested pain, so no claim has a trial cell
    clinical = rows["clinical-research"]
    assert clinical.cells[0].count == 0 and clinical.cells[0].gap
    assert clinical.gaps == [NO_STUDY]
    for row, claim in zip(view.gaps.rows, topic.claims):
        if claim.type in ("efficacy", "safety"):
            assert (NO_STUDY in row.gaps) == (assess.count_addressing(claim, project.library) == 0)


# -- the design-mix bar ------------------------------------------------------------


def test_the_bar_has_a_segment_per_design_in_the_words_order():
    project, renderer, topic, view = topic_view(REPO)
    for claim, card in zip(topic.claims, view.claims):
        mix = assess.design_mix(claim, project.library)
        assert [(s.design, s.count) for s in card.mix_bar] == mix
        assert abs(sum(s.share for s in card.mix_bar) - 100) < 0.1
        words = [w for w in card.design_mix if not w.startswith("0 ")]
        assert [s.text for s in card.mix_bar] == words
    html = str(renderer.claim_page(topic.claims[0]).html)  # the bar is on the claim's own page
    bar = re.search(r'<span class="ek-mix-bar" aria-hidden="true">(.*?)</span> <span class="ek-design-mix">',
                    html).group(1)
    assert re.findall(r'title="([^"]+)">(\d+)</span>', bar) == [
        (s.text, str(s.count)) for s in view.claims[0].mix_bar]


@pytest.mark.parametrize("counts", [[1], [1, 30], [5, 5, 5], [1, 1, 1, 1, 1, 1, 1, 1, 1, 20]])
def test_a_small_share_stays_visible(counts):
    from evidencekit.render.cardfacts import MIN_SHARE, mix_bar

    segments = mix_bar(list(zip(DESIGNS, counts)))
    assert abs(sum(s.share for s in segments) - 100) < 0.1
    assert min(s.share for s in segments) >= MIN_SHARE * 100 / (100 + MIN_SHARE * len(counts)) - 0.01
