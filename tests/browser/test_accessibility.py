"""Everyone can read it: axe-core on every kind of page, never colour alone, the keyboard, print.

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
from urllib.parse import urlparse

import pytest
import yaml
from conftest import DESKTOP, OUTPUT, PHONE, REPO, _unavailable
from playwright.sync_api import expect

from evidencekit.definitions import GRADES, VERDICTS
from evidencekit.render.picture import SHAPES

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
TOPICS = sorted(p.parent.name for p in REPO.glob("content/topics/*/topic.y*ml"))
TOPIC = TOPICS[0]
PAGES = {  # every kind of page the site has
    "home": "",
    "topic": f"topics/{TOPIC}/",
    "references": "references/",
    "methodology": "methodology/",
    "about": "about/",
}


def claim_order(topic: str) -> list[str]:
    data = yaml.safe_load((REPO / "content/topics" / topic / "topic.yml").read_text(encoding="utf-8"))
    files = sorted(p.stem for p in (REPO / "content/topics" / topic / "claims").glob("*.y*ml"))
    listed = [c for c in data.get("order") or [] if c in files]
    return listed + [c for c in files if c not in listed]


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
    page.add_script_tag(content=source)
    result = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
    }""")
    return [v for v in result if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"][:5])
                     for v in violations)


@pytest.fixture
def open_dark(browser):
    """open_dark(url) -> page in a fresh context that prefers a dark scheme (Material's slate).

    Material keeps the scheme it first chose in localStorage, so the preference
    must be there before the first load. Only 127.0.0.1 is reached, as in open_page.
    """
    contexts = []

    def opener(url: str):
        context = browser.new_context(viewport=DESKTOP, color_scheme="dark", service_workers="block")
        contexts.append(context)
        context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1"
                      else r.abort())
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_or_critical_axe_violations(site_url, open_page, axe_source, kind):
    page, watch = open_page(site_url + PAGES[kind])
    violations = run_axe(page, axe_source)
    assert violations == [], f"{kind} page:\n{describe(violations)}"
    watch.assert_clean()


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_or_critical_axe_violations_in_the_dark_scheme(site_url, open_dark, axe_source, kind):
    violations = run_axe(open_dark(site_url + PAGES[kind]), axe_source)
    assert violations == [], f"{kind} page, dark scheme:\n{describe(violations)}"


def test_no_serious_or_critical_axe_violations_on_a_phone(site_url, open_page, axe_source):
    page, watch = open_page(site_url + PAGES["topic"], PHONE)
    violations = run_axe(page, axe_source)
    assert violations == [], describe(violations)
    watch.assert_clean()


def test_verdicts_and_grades_are_words_shapes_and_symbols_not_colour_alone(site_url, open_page):
    page, watch = open_page(site_url + PAGES["topic"])
    labels = {v.label for v in VERDICTS}
    for text in page.locator(".ek-verdict").all_inner_texts():
        assert text in labels
    badges = {f"{g.symbols} {g.label}" for g in GRADES}
    for text in page.locator(".ek-grade").all_inner_texts():
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
        assert text == "— none" or (text.startswith("✓ ") and text[2:].isdigit())
    watch.assert_clean()


@pytest.mark.parametrize("viewport", [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")])
def test_tab_reaches_every_point_of_the_picture_then_the_overview(site_url, open_page, viewport):
    order = claim_order(TOPIC)
    page, watch = open_page(site_url + PAGES["topic"], viewport)
    focused = "() => { const a = document.activeElement; return a && a.getAttribute('href'); }"
    for presses in range(1, 101):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.ek-picture__point')"):
            break
    else:
        pytest.fail("100 presses of Tab never reached the evidence picture")
    reached = [page.evaluate(focused)]
    # The focused point is marked by more than colour: a thicker outline.
    width = page.evaluate("() => getComputedStyle(document.activeElement"
                          ".querySelector('.ek-picture__mark')).strokeWidth")
    assert float(width.removesuffix("px")) >= 3
    for _ in range(len(order) - 1):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(focused))
    assert reached == [f"#{c}" for c in order], "Tab visits the points in claim order"
    page.keyboard.press("Tab")  # then the overview table, in the same order
    assert page.evaluate("() => !!document.activeElement.closest('.ek-overview')")
    assert page.evaluate(focused) == f"#{order[0]}"
    # Enter on a point opens its card.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("id => document.getElementById(id).matches(':target')", arg=order[-1])
    print(f"{viewport['width']}px: the picture's first point is Tab number {presses}")
    watch.assert_clean()


def test_a_topic_prints_with_its_sources_and_without_navigation(site_url, open_page):
    page, watch = open_page(site_url + PAGES["topic"])
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                   ".md-search"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    bibliography = page.locator(".ek-topic__references .ek-bibliography")
    expect(bibliography).to_be_visible()
    entries = bibliography.locator("li.ek-ref")
    assert entries.count() > 0
    for i in range(entries.count()):
        expect(entries.nth(i)).to_be_visible()
    expect(page.locator(".ek-picture__svg")).to_be_visible()
    expect(page.locator(".ek-gaps__table")).to_be_visible()
    for card in page.locator("article.ek-claim").all():
        expect(card.locator(".ek-sources")).to_be_visible()
    # Printed links say where they go.
    doi = page.locator(".ek-ref__doi").first
    after = doi.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://doi.org/" in after
    folder = OUTPUT / "print"
    folder.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(folder / f"topic-{TOPIC}.pdf"), print_background=True)
    watch.assert_clean()
