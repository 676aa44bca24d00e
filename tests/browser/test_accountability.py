"""Issue 10, point 8: accountability and reuse.

Each topic names its editors and reviewers (topic.yml, or the git history when it names
none); the About page states conflicts of interest, funding, the licence and a contact
(evidence.yml); a corrections page lists every change of verdict or certainty, or says
there is none; the topic says which article it reviews; topic and claim pages offer "cite
this page" as plain text and BibTeX; the claims data and the topic's own CSV are linked
beside the summary of findings and download; editors' verification notes stay out of pages.

Expected values come from topic.yml, evidence.yml, the BibTeX library and git, not the HTML.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from site_facts import (
    ALL_CLAIMS, CLAIMS, REPO, SETTINGS, TOPICS, claim_path, paragraphs, plain, sentences,
    text, topic_path, verdict_first,
)


def fold(s: str) -> str:
    return text(s.replace("’", "'")).casefold()


def article_text(page) -> str:
    return page.locator("article.md-content__inner").inner_text()


def git_authors(topic: str) -> set[str]:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        return set()
    out = subprocess.run(["git", "log", "--format=%an", "--", f"content/topics/{topic}"], cwd=REPO,
                         capture_output=True, text=True).stdout
    return {line.strip() for line in out.splitlines() if line.strip()}


# Where the byline must be: the page's content before its summary-of-findings table.
BEFORE_TABLE = """() => { const root = document.querySelector('article.md-content__inner');
  const table = root.querySelector('table'); let words = '';
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    if (table && (table.compareDocumentPosition(walk.currentNode) & Node.DOCUMENT_POSITION_FOLLOWING
                  || table.contains(walk.currentNode))) break;
    words += walk.currentNode.textContent + ' ';
  }
  return words; }"""


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_a_topic_names_its_editors_and_reviewers_near_its_title(site_url, open_page, topic):
    page, watch = open_page(site_url + topic_path(topic))
    top = fold(page.evaluate(BEFORE_TABLE))
    data = TOPICS[topic]
    editors = data.get("editors") or []
    if editors:
        missing = [name for name in editors if fold(name) not in top]
        assert missing == [], f"the editors {missing} are not named above the summary of findings"
    else:
        authors = git_authors(topic)
        if not authors:
            pytest.skip("no editors in topic.yml and no git history to name them from")
        assert any(fold(a) in top for a in authors), f"none of the git authors {authors} is named"
    missing = [name for name in data.get("reviewers") or [] if fold(name) not in top]
    assert missing == [], f"the reviewers {missing} are not named above the summary of findings"
    assert re.search(r"\bedit", top) and re.search(r"\breview", top), "no byline saying who edited and reviewed"
    watch.assert_clean()


def test_the_about_page_states_conflicts_funding_licence_and_contact(site_url, open_page):
    page, watch = open_page(f"{site_url}about/")
    words = fold(article_text(page))
    problems = []
    for setting in ("conflicts", "funding"):
        if not SETTINGS.get(setting):
            problems.append(f"evidence.yml has no {setting} statement")
        problems += [f"the {setting} statement {p!r} is not on the About page"
                     for p in paragraphs(SETTINGS.get(setting, "")) if fold(p) not in words]
    licence = SETTINGS.get("licence")
    if not licence:
        problems.append("evidence.yml names no licence")
    elif fold(licence) not in words:
        problems.append(f"the licence {licence!r} is not on the About page")
    elif SETTINGS.get("licence_url"):
        hrefs = page.locator("article a[href]").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        if SETTINGS["licence_url"] not in hrefs:
            problems.append(f"the About page does not link the licence {SETTINGS['licence_url']}")
    contact = SETTINGS.get("contact")
    if not contact:
        problems.append("evidence.yml gives no contact")
    elif fold(plain(contact)).rstrip(".") not in words:
        problems.append(f"the contact {contact!r} is not on the About page")
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


def test_the_corrections_page_lists_every_change_or_says_there_is_none(site_url, open_page):
    page, watch = open_page(site_url)
    records = page.evaluate("async url => (await fetch(url)).json()", f"{site_url}claims.json")
    changed = [r for r in records if r.get("verdict_changed_on") or r.get("grade_changed_on")]
    response = page.goto(f"{site_url}corrections/", wait_until="load")
    assert response.status == 200
    assert re.search(r"correction", page.locator("article h1").first.inner_text(), re.I)
    words = fold(article_text(page))
    if SETTINGS.get("contact"):
        assert fold(plain(SETTINGS["contact"])).rstrip(".") in words, "the corrections page gives no contact"
    if not changed:
        assert re.search(r"\bno (verdict|change|correction)", words), \
            f"no change is recorded, and the page does not say so: {words[:300]!r}"
    links = page.locator("article a[href]").evaluate_all(
        "els => els.map(a => [new URL(a.getAttribute('href'), location.href).pathname,"
        " (a.closest('tr, li, p') || a).textContent])")
    for r in changed:
        rows = [line for path, line in links if path == f"/{claim_path(r['topic'], r['id'])}"]
        assert rows, f"{r['topic']}/{r['id']} changed but is not listed"
        for day in filter(None, (r.get("verdict_changed_on"), r.get("grade_changed_on"))):
            when = page.locator(f'article time[datetime="{day}"]')
            assert when.count() > 0, f"{r['id']}: the change on {day} is not dated"
    watch.assert_clean()


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_a_topic_says_which_article_it_reviews(site_url, open_page, topic):
    page, watch = open_page(site_url + topic_path(topic))
    source = TOPICS[topic].get("source") or {}
    section = page.locator("article section").filter(
        has=page.locator("h2, h3", has_text=re.compile(r"article under review", re.I)))
    assert section.count() == 1, "no section on the article under review"
    words = fold(section.inner_text())
    if source.get("description"):
        assert fold(sentences(source["description"])[0]) in words
    hrefs = section.locator("a[href]").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    for field in ("url", "archive_url"):
        if source.get(field):
            assert source[field] in hrefs, f"the article's {field} {source[field]} is not linked"
    if source.get("date"):
        assert section.locator(f'time[datetime="{source["date"].isoformat()}"]').count() == 1
    if not source.get("url"):  # say so, rather than leave the reader looking for it
        assert re.search(r"not recorded|no (link|address)", words), words
    watch.assert_clean()


def cite_this(page) -> dict | None:
    """Open the page's "Cite this page" and read its plain text and BibTeX."""
    box = page.locator("article details").filter(
        has=page.locator("summary", has_text=re.compile(r"cite this page", re.I)))
    if box.count() != 1:
        return None
    box.locator("summary").click()
    bibtex = box.locator("pre, code").first
    return {"text": box.inner_text(), "bibtex": bibtex.inner_text() if bibtex.count() else "",
            "shown": box.evaluate("d => d.open")}


def check_citation(found: dict | None, title: str, url: str | None = None) -> list[str]:
    if found is None:
        return ["no 'Cite this page'"]
    problems = []
    publisher = SETTINGS.get("publisher") or "Evidence Kit"
    plain_text = fold(found["text"].split(found["bibtex"])[0] if found["bibtex"] else found["text"])
    for want in (publisher, title) + ((url,) if url else ()):
        if fold(want) not in plain_text:
            problems.append(f"the plain-text citation lacks {want!r}")
    bib = found["bibtex"]
    if not re.match(r"\s*@\w+\{", bib):
        problems.append(f"no BibTeX entry: {bib[:80]!r}")
    else:
        title_field = re.search(r"\btitle\s*=\s*\{+([^}]*)\}", bib)
        if not title_field or fold(title) not in fold(title_field.group(1)):
            problems.append(f"the BibTeX title is not {title!r}")
        if not re.search(r"\byear\s*=", bib):
            problems.append("the BibTeX entry has no year")
        if url and url not in bib:
            problems.append(f"the BibTeX entry lacks the page's address {url}")
    return problems


def test_topic_and_claim_pages_offer_cite_this_page(site_url, open_page):
    page, watch = open_page(site_url)
    problems = []
    for topic in TOPICS:
        page.goto(site_url + topic_path(topic), wait_until="load")
        problems += [f"/{topic_path(topic)}: {p}" for p in check_citation(cite_this(page), TOPICS[topic]["title"])]
        for cid, claim in CLAIMS[topic].items():
            page.goto(site_url + claim_path(topic, cid), wait_until="load")
            found = check_citation(cite_this(page), verdict_first(claim))
            problems += [f"/{claim_path(topic, cid)}: {p}" for p in found]
    assert problems == [], "\n".join(problems)
    watch.assert_clean()


def test_with_a_site_address_cite_this_page_gives_it(subpath_site, open_page):
    base, _ = subpath_site
    topic, cid, claim = ALL_CLAIMS[0]
    page, watch = open_page(base + claim_path(topic, cid))
    assert check_citation(cite_this(page), verdict_first(claim), base + claim_path(topic, cid)) == []
    page.goto(base + topic_path(topic), wait_until="load")
    assert check_citation(cite_this(page), TOPICS[topic]["title"], base + topic_path(topic)) == []
    watch.assert_clean()


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_the_claims_data_is_linked_beside_the_summary_of_findings_and_downloads(site_url, open_page, topic):
    page, watch = open_page(site_url + topic_path(topic))
    wanted = {"/claims.json", "/claims.csv", f"/{topic_path(topic)}claims.csv"}
    # Each link, where it stands: after the summary-of-findings table, before the picture.
    links = page.evaluate("""wanted => { const all = [...document.querySelectorAll('article.md-content__inner *')];
      const table = all.indexOf(document.querySelector('article table'));
      const picture = all.indexOf(document.querySelector('article figure'));
      const url = a => new URL(a.getAttribute('href'), location.href);  // SVG links too
      return [...document.querySelectorAll('article a[href]')]
        .filter(a => wanted.includes(url(a).pathname))
        .map(a => ({path: url(a).pathname, href: url(a).href, at: all.indexOf(a), table, picture})); }""",
                          sorted(wanted))
    assert {link["path"] for link in links} == wanted
    for link in links:
        assert link["table"] < link["at"] and (link["picture"] < 0 or link["at"] < link["picture"]), \
            f"{link['path']} is not linked beside the summary of findings"
        status = page.evaluate("async url => (await fetch(url)).status", link["href"])
        assert status == 200, f"{link['href']}: {status}"
    watch.assert_clean()


def editors_notes() -> list[str]:
    """The first sentence of each `note` in the reference library: for editors only."""
    notes = []
    for bib in sorted((REPO / "references").glob("*.bib")):
        for m in re.finditer(r"^\s*note\s*=\s*\{(.+)\},?\s*$", bib.read_text(encoding="utf-8"), re.M):
            first = sentences(m.group(1))[0]
            if len(first) >= 20:
                notes.append(first)
    return notes


def test_editors_verification_notes_stay_off_the_pages(built_site, site_url, open_page):
    notes = editors_notes()
    pages = sorted(p.relative_to(built_site).as_posix().removesuffix("index.html")
                   for p in built_site.rglob("*.html") if p.name != "404.html")
    page, watch = open_page(site_url)
    shown = {}
    for rel in pages:
        page.goto(site_url + rel, wait_until="load")
        words = fold(page.evaluate("() => document.body.innerText"))
        found = [n for n in notes if fold(n) in words]
        found += [w for w in ("not verified", "pubmed mirror", "editors' note") if w in words]
        if found:
            shown[f"/{rel}"] = found
    assert shown == {}
    watch.assert_clean()
