"""Issue 10, points 3 and 4: the topic page as a summary of findings, and the safety notice.

The topic page reads, in order: title and question, the key messages (the bottom line and
what to do instead), the safety notice, the dates the evidence was checked and is next due
for review, the summary-of-findings table, the evidence picture, then a compact card per
claim. On a 390 px phone it is at most 15,000 px tall with the bottom line on the first
screen; printed on A4 it is at most 4 pages, and each claim page at most 3.

The safety notice (evidence.yml, and the topic's own in topic.yml) is a highlighted box
(role=note, named) whose top is on a phone's first screen on the topic page and every claim
page, and the site-wide notice is in the footer of every page.
"""

from __future__ import annotations

import re

from conftest import DESKTOP, OUTPUT, PHONE

from site_facts import (
    CLAIMS, SETTINGS, TOPIC, TOPICS, claim_path, paragraphs, plain, sentences, text, topic_path,
)

FIRST_SCREEN = PHONE["height"]

# The document-order index of the deepest element holding each text whole (-1: missing).
LOCATE = """needles => {
  const norm = s => (s || '').replace(/’/g, "'").replace(/\\s+/g, ' ').trim();
  const all = [...document.querySelectorAll('article.md-content__inner *')];
  const texts = all.map(e => norm(e.textContent));
  return needles.map(n => { n = norm(n);
    return all.findIndex((e, k) => texts[k].includes(n) &&
                                   ![...e.children].some(c => norm(c.textContent).includes(n))); });
}"""

INDEX_OF = """sel => { const all = [...document.querySelectorAll('article.md-content__inner *')];
  return all.indexOf(document.querySelector(sel)); }"""

# Every notice box: its accessible name, words, where its top is on the page, and whether
# it stands out from the page (its own background, or a heavy edge).
NOTICES = """() => [...document.querySelectorAll('article [role="note"]')].map(n => {
  const s = getComputedStyle(n), page = getComputedStyle(document.body);
  const named = n.getAttribute('aria-label') || (n.getAttribute('aria-labelledby') || '').split(/\\s+/)
    .map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
  const filled = s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.backgroundColor !== page.backgroundColor;
  const edge = Math.max(...['Top', 'Right', 'Bottom', 'Left'].map(side => parseFloat(s[`border${side}Width`])));
  return {name: named.trim(), text: n.innerText.replace(/\\s+/g, ' '),
          top: n.getBoundingClientRect().top + window.scrollY, highlighted: filled || edge >= 3};
})"""


def fold(s: str) -> str:
    return text(s.replace("’", "'"))


def first_sentences(markdown: str) -> list[str]:
    """The first sentence of each paragraph: enough to know the paragraph is there."""
    return [sentences(p)[0] for p in paragraphs(markdown)]


def site_notice() -> list[str]:
    assert SETTINGS.get("notice"), "evidence.yml sets no site-wide safety notice"
    return first_sentences(SETTINGS["notice"])


def topic_notice(topic: str) -> list[str]:
    notice = TOPICS[topic].get("notice")
    assert notice, f"{topic}/topic.yml sets no safety notice of its own (issue 10, point 4)"
    return first_sentences(notice)


def test_the_topic_page_reads_in_the_order_of_a_summary_of_findings(site_url, open_page):
    data = TOPICS[TOPIC]
    assert data.get("advice"), f"{TOPIC}/topic.yml says nothing about what a reader should do instead"
    page, watch = open_page(site_url + topic_path(TOPIC), DESKTOP)
    bottom, advice = sentences(data["bottom_line"])[0], sentences(data["advice"])[0]
    at = dict(zip(["title", "question", "bottom line", "what to do instead"],
                  page.evaluate(LOCATE, [data["title"], plain(data["question"]), bottom, advice])))
    assert page.locator("article h1").first.text_content().strip().removesuffix("¶") == data["title"]
    # The key messages are one box, named as such, holding the bottom line and the advice.
    box = page.evaluate("""needles => { const norm = s => s.replace(/’/g, "'").replace(/\\s+/g, ' ');
      const boxes = [...document.querySelectorAll('article section, article aside, article div')]
        .filter(b => /key messages/i.test((b.querySelector('h2, h3, p') || {}).textContent || '')
                     || /key messages/i.test(b.getAttribute('aria-label') || ''));
      return boxes.length ? needles.map(n => norm(boxes[0].textContent).includes(n)) : null; }""",
                        [fold(bottom), fold(advice)])
    assert box == [True, True], f"a 'Key messages' box holding the bottom line and the advice: {box}"
    reviewed = data["reviewed"].isoformat()
    at["notice"] = page.evaluate(INDEX_OF, 'article [role="note"]')
    # The dates: the line saying when the evidence was last checked, and when it is next due.
    dates = page.evaluate("""reviewed => { const all = [...document.querySelectorAll('article.md-content__inner *')];
      const t = document.querySelector(`article time[datetime="${reviewed}"]`);
      const line = t && t.closest('p, div, li, dd');
      return line ? {at: all.indexOf(line), text: line.textContent.replace(/\\s+/g, ' '),
                     times: line.querySelectorAll('time').length} : {at: -1}; }""", reviewed)
    at["dates"] = dates["at"]
    assert dates["at"] < 0 or (re.search(r"next review", dates["text"], re.I) and dates["times"] >= 2), \
        f"the dates do not give the next review's date: {dates}"
    # The table whose rows link to every claim's page, in order.
    at["summary-of-findings table"] = page.evaluate("""paths => {
      const all = [...document.querySelectorAll('article.md-content__inner *')];
      const t = [...document.querySelectorAll('article table')].find(t => {
        const links = [...t.querySelectorAll('tbody tr')].map(r => [...r.querySelectorAll('a[href]')]
          .map(a => new URL(a.href).pathname).find(p => paths.includes(p)));
        return JSON.stringify(links) === JSON.stringify(paths); });
      return t ? all.indexOf(t) : -1; }""", [f"/{claim_path(TOPIC, c)}" for c in CLAIMS[TOPIC]])
    at["evidence picture"] = page.evaluate(INDEX_OF, "article figure svg")
    cards = page.evaluate("ids => { const all = [...document.querySelectorAll('article.md-content__inner *')];"
                          " return ids.map(id => all.indexOf(document.getElementById(id))); }", list(CLAIMS[TOPIC]))
    at |= {f"card {cid}": i for cid, i in zip(CLAIMS[TOPIC], cards)}
    missing = [name for name, i in at.items() if i < 0]
    assert missing == [], f"not on the topic page: {missing}"
    order = sorted(at, key=at.get)
    # The key messages (bottom line first, then the advice and the notice, in either order).
    key_messages = order[2:5]
    if key_messages[0] == "bottom line" and set(key_messages) == {"bottom line", "what to do instead", "notice"}:
        order[2:5] = ["key messages"]
    expected = ["title", "question", "key messages", "dates", "summary-of-findings table",
                "evidence picture", *[f"card {c}" for c in CLAIMS[TOPIC]]]
    assert order == expected, f"the topic page reads {order}"
    watch.assert_clean()


def test_on_a_phone_the_topic_page_is_short_with_the_bottom_line_on_the_first_screen(site_url, open_page):
    page, watch = open_page(site_url + topic_path(TOPIC), PHONE)
    height = page.evaluate("() => document.scrollingElement.scrollHeight")
    bottom = sentences(TOPICS[TOPIC]["bottom_line"])
    # The bottom line's text, whole: where its last sentence ends.
    end = page.evaluate("""last => { const norm = s => s.replace(/’/g, "'").replace(/\\s+/g, ' ');
      const e = [...document.querySelectorAll('article p, article li, article div')]
        .filter(e => norm(e.textContent).includes(last)).pop();
      return e ? e.getBoundingClientRect().bottom + window.scrollY : null; }""", fold(bottom[-1]))
    print(f"topic page on a phone: {height}px tall; the bottom line ends at {end}px")
    assert height <= 15_000, f"the topic page is {height}px tall on a 390px phone"
    assert end is not None and end <= FIRST_SCREEN, f"the bottom line ends at {end}px, below the first screen"
    watch.assert_clean()


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote: one '/Type /Page' object each ('/Pages' is the tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_printed_the_topic_is_at_most_4_a4_pages_and_each_claim_at_most_3(site_url, open_page):
    folder = OUTPUT / "print"
    folder.mkdir(parents=True, exist_ok=True)
    page, watch = open_page(site_url + topic_path(TOPIC))
    page.emulate_media(media="print")
    counts = {}
    for path, limit in [(topic_path(TOPIC), 4)] + [(claim_path(TOPIC, c), 3) for c in CLAIMS[TOPIC]]:
        page.goto(site_url + path, wait_until="load")
        name = path.strip("/").replace("/", "-")
        pdf = page.pdf(path=str(folder / f"{name}.pdf"), format="A4", print_background=True)
        counts[path] = (pdf_pages(pdf), limit)
    print("printed A4 pages:", {p: n for p, (n, _) in counts.items()})
    too_long = {p: f"{n} pages (at most {limit})" for p, (n, limit) in counts.items() if n > limit}
    assert too_long == {}
    watch.assert_clean()


def check_notices(page, want: list[str]) -> list[str]:
    """What is wrong with a page's notice boxes, given the sentences they must hold."""
    boxes = page.evaluate(NOTICES)
    if not boxes:
        return ["no notice box (role=note)"]
    problems = [f"a notice box has no accessible name: {b['text'][:60]!r}" for b in boxes if not b["name"]]
    problems += [f"a notice box is not highlighted: {b['text'][:60]!r}" for b in boxes if not b["highlighted"]]
    for sentence in want:
        holding = [b for b in boxes if fold(sentence) in fold(b["text"])]
        if not holding:
            problems.append(f"no notice box says {sentence!r}")
        elif min(b["top"] for b in holding) >= FIRST_SCREEN:
            problems.append(f"{sentence[:40]!r} is in a box whose top is at "
                            f"{min(b['top'] for b in holding):.0f}px, below a phone's first screen")
    return problems


def test_the_safety_notice_is_a_box_on_a_phones_first_screen_of_every_topic_and_claim_page(site_url, open_page):
    page, watch = open_page(site_url, PHONE)
    problems = []
    for topic in TOPICS:
        want = site_notice() + topic_notice(topic)
        for path in [topic_path(topic)] + [claim_path(topic, c) for c in CLAIMS[topic]]:
            page.goto(site_url + path, wait_until="load")
            problems += [f"/{path}: {p}" for p in check_notices(page, want)]
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


def test_this_topics_notice_says_withdrawal_is_common():
    """The issue's notice for the built-in topic: do not stop prescribed treatment, and
    withdrawal from regular use is common and can include low mood."""
    topic_notice(TOPIC)
    words = plain(TOPICS[TOPIC]["notice"]).lower()
    assert "withdrawal" in words and "low mood" in words, words


def test_the_site_notice_is_in_the_footer_of_every_page(built_site, site_url, open_page):
    pages = sorted(p.relative_to(built_site).as_posix().removesuffix("index.html")
                   for p in built_site.rglob("*.html") if p.name != "404.html")
    page, watch = open_page(site_url)
    missing = {}
    for rel in pages:
        page.goto(site_url + rel, wait_until="load")
        footer = fold(page.locator("footer").last.inner_text())
        if lacking := [s for s in site_notice() if fold(s) not in footer]:
            missing[f"/{rel}"] = lacking
    assert missing == {}
    watch.assert_clean()
