"""Issue 10, point 7: the evidence picture says what it shows.

A headline that states the finding, a source line, point numbers that are the cards'
numbers, text at least 12 px and targets at least 24 px on a phone, and a supported claim
about harms never drawn in the "supported" green. Screenshots of the picture, the gap grid,
the summary of findings and a claim's card go to the test output's screenshots folder, at
both widths and in both colour schemes.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from conftest import DESKTOP, PHONE, REACHED
from playwright.sync_api import expect

from site_facts import (
    ALL_CLAIMS, CLAIMS, TOPICS, claim_path, grade_label, heading, is_safety, text, topic_path,
    verdict_label,
)

VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
SCHEMES = [pytest.param(False, id="light"), pytest.param(True, id="dark")]
HIDE_HEADER = ".md-header { visibility: hidden; }"


def fold(s: str) -> str:
    return text(s.replace("’", "'"))


@pytest.mark.parametrize("dark", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshots_of_the_picture_the_grid_the_table_and_a_card(site_url, open_page, screenshots, viewport, dark):
    name = ("phone" if viewport is PHONE else "desktop") + ("-dark" if dark else "")
    for topic in TOPICS:
        page, watch = open_page(site_url + topic_path(topic), viewport, dark=dark)
        shots = {"picture": "article figure:has(svg)", "gaps": "article .ek-topic__gaps",
                 "summary-of-findings": "article section:has(table.ek-sof)"}
        for shot, selector in shots.items():
            element = page.locator(selector).first
            expect(element).to_be_visible()
            element.screenshot(path=screenshots / f"{shot}-{topic}-{name}.png", style=HIDE_HEADER)
            assert (screenshots / f"{shot}-{topic}-{name}.png").stat().st_size > 5000
        # The picture fits the screen: no sideways scrolling, for the page or the picture.
        box = page.locator("article figure svg").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, box
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= viewport["width"] + 1
        # The card with the most varied evidence shows the design-mix bar at its fullest.
        topic_claims = [(cid, claim) for t, cid, claim in ALL_CLAIMS if t == topic]
        cid, _ = max(topic_claims, key=lambda c: len({e["cite"] for e in c[1]["evidence"]}))
        page.goto(site_url + claim_path(topic, cid), wait_until="load")
        page.locator("article.md-content__inner article").first.screenshot(
            path=screenshots / f"card-{topic}-{cid}-{name}.png", style=HIDE_HEADER)
        watch.assert_clean()


def test_the_picture_has_a_headline_stating_the_finding_and_a_source_line(site_url, open_page):
    for topic in TOPICS:
        page, watch = open_page(site_url + topic_path(topic))
        figure = page.locator("article figure:has(svg)").first
        headline = text(figure.locator(".ek-picture__headline").inner_text())
        n = len(CLAIMS[topic])
        # "Of 17 claims in the article, none is supported by studies in people."
        assert str(n) in re.findall(r"\d+", headline), f"the headline does not count the {n} claims: {headline!r}"
        verdicts = {verdict_label(c).lower() for c in CLAIMS[topic].values()}
        assert any(v in headline.lower() for v in verdicts), f"the headline states no verdict: {headline!r}"
        source = text(figure.locator(".ek-picture__source").inner_text())
        assert re.match(r"Source\b", source) and len(source) > len("Source: "), source
        # Above the picture, as a chart's title is.
        top = lambda sel: figure.locator(sel).first.bounding_box()["y"]  # noqa: E731
        assert top(".ek-picture__headline") < top("svg") < top(".ek-picture__source")
        watch.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_each_point_has_its_cards_number_and_reaches_its_card(site_url, open_page, viewport):
    for topic in TOPICS:
        page, watch = open_page(site_url + topic_path(topic), viewport)
        points = page.locator("article figure svg a")
        expect(points).to_have_count(len(CLAIMS[topic]))
        for i, (cid, claim) in enumerate(CLAIMS[topic].items()):
            number = str(i + 1)
            point = points.nth(i)
            assert text(point.locator("text").last.text_content()) == number, cid
            name = fold(point.locator("title").text_content())
            for words in (heading(claim), verdict_label(claim), grade_label(claim).lower()):
                assert fold(words) in name, f"point {number}'s name {name!r} lacks {words!r}"
            # The card it leads to has the same number.
            card = page.locator(f'[id="{cid}"]')
            assert re.match(rf"{number}\b", text(card.inner_text())), f"{cid}'s card is not numbered {number}"
            href = point.get_attribute("href")
            point.click()
            if href.startswith("#"):
                page.wait_for_function(REACHED, arg=cid, timeout=5000)
            else:
                page.wait_for_url(f"**/{claim_path(topic, cid)}")
                page.go_back()
            assert urlparse(href).path in ("", f"{cid}/"), href
        watch.assert_clean()


def test_on_a_phone_the_pictures_text_is_at_least_12px_and_its_targets_24px(site_url, open_page):
    for topic in TOPICS:
        page, watch = open_page(site_url + topic_path(topic), PHONE)
        sizes = page.evaluate("""() => { const svg = document.querySelector('article figure svg');
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return {texts: [...svg.querySelectorAll('text')].map(t => [t.textContent,
                    parseFloat(getComputedStyle(t).fontSize) * scale]),
                  points: [...svg.querySelectorAll('a')].map(a => { const r = a.getBoundingClientRect();
                    return [a.textContent.trim().slice(0, 40), r.width, r.height]; })}; }""")
        small = [f"{t!r} {px:.1f}px" for t, px in sizes["texts"] if px < 12 - 0.01]
        assert small == [], f"text under 12px at 390px: {small}"
        tiny = [f"{name!r} {w:.0f}x{h:.0f}px" for name, w, h in sizes["points"] if w < 24 or h < 24]
        assert sizes["points"] and tiny == [], f"targets under 24x24px at 390px: {tiny}"
        watch.assert_clean()


COLOURS = """els => els.map(e => { const s = getComputedStyle(e);
  return [s.backgroundColor, s.fill, s.color]; })"""


def rgb(colour: str) -> tuple[int, ...] | None:
    m = re.match(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", colour)
    if not m or (m.group(4) is not None and float(m.group(4)) == 0):
        return None
    return tuple(int(m.group(i)) for i in (1, 2, 3))


def greenish(colour: tuple[int, ...] | None) -> bool:
    return colour is not None and colour[1] > colour[0] + 20 and colour[1] > colour[2]


@pytest.mark.parametrize("dark", SCHEMES)
def test_a_supported_claim_about_harms_is_never_styled_supported_green(site_url, open_page, dark):
    harms = [(t, cid) for t, cid, claim in ALL_CLAIMS if is_safety(claim) and claim["verdict"] == "supported"]
    assert harms, "the built-in site has a supported claim about harms to check"
    # The "supported" green, from the methodology page's table of verdicts.
    page, watch = open_page(f"{site_url}methodology/", dark=dark)
    green = rgb(page.locator(".ek-verdict--supported").first.evaluate("e => getComputedStyle(e).backgroundColor"))
    assert greenish(green), f"the plain 'Supported' label is {green}"
    problems = []
    for topic, cid in harms:
        page.goto(site_url + topic_path(topic), wait_until="load")
        number = list(CLAIMS[topic]).index(cid) + 1
        labels = page.locator(f'article table tr:has(a[href="{cid}/"]) .ek-verdict').evaluate_all(COLOURS)
        mark = page.locator("article figure svg a").nth(number - 1).locator("path").last.evaluate_all(COLOURS)
        # The points of supported claims that are not about harms: the picture's own green.
        plain_supported = [list(CLAIMS[topic]).index(c) for c, claim in CLAIMS[topic].items()
                           if claim["verdict"] == "supported" and not is_safety(claim)]
        greens = {rgb(page.locator("article figure svg a").nth(i).locator("path").last.evaluate(
            "e => getComputedStyle(e).fill")) for i in plain_supported} | {green}
        page.goto(site_url + claim_path(topic, cid), wait_until="load")
        labels += page.locator("article.md-content__inner .ek-verdict").evaluate_all(COLOURS)
        for background, _, _ in labels:
            if rgb(background) == green or greenish(rgb(background)):
                problems.append(f"{cid}: a verdict label is drawn in {background}")
        if not labels:
            problems.append(f"{cid}: no verdict label found")
        if not mark or rgb(mark[0][1]) in greens or greenish(rgb(mark[0][1])):
            problems.append(f"{cid}: its point in the picture is filled {mark[0][1]}, as plain 'Supported' is")
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


def test_each_claim_page_shows_its_design_mix_bar_with_its_counts(site_url, open_page):
    page, watch = open_page(site_url)
    for topic, cid, _ in ALL_CLAIMS:
        page.goto(site_url + claim_path(topic, cid), wait_until="load")
        card = page.locator("article.md-content__inner article").first
        words = card.locator(".ek-design-mix").last.inner_text()
        parts = card.locator(".ek-mix-bar__part")
        titles = [parts.nth(i).get_attribute("title") for i in range(parts.count())]
        shown = [w for w in words.split(" · ") if not w.startswith("0 ")]
        assert titles == shown, cid
        assert parts.all_inner_texts() == [t.split(" ", 1)[0] for t in titles]
        expect(card.locator(".ek-mix-bar")).to_be_visible()
    watch.assert_clean()
