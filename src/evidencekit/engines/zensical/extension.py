"""evidencekit's pages under Zensical, as a Python-Markdown extension.

Zensical runs no MkDocs plugin (it drops the names it does not re-implement, silently),
but it runs every Python-Markdown extension listed in `markdown_extensions`. So this
extension is listed in mkdocs.yml, and:

- under MkDocs or ProperDocs it does nothing: the `evidence` plugin draws the pages;
- under `evidence build --engine zensical` it draws each staged page: a topic, claim,
  references or corrections page whole, from the same render stage as the plugin, and a
  hand-written page's macros in the same sandbox, its HTML sanitised as the plugin does;
- under a bare `zensical build`, where no page was staged, it stops the build at the first
  page, so that no site without its claims (or with macro calls printed raw) is published.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from ...render.embed import Embedder
from ...render.errors import template_error
from ...render.generated import Generated, heading_tree, page_url, render_page
from ...render.links import Links
from ...render.markdown import safe_id, safe_text, sanitize_page
from ...render.pages import Renderer

TEMPLATE_MARKS = ("{{", "{%", "{#")
BARE_BUILD = (
    "evidencekit: this site's topic and claim pages are drawn by evidencekit, which a bare "
    "`zensical build` does not run; the build was stopped so that no site without its "
    "claims is published. Build it with `evidence build --engine zensical` (or `mkdocs build`).")


class BareBuildError(RuntimeError):
    """Zensical was asked to build the site without the adapter that draws its pages."""


@dataclass
class Drawing:
    """What the adapter hands the extension for one build."""

    root: Path
    pages: dict[str, Generated]  # staged src_uri -> the page drawn there
    renderer: Renderer
    page_env: object  # the sandbox hand-written pages are rendered in
    directory_urls: bool = True
    reserved: frozenset[str] = frozenset()  # the claim ids, never a hand-written page's ids
    hand_written: frozenset[str] = frozenset()  # their source paths: links between them
    errors: list[str] = field(default_factory=list)


_active: Drawing | None = None


def activate(drawing: Drawing | None) -> None:
    global _active
    _active = drawing


def _zensical_page(md):
    """The page Zensical is rendering with `md`, or None when Zensical is not the engine."""
    context = sys.modules.get("zensical.extensions.context")
    if context is None:
        return None
    preprocessor = context.ContextPreprocessor.from_markdown(md)
    return preprocessor.page if preprocessor is not None else None


class _Draw(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.evidencekit_state = None
        page = _zensical_page(self.md)
        if page is None:
            return lines  # MkDocs or ProperDocs: the evidence plugin draws the pages
        drawing = _active
        if drawing is None:
            raise BareBuildError(BARE_BUILD)
        uri = str(page.path).replace("\\", "/").lstrip("/")
        links = Links(page_url(uri, drawing.directory_urls), drawing.directory_urls)
        what = drawing.pages.get(uri)
        try:
            if what is not None:
                rendered = render_page(what, drawing.renderer, links)
                self.md.evidencekit_state = ("generated", rendered.headings, None)
                return [self.md.htmlStash.store(str(rendered.html))]
            text = "\n".join(lines)
            embedder = None
            if any(mark in text for mark in TEMPLATE_MARKS):
                # A hand-written page may call the macros, in a sandbox that holds nothing else.
                embedder = Embedder()
                macros = {name: embedder.wrap(f)
                          for name, f in drawing.renderer.macros(links).items()}
                text = drawing.page_env.from_string(text).render(macros)
            self.md.evidencekit_state = ("page", uri, embedder)
            return text.split("\n")
        except Exception as exc:  # any error in a template or macro stops the build, named
            drawing.errors.append(template_error(uri, exc, drawing.root))
            raise


def _toc_token(token: dict) -> dict:
    return {"level": token["level"], "id": token["id"], "name": token["name"],
            "html": token["name"], "data-toc-label": "",
            "children": [_toc_token(t) for t in token["children"]]}


def _secure_token(token: dict, reserved: frozenset[str]) -> dict:
    """A hand-written page's TOC entry as text, its anchor renamed as sanitize_page renames
    the id it points to."""
    return {**token, "id": safe_id(token["id"], reserved), "name": str(safe_text(token["name"])),
            "html": str(safe_text(token["html"])),
            "data-toc-label": str(safe_text(token.get("data-toc-label") or "")),
            "children": [_secure_token(t, reserved) for t in token.get("children", [])]}


class _Finish(Postprocessor):
    def run(self, text: str) -> str:
        state = getattr(self.md, "evidencekit_state", None)
        if state is None:
            return text
        kind, headings_or_uri, embedder = state
        if kind == "generated":
            headings = headings_or_uri
            # The TOC and the search sections come from the page's own headings.
            self.md.toc_tokens = [_toc_token(t) for t in heading_tree(headings)]
            return text
        reserved = _active.reserved if _active is not None else frozenset()
        hand_written = _active.hand_written if _active is not None else frozenset()
        self.md.toc_tokens = [_secure_token(t, reserved)
                              for t in getattr(self.md, "toc_tokens", [])]
        # Links are still the source's `.md` paths here (Zensical rewrites them later), so
        # a link to an id on another hand-written page is matched by its source path.
        text = sanitize_page(text, reserved, headings_or_uri, hand_written)
        return str(embedder.restore(text)) if embedder else text


class EvidenceExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After whitespace is normalised (which drops the stash's marker characters) and
        # before HTML blocks are stashed; last of the postprocessors (after the raw HTML is
        # put back), as the plugin's hooks sit around Markdown.
        md.preprocessors.register(_Draw(md), "evidencekit", 25)
        md.postprocessors.register(_Finish(md), "evidencekit", -1000)


def makeExtension(**kwargs) -> EvidenceExtension:  # noqa: N802  (Python-Markdown's name)
    return EvidenceExtension(**kwargs)
