"""Hand-written pages and the docs folder's other files (issue 12): no clobbering of the
ids the theme and the plugin read, an allowlist of published files, front matter by schema."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from evidencekit.render.markdown import ID_PREFIX, safe_id, sanitize_page

sys.path.insert(0, str(Path(__file__).parent))
from builds import EPOCH, build_good_site, copy_small, failed_build_errors, run_build  # noqa: E402

MATERIAL = Path(__import__("material").__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def material_ids() -> set[str]:
    """The ids Material's templates write and its bundle looks up."""
    ids = set()
    for f in MATERIAL.rglob("*.html"):
        ids |= set(re.findall(r'id="(__[a-z_]+)', f.read_text(encoding="utf-8")))
    for f in (MATERIAL / "assets" / "javascripts").glob("bundle*.js"):
        ids |= set(re.findall(r'"#(__[a-z_]+)"', f.read_text(encoding="utf-8")))
    return ids


def test_material_ids_found():
    ids = material_ids()
    assert {"__config", "__search", "__drawer", "__toc", "__palette_"} <= ids, ids


@pytest.mark.parametrize("name", sorted(material_ids()) + [
    "__palette_0", "__nav_1", "__codelineno-0-1", "md-header", "MD-sidebar", "md_x", "ek_top",
    "ek-x", "term_grade", "ref_smith2020", "user-content-x", "a b", "", "é"])
def test_theme_and_plugin_ids_are_prefixed(name):
    assert safe_id(name) == ID_PREFIX + name
    html = sanitize_page(f'<div id="{name}">x</div><a href="#{name}">l</a>')
    assert not re.search(r'id="(?!user-content-)', html), html


def test_plain_ids_and_links_kept():
    html = sanitize_page('<h2 id="intro-2">I</h2><a href="#intro-2">i</a><a href="x/#__config">o</a>')
    assert html == '<h2 id="intro-2">I</h2><a href="#intro-2">i</a><a href="x/#__config">o</a>'


def test_claim_ids_reserved():
    html = sanitize_page('<p id="chamomile">c</p><a href="#chamomile">c</a>', frozenset({"chamomile"}))
    assert html == '<p id="user-content-chamomile">c</p><a href="#user-content-chamomile">c</a>'


def test_built_page_cannot_replace_the_theme_config(tmp_path):
    root = copy_small(tmp_path)
    (root / "content/methodology.md").write_text(
        "# Methodology\n\n## __config\n\n[to it](#__config) [to search](#__search)\n\n"
        '<div id="__config">{"base": "https://evil.example", "version": {"provider": "mike"}}</div>\n\n'
        '<p id="__search" name="__drawer">s</p><img id="md-header" src="x.png">\n\n'
        '<span id="chamomile">c</span> <span id="ek_top">t</span>\n', encoding="utf-8")
    site = tmp_path / "site"
    run_build(root, site)
    html = (site / "methodology/index.html").read_text(encoding="utf-8")
    # Exactly one element with id __config: the theme's own script, and it is the theme's JSON.
    configs = re.findall(r'<[^>]*\bid="__config"[^>]*>', html)
    assert configs == ['<script id="__config" type="application/json">'], configs
    assert 'id="user-content-__config"' in html and 'href="#user-content-__config"' in html
    assert 'href="#user-content-__search"' in html
    for bad in ("__search", "md-header", "chamomile", "ek_top"):
        assert f'id="user-content-{bad}"' in html
    assert 'name="__drawer"' not in html
    assert html.count('id="__search"') == 1  # the theme's own
    assert html.count('id="__drawer"') == 1
    assert 'id="md-header"' not in html



def test_links_to_other_pages_renamed_only_when_a_hand_written_page_holds_the_id():
    pages = frozenset({"index.html", "about.html", "guides/reading.html"})
    html = sanitize_page(
        '<a href="about.html#__x">a</a><a href="index.html#md-y">h</a><a href="about.html#ok">o</a>'
        '<a href="topics/sleep.html#__x">t</a><a href="files/paper.pdf#page=2">p</a>'
        '<a href="https://example.org/about.html#__x">e</a>', frozenset(), "guides.html", pages)
    assert html == (
        '<a href="about.html#user-content-__x">a</a><a href="index.html#user-content-md-y">h</a>'
        '<a href="about.html#ok">o</a><a href="topics/sleep.html#__x">t</a>'
        '<a href="files/paper.pdf#page=2">p</a>'
        '<a href="https://example.org/about.html#__x">e</a>')


def _ids_and_links(html: str) -> tuple[set[str], list[str]]:
    """The ids of a built page's elements and the hrefs of its links, as a browser reads them."""
    ids, hrefs = set(), []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if attrs.get("id"):
                ids.add(attrs["id"])
            if tag == "a" and attrs.get("href"):
                hrefs.append(attrs["href"])

    Parser().feed(html)
    return ids, hrefs


def test_links_to_renamed_ids_on_other_pages_land_on_them(tmp_path):
    """A hand-written page's link to an id on another hand-written page is renamed as that
    id is (`__config`, a claim's id), a plain id stays plain, and a link to an id on the
    plugin's own pages (never renamed) stays as written: each lands on an element."""
    root = copy_small(tmp_path)
    (root / "content/methodology.md").write_text(
        "# Methodology\n\n## __config\n\n## Limits\n\n<span id=\"chamomile\">c</span>\n\n"
        "[own](#__config) [self by path](methodology.md#chamomile)\n", encoding="utf-8")
    (root / "content/guides").mkdir()
    (root / "content/guides/reading.md").write_text(
        "# Reading\n\n[config](../methodology.md#__config) [claim id](../methodology.md#chamomile) "
        "[plain](../methodology.md#limits) [claim card](../topics/sleep/index.md#chamomile)\n",
        encoding="utf-8")
    site = tmp_path / "site"
    run_build(root, site)
    ids = {page: _ids_and_links((site / page / "index.html").read_text(encoding="utf-8"))[0]
           for page in ("methodology", "topics/sleep")}
    _, links = _ids_and_links((site / "guides/reading/index.html").read_text(encoding="utf-8"))
    fragments = [(urljoin("/guides/reading/", path).strip("/"), fragment)
                 for path, _, fragment in (h.partition("#") for h in links)
                 if fragment and path and not path.startswith("http")]
    assert fragments == [("methodology", "user-content-__config"),
                         ("methodology", "user-content-chamomile"),
                         ("methodology", "limits"), ("topics/sleep", "chamomile")], fragments
    for page, fragment in fragments:
        assert fragment in ids[page], (page, fragment)
    _, own = _ids_and_links((site / "methodology/index.html").read_text(encoding="utf-8"))
    assert {"#user-content-__config", "./#user-content-chamomile"} <= set(own), own
    assert "user-content-__config" in ids["methodology"]
    assert "user-content-chamomile" in ids["methodology"]


# -- an allowlist of published files: each refused class stops the build, site kept ---------

@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    return build_good_site(tmp_path_factory)


REFUSED = {
    # path in content/: (its text, the code)
    "evil.xht": ("<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(1)</script></html>",
                 "file.active-content"),
    "feed.rss": ("<rss/>", "file.active-content"),
    "style.css": ("body{display:none}", "file.active-content"),
    "app.mjs": ("alert(1)", "file.active-content"),
    "versions.json": ('[{"version": "<img src=x onerror=alert(1)>", "title": "x"}]',
                      "file.active-content"),
    "logo.svg": ("<svg onload='alert(1)'/>", "file.active-content"),
    "notes.txt": ("<script>alert(1)</script>", "file.active-content"),
    "data.unknownsuffix": ("x", "file.active-content"),
    "assets/evidencekit.css": (".ek-badge::after{content:'Supported'}", "file.reserved-path"),
    "claims.json": ("[]", "file.reserved-path"),
    "claims.csv": ("=HYPERLINK(\"http://evil\")", "file.reserved-path"),
    "references.md": ("# References\n\nfake\n", "file.reserved-path"),
    "topics/sleep.md": ("# Sleep\n\nfake\n", "file.reserved-path"),
    "topics/sleep/index.md": ("# Sleep\n\nfake\n", "file.reserved-path"),
    "corrections/index.md": ("# Corrections\n\nnone\n", "file.reserved-path"),
}


@pytest.mark.parametrize("path", sorted(REFUSED))
def test_refused_file_stops_the_build_and_keeps_the_site(path, good_site, tmp_path, caplog):
    root = copy_small(tmp_path)
    text, code = REFUSED[path]
    (root / "content" / path).parent.mkdir(parents=True, exist_ok=True)
    (root / "content" / path).write_text(text, encoding="utf-8")
    errors = failed_build_errors(root, good_site, tmp_path, caplog)
    assert any(f"content/{path}:1:1: error[{code}]" in e for e in errors), errors


def test_refused_at_check_time_too(tmp_path):
    from click.testing import CliRunner

    from evidencekit.cli import main

    root = copy_small(tmp_path)
    (root / "content/versions.json").write_text("[]", encoding="utf-8")
    (root / "content/assets").mkdir()
    (root / "content/assets/evidencekit.css").write_text("x", encoding="utf-8")
    (root / "content/img.png").write_bytes(b"\x89PNG")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "content/versions.json:1:1: error[file.active-content]" in result.stdout
    assert "content/assets/evidencekit.css:1:1: error[file.reserved-path]" in result.stdout
    assert "img.png" not in result.stdout


def test_trusted_extra_css_is_published(tmp_path):
    """A stylesheet mkdocs.yml names (code, under review) is still published."""
    root = copy_small(tmp_path)
    (root / "content/extra.css").write_text("body{}", encoding="utf-8")
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "extra_css:\n  - extra.css\n", encoding="utf-8")
    run_build(root, tmp_path / "site")
    assert (tmp_path / "site/extra.css").is_file()


# -- front matter by schema ------------------------------------------------------------------

FRONT = {
    "mapping-title": ('---\ntitle:\n  "<script>alert(1)</script>": x\n---\n# M\n',
                      "content/methodology.md:3:3: error[schema.type]"),
    "list-description": ("---\ndescription: [a, '<img src=x onerror=alert(1)>']\n---\n# M\n",
                         "content/methodology.md:2:14: error[schema.type]"),
    "template": ("---\ntemplate: main.html\n---\n# M\n",
                 "content/methodology.md:2:1: error[schema.unknown-field]"),
    "hide": ("---\nhide:\n  - navigation\n---\n# M\n",
             "content/methodology.md:2:1: error[schema.unknown-field]"),
}


@pytest.mark.parametrize("name", sorted(FRONT))
def test_front_matter_outside_the_schema_stops_the_build(name, good_site, tmp_path, caplog):
    root = copy_small(tmp_path)
    text, expected = FRONT[name]
    (root / "content/methodology.md").write_text(text, encoding="utf-8")
    errors = failed_build_errors(root, good_site, tmp_path, caplog)
    assert any(expected in e for e in errors), errors


def test_front_matter_strings_reach_the_page_escaped(tmp_path):
    root = copy_small(tmp_path)
    (root / "content/methodology.md").write_text(
        "---\ntitle: \"</title><script>alert(1)</script>\"\ndescription: 'x\" onload=\"alert(2)'\n"
        "subtitle: <img src=x onerror=alert(3)>\n---\n# M\n", encoding="utf-8")
    run_build(root, tmp_path / "site")
    html = (tmp_path / "site/methodology/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert 'onload="alert(2)' not in html
    assert "<img src=x" not in html


def test_files_mkdocs_yml_excludes_are_not_refused(tmp_path):
    """exclude_docs and draft_docs are never published by a build: the check leaves them."""
    from click.testing import CliRunner

    from evidencekit.cli import main

    root = copy_small(tmp_path)
    (root / "content/drafts").mkdir()
    (root / "content/drafts/notes.txt").write_text("x", encoding="utf-8")
    (root / "content/wip.txt").write_text("x", encoding="utf-8")
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "exclude_docs: |\n  drafts/\n"
                   "draft_docs: |\n  wip.txt\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.stdout
    run_build(root, tmp_path / "site")
    assert not (tmp_path / "site/wip.txt").exists()
