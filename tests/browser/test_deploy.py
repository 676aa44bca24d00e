"""Issue 10, point 9: deployable as published.

The site built with site_url under a sub-path (as GitHub Pages serves a project site,
http://127.0.0.1:PORT/sub/), served there by a host that answers a missing path with the
site's 404.html: a missing deep address shows the 404 page styled, with nothing failing to
load and links that work; the sitemap, the claims data and ClaimReview give absolute
addresses under site_url.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse
from xml.etree import ElementTree

from conftest import PHONE

from site_facts import ALL_CLAIMS, TOPICS, claim_path, topic_path

MISSING = "topics/no-such-topic/no-such-claim/deeper/"


def expected_404(watch, url: str) -> None:
    """The document's own 404 is what was asked for; anything else that failed is a fault."""
    failed = [r for r in watch.failed_requests if r != f"404 {url}"]
    assert failed == [], f"the 404 page failed to load: {failed}"
    watch.failed_requests.clear()
    # Chromium logs the document's status as a console error; only that one is expected.
    own = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    if own in watch.console_errors:
        watch.console_errors.remove(own)


def test_a_missing_deep_address_under_the_sub_path_shows_the_styled_404_page(subpath_site, open_page, screenshots):
    base, _ = subpath_site
    page, watch = open_page(base)
    response = page.goto(base + MISSING, wait_until="networkidle")
    assert response.status == 404
    page.screenshot(path=screenshots / "404-under-sub-path-desktop.png")
    # The document itself is the expected 404; nothing it loads may fail.
    expected_404(watch, base + MISSING)
    # Material's own stylesheet is applied (its header is laid out), and the site's.
    styled = page.evaluate("""() => ({
      sheets: [...document.styleSheets].filter(s => s.href).map(s => [new URL(s.href).pathname, s.cssRules.length]),
      header: getComputedStyle(document.querySelector('.md-header')).position,
      typeset: getComputedStyle(document.querySelector('.md-typeset') || document.body).fontSize})""")
    sheets = dict(styled["sheets"])
    main = re.compile(r"/sub/assets/stylesheets/main\.[0-9a-f]+\.min\.css")
    assert any(main.fullmatch(p) and n > 0 for p, n in sheets.items()), sheets
    assert styled["header"] in ("sticky", "fixed"), styled
    assert re.search(r"404|not found", page.locator("article").inner_text(), re.I)
    # Every link on the page goes somewhere under the site's address that exists.
    links = page.locator("a[href]").evaluate_all(
        "els => [...new Set(els.map(a => new URL(a.getAttribute('href'), location.href).href))]")
    local = [u for u in links if urlparse(u).hostname == "127.0.0.1"]
    assert local, "the 404 page has no links into the site"
    broken = {}
    for url in local:
        status = page.evaluate("async u => (await fetch(u)).status", url.split("#")[0])
        if status != 200 or not url.startswith(base):
            broken[url] = status
    assert broken == {}, f"links from the 404 page that do not resolve under {base}: {broken}"
    # The site's name in the header takes the reader home.
    page.locator(".md-header a.md-header__button.md-logo, .md-header__title a, a.md-header__button").first.click()
    page.wait_for_url(base)
    watch.assert_clean()


def test_the_404_page_works_on_a_phone_too(subpath_site, open_page, screenshots):
    base, _ = subpath_site
    page, watch = open_page(base, PHONE)
    response = page.goto(base + MISSING, wait_until="networkidle")
    assert response.status == 404
    page.screenshot(path=screenshots / "404-under-sub-path-phone.png")
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"] + 1
    expected_404(watch, base + MISSING)
    watch.assert_clean()


def test_the_sitemap_and_the_claims_data_give_addresses_under_site_url(subpath_site, open_page):
    base, site = subpath_site
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert all(loc.startswith(base) for loc in locs), [loc for loc in locs if not loc.startswith(base)]
    expected = {base + topic_path(t) for t in TOPICS} | {base + claim_path(t, c) for t, c, _ in ALL_CLAIMS}
    assert expected <= set(locs), sorted(expected - set(locs))
    page, watch = open_page(base)
    records = page.evaluate("async url => (await fetch(url)).json()", f"{base}claims.json")
    assert [r["url"] for r in records] == [base + claim_path(t, c) for t, c, _ in ALL_CLAIMS]
    # Each address answers.
    for url in sorted(expected)[:3] + [records[-1]["url"]]:
        assert page.evaluate("async u => (await fetch(u)).status", url) == 200, url
    watch.assert_clean()
