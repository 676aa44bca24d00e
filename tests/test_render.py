"""The render layer on its own: sanitised Markdown, citations, badges, links, cards."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from markupsafe import Markup, escape

from evidencekit.definitions import DESIGN, GRADES, VERDICT
from evidencekit.model import Reference
from evidencekit.diagnostics import Loc
from evidencekit.render.citations import (
    author_year_labels, doi_url, format_reference, pubmed_url, safe_url,
)
from evidencekit.render.embed import Embedder
from evidencekit.render.environment import call, make_environment
from evidencekit.render.links import Links
from evidencekit.render.markdown import render_inline, render_markdown
from evidencekit.render.pages import MacroError, Renderer, design_mix_text, headings_of
from evidencekit.validate import check_project

SITES = Path(__file__).parent / "sites"


@pytest.mark.parametrize("text, html", [
    ("*a* and **b**", "<p><em>a</em> and <strong>b</strong></p>"),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=\"alert(1)\"&gt;</p>"),
    ("[x](javascript:alert(1))", '<p><a rel="nofollow noopener">x</a></p>'),
    ("[x](JaVaScRiPt:alert(1))", '<p><a rel="nofollow noopener">x</a></p>'),
    ("[x](&#106;avascript:alert(1))", '<p><a rel="nofollow noopener">x</a></p>'),
    ("[x](java\tscript:alert(1))", '<p><a rel="nofollow noopener">x</a></p>'),
    ("[x](data:text/html,hi)", '<p><a rel="nofollow noopener">x</a></p>'),
    ("[x](vbscript:msgbox(1))", '<p><a rel="nofollow noopener">x</a></p>'),
    ("[x][1]\n\n[1]: javascript:alert(1)", '<p><a rel="nofollow noopener">x</a></p>'),
    ("[x](/relative)", '<p><a rel="nofollow noopener">x</a></p>'),
    ('[x](https://example.org "t")',
     '<p><a href="https://example.org" title="t" rel="nofollow noopener">x</a></p>'),
    ("[m](mailto:a@example.org)", '<p><a href="mailto:a@example.org" rel="nofollow noopener">m</a></p>'),
    ("*a*{: onclick=alert(1) }", "<p><em>a</em>{: onclick=alert(1) }</p>"),
    ("{{ 7*7 }}", "<p>{{ 7*7 }}</p>"),
    ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("![i](https://example.org/x.png)", "<p></p>"),
])
def test_markdown_is_sanitised(text, html):
    assert render_markdown(text) == Markup(html)


def test_inline_markdown_drops_the_single_paragraph():
    assert render_inline("a *b*") == Markup("a <em>b</em>")
    assert render_inline("a\n\nb") == Markup("<p>a</p>\n<p>b</p>")
    assert render_inline(None) == Markup("")


def test_doi_pubmed_and_urls():
    assert doi_url("10.1002/(SICI)1097-4636<42>#x") == \
        "https://doi.org/10.1002/(SICI)1097-4636%3C42%3E%23x"
    assert doi_url("10.1016/j.ctim.2017.09.010") == "https://doi.org/10.1016/j.ctim.2017.09.010"
    assert doi_url("https://doi.org/10.1/x") is None
    assert pubmed_url("29154054") == "https://pubmed.ncbi.nlm.nih.gov/29154054/"
    assert pubmed_url("PMC123") is None
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", "&#106;avascript:alert(1)", " java\nscript:x",
                "data:text/html,x", "//example.org", "/local"):
        assert safe_url(bad) is None, bad


def test_reference_style_decodes_only_shown_fields():
    ref = Reference(
        key="k", entry_type="article", designs=("randomised-trial",), loc=Loc("r.bib", 1, 1),
        fields={"author": "M{\\\"u}ller, Hans and Smith, J. and A, B. and C, D. and E, F. and "
                          "G, H. and I, J.",
                "title": "{DNA} and caf{\\'e}", "journal": "J \\& K", "year": "2020",
                "volume": "3", "number": "2", "pages": "10--20", "doi": "10.1234/x<y>",
                "pmid": "123", "url": "javascript:alert(1)"})
    c = format_reference(ref)
    assert c.authors == "Müller H, Smith J, A B, C D, E F, G H, et al."
    assert (c.title, c.container, c.locator) == ("DNA and café", "J & K", "3(2):10–20")
    assert c.doi_url == "https://doi.org/10.1234/x%3Cy%3E"
    assert c.url is None  # not an http(s) address
    assert c.designs == ("randomised trial",)
    html = call(make_environment(), "citation", c)
    assert "<cite>J &amp; K</cite> 3(2):10–20." in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/123/"' in html


def test_design_mix_always_counts_randomised_trials():
    assert design_mix_text([(DESIGN["cross-sectional-survey"], 3), (DESIGN["animal"], 2)]) == [
        "0 randomised trials", "3 surveys", "2 animal studies"]
    assert design_mix_text([(DESIGN["randomised-trial"], 1)]) == ["1 randomised trial"]


@pytest.mark.parametrize("grade", GRADES, ids=lambda g: g.slug)
def test_grade_badge_reads_without_colour(grade):
    html = call(make_environment(), "grade_badge", grade)
    assert f'<span class="ek-grade__symbols" aria-hidden="true">{grade.symbols}</span>' in html
    # the words shorten to "Low" on a phone (CSS hides ek-grade__more); the text is whole
    more = grade.label.removeprefix(grade.short)
    assert (f'<span class="ek-grade__label">{grade.short}<span class="ek-grade__more">{more}</span></span>'
            in html)
    assert f'title="{grade.label}: ' in html
    assert f'aria-label="Certainty of the evidence: {grade.label}, {grade.rank} of 4. ' in html


def test_links_are_relative_to_the_page():
    assert Links("topics/sleep/").topic("sleep", "x") == "#x"
    assert Links("topics/sleep/").references("ref_a") == "../../references/#ref_a"
    assert Links("").topic("sleep") == "topics/sleep/"
    assert Links("index.html", directory_urls=False).topic("sleep") == "topics/sleep/index.html"


def test_embedder_restores_blocks_and_inline_macros():
    e = Embedder()
    block, inline = e.stash("<div>b</div>"), e.stash("<span>i</span>")
    html = f"<p>{block}</p>\n<p>a {inline} b</p>"
    assert e.restore(html) == "<div>b</div>\n<p>a <span>i</span> b</p>"
    assert Embedder().restore("<p>ekembed00x0y</p>") == "<p>ekembed00x0y</p>"  # not its nonce


def test_headings_map_card_titles_to_card_anchors():
    hs = headings_of('<h1 id="t">T &amp; U</h1><article id="c" data-claim-id="c">'
                     '<h2 id="c_title">Claim <em>x</em></h2><h3>no id</h3></article>')
    assert [(h.level, h.id, str(h.title), h.anchor) for h in hs] == [
        (1, "t", "T &amp; U", "t"), (2, "c_title", "Claim x", "c")]


def test_overdue_marker_and_unknown_claim():
    project = check_project(SITES / "site_small")
    renderer = Renderer(project, today=dt.date(2029, 1, 1))
    card = renderer.claim("sleep/chamomile")
    assert "<strong>Review overdue</strong>" in card
    assert "Review overdue" not in Renderer(project, today=dt.date(2026, 6, 1)).claim("chamomile")
    with pytest.raises(MacroError, match=r"did you mean 'sleep/chamomile'\?"):
        renderer.claim("sleep/chamomle")


def test_topic_page_reads_as_a_summary_of_findings():
    """Key messages first, then the table, the picture, the gaps; claims are compact cards
    without sections of their own (search finds each claim on its own page)."""
    project = check_project(SITES / "site_small")
    rendered = Renderer(project, today=dt.date(2026, 6, 1)).topic_page("sleep")
    assert [(h.id, h.anchor) for h in rendered.headings] == [
        ("ek_top", "ek_top"), ("ek_key_messages", "ek_key_messages"),
        ("ek_overview", "ek_overview"), ("ek_picture", "ek_picture"), ("ek_gaps", "ek_gaps"),
        ("ek_claims", "ek_claims"), ("ek_source", "ek_source")]
    assert re.findall(r'data-claim-id="([^"]+)"', rendered.html) == ["chamomile", "valerian-mice"]
    assert re.findall(r'<article class="ek-compact[^"]*" id="([^"]+)"', rendered.html) == [
        "chamomile", "valerian-mice"]


def test_claim_page_heading_puts_the_verdict_before_the_claim():
    project = check_project(SITES / "site_small")
    renderer = Renderer(project, today=dt.date(2026, 6, 1))
    claim = project.claim("sleep/chamomile")
    rendered = renderer.claim_page(claim)
    first = rendered.headings[0]
    verdict = VERDICT[claim.verdict].label
    assert (first.level, first.id, first.anchor) == (1, "chamomile_title", "chamomile_title")
    assert str(first.title) == escape(f"{verdict}: “{claim.short or claim.claim}”")
    assert re.findall(r'data-claim-id="([^"]+)"', rendered.html) == ["chamomile"]


def _ref(key: str, author: str, year: str, title: str) -> Reference:
    return Reference(key, "article", {"author": author, "year": year, "title": title}, (),
                     Loc("references/library.bib", 1, 1))


def test_author_year_labels_are_one_per_key_and_tell_apart_the_same_author_and_year():
    refs = {
        "b": format_reference(_ref("b", "Singh, Darshan and Narayanan, Suresh", "2016", "Beta")),
        "a": format_reference(_ref("a", "Singh, Darshan and Müller, C", "2016", "Alpha")),
        "c": format_reference(_ref("c", "Swogger, Marc T.", "2018", "Gamma")),
        "d": format_reference(_ref("d", "{World Health Organization}", "2021", "Delta")),
        "e": None,  # not in the library: shown by its key
    }
    labels = author_year_labels(refs)
    # two works share 'Singh et al. 2016': suffixes follow their titles, not the keys' order
    assert labels == {"a": "Singh et al. 2016a", "b": "Singh et al. 2016b", "c": "Swogger 2018",
                      "d": "World Health Organization 2021", "e": "e"}
    # a label depends on the set of keys only, so every page shows the same one
    assert author_year_labels(dict(reversed(list(refs.items())))) == labels


def test_bidi_controls_in_a_reference_are_shown_as_their_codes():
    """BibTeX is not refused for them (a real library may hold one), but no reader sees
    text reordered: each control is written out."""
    ref = Reference("k", "article", {"title": "invoice\u202egnp.exe", "year": "2020",
                                     "author": "Do\u202ee, Jane"}, (), Loc("r.bib", 1, 1))
    c = format_reference(ref)
    assert c.title == "invoiceU+202Egnp.exe"
    assert c.authors == "DoU+202Ee J"
