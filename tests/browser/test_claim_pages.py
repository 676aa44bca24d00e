"""Issue 10, point 2: a page per claim.

Each claim has its own address, topics/<topic>/<claim-id>/, holding the full card with the
verdict and certainty first; its <title>, meta description, canonical link and link-preview
tags state the verdict and the certainty; the old topic-page anchors land on the claim's
compact card, which links to the page; claim pages stay out of the navigation and the
strict build stays clean.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from conftest import PHONE, REACHED

from evidencekit.definitions import DOWNGRADE_DOMAIN
from site_facts import (
    ALL_CLAIMS, CLAIMS, TOPICS, claim_path, grade_label, plain, sentences, text, topic_path,
    verdict_first, verdict_label,
)

# A page's head, as link previews and search engines read it.
READ_HEAD = """() => {
  const meta = n => { const m = document.querySelector(`meta[name="${n}"], meta[property="${n}"]`);
                      return m ? m.content : null; };
  const canonical = document.querySelector('link[rel="canonical"]');
  return {title: document.title, description: meta('description'),
          og_title: meta('og:title'), og_description: meta('og:description'), og_url: meta('og:url'),
          og_type: meta('og:type'), twitter_card: meta('twitter:card'),
          twitter_title: meta('twitter:title'), twitter_description: meta('twitter:description'),
          canonical: canonical ? canonical.href : null};
}"""

# Where each piece of text first stands in the page's content, in document order: the
# index of the deepest element that holds it whole (-1 when missing), and that element's
# tag and the text of the block around it.
LOCATE = """needles => {
  const root = document.querySelector('article.md-content__inner');
  const norm = s => (s || '').replace(/’/g, "'").replace(/\\s+/g, ' ').trim();
  const all = [...root.querySelectorAll('*')];
  const texts = all.map(e => norm(e.textContent));
  return needles.map(n => {
    n = norm(n);
    const i = all.findIndex((e, k) => texts[k].includes(n) &&
                                      ![...e.children].some(c => norm(c.textContent).includes(n)));
    if (i < 0) return {at: -1};
    const block = all[i].closest('p, li, dd, blockquote, figure, div') || all[i];
    return {at: i, tag: all[i].tagName.toLowerCase(), block: norm(block.textContent)};
  });
}"""

FIRST = """sel => { const root = document.querySelector('article.md-content__inner'),
  all = [...root.querySelectorAll('*')], e = root.querySelector(sel);
  return e ? {at: all.indexOf(e), text: e.textContent.replace(/\\s+/g, ' ').trim()} : {at: -1}; }"""


def fold(s: str) -> str:
    return text(s.replace("’", "'"))


def test_each_claim_page_holds_its_full_card_verdict_and_certainty_first(site_url, open_page):
    page, watch = open_page(site_url)
    problems = []
    for topic, cid, claim in ALL_CLAIMS:
        url = site_url + claim_path(topic, cid)
        response = page.goto(url, wait_until="load")
        assert response.status == 200, url
        say = lambda msg: problems.append(f"{cid}: {msg}")  # noqa: E731
        h1 = page.locator("article h1").all_text_contents()
        if [fold(h).removesuffix("¶") for h in h1] != [fold(verdict_first(claim))]:
            say(f"heading {h1}")
        verdict, grade = page.evaluate(FIRST, ".ek-verdict"), page.evaluate(FIRST, ".ek-grade")
        if verdict.get("text") != verdict_label(claim):
            say(f"first verdict label on the page is {verdict.get('text')!r}")
        if not fold(grade.get("text", "")).endswith(grade_label(claim)):
            say(f"first certainty badge on the page is {grade.get('text')!r}")
        # The pieces of the card, from the claim's own file.
        pieces = {"claim as made": claim["claim"], "summary": sentences(claim["summary"])[0]}
        pieces |= {f"caveat {i}": sentences(c)[0] for i, c in enumerate(claim.get("caveats") or [], 1)}
        for i, d in enumerate(claim.get("downgrades") or [], 1):
            pieces[f"reason {i}"] = sentences(d["reason"])[0]
            pieces[f"reason {i} named"] = DOWNGRADE_DOMAIN[d["domain"]].label
        if claim.get("would_change"):
            pieces["what would change it"] = sentences(claim["would_change"])[0]
        found = dict(zip(pieces, page.evaluate(LOCATE, [plain(p) for p in pieces.values()])))
        for name, where in found.items():
            if where["at"] < 0:
                say(f"the {name} is missing: {pieces[name][:80]!r}")
        made = found["claim as made"]
        if made["at"] >= 0:
            # Verdict and certainty first; the claim as made, then the summary.
            if not (0 <= verdict["at"] < made["at"] and 0 <= grade["at"] < made["at"]):
                say("the verdict and certainty do not come before the claim as made")
            if found["summary"]["at"] >= 0 and found["summary"]["at"] < made["at"]:
                say("the summary comes before the claim as made")
            # The claim as made is the article's words: quoted, and said to be the article's.
            quoted = made["tag"] in ("q", "blockquote") or f"“{fold(plain(claim['claim']))}”" in made["block"]
            if not quoted:
                say(f"the claim as made is not in quotes ({made['tag']})")
            if "article" not in made["block"].lower() and TOPICS[topic]["title"] not in made["block"]:
                say(f"the claim as made does not say where it appeared: {made['block'][:200]!r}")
        # Each source, by its link to the References page, in the claim's order.
        cites = page.locator("article.md-content__inner a.ek-cite").evaluate_all(
            "els => els.map(a => new URL(a.href).pathname + new URL(a.href).hash)")
        expected = [f"/references/#ref_{e['cite']}" for e in claim["evidence"]]
        if cites != expected:
            say(f"sources link to {cites}, not {expected}")
        # The way to the topic, and to the claims before and after it, verdict first.
        order = list(CLAIMS[topic])
        i = order.index(cid)
        links = {urlparse(urljoin(url, h)).path: fold(t) for h, t in page.locator(
            "article.md-content__inner a[href]").evaluate_all(
            "els => els.map(a => [a.getAttribute('href'), a.textContent])")}
        if f"/{topic_path(topic)}" not in links:
            say("no link to its topic")
        for n in ([order[i - 1]] if i else []) + order[i + 1:i + 2]:
            neighbour = CLAIMS[topic][n]
            if links.get(f"/{claim_path(topic, n)}") != fold(verdict_first(neighbour)):
                say(f"no link to the neighbouring claim {n} that reads {verdict_first(neighbour)!r}")
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


def test_each_claim_pages_title_description_and_previews_state_verdict_and_certainty(site_url, open_page):
    page, watch = open_page(site_url)
    problems = []
    for topic, cid, claim in ALL_CLAIMS:
        page.goto(site_url + claim_path(topic, cid), wait_until="load")
        head = page.evaluate(READ_HEAD)
        verdict, certainty = verdict_label(claim), grade_label(claim).lower()
        if not head["title"].startswith(verdict_first(claim)):
            problems.append(f"{cid}: <title> {head['title']!r}")
        for name in ("og_title", "twitter_title"):
            if not (head[name] or "").startswith(verdict_first(claim)):
                problems.append(f"{cid}: {name} {head[name]!r}")
        for name in ("description", "og_description", "twitter_description"):
            value = head[name] or ""
            if not (value.startswith(verdict) and certainty in value.lower()):
                problems.append(f"{cid}: {name} does not state '{verdict}' first and '{certainty}': {value!r}")
        if head["og_type"] is None or head["twitter_card"] is None:
            problems.append(f"{cid}: og:type {head['og_type']!r}, twitter:card {head['twitter_card']!r}")
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


def test_claim_pages_name_their_address_when_the_site_has_one(subpath_site, open_page):
    """Built with site_url: a canonical link, og:url and ClaimReview all give the page's address."""
    base, _ = subpath_site
    page, watch = open_page(base)
    for topic, cid, claim in ALL_CLAIMS:
        address = base + claim_path(topic, cid)
        page.goto(address, wait_until="load")
        head = page.evaluate(READ_HEAD)
        assert (head["canonical"], head["og_url"]) == (address, address), cid
        reviews = page.evaluate("""() => [...document.querySelectorAll('script[type="application/ld+json"]')]
            .map(s => JSON.parse(s.textContent)).filter(r => r['@type'] === 'ClaimReview')""")
        assert [r["url"] for r in reviews] == [address], cid
    watch.assert_clean()


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_old_topic_anchors_land_on_the_compact_card_that_links_to_the_claims_page(site_url, open_page, topic):
    page, watch = open_page(site_url + topic_path(topic), PHONE)
    for cid, claim in CLAIMS[topic].items():
        page.goto(f"{site_url}{topic_path(topic)}#{cid}")
        page.wait_for_function(REACHED, arg=cid, timeout=5000)
        card = page.locator(f'[id="{cid}"]')
        assert fold(card.inner_text()).find(fold(verdict_first(claim))) >= 0, cid
        hrefs = card.locator("a[href]").evaluate_all("els => els.map(a => new URL(a.href).pathname)")
        assert f"/{claim_path(topic, cid)}" in hrefs, (cid, hrefs)
    # The card's link opens the claim's page.
    cid = next(iter(CLAIMS[topic]))
    page.goto(f"{site_url}{topic_path(topic)}#{cid}")
    verdict = re.compile(re.escape(verdict_label(CLAIMS[topic][cid])))
    page.locator(f'[id="{cid}"] a[href]').filter(has_text=verdict).first.click()
    page.wait_for_url(f"**/{claim_path(topic, cid)}")
    watch.assert_clean()


def test_claim_pages_stay_out_of_the_navigation(site_url, open_page):
    claim_paths = {f"/{claim_path(t, c)}" for t, c, _ in ALL_CLAIMS}
    topic, cid, _ = ALL_CLAIMS[0]
    page, watch = open_page(site_url)
    for path in ("", topic_path(topic), claim_path(topic, cid)):
        page.goto(site_url + path, wait_until="load")
        nav = page.locator(".md-nav--primary a[href]").evaluate_all(
            "els => els.map(a => new URL(a.href).pathname)")
        assert nav, f"/{path}: no navigation"
        listed = sorted(set(nav) & claim_paths)
        assert listed == [], f"/{path}: the navigation lists claim pages {listed}"
    watch.assert_clean()


def test_the_strict_build_says_nothing_about_claim_pages(built_site):
    log = built_site.with_name(built_site.name + ".log").read_text(encoding="utf-8")
    assert not re.search(r"^(WARNING|ERROR)", log, re.M), log
    mentioned = [cid for _, cid, _ in ALL_CLAIMS if re.search(rf"\b{re.escape(cid)}\b", log)]
    assert mentioned == [], f"the build log names claim pages {mentioned}:\n{log}"

