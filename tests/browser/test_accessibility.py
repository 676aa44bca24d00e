"""Everyone can read it: axe-core on every kind of page, never colour alone, the keyboard, print.

Issue 10, point 10: every scrolling region is focusable, labelled and shows that it
scrolls; grade badges fit on one line at 390 px; axe-core reports zero violations (of any
impact) on every page type, claim pages included, at 390 and 1366 px, light and dark.

axe-core comes from the npm registry at the version package-lock.json pins; the
first run installs it with `npm ci` (one worker at a time) when
node_modules/axe-core is missing. Without npm the tests skip and say why, or
fail where EVIDENCE_REQUIRE_BROWSER=1 (as in .ci/run).
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import DESKTOP, PHONE, REACHED, _unavailable
from playwright.sync_api import expect

from evidencekit.definitions import GRADES, VERDICTS
from evidencekit.render.picture import SHAPES
from site_facts import ALL_CLAIMS, CLAIMS, REPO, TOPIC, claim_path, claim_order, topic_path

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {  # every kind of page the site has
    "home": "",
    "topic": topic_path(TOPIC),
    "claim": claim_path(TOPIC, "drug-interactions" if "drug-interactions" in CLAIMS[TOPIC] else claim_order(TOPIC)[0]),
    "methodology": "methodology/",
    "references": "references/",
    "corrections": "corrections/",
    "about": "about/",
}
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
SCHEMES = [pytest.param(False, id="light"), pytest.param(True, id="dark")]


def _install_axe() -> None:
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm not found: the accessibility tests need Node.js and npm to install axe-core")
    # xdist workers share the checkout: one runs `npm ci`, the others wait for it.
    lock = Path(tempfile.gettempdir()) / f"evidencekit-npm-{hashlib.sha1(bytes(REPO)).hexdigest()[:12]}.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if AXE.is_file():
            return
        done = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=REPO,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not AXE.is_file():
            _unavailable(f"`npm ci` could not install axe-core:\n{done.stdout}{done.stderr}")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        _install_axe()
    return AXE.read_text(encoding="utf-8")


def run_axe(page, source: str) -> list[dict]:
    """Every violation axe-core finds, whatever its impact."""
    page.add_script_tag(content=source)
    return page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
    }""")


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"][:5])
                     for v in violations)


@pytest.mark.parametrize("dark", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_axe_violations_on_any_page_type(site_url, open_page, axe_source, viewport, dark):
    page, watch = open_page(site_url, viewport, dark=dark)
    found = {}
    for kind, path in PAGES.items():
        page.goto(site_url + path, wait_until="load")
        if violations := run_axe(page, axe_source):
            found[kind] = violations
    assert found == {}, "\n".join(f"{kind} page (/{PAGES[kind]}):\n{describe(v)}" for kind, v in found.items())
    watch.assert_clean()


def test_no_axe_violations_on_any_claim_page_on_a_phone(site_url, open_page, axe_source):
    page, watch = open_page(site_url, PHONE)
    found = {}
    for topic, cid, _ in ALL_CLAIMS:
        page.goto(site_url + claim_path(topic, cid), wait_until="load")
        if violations := run_axe(page, axe_source):
            found[cid] = violations
    assert found == {}, "\n".join(f"{cid}:\n{describe(v)}" for cid, v in found.items())
    watch.assert_clean()


# Every element that scrolls sideways: whether the keyboard can reach it, what it is called,
# and whether it shows that it scrolls (edge shadows drawn by its backgrounds, or words).
SCROLLERS = """() => [...document.querySelectorAll('body *')].filter(e => {
    const s = getComputedStyle(e);
    return ['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1
           && e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  }).map(e => {
    const s = getComputedStyle(e), before = getComputedStyle(e, '::before').content || '';
    const hint = e.previousElementSibling;
    const named = e.getAttribute('aria-label') || (e.getAttribute('aria-labelledby') || '').split(/\\s+/)
      .map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    return {what: `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`,
            focusable: e.tabIndex >= 0 && e.hasAttribute('tabindex'), name: named,
            cue: /gradient/.test(s.backgroundImage) || /scroll/i.test(before)
                 || !!(hint && hint.checkVisibility() && /scroll/i.test(hint.textContent))};
  })"""


def test_every_scrolling_region_is_focusable_labelled_and_shows_it_scrolls(built_site, site_url, open_page):
    pages = sorted(p.relative_to(built_site).as_posix().removesuffix("index.html")
                   for p in built_site.rglob("*.html") if p.name != "404.html")
    page, watch = open_page(site_url, PHONE)
    problems, seen = [], []
    for rel in pages:
        page.goto(site_url + rel, wait_until="load")
        for region in page.evaluate(SCROLLERS):
            seen.append(f"/{rel} {region['what']}")
            for fault, bad in (("cannot be reached by keyboard (no tabindex)", not region["focusable"]),
                               ("has no accessible name", not region["name"]),
                               ("gives no cue that it scrolls", not region["cue"])):
                if bad:
                    problems.append(f"/{rel} {region['what']} {fault}")
    print(f"{len(seen)} scrolling regions at 390px:", *seen, sep="\n  ")
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


BADGES = """() => [...document.querySelectorAll('article .ek-grade')]
  .filter(b => b.checkVisibility()).map(b => {
    const s = getComputedStyle(b), size = parseFloat(s.fontSize);
    const line = s.lineHeight === 'normal' ? 1.2 * size : parseFloat(s.lineHeight);
    return {text: b.textContent.trim(), height: b.getBoundingClientRect().height, line}; })"""


def test_grade_badges_fit_on_one_line_on_a_phone(site_url, open_page):
    page, watch = open_page(site_url, PHONE)
    wrapped = []
    for path in ["", topic_path(TOPIC), "methodology/"] + [claim_path(t, c) for t, c, _ in ALL_CLAIMS]:
        page.goto(site_url + path, wait_until="load")
        for b in page.evaluate(BADGES):
            if b["height"] > 1.6 * b["line"]:
                wrapped.append(f"/{path} {b['text']!r}: {b['height']:.0f}px tall, line {b['line']:.0f}px")
    assert wrapped == [], "\n".join(wrapped)
    watch.assert_clean()


def test_verdicts_and_grades_are_words_shapes_and_symbols_not_colour_alone(site_url, open_page):
    page, watch = open_page(site_url + PAGES["topic"])
    labels = {v.label for v in VERDICTS}
    for text in page.locator("article .ek-verdict").all_inner_texts():
        assert text in labels
    badges = {f"{g.symbols} {g.label}" for g in GRADES}
    for text in page.locator("article .ek-grade").all_text_contents():
        assert " ".join(text.split()) in badges
    # The picture: a verdict's row is labelled in words and its points share one shape;
    # the columns are labelled with the grade's symbols and words.
    grid = page.locator(".ek-picture__grid")
    row_labels = grid.locator("text.ek-picture__label").all_text_contents()
    for v in VERDICTS:
        assert v.label in row_labels
    for g in GRADES:
        assert g.label.removesuffix(" certainty") in row_labels
        expect(grid.locator("text.ek-picture__symbols", has_text=g.symbols)).to_have_count(1)
    shapes = page.eval_on_selector_all(".ek-picture__point", """els => els.map(a => [
        [...a.classList].find(c => c.startsWith('ek-picture__point--')).slice(19),
        a.querySelector('.ek-picture__mark').getAttribute('d'),
        a.querySelector('.ek-picture__number').textContent])""")
    assert shapes and all(d == SHAPES[verdict] for verdict, d, _ in shapes)
    assert [int(n) for _, _, n in shapes] == list(range(1, len(shapes) + 1))
    # Without any colour (greyscale), every gap-grid mark still reads as text.
    page.add_style_tag(content="html { filter: grayscale(1) !important; }")
    for text in page.locator(".ek-gaps__cell").all_inner_texts():
        assert text.startswith("— ") or (text.startswith("✓ ") and text[2:].isdigit()), text
    watch.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_tab_reaches_every_point_of_the_picture_in_claim_order(site_url, open_page, viewport):
    order = claim_order(TOPIC)
    page, watch = open_page(site_url + PAGES["topic"], viewport)
    href = "() => { const a = document.activeElement; return a && a.getAttribute('href'); }"
    for presses in range(1, 151):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('figure svg')"):
            break
    else:
        pytest.fail("150 presses of Tab never reached the evidence picture")
    reached = [page.evaluate(href)]
    # The focused point is marked by more than colour: a thicker outline.
    width = page.evaluate("() => getComputedStyle(document.activeElement"
                          ".querySelector('.ek-picture__mark')).strokeWidth")
    assert float(width.removesuffix("px")) >= 3
    for _ in range(len(order) - 1):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(href))
    assert [h.strip("#/").split("/")[-1] for h in reached] == order, "Tab visits the points in claim order"
    # Enter on a point opens its card.
    page.keyboard.press("Enter")
    if reached[-1].startswith("#"):
        page.wait_for_function(REACHED, arg=order[-1], timeout=5000)
    else:
        page.wait_for_url(f"**/{claim_path(TOPIC, order[-1])}")
    print(f"{viewport['width']}px: the picture's first point is Tab number {presses}")
    watch.assert_clean()


def test_printed_pages_leave_out_navigation_and_show_where_links_go(site_url, open_page):
    page, watch = open_page(site_url + PAGES["claim"])
    page.emulate_media(media="print")
    for path in (PAGES["topic"], PAGES["claim"]):
        page.goto(site_url + path, wait_until="load")
        for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search"):
            for element in page.locator(hidden).all():
                expect(element).to_be_hidden()
        expect(page.locator("article table, article .ek-claim").first).to_be_visible()
    # A printed claim keeps its sources, and a printed link to a paper says where it goes.
    topic, cid = PAGES["claim"].strip("/").split("/")[1:]
    sources = page.locator("article .ek-sources")
    expect(sources).to_be_visible()
    cites = sources.locator("a.ek-cite")
    assert cites.count() == len(CLAIMS[topic][cid]["evidence"])
    for i in range(cites.count()):
        expect(cites.nth(i)).to_be_visible()
    page.goto(f"{site_url}references/", wait_until="load")
    doi = page.locator(".ek-ref__doi").first
    assert "https://doi.org/" in doi.evaluate("a => getComputedStyle(a, '::after').content")
    watch.assert_clean()
