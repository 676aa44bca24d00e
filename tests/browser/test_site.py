"""The repository's built site, read in Chromium the way a reader reads it.

Expected values come from the content itself (claim and topic YAML read with
yaml.safe_load) and from definitions.py, never from the HTML under test.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from conftest import DESKTOP, PHONE, REACHED, REPO
from playwright.sync_api import expect

from evidencekit.definitions import GRADE, GRADES, VERDICT, VERDICTS

CONTENT = REPO / "content"
YAML_SUFFIXES = (".yml", ".yaml")
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


TOPICS = {p.parent.name: _load(p) for p in sorted(CONTENT.glob("topics/*/topic.y*ml"))}
CLAIMS = {  # topic id -> {claim id -> claim YAML}
    topic: {p.stem: _load(p) for p in sorted((CONTENT / "topics" / topic / "claims").iterdir())
            if p.suffix in YAML_SUFFIXES}
    for topic in TOPICS
}
ALL_CLAIMS = [(topic, cid, claim) for topic, claims in CLAIMS.items() for cid, claim in claims.items()]


def claim_order(topic: str) -> list[str]:
    """The order the topic page shows its claims in: topic.yml's `order`, then the rest."""
    listed = [c for c in TOPICS[topic].get("order") or [] if c in CLAIMS[topic]]
    return listed + sorted(c for c in CLAIMS[topic] if c not in listed)


def ref_anchor(key: str) -> str:
    """A bibliography entry's id: 'ref_' and the BibTeX key ('_' never occurs in a claim id)."""
    return f"ref_{key}"


def topic_url(site_url: str, topic: str) -> str:
    return f"{site_url}topics/{topic}/"



# Every in-page link (href="#...") whose target id is not in the document.
BROKEN_FRAGMENTS = """() => [...document.querySelectorAll('a[href^="#"]')]
  .map(a => a.getAttribute('href'))
  .filter(h => h === '#' || !document.getElementById(decodeURIComponent(h.slice(1))))"""


# Shown to a reader: rendered, with a box, not hidden.
SHOWN = "e => !!e && e.checkVisibility({visibilityProperty: true}) && e.getBoundingClientRect().width > 0"


def text(s: str) -> str:
    return " ".join(s.split())


def wait_reached(page, element_id: str) -> None:
    page.wait_for_function(REACHED, arg=element_id, timeout=5000)


def no_horizontal_scroll(page, viewport: dict) -> None:
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= viewport["width"] + 1, f"{page.url}: page is {width}px wide on a {viewport['width']}px screen"


# -- the topic page ----------------------------------------------------------


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_page_shows_every_claim_verdict_and_grade(site_url, open_page, topic):
    page, watch = open_page(topic_url(site_url, topic))
    cards = page.locator("article.ek-claim").evaluate_all(f"""cards => {{ const shown = {SHOWN};
      return cards.map(c => {{ const v = c.querySelector('.ek-claim__facts .ek-verdict'),
                                     g = c.querySelector('.ek-claim__facts .ek-grade');
        return {{id: c.id, data: c.dataset.claimId, shown: shown(c),
                title: c.querySelector('.ek-claim__title').textContent,
                verdict: v && v.textContent, verdict_shown: shown(v),
                grade: g && g.textContent, grade_shown: shown(g)}}; }}); }}""")
    assert [c["id"] for c in cards] == claim_order(topic)
    for card in cards:
        claim = CLAIMS[topic][card["id"]]
        verdict, grade = VERDICT[claim["verdict"]], GRADE[claim["grade"]]
        assert card["data"] == card["id"]
        assert text(card["title"]) == text(claim.get("short") or claim["claim"])
        assert (card["shown"], card["verdict_shown"], card["grade_shown"]) == (True, True, True), card
        assert text(card["verdict"]) == verdict.label, card
        assert text(card["grade"]) == f"{grade.symbols} {grade.label}", card
    watch.assert_clean()


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_overview_has_a_row_per_claim_that_scrolls_to_its_card(site_url, open_page, topic):
    page, watch = open_page(topic_url(site_url, topic))
    rows = page.locator(".ek-overview tbody tr").evaluate_all(f"""rows => rows.map(r => {{
      const a = r.querySelectorAll('a'), v = r.querySelector('.ek-verdict'), g = r.querySelector('.ek-grade');
      return {{links: [...a].map(l => [l.getAttribute('href'), l.textContent]),
              verdict: v && v.textContent, grade: g && g.textContent, shown: ({SHOWN})(r)}}; }})""")
    order = claim_order(topic)
    assert len(rows) == len(order)
    for row, cid in zip(rows, order):
        claim = CLAIMS[topic][cid]
        grade = GRADE[claim["grade"]]
        assert [(href, text(t)) for href, t in row["links"]] == [(f"#{cid}", text(claim.get("short") or claim["claim"]))]
        assert text(row["verdict"]) == VERDICT[claim["verdict"]].label, cid
        assert text(row["grade"]) == f"{grade.symbols} {grade.label}", cid
        assert row["shown"], cid
    for cid in order:
        page.locator(f'.ek-overview a[href="#{cid}"]').click()
        wait_reached(page, cid)
        assert urlparse(page.url).fragment == cid
    watch.assert_clean()


def test_grade_badges_read_without_colour(site_url, open_page):
    """Symbols and words carry the grade; hover (title) and screen readers get its meaning."""
    for topic in TOPICS:
        page, watch = open_page(topic_url(site_url, topic))
        expected = Counter(claim["grade"] for claim in CLAIMS[topic].values())
        badges = page.locator(".ek-grade").evaluate_all("""els => els.map(b => ({
          text: b.textContent, title: b.title, role: b.getAttribute('role'),
          symbols: b.querySelector('.ek-grade__symbols').textContent,
          hidden: b.querySelector('.ek-grade__symbols').getAttribute('aria-hidden')}))""")
        # one badge in the overview and one on the card, per claim
        assert Counter(next(g.slug for g in GRADES if text(b["text"]).endswith(g.label)) for b in badges) == \
            Counter({slug: 2 * n for slug, n in expected.items()})
        for b in badges:
            g = next(g for g in GRADES if text(b["text"]).endswith(g.label))
            assert text(b["text"]) == f"{g.symbols} {g.label}"
            assert (b["symbols"].count("●"), b["symbols"].count("○")) == (g.rank, 4 - g.rank), b
            assert b["title"] == f"{g.label}: {g.meaning}", b
            # the symbols are decoration for sighted readers; the name says "n of 4" in words
            assert (b["role"], b["hidden"]) == ("img", "true"), b
        # What a screen reader announces, read from the browser's accessibility tree.
        for slug, n in expected.items():
            g = GRADE[slug]
            named = page.get_by_role("img", name=f"Certainty of the evidence: {g.label}, {g.rank} of 4. {g.meaning}",
                                     exact=True)
            expect(named).to_have_count(2 * n)
        watch.assert_clean()


# -- citations and references --------------------------------------------------


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_citations_reach_their_bibliography_entry_and_back(site_url, open_page, topic):
    page, watch = open_page(topic_url(site_url, topic))
    cards = dict(page.locator("article.ek-claim").evaluate_all(
        "els => els.map(c => [c.id, [...c.querySelectorAll('a.ek-cite')].map(a => [a.getAttribute('href'), a.textContent])])"))
    entries = {e["id"]: e for e in page.locator(".ek-topic__references li.ek-ref").evaluate_all(
        """els => els.map(e => ({id: e.id, number: e.querySelector('.ek-ref__number').textContent,
                                 back: [...e.querySelectorAll('a.ek-backlink')].map(a => a.getAttribute('href'))}))""")}
    numbers: dict[str, str] = {}
    citing: dict[str, set[str]] = defaultdict(set)
    for cid in claim_order(topic):
        keys = [e["cite"] for e in CLAIMS[topic][cid]["evidence"]]
        assert [href for href, _ in cards[cid]] == ["#" + ref_anchor(k) for k in keys], cid
        for key, (_, label) in zip(keys, cards[cid]):
            assert numbers.setdefault(key, label) == label, f"{key} is numbered {numbers[key]} and {label}"
            assert entries[ref_anchor(key)]["number"] == label, key
            citing[key].add(f"#{cid}")
    # The topic's bibliography is exactly the works its claims cite, each linking back to its citers.
    assert sorted(entries) == sorted(ref_anchor(k) for k in citing)
    for key, backs in citing.items():
        assert set(entries[ref_anchor(key)]["back"]) == backs, key
    # A reader follows each card's first citation, then the entry's link back to that card.
    for cid in claim_order(topic):
        ref_id = cards[cid][0][0][1:]
        page.locator(f'article.ek-claim[id="{cid}"] a.ek-cite').first.click()
        wait_reached(page, ref_id)
        page.locator(f'li.ek-ref[id="{ref_id}"] a.ek-backlink[href="#{cid}"]').click()
        wait_reached(page, cid)
    watch.assert_clean()


def test_references_page_lists_every_cited_work_with_working_backlinks(site_url, open_page):
    citing: dict[str, set[tuple[str, str]]] = defaultdict(set)  # key -> {(topic page path, claim id)}
    for topic, cid, claim in ALL_CLAIMS:
        for e in claim["evidence"]:
            citing[e["cite"]].add((f"/topics/{topic}/", cid))
    page, watch = open_page(f"{site_url}references/")
    entries = {e["id"]: e for e in page.locator("li.ek-ref").evaluate_all(f"""els => els.map(e => ({{
      id: e.id, shown: ({SHOWN})(e), title: (e.querySelector('.ek-ref__title') || {{}}).textContent || '',
      back: [...e.querySelectorAll('a.ek-backlink')].map(a => a.href)}}))""")}
    assert sorted(entries) == sorted(ref_anchor(k) for k in citing)
    targets: dict[str, set[str]] = defaultdict(set)
    for key, expected in citing.items():
        entry = entries[ref_anchor(key)]
        assert entry["shown"] and entry["title"].strip(), entry
        found = {(urlparse(h).path, urlparse(h).fragment) for h in entry["back"]}
        assert found == expected, key
        for path, fragment in found:
            targets[path].add(fragment)
    watch.assert_clean()
    # Every back-link's target exists on the page it names...
    for path, ids in targets.items():
        topic_page, topic_watch = open_page(urljoin(site_url, path))
        missing = topic_page.evaluate("ids => ids.filter(id => !document.getElementById(id))", sorted(ids))
        assert missing == [], path
        topic_watch.assert_clean()
    # ...and following one lands on the card.
    first = page.locator("a.ek-backlink").first
    href = urlparse(urljoin(page.url, first.get_attribute("href")))
    first.click()
    page.wait_for_url(f"**{href.path}#{href.fragment}")
    wait_reached(page, href.fragment)
    watch.assert_clean()


# -- search -------------------------------------------------------------------


def distinctive_word() -> tuple[str, str, str]:
    """(topic, claim id, word): the longest word of a claim's text found in no other content file."""
    texts = {p: p.read_text(encoding="utf-8").lower() for p in CONTENT.rglob("*")
             if p.suffix in YAML_SUFFIXES + (".md",)}
    best = None
    for topic, cid, claim in ALL_CLAIMS:
        own = CONTENT / "topics" / topic / "claims"
        for word in set(re.findall(r"[A-Za-z]{7,}", claim["claim"])):
            pattern = re.compile(rf"\b{word.lower()}")
            if any(pattern.search(t) for p, t in texts.items() if p.parent != own or p.stem != cid):
                continue
            if best is None or (len(word), word) > (len(best[2]), best[2]):
                best = (topic, cid, word)
    assert best, "no claim has a word of its own to search for"
    return best


def test_search_finds_a_claim_by_a_word_of_its_text(site_url, open_page):
    topic, cid, word = distinctive_word()
    page, watch = open_page(site_url)
    page.keyboard.press("/")  # Material's shortcut opens search
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(word.lower(), delay=20)
    results = page.locator("a.md-search-result__link")
    expect(results.first).to_be_visible(timeout=10_000)
    hrefs = results.evaluate_all("els => els.map(e => e.href)")
    hits = [h for h in hrefs if urlparse(h).path == f"/topics/{topic}/"]
    assert hits, f"searching {word!r} found {hrefs}"
    to_claim = [h for h in hits if urlparse(h).fragment == cid]
    assert to_claim, f"searching {word!r} did not find the claim {cid}: {hits}"
    results.nth(hrefs.index(to_claim[0])).click()
    page.wait_for_url(f"**/topics/{topic}/**")
    wait_reached(page, cid)
    watch.assert_clean()


# -- every page ------------------------------------------------------------------


def test_every_page_is_clean_and_its_in_page_links_resolve(built_site, site_url, open_page):
    """Every page: no console error, page error, dialog or off-machine request; every
    href="#..." names an element of the page; no sideways scroll at desktop or phone width."""
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                   if p.name != "404.html")
    assert len(pages) >= 4 + len(TOPICS), pages  # home, methodology, references, about, topics
    dirty, broken = {}, {}
    for rel in pages:
        page, watch = open_page(site_url + rel.removesuffix("index.html"), DESKTOP)
        if missing := page.evaluate(BROKEN_FRAGMENTS):
            broken[rel] = missing
        no_horizontal_scroll(page, DESKTOP)
        page.set_viewport_size(PHONE)
        page.wait_for_function("w => window.innerWidth === w", arg=PHONE["width"])
        no_horizontal_scroll(page, PHONE)
        try:
            watch.assert_clean()
        except AssertionError:
            dirty[rel] = watch
        page.context.close()
    assert broken == {}
    assert dirty == {}


# -- the site's own pages ------------------------------------------------------------


def test_methodology_tables_list_every_grade_and_verdict(site_url, open_page):
    page, watch = open_page(f"{site_url}methodology/")
    grade_rows = page.locator(".ek-grade-table tbody tr")
    by_rank = sorted(GRADES, key=lambda g: -g.rank)
    # each row is the glossary entry a page can link to; no slug is shown
    assert [r.get_attribute("id") for r in grade_rows.all()] == [g.anchor for g in by_rank]
    assert page.locator(".ek-table code").count() == 0
    for row, g in zip(grade_rows.all(), by_rank):
        expect(row.locator(".ek-grade")).to_have_text(f"{g.symbols} {g.label}")
        expect(row).to_contain_text(g.meaning)
    verdict_rows = page.locator(".ek-verdict-table tbody tr")
    assert [r.get_attribute("id") for r in verdict_rows.all()] == [v.anchor for v in VERDICTS]
    for row, v in zip(verdict_rows.all(), VERDICTS):
        expect(row.locator(".ek-verdict")).to_have_text(v.label)
        expect(row).to_contain_text(v.meaning)
        expect(row.locator(".ek-verdict")).to_be_visible()
    watch.assert_clean()


def test_home_page_lists_each_topic_with_its_claims(site_url, open_page):
    page, watch = open_page(site_url)
    items = page.locator(".ek-topic-list__item")
    expect(items).to_have_count(len(TOPICS))
    for topic, data in TOPICS.items():
        item = items.filter(has=page.get_by_role("link", name=data["title"], exact=True))
        expect(item).to_have_count(1)
        link = item.get_by_role("link", name=data["title"], exact=True)
        assert urlparse(urljoin(page.url, link.get_attribute("href"))).path == f"/topics/{topic}/"
        n = len(CLAIMS[topic])
        verdicts = Counter(VERDICT[c["verdict"]].label.lower() for c in CLAIMS[topic].values())
        mix = item.locator(".ek-topic-list__mix").inner_text()
        m = re.fullmatch(r"(\d+) claims?: (.*)", mix)
        assert m and int(m.group(1)) == n, mix
        shown = dict((label, int(k)) for k, label in re.findall(r"(\d+) ([^·]+?)\s*(?:·|$)", m.group(2)))
        assert shown == dict(verdicts), mix
    # The link takes a reader to the topic.
    topic, data = next(iter(TOPICS.items()))
    items.get_by_role("link", name=data["title"], exact=True).first.click()
    page.wait_for_url(f"**/topics/{topic}/")
    expect(page.locator("h1")).to_have_text(data["title"])
    watch.assert_clean()


def test_about_page_says_it_is_not_medical_advice(site_url, open_page):
    page, watch = open_page(f"{site_url}about/")
    body = page.locator("article.md-content__inner")
    expect(body.get_by_text(re.compile(r"not medical advice", re.I)).first).to_be_visible()
    words = text(body.inner_text())
    assert "start, stop or combine" in words
    assert "crisis line" in words
    watch.assert_clean()


# -- how it looks, and the keyboard -------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshots_and_layout(site_url, open_page, screenshots, viewport):
    name = "phone" if viewport is PHONE else "desktop"
    page, watch = open_page(site_url, viewport)
    page.screenshot(path=screenshots / f"home-{name}.png", full_page=True)
    no_horizontal_scroll(page, viewport)
    watch.assert_clean()
    for topic in TOPICS:
        page, watch = open_page(topic_url(site_url, topic), viewport)
        page.screenshot(path=screenshots / f"topic-{topic}-{name}-first-screen.png")
        page.screenshot(path=screenshots / f"topic-{topic}-{name}-full.png", full_page=True)
        # No sideways scroll; the overview fits the screen and its claim column stays readable.
        layout = page.evaluate("""() => {
          const rows = [...document.querySelectorAll('.ek-overview tbody tr')];
          return {page: document.scrollingElement.scrollWidth,
                  claim: Math.min(...rows.map(r => r.querySelector('th').getBoundingClientRect().width)),
                  right: Math.max(...rows.flatMap(r => [...r.children].map(c => c.getBoundingClientRect().right)))};
        }""")
        width = viewport["width"]
        problems = [f"the page is {layout['page']}px wide"] if layout["page"] > width + 1 else []
        if layout["claim"] < 120:
            problems.append(f"the overview's claim column is only {layout['claim']:.0f}px wide")
        if layout["right"] > width + 1:
            problems.append(f"the overview runs {layout['right'] - width:.0f}px off the screen")
        assert problems == [], f"{width}px screen: " + "; ".join(problems)
        # One card; the fixed header is hidden so that it does not cover the card in the picture.
        first = claim_order(topic)[0]
        page.locator(f'article.ek-claim[id="{first}"]').screenshot(
            path=screenshots / f"claim-{topic}-{first}-{name}.png", style=".md-header { visibility: hidden; }")
        watch.assert_clean()


def test_keyboard_reaches_the_overview_and_enter_opens_the_card(site_url, open_page):
    topic = next(iter(TOPICS))
    first = claim_order(topic)[0]
    target = f'.ek-overview a[href="#{first}"]'
    page, watch = open_page(topic_url(site_url, topic), DESKTOP)
    # Tab alone, through the header and the navigation, reaches the overview. (Focus
    # is logged in the page so that Tab can be pressed in runs of ten.)
    page.evaluate("() => { window.ekFocus = []; "
                  "document.addEventListener('focusin', e => window.ekFocus.push(e.target)); }")
    presses = None
    for _ in range(10):
        for _ in range(10):
            page.keyboard.press("Tab")
        presses = page.evaluate("sel => window.ekFocus.indexOf(document.querySelector(sel)) + 1 || null", target)
        if presses:
            break
    assert presses, "100 presses of Tab never reached the overview's first link"
    # The shorter way: the first Tab stop skips to the content, and from there Tab
    # stays in the content until it reaches the overview.
    page.goto(topic_url(site_url, topic), wait_until="networkidle")
    page.keyboard.press("Tab")
    expect(page.locator("a.md-skip")).to_be_focused()
    page.keyboard.press("Enter")
    where = """sel => { const a = document.activeElement;
      return a === document.querySelector(sel) ? 'target' : a.closest('.md-content') ? 'content' : a.outerHTML.slice(0, 200); }"""
    for skipped in range(1, presses):
        page.keyboard.press("Tab")
        now = page.evaluate(where, target)
        if now == "target":
            break
        assert now == "content", f"Tab left the content: {now}"
    else:
        pytest.fail("after 'Skip to content', Tab did not reach the overview sooner than from the top")
    # Enter follows the link: the card is the target and on screen...
    page.keyboard.press("Enter")
    wait_reached(page, first)
    # ...and the next Tab continues inside the card, not back at the overview.
    page.keyboard.press("Tab")
    assert page.evaluate("id => !!document.activeElement.closest(`[id='${id}']`)", first), \
        page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    print(f"the overview's first link is Tab stop {presses} from the top, {skipped} after 'Skip to content'")
    watch.assert_clean()
