"""The build's shortcuts give what the long way gives (issue 10, build time):

- Material's search reads the plugin's pages through a leaner tokenizer
  (mkdocs_plugin/search.py): the same sections on hand-picked HTML, on generated tag
  soup, and the same search_index.json for whole fixture sites;
- plain one-line text skips Python-Markdown (render/markdown.py): the same HTML;
- the sandbox reads view records' fields directly (render/environment.py): the same
  values, and the same refusals;
- the lost-claims count finds the same card ids (mkdocs_plugin/output.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from evidencekit.mkdocs_plugin import plugin as plugin_module
from evidencekit.mkdocs_plugin import search
from evidencekit.verify import CLAIM_CARD
from evidencekit.render import markdown
from evidencekit.render.environment import make_environment
from test_site_build import copy_site, run_build


def sections(parser) -> list[tuple]:
    """Everything the index is made from (of a section's attributes, those Material reads)."""
    return [(s.id, s.el.tag, {k: v for k, v in s.el.attrs.items() if k in search.READ}, s.depth,
             "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]


def materials(html: str) -> list[tuple]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return sections(parser)


def quick(html: str) -> list[tuple]:
    parser = Parser()
    search.feed(parser, html)
    return sections(parser)


SAME = {
    "card": '<h1 class="t" title="T" id="c_title">Unsupported: “x”</h1>\n<article id="c" data-claim-id="c">'
            '<dl><div class="f"><dt>Verdict</dt>\n<dd><span title="a &amp; b">Mixed</span></dd>'
            '</div>\n<div class="f" data-search-exclude><dt>All</dt><dd><span>1</span> x</dd>'
            '</div>\n</dl><p>Summary &lt;b&gt; &amp; more</p></article>',
    "preview": '<p>See <a href="#r">Ahmad 2021</a><small id="s1" role="tooltip" '
               'data-search-exclude><span>Ahmad A.</span> <cite>J</cite></small> here.</p>',
    "excluded heading": '<h2 id="a">A</h2><div data-search-exclude><h3 id="b">B</h3>'
                        '<p>hidden</p></div><p>after</p>',
    "nested same name": '<h2 id="a">A</h2><span data-search-exclude>x<span>y</span>'
                        'still excluded?</span><p>after</p>',
    "excluded in excluded": '<div data-search-exclude><p>a</p><span data-search-exclude>'
                            '<div>b</div></span>c</div><p>after</p>',
    "malformed inside": '<h2 id="a">A</h2><div data-search-exclude><span></div></span>'
                        '</div><p>after</p><div>tail</div>',
    "whitespace around": '<p>a</p>\n\n<aside data-search-exclude>\n x \n</aside>\n\n<p>b</p>',
    "attributes": '<H2 ID="x&amp;y" Class=headerlink>T<a class="headerlink" href="#x">¶</a>'
                  '</H2><div data-search-exclude="">z</div><p title=\'q>\'>w</p>',
    "self-closing": '<p>a<br/>b<span/>c<img src="x" alt="y">d</p>',
    "bare id": '<h2 id>t</h2><p>x</p><h3 id="">u</h3><p>y</p>',
    "no heading first": '<p>intro</p><h2 id="a">A</h2><ul><li>one</li><li> </li></ul>',
    "entities": '<p>&lt;script&gt; &#8220;q&#8221; &notanentity; &amp</p>',
    "linenodiv": '<div class="linenodiv">1\n2</div><pre><code>x\n  y</code></pre>',
}


@pytest.mark.parametrize("html", SAME.values(), ids=SAME.keys())
def test_same_sections_as_materials_parser(html):
    assert quick(html) == materials(html)


UNREAD = {
    "comment": "<p>a<!-- c --></p>",
    "script": "<p>a</p><script>var x = '<p>';</script>",
    "lone <": "<p>a < b</p>",
    "bogus tag": '<p a="b"c=">x</p>',
}


@pytest.mark.parametrize("html", UNREAD.values(), ids=UNREAD.keys())
def test_what_it_cannot_read_goes_to_materials_parser(html):
    with pytest.raises(search.Unscannable):
        search.feed(Parser(), html)


FRAGMENTS = [
    "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<ul>", "<li>", "</li>", "</ul>",
    "<div data-search-exclude>", "<span data-search-exclude>", '<small class="x" data-search-exclude>',
    "</small>", '<h1 id="t">', "</h1>", '<h2 id="a&amp;b">', "</h2>", "<h3>", "</h3>",
    '<a class="headerlink" href="#a">', "</a>", '<section id="s">', "</section>", "<br>", "<br/>",
    "<img src='x'>", "<pre>", "</pre>", "<code>", "</code>", '<span title="x > y">', "<SPAN ID=z>",
    "text", " ", "\n", "  \n ", "&amp;", "&lt;b&gt;", "“q”", "<sup>", "</sup>", "<dl>", "<dt>",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_tag_soup_reads_the_same(parts):
    html = "".join(parts)
    assert quick(html) == materials(html)


@pytest.mark.parametrize("name", ["site_hostile", "site_small"])
def test_site_search_index_is_unchanged(name, tmp_path, monkeypatch):
    root = copy_site(name, tmp_path)
    calls = []
    feed = search.feed
    monkeypatch.setattr(search, "feed", lambda parser, html: calls.append(1) or feed(parser, html))
    quick_index = (run_build(root, tmp_path / "quick") / "search" / "search_index.json").read_bytes()
    assert calls, "the plugin's pages were not read through search.feed"
    monkeypatch.setattr(plugin_module, "index_quickly", lambda *a, **k: None)
    slow_index = (run_build(root, tmp_path / "slow") / "search" / "search_index.json").read_bytes()
    assert quick_index == slow_index


# -- plain text without Python-Markdown ------------------------------------------

PLAIN = ["We don't know; the evidence is very uncertain.",
         "Laboratory work may show an effect (1), in 3% of cells / 40 mg + rest = “none”.",
         "Ölmez–Müller — ‘quoted’… e.g. well-known?! (yes)", '"Quoted" start', "(Bracketed)",
         "Ünïcödé ünd 한국어 text", "A"]
NOT_PLAIN = ["1. a list", "- a list", "# heading", "> quote", "    code", "two  spaces",
             "trailing ", " leading", "a *b*", "a _b_", "a `b`", "a [b](c)", "a <b>", "a & b",
             "a\nb", "line\n\nbreak", "x" * (markdown.MAX_MARKDOWN_CHARS + 1), "a\u00a0b",
             "tab\there", "snake_case", "a \\ b", "a ![b](c)", "3 people", "a #b", "a {b}"]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_its_own_paragraph(text):
    assert markdown.is_plain_text(text)
    assert markdown.convert(text) == f"<p>{text}</p>"


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_other_text_goes_through_markdown(text):
    assert not markdown.is_plain_text(text)


ALPHABET = st.sampled_from(list("abcXYZéüß한09 ,.;:?!'\"()%/+=–—“”‘’…-*_[]`<>&#\\\n\u00a0\t{}|~@$^"))


@settings(max_examples=1500, deadline=None)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_plain_text_shortcut_agrees_with_markdown(text):
    if markdown.is_plain_text(text):
        assert markdown.convert(text) == f"<p>{text}</p>"


# -- the sandbox's quicker field reads ----------------------------------------------

EXPRESSIONS = ["{{ r.word }}", "{{ r.call(r.word) }}", "{{ r.probe(r) }}",
               "{{ r._private }}", "{{ r.__class__ }}", "{{ r.missing }}", "{{ r.nested.word }}",
               "{{ r.__dataclass_fields__ }}", "{{ r.items }}"]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_sandbox_reads_fields_as_the_stock_sandbox_does(expression):
    from dataclasses import dataclass

    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    @dataclass(frozen=True)
    class Record:
        word: str
        call: object
        probe: object = None
        nested: object = None
        items: tuple = ()
        _private: str = "p"

    record = Record("<b>", "{0}!".format, "{0.__class__}".format, Record("<i>", None))

    def outcome(env):
        try:
            return env.from_string(expression).render(r=record)
        except Exception as exc:  # the same refusal, in the same words
            return type(exc), str(exc)

    stock = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    assert outcome(make_environment()) == outcome(stock)


# -- the lost-claims count ------------------------------------------------------------

def test_card_ids_found_as_before():
    import re

    html = ('<article data-claim-id="a"><x xdata-claim-id="no"> data-claim-id="b" '
            '_data-claim-id="no" -data-claim-id="c" édata-claim-id="no"data-claim-id="d"')
    assert CLAIM_CARD.findall(html) == re.findall(r'\bdata-claim-id="([^"]*)"', html)
