"""What an engine publishes from the docs folder by itself: hand-written pages and other files.

Both come from pull requests like claims do (see SECURITY.md), but the engine, not
the evidence renderer, turns them into output. So:

- every file MkDocs would copy must be a regular file inside the docs folder
  (a link out of it could publish /etc/passwd or .git/config), of a type on the
  allowlist (Markdown, raster images, PDF) unless mkdocs.yml names it, and not
  at a path the plugin writes (refused_file: one rule for `evidence check` and
  the build);
- a page's front matter is read with the claim loader's rules (no aliases,
  tags or deep nesting), may hold only the keys of FRONT_MATTER, each a string,
  and its strings are escaped, because Material prints `title`, `description`
  and `subtitle` unescaped;
- a page's HTML is sanitised (render.markdown.sanitize_page, which renames ids the
  theme or the plugin read), and its title and table of contents become escaped text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from markupsafe import escape

from .diagnostics import Loc, Report
from .files import editor_file
from .render.markdown import safe_id, safe_text
from .schema import Field, Obj, Text, Validator
from .yamlload import load_yaml

# What the docs folder may publish: page sources (MkDocs' Markdown suffixes), raster images a
# browser only ever draws, and PDF. Everything else is refused, known or not: a block list
# misses the next suffix a server maps to HTML or XML (.xht, .shtml, .rss...). CSS can restyle
# every page (or send readers' browsers elsewhere), JSON is read by the theme's scripts, SVG
# and the XML family run script. .txt and .csv are refused too: nothing on the site needs
# them, some servers and old browsers sniff text as HTML, a CSV is opened in spreadsheets
# (formulas) and claims.csv is the plugin's own.
PAGE_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})
PUBLISHED_SUFFIXES = PAGE_SUFFIXES | frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf",
})
# Kept for the scanner and older callers: the types that run script when served as they are.
ACTIVE_SUFFIXES = frozenset({
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".svg", ".svgz", ".xml",
    ".xsl", ".xslt", ".rss", ".atom", ".js", ".mjs", ".cjs", ".wasm", ".swf",
})
# Paths (in the docs folder) the plugin writes itself: its stylesheet, the claims data, the
# references and corrections pages; under topics/ it writes every topic's and claim's page
# and CSV. A file there would replace or shadow the plugin's.
RESERVED_FILES = frozenset({"assets/evidencekit.css", "claims.json", "claims.csv"})
RESERVED_FOLDERS = ("references", "corrections")
RESERVED_PAGE_FOLDERS = ("topics",)


def refused_file(src_uri: str, trusted: frozenset[str] | set[str] = frozenset()):
    """Why a file of the docs folder (its path there, with '/') may not be published: a
    (code, message, hint) triple, or None when it may. `trusted`: the files mkdocs.yml names
    in extra_css/extra_javascript (code, under review), never one of the plugin's paths."""
    path = src_uri.lstrip("/")
    lower = path.lower()
    suffix = PurePosixPath(lower).suffix
    stem = lower[: len(lower) - len(suffix)] if suffix in PAGE_SUFFIXES else None
    if stem is not None:
        stem = re.sub(r"(?:^|/)(?:index|readme)\Z", "", stem)
    top = lower.split("/", 1)[0]
    if (lower in RESERVED_FILES or (top in RESERVED_FOLDERS and "/" in lower)
            or (stem is not None and (stem in RESERVED_FOLDERS or any(
                stem.startswith(f + "/") for f in RESERVED_PAGE_FOLDERS)))):
        return ("file.reserved-path",
                f"'{path}' is at a path the evidence plugin writes itself and would replace "
                "or shadow its output", "move or rename the file")
    if suffix in PUBLISHED_SUFFIXES or path in trusted:
        return None
    return ("file.active-content",
            f"'{path}' is not a type the site publishes (pages in Markdown, images in PNG, "
            "JPEG, GIF, WebP or AVIF, and PDF); as it is it could run script or restyle "
            "readers' pages", "write pages in Markdown and images as PNG or JPEG")


def docs_settings(root: Path) -> tuple[str, frozenset[str], str]:
    """The docs folder, the files named in extra_css/extra_javascript and the exclude_docs
    and draft_docs patterns (never published by a build), from mkdocs.yml (read leniently:
    its tags are code, not ours to run); `content` and none without it."""
    from .mkdocs_file import read_mkdocs_yml

    data = read_mkdocs_yml(Path(root) / "mkdocs.yml")
    if data is None:
        return "content", frozenset(), ""
    unpublished = "\n".join(v for v in (data.get("exclude_docs"), data.get("draft_docs"))
                             if isinstance(v, str))
    docs = data.get("docs_dir")
    trusted = set()
    for key in ("extra_css", "extra_javascript"):
        for item in data.get(key) or ():
            path = item.get("path") if isinstance(item, dict) else item
            if isinstance(path, str):
                trusted.add(path)
    return ((docs if isinstance(docs, str) and docs.strip() else "content"), frozenset(trusted),
            unpublished)


def check_docs_sources(root: Path, report: Report) -> None:
    """At check time: the docs folder named in mkdocs.yml, checked as the build will."""
    docs, trusted, unpublished = docs_settings(root)
    resolved = (Path(root) / docs).resolve()
    if not _inside(str(resolved), str(Path(root).resolve())):
        # The build refuses it too; said here so that a check names the cause, not only
        # what follows from it (no topic to check).
        report.add(Loc(docs), "file.outside-project",
                   f"the docs folder '{docs}' is a link to a place outside the project; "
                   "nothing in it is checked or published",
                   "make it a real folder of the project")
        return
    report.extend(check_docs_folder(root, docs, trusted, unpublished))


def check_docs_folder(root: Path, docs_dir: str = "content",
                      trusted: frozenset[str] | set[str] = frozenset(),
                      unpublished: str = "") -> Report:
    """refused_file over every file MkDocs would publish from the docs folder, at check time
    (the build checks the same files again, as MkDocs lists them). Hidden files and
    `templates/` are skipped (MkDocs' default exclude_docs), and so are the claim and topic
    sources under topics/, which the plugin never publishes."""
    report = Report()
    docs = Path(root) / docs_dir
    if not docs.is_dir():
        return report
    skip = None
    if unpublished.strip():
        import pathspec

        skip = pathspec.GitIgnoreSpec.from_lines(unpublished.splitlines())
    real_docs = os.path.realpath(docs)
    where_docs = _relative(str(docs), Path(root))

    def outside(path: Path) -> bool:
        if path.is_symlink() and not _inside(os.path.realpath(path), real_docs):
            report.add(Loc(_relative(str(path), Path(root))), "file.outside-project",
                       f"path is a link to a place outside {where_docs}/; it was not published",
                       "replace the link with the file itself")
            return True
        return False

    for dirpath, dirnames, filenames in os.walk(docs):  # links to folders are not followed
        here = Path(dirpath)
        rel_dir = here.relative_to(docs).as_posix()
        dirnames[:] = sorted(d for d in dirnames if not editor_file(d)
                             and not (rel_dir == "." and d == "templates")
                             # topics/ and its folders: the loader reports their links
                             and ((d if rel_dir == "." else rel_dir).split("/")[0] == "topics"
                                  or not outside(here / d)))
        for name in sorted(filenames):
            uri = name if rel_dir == "." else f"{rel_dir}/{name}"
            parts = uri.split("/")
            if parts[0] == "topics" and (name.lower().endswith((".yml", ".yaml"))
                                         or (len(parts) >= 4 and parts[2] == "claims")):
                continue  # claim and topic sources: read by the checker, never published
            if editor_file(name) or (skip and skip.match_file(uri)) or outside(here / name):
                continue
            refused = refused_file(uri, trusted)
            where = _relative(str(here / name), Path(root))
            if refused:
                report.add(Loc(where), refused[0], refused[1], refused[2])
            elif PurePosixPath(name.lower()).suffix in PAGE_SUFFIXES:
                try:
                    source = (here / name).read_bytes().decode("utf-8", errors="replace")
                except OSError:
                    continue  # MkDocs reports an unreadable page when it reads it
                front_matter_problems(source, where, report)
    return report
# MkDocs' own front matter pattern (mkdocs.utils.meta.YAML_RE).
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_published_files(files, config, root: Path) -> Report:
    """Links out of the docs folder, and active file types, among the files MkDocs publishes."""
    report = Report()
    docs = os.path.realpath(config.docs_dir)
    if (_inside(os.path.abspath(config.docs_dir), os.path.abspath(root))
            and not _inside(docs, os.path.realpath(root))):
        # The docs folder itself is a link out of the project (content -> /home/runner).
        report.add(Loc(_relative(config.docs_dir, root)), "file.outside-project",
                   "the docs folder is a link to a place outside the project; "
                   "nothing in it was published", "replace the link with the folder itself")
        return report
    trusted = {str(u) for u in list(config.extra_css) + list(config.extra_javascript)}
    for f in files:
        if getattr(f, "inclusion", None) is not None and f.inclusion.is_excluded():
            continue  # exclude_docs: never published
        if f.src_dir is None or os.path.realpath(f.src_dir) != docs:
            continue  # generated by a plugin, or the theme's own
        where = _relative(f.abs_src_path, root)
        if not _inside(os.path.realpath(f.abs_src_path), docs):
            report.add(Loc(where), "file.outside-project",
                       f"path is a link to a place outside {_relative(config.docs_dir, root)}/; "
                       "it was not published", "replace the link with the file itself")
        elif refused := refused_file(f.src_uri, trusted):
            report.add(Loc(where), *refused)
    return report


def _relative(path: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


# Every key a hand-written page's front matter may hold, each a string. Anything else is
# refused (schema.unknown-field): `template` would choose the page's template, `hide`,
# `search`, `status`, `icon` change what the theme draws, and a key the theme does not
# know today may be read by its next version. A mapping or list where a string belongs
# (which Material would print as Python's text of it, unescaped) is schema.type.
FRONT_MATTER = Obj({
    "title": Field(Text(), False, "The page's title (in <title>, the header and the navigation)."),
    "description": Field(Text(), False, "The page's description (in its <meta> tags)."),
    "subtitle": Field(Text(), False, "A subtitle shown in the navigation."),
}, title="a page's front matter")


# Python-Markdown parses a page before the plugin sees it, and some of its rules grow
# faster than their input: link parsing is quadratic in runs of '[' (20,000 took 82 s),
# and the block parser recurses once per level of list or quote nesting (40-90 s and over
# 1 GB). So a page, like a claim field (render/markdown.py), has bounds; past them it is
# refused before it is parsed. A long, real page has a few hundred links and a few levels.
MAX_PAGE_BYTES = 1 << 20  # as a claim or topic file
MAX_PAGE_BRACKETS = 5_000
_PAGE_DEEP_LINE = re.compile(r"^[ \t>*+\-\d.)]{100,}", re.M)


def page_problems(source: str, where: str, report: Report) -> None:
    """A hand-written page past the bounds that keep Markdown's parse linear: reported with
    its line, and refused (the build stops before Python-Markdown reads it)."""
    size = len(source.encode("utf-8"))
    if size > MAX_PAGE_BYTES:
        report.add(Loc(where), "file.page-too-complex",
                   f"the page is {size:,} bytes, over the {MAX_PAGE_BYTES:,} a page may hold",
                   "split it into several pages")
        return
    brackets = source.count("[")
    if brackets > MAX_PAGE_BRACKETS:
        line = source.count("\n", 0, _nth(source, "[", MAX_PAGE_BRACKETS)) + 1
        report.add(Loc(where, line), "file.page-too-complex",
                   f"the page has {brackets:,} '[' characters, over the {MAX_PAGE_BRACKETS:,} "
                   "Markdown can parse in bounded time",
                   "split the page, or write long runs of brackets as `\\[`")
    deep = _PAGE_DEEP_LINE.search(source)
    if deep:
        line = source.count("\n", 0, deep.start()) + 1
        report.add(Loc(where, line), "file.page-too-complex",
                   "a line starts with 100 or more characters of list and quote markers "
                   "(nesting too deep to parse in bounded time)",
                   "flatten the nesting; a page needs a few levels at most")


def _nth(text: str, char: str, n: int) -> int:
    """Where the n-th `char` (from 1) is in `text`."""
    at = -1
    for _ in range(n):
        at = text.index(char, at + 1)
    return at


def front_matter_problems(source: str, where: str, report: Report) -> None:
    """A page's front matter read with the claim loader's rules, then checked against
    FRONT_MATTER; each problem reported with the page, line and column. The page's size
    and nesting are checked too (page_problems)."""
    page_problems(source, where, report)
    m = _FRONT_MATTER.match(source.lstrip("\ufeff"))
    if not m:
        return
    # A newline in front, so that lines count from the file's first line ('---').
    doc = load_yaml(("\n" + m.group(1)).encode("utf-8"), where, report)
    if doc is not None and doc.value is not None:
        Validator(doc, report).check(FRONT_MATTER, doc.value, (), "front matter")


def check_front_matter(page, root: Path) -> Report:
    """The page's front matter read again with the claim loader's rules, against the schema."""
    report = Report()
    source = page.file.content_string if page.file.abs_src_path else ""
    front_matter_problems(source, _relative(page.file.abs_src_path, root), report)
    return report


def escape_meta(meta: dict) -> None:
    """Top-level strings (and strings in top-level lists) as escaped text.

    Only the top level is walked: that is what themes print, and nothing deeper is
    touched, so even a structure that expands hugely is never traversed.
    """
    for key, value in list(meta.items()):
        if isinstance(value, str):
            meta[key] = escape(value)
        elif isinstance(value, list):
            meta[key] = [escape(v) if isinstance(v, str) else v for v in value]
        elif key in FRONT_MATTER.fields and value is not None:
            # MkDocs reads front matter as YAML 1.1 (`title: yes` is True, `2020-01-01` a
            # date) where the schema saw a string: printed as text, escaped all the same.
            meta[key] = escape(str(value))


def escaped_front_matter(source: str) -> str:
    """The page with its front matter's strings escaped (escape_meta), for an engine that
    reads front matter itself and prints it as it is (Zensical). The front matter has been
    checked (front_matter_problems) before this is asked."""
    import yaml

    text = source.lstrip("\ufeff")
    m = _FRONT_MATTER.match(text)
    if not m:
        return source
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return source
    if not isinstance(meta, dict):
        return source
    escape_meta(meta)
    meta = {k: str(v) if hasattr(v, "__html__") else v for k, v in meta.items()}
    return ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"
            + text[m.end():])


def secure_title_and_toc(page, reserved_ids: frozenset[str] = frozenset()) -> None:
    """The page's title and TOC entries as escaped text (themes print both unescaped), and
    the TOC's anchors renamed as sanitize_page renames the ids they point to."""
    if "title" not in page.meta:
        rendered = getattr(page, "_title_from_render", None)  # HTML text of the first <h1>
        title = safe_text(rendered) if rendered else escape(page.title or "")
        if page.is_homepage:
            # Material titles the home page with the site's name alone (and prints
            # page.title only in the header): keep that, with the heading made safe.
            if rendered:
                page._title_from_render = title
        else:
            # A title in meta is printed as it is; without one, Material prints
            # `page.title | striptags`, and striptags decodes &lt;/title&gt; back into markup.
            page.meta["title"] = title
    stack = list(page.toc or [])
    while stack:
        item = stack.pop()
        item.title = safe_text(item.title)
        item.id = safe_id(item.id, reserved_ids)
        stack.extend(item.children)
    if getattr(page, "present_anchor_ids", None):
        page.present_anchor_ids = {safe_id(i, reserved_ids) for i in page.present_anchor_ids}
