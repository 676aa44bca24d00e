"""What the plugin knows about one build: the checked project, its generated pages, its renderer.

The pages themselves (which, their titles, heads and HTML) are render/generated.py's, shared
with the other engines' adapters; this holds what is MkDocs' own (its File records, its nav).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..export import data_files
from ..model import Project
from ..render import generated as pages
from ..render.generated import CSS_URI, PLACEHOLDER, Generated
from ..render.links import Links
from ..render.pages import Rendered, Renderer


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
        return pages.topics_prefix(self.root, self.docs_dir)

    def is_content_source(self, src_uri: str) -> bool:
        """Claim and topic YAML, and anything in a claims/ folder: never published."""
        return pages.is_content_source(src_uri, self.topics_prefix())

    def update_files(self, files: Files, config) -> Files:
        for file in list(files):
            if self.is_content_source(file.src_uri):
                files.remove(file)
        for uri, what in pages.generated_pages(self.project).items():
            f = self._add(files, config, uri, what)
            if what.kind in ("topic", "claim"):
                f.edit_uri = self._edit_uri((what.claim or what.topic).path)
        # Every claim as data: the same records `evidence export` writes.
        for name, content in data_files(self.project, self.renderer.history, config.site_url,
                                        config.use_directory_urls).items():
            if files.get_file_from_path(name) is not None:
                raise PluginError(f"{name}: this path is the evidence plugin's generated claims "
                                  "data; move or rename the file")
            files.append(File.generated(config, name, content=content))
        if files.get_file_from_path(CSS_URI) is None:
            files.append(File.generated(config, CSS_URI, content=pages.stylesheet()))
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
        pages.list_topics_in_nav(nav, section, self.generated)

    def page_title(self, src_uri: str):
        """The escaped title: Material prints page titles unescaped in the nav, header and <title>."""
        return escape(self.generated[src_uri].title)

    def page_meta(self, src_uri: str) -> dict:
        """A generated page's title, description and search weight (render/generated.py)."""
        return pages.page_meta(self.generated[src_uri], self.renderer)

    def description(self, what: Generated) -> str:
        return pages.description(what, self.renderer)

    def render(self, what: Generated, links: Links) -> Rendered:
        return pages.render_page(what, self.renderer, links)

    def head(self, what: Generated, page_url: str, config) -> Markup:
        """Link-preview tags for every generated page; a claim page's ClaimReview too."""
        return pages.page_head(what, self.renderer, page_url, config.site_name, config.site_url,
                               config.site_description)

    def footer(self, copyright: str | None) -> str:
        """The site-wide notice and licence in every page's footer (Material prints it as HTML)."""
        return pages.footer(self.renderer, copyright)
