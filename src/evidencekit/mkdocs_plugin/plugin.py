"""The `evidence` MkDocs plugin: a thin adapter over evidencekit's stages.

check (on_config) -> files and nav (on_files) -> pages (on_page_markdown,
on_page_content) -> nothing lost, atomic swap (on_post_build).
"""

from __future__ import annotations

import functools
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from ..config import ConfigError, today
from ..docsfiles import check_front_matter, check_published_files, escape_meta, secure_title_and_toc
from ..files import under_editor_file
from ..render.embed import Embedder
from ..render.environment import make_environment, page_environment
from ..render.errors import template_error as _template_error
from ..render.links import Links
from ..render.markdown import sanitize_page
from ..render.pages import Renderer
from ..sitedir import AtomicOutput
from ..validate import check_project
from .config import EvidenceConfig
from .output import check_nothing_lost, strict_warnings_logged
from .pageout import finish_page
from .preview import Preview, Problem, problems_of
from .search import index_quickly
from .site import CSS_URI, Site
from .toc import table_of_contents

log = get_plugin_logger(__name__)
TEMPLATE_MARKS = ("{{", "{%", "{#")


def shown_in_preview(hook):
    """Under `mkdocs serve`, a hook's error is kept for the preview's error page (MkDocs
    replaces its message with "Aborted with a BuildError!"). On the first build it is not
    raised, so that `mkdocs serve` starts: the rest of that build goes on without the
    evidence layer. Everywhere else (`mkdocs build`, rebuilds) the error is raised."""

    @functools.wraps(hook)
    def run(self, *args, **kwargs):
        try:
            return hook(self, *args, **kwargs)
        except PluginError as exc:
            if self.preview is None:
                raise
            if not self.preview.pending:  # not already kept as diagnostics
                self.preview.record([Problem.from_exception(exc)])
            if not self.preview.first_build:
                raise
            self.site = None
            return args[0] if args else None  # the item the hook was given, unchanged

    return run


class EvidencePlugin(BasePlugin[EvidenceConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        self.site: Site | None = None
        self.output: AtomicOutput | None = None
        self.embedders: dict[str, Embedder] = {}
        self.heads: dict[str, str] = {}  # page -> what on_post_page adds to its <head>
        self.hand_written: frozenset[str] = frozenset()  # the hand-written pages' URLs
        self.preview: Preview | None = None  # under `mkdocs serve` only

    def on_startup(self, *, command, dirty) -> None:
        self.command, self.dirty = command, dirty
        if command == "serve":
            self.preview = Preview()

    # -- check --------------------------------------------------------------

    @shown_in_preview
    def on_config(self, config):
        self.site, self.output, self.embedders, self.heads = None, None, {}, {}
        self.hand_written = frozenset()
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).resolve().parent
        try:
            project = check_project(root)
        except ConfigError as exc:
            raise PluginError(f"evidence.yml: {exc}") from None
        self._stop_on(project.report, "evidence check")
        env = make_environment(root, self.config.macros_dir)
        renderer = Renderer(project, env, today(), site_name=config.site_name,
                            site_url=config.site_url)
        self.site = Site(root, Path(config.docs_dir), project, renderer, page_environment(env))
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        config.copyright = self.site.footer(config.copyright)
        if self.config.atomic_output and self.command != "serve" and not self.dirty:
            self.output = AtomicOutput(config.site_dir)
            config.site_dir = self.output.temp
        return config

    # -- files and navigation -----------------------------------------------

    @shown_in_preview
    def on_files(self, files, /, *, config):
        if self.site is None:
            return files
        # Hidden files and editors' leftovers (page.md~, notes.bak) are never published.
        for file in [f for f in files if under_editor_file(f.src_uri)]:
            files.remove(file)
        # Checked before the plugin adds its own files, so that a file at one of their paths
        # is refused with its code (claim and topic sources are never published).
        published = [f for f in files if not self.site.is_content_source(f.src_uri)]
        self._stop_on(check_published_files(published, config, self.site.root), "the docs folder")
        files = self.site.update_files(files, config)
        self.site.list_topics_in_nav(config.nav, self.config.nav_section)
        # Material's search reads the plugin's pages through a leaner tokenizer (the same
        # index, built faster); search made its index in on_config, which has run by now.
        generated = self.site.generated
        self.hand_written = frozenset(f.url for f in files.documentation_pages()
                                      if f.src_uri not in generated)
        index_quickly(config.plugins, lambda page: page.file.src_uri in generated)
        return files

    # -- pages ----------------------------------------------------------------

    def _links(self, page, config) -> Links:
        return Links(page.url, config.use_directory_urls)

    @shown_in_preview
    def on_page_markdown(self, markdown, /, *, page, config, files):
        if self.site is None:
            return markdown
        uri = page.file.src_uri
        if uri in self.site.generated:
            page.meta.update(self.site.page_meta(uri))
            return markdown
        # A hand-written page is content too: its front matter is read by the loader's rules.
        self._stop_on(check_front_matter(page, self.site.root), page.file.src_uri)
        escape_meta(page.meta)
        if not any(mark in markdown for mark in TEMPLATE_MARKS):
            return markdown
        # A hand-written page may call the macros, in a sandbox that holds nothing else.
        embedder = self.embedders[uri] = Embedder()
        macros = {name: embedder.wrap(f)
                  for name, f in self.site.renderer.macros(self._links(page, config)).items()}
        try:
            return self.site.page_env.from_string(markdown).render(macros)
        except Exception as exc:  # any error in a template or macro stops the build, named
            raise PluginError(_template_error(page.file.src_uri, exc, self.site.root)) from None

    @shown_in_preview
    def on_page_content(self, html, /, *, page, config, files):
        if self.site is None:
            return html
        uri = page.file.src_uri
        what = self.site.generated.get(uri)
        if what is None:  # a hand-written page: sanitised, then the macros' HTML put back
            reserved = frozenset(c.id for c in self.site.project.claims)
            secure_title_and_toc(page, reserved)
            html = sanitize_page(html, reserved, page.url, self.hand_written)
            embedder = self.embedders.pop(uri, None)
            return embedder.restore(html) if embedder else html
        try:
            rendered = self.site.render(what, self._links(page, config))
        except Exception as exc:  # any error in a template or macro stops the build, named
            raise PluginError(_template_error(page.file.src_uri, exc, self.site.root)) from None
        self.heads[uri] = self.site.head(what, page.url, config)
        # The TOC and the search index come from the page's own headings: each
        # claim card is a section, so search finds a claim by words in its text.
        page.toc = table_of_contents(rendered.headings)
        page.present_anchor_ids = set(page.present_anchor_ids or ()) | {
            h.id for h in rendered.headings} | {h.anchor for h in rendered.headings} | {
            c.id for c in (what.topic.claims if what.kind == "topic" else ())}
        return str(rendered.html)

    def on_post_page(self, output, /, *, page, config):
        if self.site is None:
            return output
        return finish_page(output, self.heads.pop(page.file.src_uri, None))

    def on_serve(self, server, /, *, config, builder):
        """Rebuild on edits to the library, the site's macros and evidence.yml too; show a
        failed check or build on every page instead of hanging (see preview.py)."""
        root = Path(config.config_file_path).resolve().parent
        for path in (root / "references", root / self.config.macros_dir, root / "evidence.yml"):
            if path.exists():
                server.watch(str(path))
        self.preview = self.preview or Preview()
        self.preview.attach(server)
        if self.preview.shown:
            log.warning(f"the site has errors: every page of {server.url} lists them until "
                        "they are fixed")
        return server

    # -- end of build ---------------------------------------------------------

    @event_priority(-100)  # after every other plugin has written its files
    @shown_in_preview
    def on_post_build(self, *, config):
        if self.preview is not None and self.preview.first_build and self.preview.pending:
            # The first build of `mkdocs serve` failed and went on: no page of it is shown
            # (without live reload the server is never handed to the plugin to say so).
            self.preview.replace_pages(Path(config.site_dir))
        if self.site is None:
            return
        out = Path(config.site_dir)
        check_nothing_lost(
            self.site.project.claim_files,
            {w.topic.id: out / w.file.dest_uri for w in self.site.generated.values()
             if w.kind == "topic"},
            {(w.topic.id, w.claim.id): out / w.file.dest_uri for w in self.site.generated.values()
             if w.kind == "claim"})
        if self.output is not None and not strict_warnings_logged(config):
            self.output.commit()
            config.site_dir = self.output.final  # what later steps (gh-deploy) read
            self.output = None

    def _stop_on(self, report, what: str) -> None:
        """Log each diagnostic once; stop the build when there is an error (under `mkdocs
        serve`, after keeping the diagnostics for the preview's error page)."""
        report.log(log)
        if report.errors:
            if self.preview is not None:
                self.preview.record(problems_of(report.diagnostics))
            raise PluginError(f"{what}: {report.summary()}; nothing was built")

    def on_build_error(self, *, error) -> None:
        if self.output is not None:
            self.output.discard()
            self.output = None
