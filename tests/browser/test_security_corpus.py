"""The adversarial corpus of tests/security, built with the real strict build and read the
way readers read it.

Every built file is scanned (tests/security/scan.py); every page is opened in Chromium
with this folder's fixtures (dialog handler, console and page-error listeners, requests
off the machine blocked); each marker must be visible wherever its field is shown, and
no element anywhere may carry an on* attribute or a javascript:/data:/vbscript: link.

It lives here, not in tests/security, because a process can run one Playwright: the
browser fixtures are this folder's, so every Chromium test shares the one browser.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "security"))
from corpus import CLASSES, FIELD_COUNT, write_buildable  # noqa: E402
from scan import scan_site  # noqa: E402

pytestmark = pytest.mark.xdist_group("security-corpus")  # one worker builds the corpus once


def _build_site():
    """conftest.build_site (the real strict build), found by path: 'import conftest' gets
    whichever conftest pytest loaded last."""
    spec = importlib.util.spec_from_file_location("browser_conftest_build",
                                                  Path(__file__).with_name("conftest.py"))
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_site


build_site = _build_site()

MARKER = re.compile(r"MK\d{4}")

# What one page shows and holds, in one round trip: its visible text, title, navigation,
# meta description, links and claim cards; and every attribute whose name starts with
# "on", every URL attribute a browser would follow to a script or document scheme,
# every element that embeds another document.
READ_PAGE = """() => {
  const problems = [];
  const urlAttrs = ["href", "src", "action", "formaction", "data", "poster", "srcdoc",
                    "xlink:href", "background", "cite"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\u0000-\\u0020\\u007f-\\u009f\\u200b-\\u200f\\ufeff]/g, "")
                       .toLowerCase();
      if (a.name.startsWith("on")) problems.push(`${el.tagName} ${a.name}=${a.value}`);
      else if (urlAttrs.includes(a.name) &&
               (a.name === "srcdoc" || /^(javascript|data|vbscript):/.test(v)))
        problems.push(`${el.tagName} ${a.name}=${a.value}`);
    }
    if (["IFRAME", "OBJECT", "EMBED", "BASE", "FRAME"].includes(el.tagName))
      problems.push(`<${el.tagName}>`);
  }
  return {
    problems,
    text: document.body.innerText,
    title: document.title,
    nav: document.querySelector("nav.md-nav--primary")?.textContent ?? "",
    meta: document.querySelector("meta[name=description]")?.content ?? "",
    hrefs: [...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href")),
    cards: [...document.querySelectorAll("[data-claim-id]")].map(e => e.dataset.claimId),
    previews: [...document.querySelectorAll('[role="tooltip"]')].map(e => e.textContent).join(" "),
  };
}"""
# The one kind of console error content may cause: an image it names that is not there
# (a hand-written page may show images; `<img src=x onerror=...>` keeps its `src=x`).
MISSING_IMAGE = "Failed to load resource: the server responded with a status of 404"
# Fields for editors only (issue 10: verification notes stay in the BibTeX, not on pages),
# whatever the corpus's field tables say: their markers must be on no page.
EDITORS_ONLY = {("ref", "note")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_buildable(tmp_path_factory.mktemp("corpus") / "project")


@pytest.fixture(scope="module")
def corpus_site(corpus, tmp_path_factory) -> Path:
    return build_site(corpus.root, tmp_path_factory.mktemp("corpus-site") / "site")


def pages_of(site) -> list[str]:
    """Every HTML page of the site, as a URL path."""
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


def test_no_built_file_carries_script(corpus_site):
    result = scan_site(corpus_site, MARKER)
    assert [str(f) for f in result.findings] == []
    assert result.files > 80


# A DOI link: https://doi.org/, the prefix, then only characters that cannot end an
# attribute or start markup (the rest percent-encoded).
DOI_HREF = re.compile(r"https://doi\.org/10\.\d{4,9}/[A-Za-z0-9%/:;()\[\]!$'*+,=@~._-]*")


def test_dois_are_percent_encoded_links(corpus_site):
    hrefs = [html.unescape(h) for page in (corpus_site / "references").glob("*.html")
             for h in re.findall(r'class="ek-ref__doi" href="([^"]*)"', page.read_text("utf-8"))]
    assert len(hrefs) == len([c for c in CLASSES if "bib" in c.kinds])
    assert [h for h in hrefs if not DOI_HREF.fullmatch(h)] == []


def claim_page(p) -> str:
    """The page of the corpus's one claim in a payload's topic: its fields are shown there."""
    return f"{p.url}c-{p.cls}/"


def test_template_syntax_shows_as_written(corpus, corpus_site):
    def text_of(url: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", (corpus_site / url / "index.html").read_text("utf-8")))

    shown = [p for p in corpus.accepted if p.cls == "template" and p.kind in ("claim", "topic")
             and "topic" in p.shown]
    assert len(shown) > 10
    for p in shown:
        page = text_of(claim_page(p) if p.kind == "claim" else p.url)
        assert f"{p.marker} {{{{ 7*7 }}}} {{% raw %}}r{{% endraw %}} {{# c #}}" in page, p.field


def test_claims_in_equal_cards_out(corpus, corpus_site):
    cards = [c for page in sorted((corpus_site / "topics").glob("*/index.html"))
             for c in re.findall(r'data-claim-id="([^"]+)"', page.read_text("utf-8"))]
    assert sorted(cards) == sorted(f.rsplit("/", 1)[1][:-4] for f in corpus.claim_files)


def test_no_file_named_by_content_was_read(corpus_site):
    """BibTeX `file`/`pdf` fields name /etc/passwd: neither its name nor its text is published."""
    passwd = open("/etc/passwd", encoding="utf-8").read().splitlines()[0]
    for path in corpus_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".txt", ""):
            text = path.read_text("utf-8", "replace")
            assert passwd not in text and "/etc/passwd" not in text, path


def test_every_page_in_chromium(corpus, corpus_site, serve, open_page):
    base = serve(corpus_site)
    seen: dict[str, dict] = {}
    problems: dict[str, list] = defaultdict(list)
    page, watch = open_page(base)  # dialogs, page errors, console and off-machine requests recorded
    for url in pages_of(corpus_site):
        before = {k: len(v) for k, v in vars(watch).items()}
        page.goto(base + url, wait_until="load")
        new = {k: v[before[k]:] for k, v in vars(watch).items()}
        problems[url] += [f"dialog: {m}" for m in new["dialogs"]]
        problems[url] += [f"page error: {m}" for m in new["page_errors"]]
        problems[url] += [f"console: {m}" for m in new["console_errors"] if MISSING_IMAGE not in m]
        problems[url] += [f"off-machine: {m}" for m in new["offsite_requests"]]
        seen[url] = page.evaluate(READ_PAGE)
        problems[url] += seen[url]["problems"]
    assert {u: p for u, p in problems.items() if p} == {}
    assert len(watch.dialogs) == 0
    # The compact cards on topic pages (topics/<topic>/), and the full card on each claim's page.
    cards = [c for url, s in seen.items() if re.fullmatch(r"topics/[^/]+/", url) for c in s["cards"]]
    claim_pages = [s["cards"] for url, s in seen.items() if re.fullmatch(r"topics/[^/]+/[^/]+/", url)]

    # Each marker is shown, as text, wherever its field is shown. A claim's fields are on
    # its own page (its short form on the topic page too); a reference's on the References
    # page and in the preview of each citation of it.
    where = {"page": None, "references": "references/", "home": ""}
    missing, shown_to_readers = [], []
    for p in corpus.accepted:
        if (p.kind, p.field) in EDITORS_ONLY:
            shown_to_readers += [(p.marker, url) for url, s in seen.items() if p.marker in s["text"]]
            continue
        for place in p.shown:
            if place == "topic" and p.kind == "claim":
                ok = p.marker in seen[claim_page(p)]["text"]
                if p.field == "short":
                    ok = ok and p.marker in seen[p.url]["text"]
            elif place == "topic" and p.kind == "ref":
                ok = p.marker in seen[claim_page(p)]["previews"]
            elif place == "topic":
                ok = p.marker in seen[p.url]["text"]
            elif place in where:
                ok = p.marker in seen[p.url if where[place] is None else where[place]]["text"]
            elif place == "title":
                ok = p.marker in seen[p.url]["title"]
            elif place == "nav":
                ok = p.marker in seen[""]["nav"]
            elif place == "meta":
                ok = p.marker in seen[p.url]["meta"]
            elif place == "href":
                ok = any(p.marker in h and h.startswith("https://example.org/")
                         for h in seen[p.url]["hrefs"])
            else:
                raise AssertionError(place)
            if not ok:
                missing.append((p.marker, p.cls, p.kind, p.field, place))
    assert missing == [], "not shown (kind, field, place: payloads): " + str(
        Counter((kind, fld, place) for _, _, kind, fld, place in missing))
    assert shown_to_readers == [], "editors' notes shown on pages"

    # Nothing lost: claims in, claim cards out, and a page with one full card per claim.
    assert sorted(cards) == sorted(f.rsplit("/", 1)[1][:-4] for f in corpus.claim_files)
    assert sorted(c for page_cards in claim_pages for c in page_cards) == sorted(cards)
    assert all(len(page_cards) == 1 for page_cards in claim_pages)
    print(f"\nsecurity corpus: {len(corpus.accepted)} payloads built ({len(CLASSES)} classes, "
          f"{FIELD_COUNT} fields); {len(seen)} pages opened; {len(watch.dialogs)} scripts "
          f"executed; {len(corpus.claim_files)} claims in, {len(cards)} cards out")


def test_search_results_stay_text(corpus, corpus_site, serve, open_page):
    """Material draws search results as HTML (highlighted titles and teasers): searching
    for the payloads' own words, and for one marker, shows them as text and runs nothing."""
    base = serve(corpus_site)
    page, watch = open_page(base)
    title = next(p for p in corpus.accepted if p.kind == "topic" and p.field == "title")
    for query in ("onerror", "script", "onload ontoggle", "srcdoc", "javascript", "iframe",
                  "onmouseover", title.marker):
        page.fill("input.md-search__input", "")
        page.focus("input.md-search__input")
        page.keyboard.type(query)  # Material searches on key events, not on a filled value
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        page.mouse.move(400, 300)  # over the results: an onmouseover would fire here
        shown = page.evaluate(READ_PAGE)
        assert shown["problems"] == [], query
    assert title.marker in page.inner_text(".md-search-result")
    assert watch.dialogs == [] and watch.page_errors == []
