"""The repository's built site, read in Chromium the way a reader reads it.

Expected values come from the content itself (site_facts: claim and topic YAML read with
yaml.safe_load) and from definitions.py, never from the HTML under test.

Issue 10's points 5 (citations mean the same on every page) and 6 (search finds claims)
are here, with the site's structure: a topic page with a summary-of-findings table and a
compact card per claim, a page per claim with its full card, a References page.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import urljoin, urlparse

import pytest
from conftest import DESKTOP, PHONE, REACHED
from playwright.sync_api import expect

from evidencekit.definitions import GRADE, GRADES, VERDICT, VERDICTS
from site_facts import (
    ALL_CLAIMS, CLAIMS, CONTENT, TOPIC, TOPICS, YAML_SUFFIXES, claim_order, claim_path, heading,
    plain, ref_anchor, sentences, text, topic_path, verdict_first, verdict_label,
)

VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
SCHEMES = [pytest.param(False, id="light"), pytest.param(True, id="dark")]

# Every in-page link (href="#...") whose target id is not in the document.
BROKEN_FRAGMENTS = """() => [...document.querySelectorAll('a[href^="#"]')]
  .map(a => a.getAttribute('href'))
  .filter(h => h === '#' || !document.getElementById(decodeURIComponent(h.slice(1))))"""

# Shown to a reader: rendered, with a box, not hidden.
SHOWN = "e => !!e && e.checkVisibility({visibilityProperty: true}) && e.getBoundingClientRect().width > 0"


def fold(s: str) -> str:
    return text(s.replace("’", "'"))


def topic_url(site_url: str, topic: str) -> str:
    return site_url + topic_path(topic)


def wait_reached(page, element_id: str) -> None:
    page.wait_for_function(REACHED, arg=element_id, timeout=5000)


def no_horizontal_scroll(page, viewport: dict) -> None:
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= viewport["width"] + 1, f"{page.url}: page is {width}px wide on a {viewport['width']}px screen"


def badge(grade_slug: str) -> str:
    g = GRADE[grade_slug]
    return f"{g.symbols} {g.label}"


# -- the topic page and the claim pages -----------------------------------------------------


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_claim_has_a_compact_card_on_its_topic_and_its_full_card_on_its_page(site_url, open_page, topic):
    page, watch = open_page(topic_url(site_url, topic))
    ids = page.evaluate("ids => ids.filter(id => document.getElementById(id))", claim_order(topic))
    assert ids == claim_order(topic), "a compact card per claim, in the topic's order"
    for cid, claim in CLAIMS[topic].items():
        card = page.locator(f'[id="{cid}"]')
        expect(card).to_be_visible()
        assert fold(verdict_first(claim)) in fold(card.inner_text()), cid
        expect(card.locator(".ek-grade")).to_have_text(badge(claim["grade"]), use_inner_text=False)
    for cid, claim in CLAIMS[topic].items():
        page.goto(site_url + claim_path(topic, cid), wait_until="load")
        card = page.locator("article.md-content__inner article").first
        facts = card.evaluate(f"""c => {{ const v = c.querySelector('.ek-verdict'), g = c.querySelector('.ek-grade');
          return {{verdict: v && v.textContent, verdict_shown: ({SHOWN})(v),
                  grade: g && g.textContent.replace(/\\s+/g, ' ').trim(), grade_shown: ({SHOWN})(g)}}; }}""")
        assert facts == {"verdict": verdict_label(claim), "verdict_shown": True,
                         "grade": badge(claim["grade"]), "grade_shown": True}, cid
    watch.assert_clean()


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_the_summary_of_findings_has_a_row_per_claim_linking_to_its_page(site_url, open_page, topic):
    page, watch = open_page(topic_url(site_url, topic))
    rows = page.locator("article table").filter(has=page.locator(f'a[href="{claim_order(topic)[0]}/"]')).first \
        .locator("tbody tr").evaluate_all(f"""rows => rows.map(r => {{
      const v = r.querySelector('.ek-verdict'), g = r.querySelector('.ek-grade');
      return {{links: [...r.querySelectorAll('a[href]')].map(a => [new URL(a.href).pathname, a.textContent]),
              verdict: v && v.textContent, grade: g && g.textContent.replace(/\\s+/g, ' ').trim(),
              text: r.textContent, shown: ({SHOWN})(r)}}; }})""")
    assert len(rows) == len(CLAIMS[topic])
    for row, (cid, claim) in zip(rows, CLAIMS[topic].items()):
        words = fold(row["text"])
        link = (f"/{claim_path(topic, cid)}", f"“{fold(heading(claim))}”")
        assert [(p, fold(t)) for p, t in row["links"]] == [link], cid
        assert row["verdict"] == verdict_label(claim), cid
        assert row["grade"] == badge(claim["grade"]), cid
        # The number of studies that address the claim, or "no studies" outright.
        assert re.search(r"\b\d+ [a-z]|no studies", words, re.I), f"{cid}: no count of studies in {words!r}"
        assert fold(sentences(claim["summary"])[0]) in words, f"{cid}: the summary's first sentence"
        assert row["shown"], cid
    # A row's link opens the claim's page.
    cid = claim_order(topic)[0]
    page.locator(f'article table a[href="{cid}/"]').click()
    page.wait_for_url(f"**/{claim_path(topic, cid)}")
    watch.assert_clean()


def test_on_a_phone_the_summary_of_findings_reads_in_lines_of_several_words(site_url, open_page):
    """Each row's sentence has the width of a line, not a column of two or three words."""
    page, watch = open_page(topic_url(site_url, TOPIC), PHONE)
    narrow = {}
    for cid, claim in CLAIMS[TOPIC].items():
        width = page.evaluate("""words => { const norm = s => s.replace(/’/g, "'").replace(/\\s+/g, ' ');
          const cell = [...document.querySelectorAll('article table td, article table th')]
            .find(c => norm(c.textContent).includes(words));
          return cell ? cell.getBoundingClientRect().width : null; }""", fold(sentences(claim["summary"])[0]))
        if width is None or width < 200:
            narrow[cid] = width
    assert narrow == {}, f"at 390px the summary's sentence is squeezed into a column this wide: {narrow}"
    watch.assert_clean()


def test_grade_badges_read_without_colour(site_url, open_page):
    """Symbols and words carry the grade; hover (title) and screen readers get its meaning."""
    for topic in TOPICS:
        page, watch = open_page(topic_url(site_url, topic))
        expected = Counter(claim["grade"] for claim in CLAIMS[topic].values())
        badges = page.locator("article .ek-grade").evaluate_all("""els => els.map(b => ({
          text: b.textContent, title: b.title, role: b.getAttribute('role'),
          symbols: b.querySelector('.ek-grade__symbols').textContent,
          hidden: b.querySelector('.ek-grade__symbols').getAttribute('aria-hidden')}))""")
        # one badge in the summary of findings and one on the compact card, per claim
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
            named = page.locator("article").get_by_role(
                "img", name=f"Certainty of the evidence: {g.label}, {g.rank} of 4. {g.meaning}", exact=True)
            expect(named).to_have_count(2 * n)
        watch.assert_clean()


# -- point 5: citations that mean the same on every page ------------------------------------


def references(page, site_url: str) -> dict[str, dict]:
    """The References page's entries by id: label, title, and the paths of the claims citing it."""
    page.goto(f"{site_url}references/", wait_until="load")
    return {e["id"]: e for e in page.locator("li.ek-ref").evaluate_all(f"""els => els.map(e => ({{
      id: e.id, shown: ({SHOWN})(e),
      label: ((e.querySelector('.ek-ref__label') || {{}}).textContent || '').trim(),
      title: ((e.querySelector('.ek-ref__title') || {{}}).textContent || '').trim(),
      back: [...e.querySelectorAll('a.ek-backlink')].map(a => new URL(a.href).pathname),
      back_text: [...e.querySelectorAll('a.ek-backlink')].map(a => a.textContent)}}))""")}


CITES = """() => [...document.querySelectorAll('article.md-content__inner a[href*="references/"]')]
  .filter(a => new URL(a.href).hash.startsWith('#ref_'))
  .map(a => [new URL(a.href).pathname + new URL(a.href).hash, a.textContent.replace(/\\s+/g, ' ').trim()])"""


def test_a_reference_has_one_label_on_every_page_linking_to_its_entry(site_url, open_page):
    page, watch = open_page(site_url)
    entries = references(page, site_url)
    seen: dict[str, set[str]] = defaultdict(set)  # key -> labels
    problems = []
    for topic in TOPICS:
        for path in [topic_path(topic)] + [claim_path(topic, c) for c in CLAIMS[topic]]:
            page.goto(site_url + path, wait_until="load")
            for href, label in page.evaluate(CITES):
                assert href.startswith("/references/#ref_"), f"/{path}: {href}"
                key = href.removeprefix("/references/#ref_")
                seen[key].add(label)
                if ref_anchor(key) not in entries:
                    problems.append(f"/{path}: {label} links to {href}, which the References page lacks")
                elif entries[ref_anchor(key)]["label"] != label:
                    problems.append(f"/{path}: {key} is {label!r} here and "
                                    f"{entries[ref_anchor(key)]['label']!r} on the References page")
    problems += [f"{key} has labels {sorted(labels)}" for key, labels in seen.items() if len(labels) > 1]
    # One label per work, site-wide: no two works share one.
    owners = defaultdict(list)
    for e in entries.values():
        owners[e["label"]].append(e["id"])
    problems += [f"{label!r} labels {ids}" for label, ids in owners.items() if len(ids) > 1 or not label]
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


def test_the_references_page_lists_every_cited_work_with_links_back_to_its_claims(site_url, open_page):
    citing: dict[str, set[str]] = defaultdict(set)  # key -> {claim page path}
    for topic, cid, claim in ALL_CLAIMS:
        for e in claim["evidence"]:
            citing[e["cite"]].add(f"/{claim_path(topic, cid)}")
    page, watch = open_page(site_url)
    entries = references(page, site_url)
    assert sorted(entries) == sorted(ref_anchor(k) for k in citing)
    titles = {f"/{claim_path(t, c)}": fold(verdict_first(claim)) for t, c, claim in ALL_CLAIMS}
    for key, expected in citing.items():
        entry = entries[ref_anchor(key)]
        assert entry["shown"] and entry["title"] and entry["label"], entry
        assert set(entry["back"]) == expected, key
        for path, words in zip(entry["back"], entry["back_text"]):
            assert titles[path] in fold(words), f"{key}: a link back reads {words!r}"
    # Following a link back opens the claim's page.
    first = page.locator("a.ek-backlink").first
    path = urlparse(urljoin(page.url, first.get_attribute("href"))).path
    first.click()
    page.wait_for_url(f"**{path}")
    watch.assert_clean()


def test_a_citation_opens_its_entry_on_the_references_page(site_url, open_page):
    topic, cid, claim = ALL_CLAIMS[0]
    page, watch = open_page(site_url + claim_path(topic, cid))
    key = claim["evidence"][0]["cite"]
    page.locator(f'article a[href$="references/#{ref_anchor(key)}"]').first.click()
    page.wait_for_url(f"**/references/#{ref_anchor(key)}")
    wait_reached(page, ref_anchor(key))
    watch.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_hovering_or_focusing_a_citation_previews_the_reference_without_leaving(site_url, open_page, viewport):
    page, watch = open_page(site_url, viewport)
    entries = references(page, site_url)
    # The claim citing the most works.
    topic, cid, claim = max(ALL_CLAIMS, key=lambda c: len(c[2]["evidence"]))
    url = site_url + claim_path(topic, cid)
    page.goto(url, wait_until="networkidle")
    links = page.locator('article.md-content__inner a[href*="references/#ref_"]')
    assert links.count() == len(claim["evidence"])
    preview_of = """a => { const id = a.getAttribute('aria-describedby');
      const p = (id && document.getElementById(id)) || a.nextElementSibling;
      if (!p) return null; const r = p.getBoundingClientRect();
      return {shown: p.checkVisibility({visibilityProperty: true}) && r.width > 0 && r.height > 0,
              text: p.textContent.replace(/\\s+/g, ' '), left: r.left, right: r.right}; }"""
    problems = []
    for i, e in enumerate(claim["evidence"]):
        link = links.nth(i)
        title = entries[ref_anchor(e["cite"])]["title"]
        link.scroll_into_view_if_needed()
        for how in ("hover", "focus"):
            page.mouse.move(0, 0)
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            link.hover() if how == "hover" else link.focus()
            preview = link.evaluate(preview_of)
            if not preview or not preview["shown"]:
                problems.append(f"{e['cite']}: no preview on {how}")
            elif fold(title) not in fold(preview["text"]):
                problems.append(f"{e['cite']}: the preview on {how} lacks the title {title!r}")
            elif preview["left"] < 0 or preview["right"] > viewport["width"]:
                problems.append(f"{e['cite']}: the preview on {how} runs off the screen "
                                f"({preview['left']:.0f} to {preview['right']:.0f}px)")
        assert page.url == url, f"{how} on {e['cite']} left the page"
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


# -- point 6: search that finds claims --------------------------------------------------------


def search(page, site_url: str, words: str) -> list[dict]:
    """Material's search, used as a reader does: open it, type, wait for the results. Each
    result: the page's path, its title and the snippet under it."""
    page.goto(site_url, wait_until="networkidle")
    page.locator("label.md-header__button[for='__search']:visible, input.md-search__input:visible").first.click()
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(words, delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    # Results are drawn as the index answers; wait until the list stops changing.
    page.wait_for_function("""() => { const n = document.querySelectorAll('.md-search-result__item').length;
      const same = window.ekLast === n; window.ekLast = n; return same && n > 0; }""", polling=300)
    return page.locator(".md-search-result__item").evaluate_all("""items => items.map(i => {
      const a = i.querySelector('a.md-search-result__link'), art = a.querySelector('article');
      return {path: new URL(a.href).pathname, title: (art.querySelector('h1, h2') || {}).textContent || '',
              snippet: [...art.querySelectorAll('p')].map(p => p.textContent).join(' ')}; })""")


def about_liver_injury(claim: dict) -> bool:
    fields = [claim["claim"], heading(claim), claim["summary"], *(claim.get("caveats") or [])]
    return any("liver injury" in plain(f).lower() for f in fields)


def test_searching_liver_finds_a_claim_about_liver_injury_first(site_url, open_page, screenshots):
    page, watch = open_page(site_url)
    results = search(page, site_url, "liver")
    page.screenshot(path=screenshots / "search-liver-desktop.png")
    claims = {f"/{claim_path(t, c)}": claim for t, c, claim in ALL_CLAIMS}
    print("searching 'liver':", [(r["path"], r["title"]) for r in results])
    assert results, "no results"
    first = results[0]
    assert first["path"] in claims and about_liver_injury(claims[first["path"]]), \
        f"the first result is {first['path']} ({first['title']!r}), not a claim about liver injury"
    problems = []
    for i, r in enumerate(results):
        if r["path"] in claims:
            claim = claims[r["path"]]
            if not fold(r["title"]).startswith(fold(verdict_first(claim))):
                problems.append(f"result {i + 1}, a claim page, is titled {r['title']!r}")
            # Readable sentences: no bare runs of numbers from tables ("Evidence 1113 0 randomised").
            if re.search(r"\b\d+ \d+ [a-z]", r["snippet"]):
                problems.append(f"result {i + 1}'s snippet is not a sentence: {r['snippet'][:120]!r}")
    claim_ranks = [i for i, r in enumerate(results) if r["path"] in claims]
    references = [i for i, r in enumerate(results) if r["path"] == "/references/"]
    if references and claim_ranks and references[0] < max(claim_ranks):
        problems.append(f"the References page is result {references[0] + 1}, above claims")
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


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


def test_search_finds_a_claim_by_a_word_of_its_text_and_opens_its_page(site_url, open_page):
    topic, cid, word = distinctive_word()
    page, watch = open_page(site_url)
    results = search(page, site_url, word.lower())
    paths = [r["path"] for r in results]
    assert f"/{claim_path(topic, cid)}" in paths, f"searching {word!r} found {paths}"
    i = paths.index(f"/{claim_path(topic, cid)}")
    assert fold(results[i]["title"]).startswith(fold(verdict_first(CLAIMS[topic][cid]))), results[i]
    page.locator(".md-search-result__item a.md-search-result__link").nth(i).click()
    page.wait_for_url(f"**/{claim_path(topic, cid)}**")
    expect(page.locator("article h1").first).to_contain_text(heading(CLAIMS[topic][cid]))
    watch.assert_clean()


# -- every page ------------------------------------------------------------------


def test_every_page_is_clean_and_its_in_page_links_resolve(built_site, site_url, open_page):
    """Every page: no console error, page error, dialog, failed or off-machine request; every
    href="#..." names an element of the page; no sideways scroll at desktop or phone width."""
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                   if p.name != "404.html")
    # home, methodology, references, corrections, about, each topic and each claim
    assert len(pages) >= 5 + len(TOPICS) + len(ALL_CLAIMS), pages
    dirty, broken, wide = {}, {}, {}
    page, watch = open_page(site_url, DESKTOP)
    for rel in pages:
        for found in (watch.console_errors, watch.page_errors, watch.dialogs, watch.offsite_requests,
                      watch.failed_requests):
            found.clear()
        page.set_viewport_size(DESKTOP)
        page.goto(site_url + rel.removesuffix("index.html"), wait_until="networkidle")
        if missing := page.evaluate(BROKEN_FRAGMENTS):
            broken[rel] = missing
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            page.wait_for_function("w => window.innerWidth === w", arg=viewport["width"])
            width = page.evaluate("() => document.scrollingElement.scrollWidth")
            if width > viewport["width"] + 1:
                wide[f"{rel} at {viewport['width']}px"] = width
        try:
            watch.assert_clean()
        except AssertionError:
            dirty[rel] = str(watch)
    assert broken == {}
    assert wide == {}, "pages wider than the screen"
    assert dirty == {}


# -- the site's own pages ------------------------------------------------------------


def test_methodology_tables_list_every_grade_and_verdict(site_url, open_page):
    page, watch = open_page(f"{site_url}methodology/")
    by_rank = sorted(GRADES, key=lambda g: -g.rank)
    grade_rows = page.locator(".ek-grade-table tbody tr")
    assert grade_rows.evaluate_all("rows => rows.map(r => r.id)") == [g.anchor for g in by_rank]
    for row, g in zip(grade_rows.all(), by_rank):
        expect(row.locator(".ek-grade")).to_have_text(f"{g.symbols} {g.label}", use_inner_text=False)
        expect(row).to_contain_text(g.meaning)
    verdict_rows = page.locator(".ek-verdict-table tbody tr")
    assert verdict_rows.evaluate_all("rows => rows.map(r => r.id)") == [v.anchor for v in VERDICTS]
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
        assert urlparse(urljoin(page.url, link.get_attribute("href"))).path == f"/{topic_path(topic)}"
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
    page.wait_for_url(f"**/{topic_path(topic)}")
    expect(page.locator("article h1").first).to_have_text(data["title"])
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

SHOTS = {  # name -> (path, full page)
    "home": ("", True),
    f"topic-{TOPIC}-first-screen": (topic_path(TOPIC), False),
    f"topic-{TOPIC}-full": (topic_path(TOPIC), True),
    "claim-drug-interactions-first-screen": (claim_path(TOPIC, "drug-interactions"), False),
    "claim-drug-interactions-full": (claim_path(TOPIC, "drug-interactions"), True),
    "methodology-first-screen": ("methodology/", False),
    "references-first-screen": ("references/", False),
    "corrections": ("corrections/", True),
    "about": ("about/", True),
}


@pytest.mark.parametrize("dark", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshots(site_url, open_page, screenshots, viewport, dark):
    """Phone and desktop, light and dark: the pictures a person looks at after a change."""
    name = ("phone" if viewport is PHONE else "desktop") + ("-dark" if dark else "")
    page, watch = open_page(site_url, viewport, dark=dark)
    for shot, (path, full) in SHOTS.items():
        if "drug-interactions" in path and "drug-interactions" not in CLAIMS[TOPIC]:
            path = claim_path(TOPIC, claim_order(TOPIC)[0])
        page.goto(site_url + path, wait_until="load")
        page.evaluate("() => document.fonts.ready")
        page.screenshot(path=screenshots / f"{shot}-{name}.png", full_page=full)
        no_horizontal_scroll(page, viewport)
    watch.assert_clean()


def test_keyboard_reaches_the_summary_of_findings_and_enter_opens_the_claim(site_url, open_page):
    topic = TOPIC
    first = claim_order(topic)[0]
    target = f'article table a[href="{first}/"]'
    page, watch = open_page(topic_url(site_url, topic), DESKTOP)
    # Tab alone, through the header and the navigation, reaches the table. (Focus is
    # logged in the page so that Tab can be pressed in runs of ten.)
    page.evaluate("() => { window.ekFocus = []; "
                  "document.addEventListener('focusin', e => window.ekFocus.push(e.target)); }")
    presses = None
    for _ in range(10):
        for _ in range(10):
            page.keyboard.press("Tab")
        presses = page.evaluate("sel => window.ekFocus.indexOf(document.querySelector(sel)) + 1 || null", target)
        if presses:
            break
    assert presses, "100 presses of Tab never reached the summary of findings' first link"
    # The shorter way: the first Tab stop skips to the content, and from there Tab
    # stays in the content until it reaches the table.
    page.goto(topic_url(site_url, topic), wait_until="networkidle")
    page.keyboard.press("Tab")
    expect(page.locator("a.md-skip")).to_be_focused()
    page.keyboard.press("Enter")
    where = """sel => { const a = document.activeElement;
      return a === document.querySelector(sel) ? 'target'
           : a.closest('.md-content') ? 'content' : a.outerHTML.slice(0, 200); }"""
    for skipped in range(1, presses):
        page.keyboard.press("Tab")
        now = page.evaluate(where, target)
        if now == "target":
            break
        assert now == "content", f"Tab left the content: {now}"
    else:
        pytest.fail("after 'Skip to content', Tab did not reach the table sooner than from the top")
    # Enter follows the link: the claim's own page opens.
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{claim_path(topic, first)}")
    print(f"the summary of findings' first link is Tab stop {presses} from the top, {skipped} after 'Skip to content'")
    watch.assert_clean()
