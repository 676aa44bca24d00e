"""What the plugin knows about one build: the checked project, its generated pages, its renderer."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..export import data_files
from ..load import TOPICS_DIR, YAML_SUFFIXES
from ..model import Claim, Project, Topic
from ..render.links import CORRECTIONS_URL, REFERENCES_URL, TOPICS_URL
from ..render.headmeta import absolute, describe, preview_tags
from ..render.jsonld import claim_review, plain_text, script
from ..render.links import Links
from ..render.markdown import render_markdown
from ..render.pages import Rendered, Renderer, title_text

CSS_URI = "assets/evidencekit.css"
# A generated page's Markdown: the plugin replaces its HTML whole in on_page_content.
# Material's search weighs a page's sections by this: claims first, lists of sources last.
SEARCH_BOOST = {"claim": 2, "topic": 1, "corrections": 0.5, "references": 0.1}
PLACEHOLDER = "<!-- evidencekit: {kind} page, drawn by the evidence plugin -->\n"


@dataclass
class Generated:
    kind: str  # 'topic', 'claim', 'references' or 'corrections'
    title: str  # plain text
    topic: Topic | None = None
    file: File | None = None
    claim: Claim | None = None
    description: str | None = None  # for its <meta> tags, drawn on first use


@dataclass
class Site:
    root: Path
    docs_dir: Path
    project: Project
    renderer: Renderer
    page_env: object  # the sandbox hand-written pages are rendered in
    generated: dict[str, Generated] = field(default_factory=dict)  # src_uri -> what it is

    def topics_prefix(self) -> str | None:
        """Where content/topics/ sits in docs_dir ('topics/'), or None when outside it."""
        rel = os.path.relpath(self.root / TOPICS_DIR, self.docs_dir).replace(os.sep, "/")
        return None if rel.startswith("..") else rel.rstrip("/") + "/"

    def is_content_source(self, src_uri: str) -> bool:
        """Claim and topic YAML, and anything in a claims/ folder: never published."""
        prefix = self.topics_prefix()
        if prefix is None or not src_uri.startswith(prefix):
            return False
        rest = src_uri[len(prefix):].split("/")
        return (len(rest) >= 3 and rest[1] == "claims") or rest[-1].lower().endswith(YAML_SUFFIXES)

    def update_files(self, files: Files, config) -> Files:
        for file in list(files):
            if self.is_content_source(file.src_uri):
                files.remove(file)
        for topic in self.project.topics:
            uri = f"{TOPICS_URL}/{topic.id}/index.md"
            f = self._add(files, config, uri, Generated("topic", topic.title, topic))
            f.edit_uri = self._edit_uri(topic.path)
            # Each claim its own page, beside its topic's: shared and found on its own.
            for claim in topic.claims:
                f = self._add(files, config, f"{TOPICS_URL}/{topic.id}/{claim.id}/index.md",
                              Generated("claim", title_text(claim), topic, claim=claim))
                f.edit_uri = self._edit_uri(claim.path)
        self._add(files, config, f"{REFERENCES_URL}/index.md", Generated("references", "References"))
        self._add(files, config, f"{CORRECTIONS_URL}/index.md",
                  Generated("corrections", "Corrections and changes"))
        # Every claim as data: the same records `evidence export` writes.
        for name, content in data_files(self.project, self.renderer.history, config.site_url,
                                        config.use_directory_urls).items():
            if files.get_file_from_path(name) is not None:
                raise PluginError(f"{name}: this path is the evidence plugin's generated claims "
                                  "data; move or rename the file")
            files.append(File.generated(config, name, content=content))
        if files.get_file_from_path(CSS_URI) is None:
            css = resources.files("evidencekit").joinpath("assets").joinpath("evidencekit.css").read_bytes()
            files.append(File.generated(config, CSS_URI, content=css))
        return files

    def _edit_uri(self, path: str) -> str:
        """The YAML a page is drawn from, for "Edit this page" (MkDocs joins it to repo_url)."""
        return posixpath.normpath(os.path.relpath(self.root / path, self.docs_dir).replace(os.sep, "/"))

    def _add(self, files: Files, config, uri: str, what: Generated) -> File:
        existing = files.get_file_from_path(uri)
        if existing is not None:
            raise PluginError(f"{existing.src_uri}: this path is the evidence plugin's generated "
                              f"{what.kind} page; move or rename the file")
        # Claim pages are reached from their topic page, not the navigation, and are not
        # listed as missing from it (a site of 3,000 claims would print 3,000 lines).
        inclusion = InclusionLevel.NOT_IN_NAV if what.kind == "claim" else InclusionLevel.UNDEFINED
        f = File.generated(config, uri, content=PLACEHOLDER.format(kind=what.kind),
                           inclusion=inclusion)
        files.append(f)
        what.file = f
        self.generated[uri] = what
        return f

    def list_topics_in_nav(self, nav, section: str) -> None:
        """Fill the nav section titled `section` (e.g. `- Topics: []`) with the topic pages.

        Done before MkDocs builds the navigation, so the pages are in it like any other.
        """
        if not isinstance(nav, list):
            return
        for item in nav:
            if isinstance(item, dict) and isinstance(item.get(section), list):
                children = item[section]
                listed = {c if isinstance(c, str) else next(iter(c.values()), None)
                          for c in children if isinstance(c, (str, dict))}
                for uri, what in self.generated.items():
                    if what.kind == "topic" and uri not in listed:
                        children.append(uri)
                return

    def page_title(self, src_uri: str):
        """The escaped title: Material prints page titles unescaped in the nav, header and <title>."""
        return escape(self.generated[src_uri].title)

    def page_meta(self, src_uri: str) -> dict:
        """A generated page's title, description (escaped: Material prints both as they are)
        and search weight: a claim page outranks lists of sources."""
        what = self.generated[src_uri]
        meta: dict = {"title": self.page_title(src_uri)}
        description = self.description(what)
        if description:
            meta["description"] = escape(description)
        meta["search"] = {"boost": SEARCH_BOOST[what.kind]}
        return meta

    def description(self, what: Generated) -> str:
        # Asked twice per page (its meta, then its head): drawn once.
        if what.description is None:
            what.description = self._describe(what)
        return what.description

    def _describe(self, what: Generated) -> str:
        if what.kind == "claim":
            c = self.renderer.claim_view(what.claim, Links())
            grade = f", {c.grade.label.lower()}" if c.grade else ""
            return describe(f"{c.title_text}{grade} of the evidence. {c.lead}")
        if what.kind == "topic":
            return describe(plain_text(what.topic.bottom_line))
        return ""

    def render(self, what: Generated, links: Links) -> Rendered:
        renderer = self.renderer
        if what.kind == "topic":
            return renderer.topic_page(what.topic, links)
        if what.kind == "claim":
            return renderer.claim_page(what.claim, links)
        if what.kind == "corrections":
            return renderer.corrections_page(links)
        return renderer.references_page(links)

    def head(self, what: Generated, page_url: str, config) -> Markup:
        """Link-preview tags for every generated page; a claim page's ClaimReview too."""
        url = absolute(config.site_url, page_url)
        tags = preview_tags(what.title, self.description(what) or config.site_description or "",
                            config.site_name, url)
        if what.kind == "claim":
            tags += Markup("\n") + script(claim_review(what.claim, what.topic, config.site_name, url,
                                                             config.site_url))
        return tags

    def footer(self, copyright: str | None) -> str:
        """The site-wide notice and licence in every page's footer (Material prints it as HTML)."""
        parts = [copyright] if copyright else []
        config = self.renderer.config
        if config.notice:
            parts.append(str(render_markdown(config.notice)))
        if config.licence:
            licence = escape(config.licence)
            if config.licence_url:
                licence = Markup('<a href="{}">{}</a>').format(config.licence_url, config.licence)
            parts.append(str(Markup("<p>Text licensed {}.</p>").format(licence)))
        return "\n".join(parts)
