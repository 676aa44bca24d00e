"""The evidence picture's headline, source line, phone sizes and harm styling.

The headline is counted from the claims; each branch and each boundary (none, one,
two, many, all) has its sentence here. Claims are stand-ins with only the fields the
picture reads.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidencekit.definitions import CLAIM_TYPE, GRADE, VERDICT, VERDICTS
from evidencekit.render import picture
from evidencekit.render.environment import call, make_environment
from evidencekit.render.links import Links
from evidencekit.render.pages import Renderer
from evidencekit.validate import check_project

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 1)


@dataclass(frozen=True)
class Claim:
    """The fields of a ClaimView that the picture reads."""

    number: int
    verdict: object
    grade: object
    type: object
    no_studies_in_people: bool = False
    heading: str = "A claim"

    @property
    def id(self) -> str:
        return f"claim-{self.number}"

    @property
    def href(self) -> str:
        return f"#{self.id}"


def claims(*specs: str) -> list[Claim]:
    """'supported efficacy high' or 'supported efficacy low lab' (no study in people)."""
    out = []
    for n, spec in enumerate(specs, 1):
        verdict, kind, grade, *lab = spec.split()
        out.append(Claim(n, VERDICT[verdict], GRADE[grade], CLAIM_TYPE[kind], bool(lab)))
    return out


def said(*specs: str) -> tuple[str, str]:
    return picture.headline(claims(*specs))


# -- the headline ----------------------------------------------------------------


def test_no_claim():
    assert said() == ("None of the article's claims has a verdict yet.", "")


@pytest.mark.parametrize(("spec", "title"), [
    ("supported efficacy low",
     "The article makes one claim, about a benefit; it is supported by studies in people."),
    ("supported efficacy low lab",
     "The article makes one claim, about a benefit; it is not supported by studies in people."),
    ("contradicted efficacy low",
     "The article makes one claim, about a benefit; it is not supported by studies in people."),
    ("supported safety moderate", "The article makes one claim; it is supported."),
    ("mixed other low",
     "The article makes one claim; it is only partly supported, or the studies disagree."),
    ("unsupported mechanism low",
     "The article makes one claim; it is unsupported: there is not enough evidence either way."),
    ("contradicted regulatory high",
     "The article makes one claim; it is contradicted by the evidence."),
    ("lacks-context other very-low", "The article makes one claim; it lacks important context."),
])
def test_one_claim(spec, title):
    grade = spec.split()[2].replace("-", " ")
    assert said(spec) == (title, f"It rests on {grade} certainty evidence.")


def test_every_verdict_has_words_for_a_sole_claim():
    assert set(picture.SOLE_VERDICT) == {v.slug for v in VERDICTS}


@pytest.mark.parametrize(("specs", "title"), [
    (["unsupported efficacy low"] * 3,
     "The article makes 3 claims about benefits; none is supported by studies in people."),
    (["supported efficacy low", "unsupported efficacy low", "supported efficacy low lab"],
     "The article makes 3 claims about benefits; 1 is supported by studies in people."),
    (["supported efficacy low", "supported efficacy low", "mixed efficacy low"],
     "The article makes 3 claims about benefits; 2 are supported by studies in people."),
    (["supported efficacy low"] * 2,
     "The article makes 2 claims about benefits; both are supported by studies in people."),
    (["supported efficacy low"] * 3,
     "The article makes 3 claims about benefits; all 3 are supported by studies in people."),
])
def test_every_claim_about_benefits(specs, title):
    assert said(*specs)[0] == title


@pytest.mark.parametrize(("specs", "title"), [
    (["unsupported efficacy low", "supported safety low"],
     "Of 2 claims in the article, the one about a benefit is not supported by studies in people."),
    (["supported efficacy low", "mixed other low", "supported safety low"],
     "Of 3 claims in the article, the one about a benefit is supported by studies in people."),
    (["unsupported efficacy low", "lacks-context efficacy low", "supported safety low"],
     "Of 3 claims in the article, none of the 2 about benefits is supported by studies in people."),
    (["supported efficacy low", "unsupported efficacy low", "supported other low"],
     "Of 3 claims in the article, 1 of the 2 about benefits is supported by studies in people."),
    (["supported efficacy low", "supported efficacy low", "unsupported efficacy low",
      "supported other low"],
     "Of 4 claims in the article, 2 of the 3 about benefits are supported by studies in people."),
    (["supported efficacy low", "supported efficacy low", "mixed other low"],
     "Of 3 claims in the article, both claims about benefits are supported by studies in people."),
    (["supported efficacy low"] * 3 + ["mixed other low"],
     "Of 4 claims in the article, all 3 claims about benefits are supported by studies in people."),
])
def test_some_claims_about_benefits(specs, title):
    assert said(*specs)[0] == title


@pytest.mark.parametrize(("specs", "title"), [
    (["mixed other low", "contradicted safety low"], "Of 2 claims in the article, none is supported."),
    (["supported other low", "contradicted safety low"],
     "Of 2 claims in the article, 1 is supported."),
    (["supported other low", "supported mechanism low", "mixed other low"],
     "Of 3 claims in the article, 2 are supported."),
    (["supported other low", "supported mechanism low"], "Both claims in the article are supported."),
    (["supported other low"] * 3, "All 3 claims in the article are supported."),
])
def test_no_claim_about_benefits(specs, title):
    assert said(*specs)[0] == title


@pytest.mark.parametrize(("specs", "detail"), [
    # what the supported claims are about, besides those the headline counts
    (["unsupported efficacy low", "supported mechanism high", "supported safety low"],
     "Supported: 1 claim about harms and 1 about how it works. "
     "2 of the 3 rest on low or very low certainty evidence."),
    (["supported efficacy low", "supported safety low", "supported safety high"],
     "Also supported: 2 claims about harms. 2 of the 3 rest on low or very low certainty evidence."),
    (["supported efficacy low lab", "mixed efficacy low", "supported regulatory high"],
     "Supported: 1 claim about benefits, from animal or laboratory studies only and 1 about the "
     "law or regulators. 2 of the 3 rest on low or very low certainty evidence."),
    # claims "on other points" alone add nothing to a headline that counted them
    (["supported other high", "mixed other low"], "1 of the 2 rests on low or very low certainty evidence."),
    (["supported other high", "supported safety low", "mixed other low"],
     "Supported: 1 claim about harms and 1 on other points. "
     "2 of the 3 rest on low or very low certainty evidence."),
    # certainty: none, both, all
    (["mixed other high", "mixed other moderate"], "Both rest on moderate or high certainty evidence."),
    (["mixed other low", "mixed other very-low"], "Both rest on low or very low certainty evidence."),
    (["mixed other low", "mixed other very-low", "mixed other low"],
     "All 3 rest on low or very low certainty evidence."),
    (["mixed other high"] * 4, "All 4 rest on moderate or high certainty evidence."),
])
def test_the_detail_under_the_headline(specs, detail):
    assert said(*specs)[1] == detail


def test_the_builtin_topic_headline():
    _, _, view = builtin()
    pic = view.picture
    assert pic.title == ("Of 20 claims in the article, none of the 9 about benefits is supported "
                         "by studies in people.")
    assert pic.detail == ("Supported: 1 claim about harms and 1 about how it works. "
                          "18 of the 20 rest on low or very low certainty evidence.")


# -- the source line -------------------------------------------------------------


def test_the_source_line():
    views = claims("mixed other low")
    pic = picture.layout(views, "Tea", site_name="Evidence Kit", article="Tea Weekly",
                         reviewed=dt.date(2026, 11, 25))
    assert pic.source == "Source: Evidence Kit assessment of the claims in Tea Weekly"
    html = call(make_environment(), "evidence_picture", pic)
    assert ('<p class="ek-picture__source">Source: Evidence Kit assessment of the claims in '
            'Tea Weekly, evidence checked <time datetime="2026-11-25">25 November 2026</time>.</p>'
            in html)
    plain = call(make_environment(), "evidence_picture", picture.layout(views, "Tea"))
    assert ('<p class="ek-picture__source">Source: This site\'s assessment of the claims in '
            'the article.</p>' in str(plain).replace("&#39;", "'"))


# -- the picture on a phone ------------------------------------------------------


def test_text_and_targets_are_big_enough_on_a_phone():
    # A 390 px phone leaves Material's content 358 CSS px; the SVG fills that width.
    assert picture.displayed_px(picture.FONT) >= 12
    assert picture.displayed_px(picture.TARGET) >= 24
    _, renderer, view = builtin()
    svg = svg_of(str(call(renderer.env, "evidence_picture", view.picture)))
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    font = float(re.search(r'<svg [^>]*font-size="([\d.]+)"', svg).group(1))
    assert width == picture.WIDTH and font * 358 / width >= 12
    assert "font-size" not in svg.split(">", 1)[1], "no text is set smaller than the picture's size"
    targets = re.findall(r'<rect class="ek-picture__target" x="[\d.-]+" y="[\d.-]+" '
                         r'width="([\d.]+)" height="([\d.]+)"/>', svg)
    assert len(targets) == len(view.claims)
    for w, h in targets:
        assert float(w) * 358 / width >= 24 and float(h) * 358 / width >= 24


def test_targets_and_rings_never_overlap_and_stay_in_their_cell():
    _, _, view = builtin()
    pic = view.picture
    for a, b in itertools.combinations(pic.points, 2):
        apart = max(abs(a.x - b.x), abs(a.y - b.y))
        assert apart >= picture.TARGET and apart >= 2 * picture.RING_R + 2
    columns = {c.grade.slug: c for c in pic.columns}
    rows = {r.verdict.slug: r for r in pic.rows}
    for p in pic.points:
        column, row = columns[p.grade.slug], rows[p.verdict.slug]
        assert column.x <= p.x - pic.target / 2 and p.x + pic.target / 2 <= column.x + pic.col_w
        assert row.points_top <= p.y - pic.target / 2 and p.y + pic.target / 2 <= row.y + row.height


# -- harms and ranking -----------------------------------------------------------


def test_a_supported_claim_about_harms_is_ringed_and_not_green():
    views = claims("supported safety low", "supported efficacy low", "contradicted safety low")
    pic = picture.layout(views, "Tea")
    assert [p.harm for p in pic.points] == [True, False, True]
    assert pic.points[0].label == "Claim 1: Supported (a claim about harms): “A claim”, low certainty."
    assert pic.points[1].label == "Claim 2: Supported: “A claim”, low certainty."
    svg = svg_of(str(call(make_environment(), "evidence_picture", pic)))
    marks = re.findall(r'<a class="ek-picture__point ek-picture__point--([a-z-]+)".*?</a>', svg, re.S)
    assert marks == ["supported", "supported", "contradicted"]
    points = re.findall(r'<a class="ek-picture__point.*?</a>', svg, re.S)
    assert 'class="ek-picture__ring"' in points[0] and "ek-picture__mark--harm" in points[0]
    assert 'class="ek-picture__ring"' not in points[1] and "--harm" not in points[1]
    assert 'class="ek-picture__ring"' in points[2]
    assert pic.description.endswith("A dashed ring marks the claims about harms: 1 and 3.")
    html = str(call(make_environment(), "evidence_picture", pic))
    assert "A dashed ring marks a claim about harms" in html
    # and no ring key where there is no claim about harms
    other = call(make_environment(), "evidence_picture", picture.layout(claims("supported other low"), "Tea"))
    assert "dashed ring" not in other and "ek-picture__ring" not in other


def test_css_never_paints_a_claim_about_harms_in_the_supported_colour():
    css = (REPO / "src/evidencekit/assets/evidencekit.css").read_text(encoding="utf-8")
    assert re.search(r"\.ek-picture__point--supported \.ek-picture__mark--harm \{ fill: var\(--ek-harm\); \}", css)
    assert re.search(r"\.md-typeset \.ek-verdict--harm \{ background: var\(--ek-harm\); \}", css)
    assert re.search(r'\[data-md-color-scheme="slate"\] \{ --ek-harm: #[0-9a-f]{6}; \}', css)


def test_rows_carry_no_ranking():
    _, renderer, view = builtin()
    svg = svg_of(str(call(renderer.env, "evidence_picture", view.picture)))
    assert [r.verdict for r in view.picture.rows] == list(VERDICTS)
    assert '<text class="ek-picture__axis" x="4" y="16">Verdict</text>' in svg
    assert "↓" not in svg and "↑" not in svg
    assert "Certainty of the evidence →" in svg  # the grades are an order; the verdicts are not


def test_the_headline_heads_the_figure_and_names_the_svg():
    _, renderer, view = builtin()
    html = str(call(renderer.env, "evidence_picture", view.picture))
    assert html.startswith('<figure class="ek-picture">\n<figcaption class="ek-picture__caption">\n'
                           f'<p class="ek-picture__headline">{view.picture.title}</p>')
    assert f'<title id="ek_picture_title">{view.picture.title}</title>' in html


# -- the verdict label -----------------------------------------------------------


@pytest.mark.parametrize("verdict", VERDICTS, ids=lambda v: v.slug)
def test_the_verdict_label_with_one_argument_is_unchanged(verdict):
    html = call(make_environment(), "verdict_label", verdict)
    assert html == (f'<span class="ek-verdict ek-verdict--{verdict.slug}" '
                    f'title="{verdict.label}: {verdict.meaning}">{verdict.label}</span>')


@pytest.mark.parametrize("claim_type", ["safety", CLAIM_TYPE["safety"]], ids=["slug", "term"])
def test_a_supported_harm_is_labelled_as_one(claim_type):
    html = call(make_environment(), "verdict_label", VERDICT["supported"], claim_type)
    assert html.startswith('<span class="ek-verdict ek-verdict--supported ek-verdict--harm" ')
    assert "“supported” is no sign of safety" in html
    assert html.endswith('>Supported</span><span class="ek-verdict-about"> · about harms</span>')


@pytest.mark.parametrize(("verdict", "claim_type"), [
    ("supported", "efficacy"), ("supported", None), ("contradicted", "safety"), ("mixed", "safety")])
def test_other_verdicts_and_types_keep_their_label(verdict, claim_type):
    html = call(make_environment(), "verdict_label", VERDICT[verdict], claim_type)
    assert html == call(make_environment(), "verdict_label", VERDICT[verdict])


# -- helpers ---------------------------------------------------------------------


def builtin():
    project = check_project(REPO)
    renderer = Renderer(project, today=TODAY, history={})
    topic = project.topics[0]
    return project, renderer, renderer.topic_view(topic, Links(f"topics/{topic.id}/"))


def svg_of(html: str) -> str:
    found = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(found) == 1
    return found[0]
