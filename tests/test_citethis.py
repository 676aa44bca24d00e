"""render/citethis.py and the notice box: "cite this page", the download links, the
safety notice. Titles come from untrusted YAML, so a hostile one is drawn as text."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from evidencekit.render.citethis import (
    bibtex_key, bibtex_text, cite_this, cite_this_view, download_links,
)
from evidencekit.render.environment import call, make_environment
from evidencekit.render.markdown import render_markdown

TODAY = dt.date(2026, 6, 1)
CHECKED = dt.date(2026, 1, 10)
TITLE = "Unsupported: “Clinical research shows kratom helps mild-to-moderate depression”"
URL = "https://example.org/topics/kratom-depression/clinical-research/"
HOSTILE = 'Bad: “</code></pre><script>alert(1)</script>{\\input{/etc/passwd}} 100% & $x$ #1 a_b ^~”'


@pytest.fixture(scope="module")
def env():
    return make_environment()


def test_a_claim_page_reference_in_plain_text_and_bibtex(env):
    html = cite_this(env, TITLE, "Evidence Kit", URL, CHECKED,
                     ("kratom-depression", "clinical-research"), TODAY,
                     "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert html == (
        '<details class="ek-cite-this" data-search-exclude>\n'
        "<summary>Cite this page</summary>\n"
        '<p class="ek-cite-this__text">Evidence Kit (2026). Unsupported: “Clinical research shows '
        "kratom helps mild-to-moderate depression”. "
        "https://example.org/topics/kratom-depression/clinical-research/ "
        "(evidence checked on 10 January 2026).</p>\n"
        '<p class="ek-cite-this__label">BibTeX:</p>\n'
        '<pre class="ek-cite-this__bibtex"><code>@misc{kratom-depression:clinical-research:2026,\n'
        "  author = {{Evidence Kit}},\n"
        "  title  = {{Unsupported: “Clinical research shows kratom helps mild-to-moderate "
        "depression”}},\n"
        "  year   = {2026},\n"
        "  url    = {https://example.org/topics/kratom-depression/clinical-research/},\n"
        "  note   = {Evidence checked on 2026-01-10}\n"
        "}</code></pre>\n"
        '<p class="ek-cite-this__licence">Text licensed under <a href="https://creativecommons.org/'
        'licenses/by/4.0/" rel="license">CC BY 4.0</a>: you may reuse it with credit.</p>\n'
        "</details>"
    )


def test_a_topic_page_without_site_url_or_check_date(env):
    c = cite_this_view("Kratom and depression", "Evidence Kit", None, None,
                       ("kratom-depression",), TODAY)
    assert c.key == "kratom-depression:2026"  # the year is today's when nothing was checked
    assert c.text == "Evidence Kit (2026). Kratom and depression."
    assert "url" not in c.bibtex and "note" not in c.bibtex
    assert "ek-cite-this__licence" not in cite_this(env, "T", "P", None, None, ("t",), TODAY)


def test_a_hostile_title_is_text_in_the_page_and_in_the_bibtex(env):
    html = cite_this(env, HOSTILE, "<b>Pub</b>", 'javascript:alert(1)', CHECKED,
                     ("t", "c"), TODAY)
    assert "<script>" not in html and "<b>" not in html and "javascript:" not in html
    assert html.count("</code></pre>") == 1  # the title cannot close the block early
    assert "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    bibtex = cite_this_view(HOSTILE, "Pub", None, CHECKED, ("t", "c"), TODAY).bibtex
    title = next(line for line in bibtex.split("\n") if line.lstrip().startswith("title"))
    assert title == (
        "  title  = {{Bad: “</code></pre><script>alert(1)</script>"
        r"\textbraceleft{}\textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{}"
        r"\textbraceright{} 100\% \& \$x\$ \#1 a\_b \textasciicircum{}\textasciitilde{}”}},")


def test_bibtex_braces_always_balance():
    for text in ("{", "}}}", "\\}", "a{b\\", HOSTILE):
        value = bibtex_text(text)
        depth = 0
        for ch in value:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0
        assert depth == 0
        assert not re.search(r"\\(?!textbraceleft\{\}|textbraceright\{\}|textbackslash\{\}|"
                             r"textasciicircum\{\}|textasciitilde\{\}|[%&$#_])", value)


def test_bibtex_key_from_ids():
    assert bibtex_key("kratom-depression", "no-side-effects", year=2026) == (
        "kratom-depression:no-side-effects:2026")
    assert bibtex_key("a b,c}", year=2025) == "a-b-c:2025"


def test_the_url_is_encoded_for_bibtex():
    c = cite_this_view("T", "P", "https://ex.org/a{b}/ü/", CHECKED, ("t",), TODAY)
    assert "url    = {https://ex.org/a%7Bb%7D/%C3%BC/}" in c.bibtex


def test_download_links_for_a_topic(env):
    html = download_links(env, "../../claims.json", "../../claims.csv", "claims.csv",
                          "CC BY 4.0", "javascript:alert(1)")
    assert html == (
        '<div class="ek-downloads" data-search-exclude>\n'
        '<p class="ek-downloads__title">Download the data</p>\n'
        '<ul class="ek-downloads__list">\n'
        '<li><a href="claims.csv" download>This topic\'s claims (CSV)</a></li>\n'
        '<li><a href="../../claims.csv" download>All claims on the site (CSV)</a></li>\n'
        '<li><a href="../../claims.json" download>All claims on the site (JSON)</a></li>\n'
        "</ul>\n"
        '<p class="ek-downloads__licence">Licence: CC BY 4.0.</p>\n'  # the bad URL is dropped
        "</div>"
    )
    assert "This topic" not in download_links(env, "claims.json", "claims.csv")


def test_the_safety_notice_box(env):
    notice = render_markdown("**Not medical advice.** <script>x</script>[call](javascript:x)")
    html = call(env, "site_notice", notice)
    assert html.startswith('<aside class="ek-notice" role="note" aria-label="Safety notice">\n'
                           '<p class="ek-notice__title">Safety notice</p>\n'
                           "<p><strong>Not medical advice.</strong>")
    assert "<script>" not in html and "javascript:" not in html
    compact = call(env, "site_notice", notice, label='About "this" topic', compact=True)
    assert compact.startswith('<aside class="ek-notice ek-notice--compact" role="note" '
                              'aria-label="About &#34;this&#34; topic">')
    assert call(env, "site_notice", render_markdown(None)) == ""
