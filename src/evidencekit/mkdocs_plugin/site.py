"""What the plugin knows about one build: the checked project, its generated pages, its renderer."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..export import data_files
from ..load import TOPICS_DIR, YAML_SUFFIXES
from ..model import Project, Topic
from ..render.links import REFERENCES_URL, TOPICS_URL
from ..render.pages import Renderer

CSS_URI = "assets/evidencekit.css"
# A generated page's Markdown: the plugin replaces its HTML whole in on_page_content.
PLACEHOLDER = "<!-- evidencekit: {kind} page, drawn by the evidence plugin -->\n"


@dataclass
class Generated:
    kind: str  # 'topic' or 'references'
    title: str  # plain text
    topic: Topic | None = None
    file: File | None = None


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
            # "Edit this page" opens the topic's YAML (MkDocs joins it to repo_url/edit_uri).
            f.edit_uri = posixpath.normpath(os.path.relpath(
                self.root / topic.path, self.docs_dir).replace(os.sep, "/"))
        self._add(files, config, f"{REFERENCES_URL}/index.md", Generated("references", "References"))
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

    def _add(self, files: Files, config, uri: str, what: Generated) -> File:
        existing = files.get_file_from_path(uri)
        if existing is not None:
            raise PluginError(f"{existing.src_uri}: this path is the evidence plugin's generated "
                              f"{what.kind} page; move or rename the file")
        f = File.generated(config, uri, content=PLACEHOLDER.format(kind=what.kind))
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
