"""Issue 10, point 1: the verdict before the claim, everywhere; no raw vocabulary slug.

A skimming reader, a search engine or a link preview must never meet a claim's words
without its verdict in the same line, and the words are always marked as the article's
(in quotes “…”). Every page of the built site is read in Chromium: headings, the table of
contents and navigation, <title>, the header's title, the meta description and the Open
Graph / Twitter titles and descriptions, every link's text (with the line it stands in),
every tooltip (title attributes, SVG <title>) and aria-label; and the search index's titles.
"""

from __future__ import annotations

import json
import re

from site_facts import ALL_CLAIMS, SLUGS, heading, verdict_label

# Everything on a page that names something, in one round trip. `line` is what a reader
# reads the item in: a link's line is the block that holds it (a table cell, list item,
# paragraph or heading), since "Unsupported: “…”" may link the words alone.
READ_NAMES = r"""() => {
  const norm = s => (s || '').replace(/¶/g, '').replace(/\s+/g, ' ').trim();
  const block = 'p,li,td,th,h1,h2,h3,h4,h5,h6,dd,dt,caption,figcaption,summary,label';
  const items = [{kind: '<title>', text: document.title}];
  for (const m of document.querySelectorAll('meta[name="description"], meta[property^="og:"], meta[name^="twitter:"]'))
    items.push({kind: `meta ${m.getAttribute('name') || m.getAttribute('property')}`, text: m.content});
  for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
    items.push({kind: h.tagName.toLowerCase(), text: norm(h.textContent)});
  for (const t of document.querySelectorAll('.md-header__topic, .md-nav__link, .md-nav__title'))
    items.push({kind: 'navigation or contents', text: norm(t.textContent)});
  for (const a of document.querySelectorAll('a')) {  // an SVG link's line is its own text
    const line = a instanceof SVGElement ? a : a.closest(block) || a;
    items.push({kind: 'link', text: norm(a.textContent), line: norm(line.textContent)});
  }
  for (const el of document.querySelectorAll('[title], [aria-label]'))
    for (const attr of ['title', 'aria-label'])
      if (el.hasAttribute(attr)) items.push({kind: `${attr}=`, text: norm(el.getAttribute(attr))});
  for (const t of document.querySelectorAll('svg title'))
    items.push({kind: 'svg <title>', text: norm(t.textContent)});
  return items;
}"""

# What a reader sees of a page in words: its text and the attributes read out or shown.
READ_WORDS = """() => [document.title, document.body.innerText,
  ...[...document.querySelectorAll('[title], [aria-label], [alt]')].flatMap(
     el => ['title', 'aria-label', 'alt'].map(a => el.getAttribute(a) || ''))].join('\\n')"""


def fold(s: str) -> str:
    return " ".join(s.replace("’", "'").split()).casefold()


def unmarked(name: str, line: str) -> list[str]:
    """The claims whose words `name` holds without their verdict, in quotes, in `line`."""
    found = []
    name, line = fold(name), fold(line)
    for topic, cid, claim in ALL_CLAIMS:
        for words in {fold(heading(claim)), fold(claim["claim"])}:
            if words not in name:
                continue
            marked = re.compile(re.escape(fold(verdict_label(claim))) + r"[^“”]{0,60}“" + re.escape(words) + "”")
            if not marked.search(line):
                found.append(f"{cid} ({verdict_label(claim)})")
    return found


def site_pages(built_site) -> list[str]:
    return sorted(p.relative_to(built_site).as_posix().removesuffix("index.html")
                  for p in built_site.rglob("*.html") if p.name != "404.html")


def test_no_claim_words_without_their_verdict_on_any_page(built_site, site_url, open_page):
    pages = site_pages(built_site)
    assert len(pages) >= 5 + len(ALL_CLAIMS), pages
    problems: dict[str, None] = {}  # in order, once each
    page, watch = open_page(site_url)
    for rel in pages:
        page.goto(site_url + rel, wait_until="load")
        for item in page.evaluate(READ_NAMES):
            line = item.get("line") or item["text"]
            if claims := unmarked(item["text"], line):
                problems[f"/{rel} {item['kind']} {line[:150]!r}: the words of {', '.join(claims)}"] = None
    assert not problems, f"{len(problems)} names without the verdict before the quoted claim:\n" + \
        "\n".join(problems)
    watch.assert_clean()


def test_search_titles_carry_the_verdict_before_the_claims_words(built_site):
    """Material's search shows these titles as they are in the index."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    problems = [f"{d['location']}: {d['title']!r} ({', '.join(c)})" for d in docs
                if (c := unmarked(d["title"], d["title"]))]
    assert problems == [], "\n".join(problems)


def slugs_in(words: str) -> list[str]:
    return [s for s in SLUGS if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", words, re.I)]


def test_no_page_shows_a_raw_vocabulary_slug(built_site, site_url, open_page):
    problems = {}
    page, watch = open_page(site_url)
    for rel in site_pages(built_site):
        page.goto(site_url + rel, wait_until="load")
        if found := slugs_in(page.evaluate(READ_WORDS)):
            problems[f"/{rel}"] = found
    # Search results show the index's titles and snippets of its text.
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for d in docs:
        if found := slugs_in(d["title"] + " " + re.sub(r"<[^>]+>", " ", d["text"])):
            problems[f"search index {d['location']}"] = found
    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())
    watch.assert_clean()
