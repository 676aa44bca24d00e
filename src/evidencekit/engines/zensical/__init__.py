"""Zensical: the evidence pages staged as files, drawn by a Markdown extension, finished after.

Zensical (the successor Material for MkDocs names) reads mkdocs.yml but runs no MkDocs
plugin. So the adapter does around the engine what the plugin does inside MkDocs:

- before: stage the docs folder (stage.py): hand-written pages and files, a placeholder
  page for each topic, claim, the references and corrections, the claims data files and
  the stylesheet; the nav's Topics section filled in; the footer's notice and licence;
- during: the extension (extension.py) draws each staged page from the render stage, and
  each hand-written page's macros in the sandbox, sanitised as the plugin does;
- after: each generated page gets its <head> additions (link previews, ClaimReview), the
  staged files are removed, and `engines.build_site` checks the site before it is published.

What differs from the MkDocs build is listed in README ("Engines").
"""

from __future__ import annotations

from pathlib import Path

from ...config import ConfigError, today
from ...mkdocs_file import read_mkdocs_yml
from ...model import Project
from ...render.environment import make_environment, page_environment
from ...render.generated import page_head, page_url
from ...render.pages import Renderer
from ...verify import page_file
from . import extension
from .stage import stage, unstage


EXTENSION = "evidencekit.engines.zensical.extension"


def _extension_names(value) -> list[str]:
    if isinstance(value, dict):
        return [k for k in value if isinstance(k, str)]
    names = []
    for item in value or ():
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            names += [k for k in item if isinstance(k, str)]
    return names


def _plugin_settings(settings: dict) -> dict:
    """The `evidence` plugin's options in mkdocs.yml (its macros_dir and nav_section)."""
    for item in settings.get("plugins") or ():
        if isinstance(item, dict) and isinstance(item.get("evidence"), dict):
            return item["evidence"]
    return {}


def build(root: Path, site_dir: Path, strict: bool, project: Project) -> None:
    """Build the checked `project` with Zensical into the empty folder `site_dir`."""
    from .. import EngineError

    try:
        import zensical
    except ImportError:
        raise EngineError("Zensical is not installed: pip install 'evidencekit[engines]' "
                          "(or the pinned zensical in requirements.lock)") from None
    root = Path(root).resolve()
    settings = read_mkdocs_yml(Path(root) / "mkdocs.yml") or {}
    if EXTENSION not in _extension_names(settings.get("markdown_extensions")):
        # Without it Zensical would publish placeholders, and a bare `zensical build` of
        # the project would publish a site without its claims.
        raise EngineError(f"mkdocs.yml: add '- {EXTENSION}' to markdown_extensions; it draws "
                          "the evidence pages under Zensical (and does nothing under MkDocs)")
    options = _plugin_settings(settings)
    env = make_environment(root, options.get("macros_dir", "macros"))
    renderer = Renderer(project, env, today(), site_name=settings.get("site_name"),
                        site_url=settings.get("site_url"))
    try:
        staged = stage(root, project, renderer, settings, Path(site_dir),
                       options.get("nav_section", "Topics"))
    except (OSError, ConfigError) as exc:
        raise EngineError(f"the site could not be staged for Zensical: {exc}") from None
    directory_urls = settings.get("use_directory_urls", True) is not False
    drawing = extension.Drawing(root, staged.pages, renderer, page_environment(env),
                                directory_urls, frozenset(c.id for c in project.claims),
                                hand_written=staged.hand_written)
    extension.activate(drawing)
    try:
        zensical.build(str(staged.config), {"clean": True, "strict": strict})
    except Exception as exc:
        raise EngineError("\n".join(drawing.errors) or f"zensical build failed: {exc}") from None
    finally:
        extension.activate(None)
    unstage(Path(site_dir))
    _finish_pages(Path(site_dir), staged.pages, renderer, settings, directory_urls)


def _finish_pages(site: Path, pages, renderer: Renderer, settings: dict,
                  directory_urls: bool) -> None:
    """Each generated page's <head> additions, as the plugin's on_post_page adds them."""
    from ...mkdocs_plugin.pageout import add_to_head  # plain text work; imports no MkDocs

    for uri, what in pages.items():
        url = page_url(uri, directory_urls)
        path = site / page_file(url)
        if not path.is_file():
            continue  # verify_site names it
        head = page_head(what, renderer, url, settings.get("site_name") or "",
                         settings.get("site_url"), settings.get("site_description"))
        path.write_text(add_to_head(path.read_text(encoding="utf-8"), head), encoding="utf-8")
