"""The pages evidencekit draws itself, whatever engine publishes them.

Which pages there are (each topic's, each claim's, the references and corrections pages),
where they go, their titles, descriptions and <head> additions, and their HTML: the same
for the MkDocs plugin and for the other engines' adapters (engines/), so that every engine
publishes the same claims.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from markupsafe import Markup, escape

from ..definitions import GRADE
from ..files import under_editor_file
from ..load import TOPICS_DIR, YAML_SUFFIXES
from ..model import Claim, Project, Topic
from .headmeta import absolute, describe, preview_tags
from .jsonld import claim_review, plain_text, script
from .links import CORRECTIONS_URL, REFERENCES_URL, TOPICS_URL, Links
from .markdown import render_markdown
from .pages import Heading, Rendered, Renderer, first_sentence, title_text

CSS_URI = "assets/evidencekit.css"
# A generated page's Markdown: the engine's HTML for it is replaced whole by the adapter.
# Material's search weighs a page's sections by this: claims first, lists of sources last.
SEARCH_BOOST = {"claim": 2, "topic": 1, "corrections": 0.5, "references": 0.1}
PLACEHOLDER = "<!-- evidencekit: {kind} page, drawn by the evidence plugin -->\n"


@dataclass
class Generated:
    kind: str  # 'topic', 'claim', 'references' or 'corrections'
    title: str  # plain text
    topic: Topic | None = None
    file: object = None  # the engine's record of the page (MkDocs: its File)
    claim: Claim | None = None
    description: str | None = None  # for its <meta> tags, drawn on first use


def stylesheet() -> bytes:
    """The pages' stylesheet, published at CSS_URI."""
    return resources.files("evidencekit").joinpath("assets").joinpath("evidencekit.css").read_bytes()


def generated_pages(project: Project) -> dict[str, Generated]:
    """src_uri (under the docs folder) -> the page drawn there, in the site's order."""
    pages: dict[str, Generated] = {}
    for topic in project.topics:
        pages[f"{TOPICS_URL}/{topic.id}/index.md"] = Generated("topic", topic.title, topic)
        # Each claim its own page, beside its topic's: shared and found on its own.
        for claim in topic.claims:
            pages[f"{TOPICS_URL}/{topic.id}/{claim.id}/index.md"] = Generated(
                "claim", title_text(claim), topic, claim=claim)
    pages[f"{REFERENCES_URL}/index.md"] = Generated("references", "References")
    pages[f"{CORRECTIONS_URL}/index.md"] = Generated("corrections", "Corrections and changes")
    return pages


def topics_prefix(root, docs_dir) -> str | None:
    """Where content/topics/ sits in docs_dir ('topics/'), or None when outside it."""
    rel = os.path.relpath(os.path.join(root, TOPICS_DIR), docs_dir).replace(os.sep, "/")
    return None if rel.startswith("..") else rel.rstrip("/") + "/"


def is_content_source(src_uri: str, prefix: str | None) -> bool:
    """Claim and topic YAML, and anything in a claims/ folder: never published."""
    if prefix is None or not src_uri.startswith(prefix):
        return False
    rest = src_uri[len(prefix):].split("/")
    return (len(rest) >= 3 and rest[1] == "claims") or rest[-1].lower().endswith(YAML_SUFFIXES)


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """A page's URL from its path in the docs folder, by MkDocs' rule (which Zensical keeps)."""
    stem = posixpath.splitext(src_uri)[0]
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return (f"{folder}/" if folder else "") if directory_urls else f"{stem[:-len(name)]}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def unpublished_docs(settings: dict):
    """exclude_docs and draft_docs as one gitignore-style matcher, or None."""
    lines = "\n".join(v for v in (settings.get("exclude_docs"), settings.get("draft_docs"))
                      if isinstance(v, str))
    if not lines.strip():
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines.splitlines())


def published_docs(root, docs_dir, unpublished=None):
    """(path in the docs folder, file) for each file an engine publishes from it, as the MkDocs
    build chooses them: hidden files and editors' leftovers (files.under_editor_file),
    templates/ (MkDocs' default exclude_docs), the exclude_docs
    and draft_docs patterns (`unpublished`, a pathspec matcher) and the claim and topic
    sources left out. Links to folders are not followed."""
    docs_dir = Path(docs_dir)
    prefix = topics_prefix(root, docs_dir)
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        here = Path(dirpath)
        rel_dir = here.relative_to(docs_dir).as_posix()
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not (rel_dir == "." and d == "templates"))
        for name in sorted(filenames):
            uri = name if rel_dir == "." else f"{rel_dir}/{name}"
            if (name.startswith(".") or under_editor_file(uri) or is_content_source(uri, prefix)
                    or (unpublished is not None and unpublished.match_file(uri))):
                continue
            yield uri, here / name


def list_topics_in_nav(nav, section: str, pages: dict[str, Generated]) -> None:
    """Fill the nav section titled `section` (e.g. `- Topics: []`) with the topic pages."""
    if not isinstance(nav, list):
        return
    for item in nav:
        if isinstance(item, dict) and isinstance(item.get(section), list):
            children = item[section]
            listed = {c if isinstance(c, str) else next(iter(c.values()), None)
                      for c in children if isinstance(c, (str, dict))}
            for uri, what in pages.items():
                if what.kind == "topic" and uri not in listed:
                    children.append(uri)
            return


def heading_tree(headings: list[Heading]) -> list[dict]:
    """Nest flat headings by level, as Python-Markdown's toc extension does."""
    root: list[dict] = []
    stack: list[dict] = []
    for h in headings:
        token = {"level": h.level, "id": h.id, "name": str(h.title), "children": [],
                 "anchor": h.anchor}
        while stack and stack[-1]["level"] >= h.level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def page_meta(what: Generated, renderer: Renderer) -> dict:
    """A generated page's title, description (escaped: Material prints both as they are)
    and search weight: a claim page outranks lists of sources."""
    meta: dict = {"title": escape(what.title)}
    text = description(what, renderer)
    if text:
        meta["description"] = escape(text)
    meta["search"] = {"boost": SEARCH_BOOST[what.kind]}
    return meta


def description(what: Generated, renderer: Renderer) -> str:
    # Asked twice per page (its meta, then its head): drawn once.
    if what.description is None:
        what.description = _describe(what, renderer)
    return what.description


def _describe(what: Generated, renderer: Renderer) -> str:
    if what.kind == "claim":  # the words of the claim's view, without drawing the view again
        claim = what.claim
        grade = f", {GRADE[claim.grade].label.lower()}" if claim.grade in GRADE else ""
        lead = first_sentence(plain_text(claim.summary))
        return describe(f"{title_text(claim)}{grade} of the evidence. {lead}")
    if what.kind == "topic":
        return describe(plain_text(what.topic.bottom_line))
    return ""


def render_page(what: Generated, renderer: Renderer, links: Links) -> Rendered:
    if what.kind == "topic":
        return renderer.topic_page(what.topic, links)
    if what.kind == "claim":
        return renderer.claim_page(what.claim, links)
    if what.kind == "corrections":
        return renderer.corrections_page(links)
    return renderer.references_page(links)


def page_head(what: Generated, renderer: Renderer, url_here: str, site_name: str,
              site_url: str | None, site_description: str | None) -> Markup:
    """Link-preview tags for every generated page; a claim page's ClaimReview too."""
    url = absolute(site_url, url_here)
    tags = preview_tags(what.title, description(what, renderer) or site_description or "",
                        site_name, url)
    if what.kind == "claim":
        tags += Markup("\n") + script(claim_review(what.claim, what.topic, site_name, url,
                                                   site_url))
    return tags


def footer(renderer: Renderer, copyright: str | None) -> str:
    """The site-wide notice and licence in every page's footer (Material prints it as HTML)."""
    parts = [copyright] if copyright else []
    config = renderer.config
    if config.notice:
        parts.append(str(render_markdown(config.notice)))
    if config.licence:
        licence = escape(config.licence)
        if config.licence_url:
            licence = Markup('<a href="{}">{}</a>').format(config.licence_url, config.licence)
        parts.append(str(Markup("<p>Text licensed {}.</p>").format(licence)))
    return "\n".join(parts)
