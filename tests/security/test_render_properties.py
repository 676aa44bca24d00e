"""Properties of the renderers: whatever text content holds, the HTML that comes out has no
element that runs or embeds, no event attribute and no link but http, https, mailto (and,
in hand-written pages, relative ones); never a traceback."""

from __future__ import annotations

import html
import re
import time
from html.parser import HTMLParser

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from evidencekit.diagnostics import Loc
from evidencekit.model import Reference
from evidencekit.render.citations import doi_url, format_reference, pmc_url, pubmed_url, safe_url
from evidencekit.render.environment import call, make_environment
from evidencekit.render.markdown import render_inline, render_markdown, safe_text, sanitize_page

FORBIDDEN = {"script", "iframe", "object", "embed", "style", "base", "frame", "frameset",
             "applet", "meta", "link", "form", "input", "button", "textarea", "svg", "math",
             "noscript", "template", "details"}
ALIGN = re.compile(r"\s*(text-align\s*:\s*[a-z-]+\s*;?\s*)?")
_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")

# Pieces of the payload classes, shuffled together with arbitrary text.
FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<details open ontoggle=alert(1)>", "<iframe srcdoc=\"<script>alert(1)</script>\">",
    "\" onmouseover=\"alert(1)", "' onmouseover='x", "\">", "[x](", "](", ")", "[x][1]\n\n[1]: ",
    "javascript:alert(1)", " JaVaScRiPt:", "&#106;avascript:", "java\tscript:", "java\nscript:",
    "&#x6A;", "&#0000106", "&colon;", "data:text/html,<script>alert(1)</script>", "vbscript:",
    "{: onclick=alert(1) }", "\n{: .x onmouseover=y }\n", "{{ 7*7 }}", "{% raw %}", "<!--", "-->",
    "<![CDATA[", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<a href=\"javascript:x\">",
    "<http://x\" onmouseover=\"y>", "![i](javascript:x)", "`code`", "*em*", "> quote\n", "- item\n",
    "\n\n", "\\", "<", ">", "&", "\"", "'", "\x00", "\u2028", "\u200b", "%0a", "mailto:a@b",
    "https://example.org/", "#frag", "//evil.example/", "/relative", "<img src=",
    "![r](https://evil.example/x.png)", "![l](img/x.png)",
    "\n" + ">" * 40, "\n" + "- " * 40, "\n" + "1. " * 40, "\n" + "    " * 20, "[" * 300,
]
hostile_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=14).map("".join),
)


class _Checker(HTMLParser):
    def __init__(self, relative_links: bool):
        super().__init__(convert_charrefs=True)
        self.relative_links = relative_links
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        if tag in FORBIDDEN:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name == "style" and self.relative_links and ALIGN.fullmatch(value):
                continue  # a table column's alignment, all a page's style may hold
            if name.startswith("on") or name in ("style", "srcdoc", "formaction", "action"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if tag == "img" and name == "src":
                url = _JUNK.sub("", value).lower()
                if url.startswith(("//", "\\", "/\\")) or re.match(r"[a-z][a-z0-9+.\-]*:", url):
                    self.problems.append(f"<img src={value!r}> (a remote image)")
                continue
            if name in ("href", "src"):
                url = _JUNK.sub("", value).lower()
                if url.startswith(("http:", "https:", "mailto:", "#")):
                    continue
                if self.relative_links and not re.match(r"[a-z][a-z0-9+.\-]*:", url):
                    continue
                self.problems.append(f"<{tag} {name}={value!r}>")


def problems(markup: str, relative_links: bool = False) -> list[str]:
    checker = _Checker(relative_links)
    checker.feed(str(markup))
    checker.close()
    return checker.problems


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(hostile_text)
def test_markdown_fields_give_safe_html(text):
    for rendered in (render_markdown(text), render_inline(text)):
        assert isinstance(rendered, Markup)
        assert problems(rendered) == []


# Python-Markdown is quadratic in '[' and recurses once per level of nesting: such fields
# come out as escaped text, quickly, instead of stalling or crashing the build.
PATHOLOGICAL = {
    "brackets": "[" * 50_000, "images": "![" * 5_000, "links": "[a](b" * 2_000,
    "mixed": "[*_`" * 2_000, "quotes": ">" * 5_000 + "x", "bullets": "- " * 5_000 + "x",
    "numbers": "1. " * 5_000, "indent": "    " * 1_000 + "x",
    "nested-lists": "".join("  " * i + "- a\n" for i in range(130)),
    "long": "word " * 100_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_markdown_is_bounded(name):
    text = PATHOLOGICAL[name]
    start = time.perf_counter()
    rendered = render_markdown(text)
    assert time.perf_counter() - start < 2.0
    assert problems(rendered) == []
    assert re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", rendered)))[:40] == \
        re.sub(r"\s+", "", text)[:40] or name == "nested-lists"


@SETTINGS
@given(hostile_text)
def test_hand_written_page_html_is_sanitised(text):
    # The page sanitiser sees HTML as MkDocs wrote it, raw HTML included.
    assert problems(sanitize_page(text), relative_links=True) == []
    assert problems(sanitize_page(render_markdown(text)), relative_links=True) == []


@SETTINGS
@given(hostile_text)
def test_titles_become_text(text):
    out = safe_text(text)
    assert isinstance(out, Markup)
    assert "<" not in out and ">" not in out.replace("&gt;", "")


FIELD_NAMES = ["title", "author", "editor", "journal", "howpublished", "booktitle", "note",
               "volume", "number", "pages", "year", "date", "doi", "url", "pmid", "pmcid"]
_env = make_environment()


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), hostile_text, max_size=10),
       st.sampled_from(["article", "misc", "book", "inproceedings"]))
def test_any_reference_is_drawn_safely(fields, entry_type):
    ref = Reference("key2020", entry_type, fields, ("systematic-review",), Loc("r.bib", 1, 1))
    citation = format_reference(ref)
    drawn = call(_env, "citation", citation)
    assert problems(drawn) == []
    for url in (citation.doi_url, citation.url, citation.pubmed_url, citation.pmc_url):
        assert url is None or url.startswith(("https://", "http://"))


@SETTINGS
@given(hostile_text)
def test_link_builders_give_http_or_nothing(text):
    for build in (doi_url, safe_url, pubmed_url, pmc_url):
        url = build(text)
        assert url is None or _JUNK.sub("", html.unescape(url)).lower().startswith(("http://", "https://"))
    url = doi_url("10.1234/" + text.replace(" ", ""))
    if url is not None:
        assert url.startswith("https://doi.org/10.1234/")
        assert not re.search(r"[\s\"<>`]", url), url
