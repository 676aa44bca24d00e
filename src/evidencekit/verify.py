"""Whether a built site holds every claim: the check any engine's output must pass.

The MkDocs plugin runs `lost_claims` at the end of its build (on the pages it wrote);
`evidence verify-site` and `evidence build` run `verify_site` on a finished site folder,
whatever engine wrote it. Both read the cards the same way (CLAIM_CARD), so the two checks
cannot drift apart. Nothing here imports an engine.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from .export import FILES
from .mkdocs_file import read_mkdocs_yml
from .docsfiles import PAGE_SUFFIXES
from .model import Claim, Project
from .render.generated import page_url, published_docs, unpublished_docs
from .render.links import Links, topic_csv_path
from .render.pages import anchor_for_reference

# `\bdata-claim-id="..."`, written so that the regex engine searches for the literal
# first (a leading \b makes it try every position: 25x slower over a large site's pages).
CLAIM_CARD = re.compile(r'data-claim-id="(?<!\wdata-claim-id=")([^"]*)"')
# What a site must never publish: the sources the pages are drawn from.
SOURCE_SUFFIXES = (".yml", ".yaml", ".bib")


def cards(path: Path) -> list[str]:
    """The claim ids of the cards on a written page, in order; none when it is missing."""
    try:
        return CLAIM_CARD.findall(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return []


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def lost_claims(claim_files: list[str], topic_pages: dict[str, Path],
                claim_pages: dict[tuple[str, str], Path]) -> list[str]:
    """Every claim file read must be one card on its topic's written page, and one card on
    its own written page: the lines naming each one that is not, or [] when none is lost.

    `topic_pages` maps topic ids, and `claim_pages` (topic id, claim id) pairs, to their
    written HTML files.
    """
    on_topics = {topic_id: cards(path) for topic_id, path in topic_pages.items()}
    total = sum(len(ids) for ids in on_topics.values())
    missing, doubled, no_page = [], [], []
    for file in claim_files:
        parts = file.split("/")
        topic_id, claim_id = parts[-3], parts[-1].rsplit(".", 1)[0]
        count = on_topics.get(topic_id, []).count(claim_id)
        if count == 0:
            missing.append(file)
        elif count > 1:
            doubled.append(file)
        page = claim_pages.get((topic_id, claim_id))
        if page is None or cards(page) != [claim_id]:
            no_page.append(file)
    if not (missing or doubled or no_page or total != len(claim_files)):
        return []
    lines = [f"{_plural(len(claim_files), 'claim file')} read, "
             f"{_plural(total, 'claim card')} written on topic pages"]
    lines += [f"  not written: {f}" for f in missing]
    lines += [f"  written more than once: {f}" for f in doubled]
    lines += [f"  no page of its own: {f}" for f in no_page]
    return lines


def page_file(url: str) -> str:
    """The file a page's URL is written to ('topics/sleep/' -> 'topics/sleep/index.html')."""
    return url + "index.html" if url.endswith("/") or not url else url


class _Text(HTMLParser):
    """A page's text as a reader sees it: outside <script>, <style>, <code> and <pre>, where
    a macro call is data or an example rather than a call that was never run."""

    SKIP = {"script", "style", "code", "pre", "textarea"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def reader_text(html: str) -> str:
    """The page's text outside code and scripts, its whitespace runs as single spaces."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


# A macro call or statement as a page's source holds it, and {% raw %} blocks, whose
# content is shown as it is.
_CALL = re.compile(r"\{\{.{0,500}?\}\}|\{%.{0,500}?%\}|\{#.{0,500}?#\}", re.S)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.S)


def macro_calls(source: str) -> list[str]:
    """The macro calls and statements of a hand-written page's source (front matter and
    {% raw %} blocks left out), each with its whitespace runs as single spaces."""
    source = _RAW.sub(" ", _FRONT_MATTER.sub("", source.lstrip("\ufeff"), count=1))
    return list(dict.fromkeys(" ".join(m.group(0).split()) for m in _CALL.finditer(source)))


def unexpanded_macros(source: str, html: str) -> list[str]:
    """The calls of a page's source that its built page shows as text: never run."""
    text = reader_text(html)
    return [call for call in macro_calls(source) if call in text]


def _macro_problems(root: Path, site: Path, directory_urls: bool) -> list[str]:
    """Each hand-written page whose built page shows one of its source's macro calls."""
    settings = read_mkdocs_yml(Path(root) / "mkdocs.yml") or {}
    docs = Path(root) / (settings.get("docs_dir") or "docs")
    problems = []
    for uri, source in published_docs(root, docs, unpublished_docs(settings)):
        if Path(uri).suffix.lower() not in PAGE_SUFFIXES:
            continue
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # `evidence check` reports it
        if not any(mark in text for mark in ("{{", "{%", "{#")):
            continue
        built = page_file(page_url(uri, directory_urls))
        html = _read(site / built)
        if html is None:
            problems.append(f"{built}: the page drawn from {uri} is missing")
            continue
        for call in unexpanded_macros(text, html):
            problems.append(f"{built}: a macro call was left unexpanded: '{call}'")
    return problems


def has_anchor(html: str, anchor: str) -> bool:
    """Whether an element of the page has the id `anchor` (not a data-…-id that ends so).
    Found by the literal first: a regex with a look-behind tries every position of a large
    page (seconds over a 1,000-claim site)."""
    needle = f'id="{anchor}"'
    at = html.find(needle)
    while at >= 0:
        if at == 0 or not (html[at - 1].isalnum() or html[at - 1] in "-_"):
            return True
        at = html.find(needle, at + 1)
    return False


def _card_text(html: str, claim_id: str) -> str:
    """The claim's card: from its data-claim-id to the end of its <article>."""
    at = html.find(f'data-claim-id="{claim_id}"')
    if at < 0:
        return ""
    end = html.find("</article>", at)
    return html[at:end if end >= 0 else len(html)]


def _claim_problems(claim: Claim, site: Path, links: Links) -> list[str]:
    problems = []
    where = claim.path
    topic_rel = page_file(links.topic_url(claim.topic))
    claim_rel = page_file(links.claim_url(claim.topic, claim.id))
    topic_html = _read(site / topic_rel)
    if topic_html is not None and not has_anchor(topic_html, claim.id):
        problems.append(f"{where}: claim '{claim.id}' has no anchor #{claim.id} on {topic_rel}")
    html = _read(site / claim_rel)
    if html is None:
        return problems  # lost_claims names the missing page
    card = _card_text(html, claim.id)
    if not has_anchor(html, claim.id):
        problems.append(f"{where}: claim '{claim.id}' has no anchor #{claim.id} on {claim_rel}")
    if f"ek-verdict--{claim.verdict}" not in card:
        problems.append(f"{where}: claim '{claim.id}': its verdict ({claim.verdict}) is not on "
                        f"{claim_rel}")
    if claim.grade and f"ek-grade--{claim.grade}" not in card:
        problems.append(f"{where}: claim '{claim.id}': its certainty ({claim.grade}) is not on "
                        f"{claim_rel}")
    if '"@type":"ClaimReview"' not in html:
        problems.append(f"{where}: claim '{claim.id}': its ClaimReview data is not on {claim_rel}")
    return problems


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _listed(site: Path, name: str) -> tuple[list[tuple[str, str]] | None, str]:
    """The (topic, id) pairs a data file lists, or None and why it could not be read."""
    text = _read(site / name)
    if text is None:
        return None, "is missing"
    try:
        if name.endswith(".json"):
            rows = json.loads(text)
        else:
            rows = list(csv.DictReader(io.StringIO(text)))
        return [(r["topic"], r["id"]) for r in rows], ""
    except (ValueError, KeyError, TypeError) as exc:
        return None, f"cannot be read ({type(exc).__name__}: {exc})"


def _data_problems(project: Project, site: Path) -> list[str]:
    problems = []
    every = [(c.topic, c.id) for t in project.topics for c in t.claims]
    wanted = {name: every for name in FILES.values()}
    for topic in project.topics:
        wanted[topic_csv_path(topic.id)] = [(topic.id, c.id) for c in topic.claims]
    for name, claims in wanted.items():
        listed, why = _listed(site, name)
        if listed is None:
            problems.append(f"{name} {why}")
            continue
        for topic_id, claim_id in claims:
            if (topic_id, claim_id) not in listed:
                problems.append(f"{name} does not list claim '{topic_id}/{claim_id}'")
        for topic_id, claim_id in listed:
            if (topic_id, claim_id) not in claims:
                problems.append(f"{name} lists '{topic_id}/{claim_id}', which is not a claim "
                                "of the content")
    return problems


def _files(site: Path):
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames.sort()
        for name in sorted(filenames):
            yield Path(dirpath, name)


def verify_site(project: Project, site: Path, directory_urls: bool = True) -> list[str]:
    """What a built site lacks against the checked content, one line each; [] when it holds
    every claim: a topic page with a card for each claim, a page of each claim's own with its
    anchor, verdict, certainty and ClaimReview, the references page with every cited work,
    the data files listing every claim, no macro call left unexpanded and no source file
    (.yml, .yaml, .bib) published."""
    site = Path(site)
    links = Links("", directory_urls)
    topic_pages = {t.id: site / page_file(links.topic_url(t.id)) for t in project.topics}
    claim_pages = {(c.topic, c.id): site / page_file(links.claim_url(c.topic, c.id))
                   for t in project.topics for c in t.claims}
    problems = []
    for topic in project.topics:
        if not topic_pages[topic.id].is_file():
            problems.append(f"{topic.path}: topic '{topic.id}' has no page "
                            f"({page_file(links.topic_url(topic.id))})")
    lost = lost_claims(project.claim_files, topic_pages, claim_pages)
    if lost:
        problems.append("claims lost: " + "\n".join(lost))
    for topic in project.topics:
        for claim in topic.claims:
            problems += _claim_problems(claim, site, links)
    references = page_file(links.references_url())
    html = _read(site / references)
    if html is None:
        problems.append(f"the references page ({references}) is missing")
    else:
        cited = dict.fromkeys(ev.cite for t in project.topics for c in t.claims
                              for ev in c.evidence)
        for key in cited:
            if not has_anchor(html, anchor_for_reference(key)):
                problems.append(f"{references}: the cited work '{key}' is not on it")
    problems += _data_problems(project, site)
    problems += _macro_problems(project.root, site, directory_urls)
    for path in _files(site):
        rel = path.relative_to(site).as_posix()
        if path.suffix.lower() in SOURCE_SUFFIXES:
            problems.append(f"{rel}: a source file was published (the site must not publish "
                            f"{', '.join(SOURCE_SUFFIXES)} files)")
    return problems
