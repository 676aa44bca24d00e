"""The evidence picture and the claim cards in Chromium, at desktop and phone widths.

Screenshots of the picture, the gap grid and one card go to the test output's
screenshots folder; every point of the picture must take the reader to its card.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DESKTOP, PHONE, REACHED, REPO
from playwright.sync_api import expect

from evidencekit.definitions import GRADE, VERDICT

VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
TOPICS = sorted(p.parent.name for p in REPO.glob("content/topics/*/topic.y*ml"))



def claims(topic: str) -> dict[str, dict]:
    folder = REPO / "content/topics" / topic
    data = yaml.safe_load((folder / "topic.yml").read_text(encoding="utf-8"))
    found = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in sorted((folder / "claims").glob("*.y*ml"))}
    order = [c for c in data.get("order") or [] if c in found]
    order += [c for c in found if c not in order]
    return {c: found[c] for c in order}


def name_of(viewport: dict) -> str:
    return "phone" if viewport is PHONE else "desktop"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshots_of_the_picture_the_grid_and_a_card(site_url, open_page, screenshots, viewport):
    name = name_of(viewport)
    for topic in TOPICS:
        page, watch = open_page(f"{site_url}topics/{topic}/", viewport)
        hide_header = ".md-header { visibility: hidden; }"
        picture = page.locator(".ek-picture")
        expect(picture).to_be_visible()
        picture.screenshot(path=screenshots / f"picture-{topic}-{name}.png", style=hide_header)
        page.locator(".ek-topic__gaps").screenshot(path=screenshots / f"gaps-{topic}-{name}.png",
                                                    style=hide_header)
        # A card with the most varied evidence shows the design-mix bar at its fullest.
        card = page.locator("article.ek-claim").filter(
            has=page.locator(".ek-mix-bar__part--lab")).filter(
            has=page.locator(".ek-mix-bar__part--reviews")).first
        card.screenshot(path=screenshots / f"card-{topic}-{card.get_attribute('id')}-{name}.png",
                        style=hide_header)
        for shot in ("picture", "gaps"):
            assert (screenshots / f"{shot}-{topic}-{name}.png").stat().st_size > 5000
        # The picture fits the screen: no sideways scrolling, for the page or the picture.
        box = page.locator(".ek-picture__svg").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, box
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= viewport["width"] + 1
        # Numbers and labels stay readable on a phone (at least 9 CSS pixels high).
        smallest = page.eval_on_selector_all(".ek-picture__svg text",
                                             "els => Math.min(...els.map(e => e.getBoundingClientRect().height))")
        assert smallest >= 9, f"picture text only {smallest:.1f}px high at {viewport['width']}px"
        watch.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_each_point_of_the_picture_reaches_its_card(site_url, open_page, viewport):
    for topic in TOPICS:
        expected = claims(topic)
        page, watch = open_page(f"{site_url}topics/{topic}/", viewport)
        points = page.locator(".ek-picture__point")
        expect(points).to_have_count(len(expected))
        for i, (cid, claim) in enumerate(expected.items()):
            point = points.nth(i)
            expect(point).to_have_attribute("href", f"#{cid}")
            label = point.locator("title").text_content()
            assert label.startswith(f"Claim {i + 1}: {claim.get('short') or claim['claim']}.")
            assert VERDICT[claim["verdict"]].label in label
            assert GRADE[claim["grade"]].label.lower() in label
            expect(point.locator(".ek-picture__number")).to_have_text(str(i + 1))
            point.click()
            page.wait_for_function(REACHED, arg=cid, timeout=5000)
            card = page.locator(f'article.ek-claim[id="{cid}"]')
            expect(card.locator(".ek-claim__title")).to_have_text(claim.get("short") or claim["claim"])
            expect(card.locator(".ek-claim__facts .ek-verdict")).to_have_text(VERDICT[claim["verdict"]].label)
        watch.assert_clean()


def test_a_points_accessible_name_says_claim_verdict_and_grade(site_url, open_page):
    topic = TOPICS[0]
    first_id, first = next(iter(claims(topic).items()))
    page, watch = open_page(f"{site_url}topics/{topic}/")
    name = (f"Claim 1: {first.get('short') or first['claim']}. {VERDICT[first['verdict']].label}, "
            f"{GRADE[first['grade']].label.lower()}.")
    expect(page.get_by_role("link", name=name, exact=True)).to_have_attribute("href", f"#{first_id}")
    picture = page.get_by_role("group", name=page.locator("#ek_picture_title").text_content())
    expect(picture).to_have_count(1)
    expect(page.get_by_role("img", name="Verdicts in rows; certainty of the evidence in columns, "
                                        "from very low to high")).to_have_count(1)
    watch.assert_clean()


def test_each_card_shows_its_design_mix_bar_with_its_counts(site_url, open_page):
    topic = TOPICS[0]
    page, watch = open_page(f"{site_url}topics/{topic}/")
    for card in page.locator("article.ek-claim").all():
        words = card.locator(".ek-design-mix").inner_text()
        parts = card.locator(".ek-mix-bar__part")
        titles = [parts.nth(i).get_attribute("title") for i in range(parts.count())]
        shown = [w for w in words.split(" · ") if not w.startswith("0 ")]
        assert titles == shown, card.get_attribute("id")
        assert parts.all_inner_texts() == [t.split(" ", 1)[0] for t in titles]
        expect(card.locator(".ek-mix-bar")).to_be_visible()
    watch.assert_clean()
