"""What Zensical is given to build: a docs folder and a config, staged in the output folder.

Zensical has no hook that adds pages, so every page must be a file before the build: the
hand-written pages and files are copied (never the claim and topic sources), each generated
page is written as a placeholder with its title and meta (the extension draws it), and the
claims data and stylesheet as the files they are. The config is the project's mkdocs.yml
with the settings the staging changes added at its end (a later key wins in YAML as
Zensical reads it), so every other setting, tags included, reaches Zensical as written.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...export import data_files
from ...docsfiles import PAGE_SUFFIXES, escaped_front_matter
from ...model import Project
from ...render.generated import (CSS_URI, PLACEHOLDER, Generated, footer, generated_pages,
                                 list_topics_in_nav, page_meta, published_docs, stylesheet,
                                 unpublished_docs)
from ...render.pages import Renderer

# Inside the output folder while Zensical runs; removed (docs, config, cache) or moved up
# (the site) before anything is published.
DOCS = "evidencekit-staged-docs"
SITE = "evidencekit-staged-site"
CONFIG = "evidencekit-zensical.yml"


@dataclass
class Staged:
    config: Path
    pages: dict[str, Generated]
    hand_written: frozenset[str] = frozenset()  # the hand-written pages' source paths


def copy_docs(root: Path, docs_dir: Path, dest: Path, settings: dict) -> frozenset[str]:
    """The files MkDocs would publish from the docs folder (published_docs), never the claim
    and topic sources (which `evidence check` has already checked, links included); returns
    the hand-written pages' paths."""
    pages = set()
    for uri, source in published_docs(root, docs_dir, unpublished_docs(settings)):
        target = dest / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if PurePosixPath(uri.lower()).suffix in PAGE_SUFFIXES:
            # Zensical prints a page's title and description as they are: escaped here,
            # as the plugin escapes them for Material.
            text = source.read_bytes().decode("utf-8", errors="replace")
            target.write_text(escaped_front_matter(text), encoding="utf-8")
            pages.add(uri)
        else:
            shutil.copyfile(source, target)
    return frozenset(pages)


def _write(path: Path, content: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


def _front_matter(what: Generated, renderer: Renderer) -> str:
    # Escaped, as for Material: Zensical prints a page's title and description as they are.
    # One JSON value a key (YAML reads JSON): a thousand pages' front matter in milliseconds.
    meta = {k: str(v) if hasattr(v, "__html__") else v
            for k, v in page_meta(what, renderer).items()}
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n"
                              for k, v in meta.items()) + "---\n\n"


def stage(root: Path, project: Project, renderer: Renderer, settings: dict, out: Path,
          nav_section: str = "Topics") -> Staged:
    """Stage the docs folder and the config in `out`; the site will be built in out/SITE."""
    docs_dir = (root / (settings.get("docs_dir") or "docs")).resolve()
    docs = out / DOCS
    docs.mkdir()
    hand_written = copy_docs(root, docs_dir, docs, settings)
    pages = generated_pages(project)
    for uri, what in pages.items():
        if (docs / uri).exists():  # `evidence check` refuses these paths (file.reserved-path)
            raise FileExistsError(f"{uri}: this path is one of the evidence pages")
        _write(docs / uri, _front_matter(what, renderer) + PLACEHOLDER.format(kind=what.kind))
    directory_urls = settings.get("use_directory_urls", True) is not False
    for name, content in data_files(project, renderer.history, settings.get("site_url"),
                                    directory_urls).items():
        _write(docs / name, content)
    if not (docs / CSS_URI).exists():
        _write(docs / CSS_URI, stylesheet())
    nav = settings.get("nav")
    if isinstance(nav, list):
        list_topics_in_nav(nav, nav_section, pages)
    overrides = {
        "docs_dir": DOCS,
        "site_dir": SITE,
        "extra_css": [*(settings.get("extra_css") or []), CSS_URI],
        "copyright": footer(renderer, settings.get("copyright")),
    }
    if isinstance(nav, list):
        overrides["nav"] = nav
    theme = settings.get("theme")
    if isinstance(theme, dict) and theme.get("name") == "material":
        theme = dict(theme)
        # The site's pages and stylesheet are drawn for Material's look, which Zensical
        # keeps as its "classic" variant (its default, "modern", restyles the footer).
        theme.setdefault("variant", "classic")
        if isinstance(theme.get("custom_dir"), str):
            # Relative to mkdocs.yml, which the staged config is not beside.
            theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
        overrides["theme"] = theme
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").rstrip("\n")
    text += "\n\n# Staged by evidencekit (a later key wins):\n" + "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in overrides.items())
    config = out / CONFIG
    config.write_text(text, encoding="utf-8")
    return Staged(config, pages, hand_written)


def unstage(out: Path) -> None:
    """Leave only the built site in `out`: the staged files removed, the site moved up."""
    site = out / SITE
    for name in (DOCS, CONFIG, ".cache"):
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for entry in sorted(os.listdir(site)):
        if (out / entry).exists():
            raise FileExistsError(f"{entry}: the built site holds a file named as a staged one")
        os.rename(site / entry, out / entry)
    site.rmdir()
