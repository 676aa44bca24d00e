"""Nothing lost: a build that meets hostile content fails, names why, and leaves the last
good site as it was, byte for byte. Hand-written pages and the other files of the docs
folder are content too: the sandbox, the front matter and the file checks stop them."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from builds import (  # noqa: E402
    EPOCH, SMALL, build_good_site, copy_small, failed_build_errors, run_build,
)


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    return build_good_site(tmp_path_factory)


def _claim(root: Path, text: str) -> None:
    (root / "content/topics/sleep/claims/chamomile.yml").write_text(text, encoding="utf-8")


def _symlink(path: Path, target: str) -> None:
    path.symlink_to(target)


def _docs_folder_link(root: Path, topics: bool = True) -> None:
    """content/ replaced by a link to a folder outside the project (a home directory)."""
    outside = root.parent / "home"
    shutil.move(str(root / "content"), str(outside))
    if not topics:
        shutil.rmtree(outside / "topics")
    (outside / "secret.txt").write_text("TOPSECRET")
    (root / "content").symlink_to(outside)


def _git_config(root: Path) -> None:
    (root / ".git").mkdir()
    (root / ".git/config").write_text("[http]\n\textraheader = AUTHORIZATION: basic secret\n")


CHAMOMILE = (SMALL / "content/topics/sleep/claims/chamomile.yml").read_text(encoding="utf-8")

# What an attacker's pull request changes; the diagnostic code the failed build gives (None:
# a template error) and the text its message holds.
BREAKS = {
    "claim-tag-pattern": (
        lambda r: _claim(r, CHAMOMILE + "tags:\n  - \"<script>alert(1)</script>\"\n"),
        "schema.type", ""),
    "claim-link-outside": (
        lambda r: _symlink(r / "content/topics/sleep/claims/passwd.yml", "/etc/passwd"),
        "file.outside-project", ""),
    "yaml-alias": (
        lambda r: _claim(r, CHAMOMILE.replace("caveats:\n", "caveats: &a\n") + "tags: *a\n"),
        "yaml.alias", ""),
    "page-sandbox-dunder": (
        lambda r: (r / "content/index.md").write_text("# Home\n\n{{ ''.__class__.__mro__ }}\n"),
        None, "SecurityError: access to attribute '__class__' of 'str' object is unsafe"),
    "page-sandbox-function-globals": (
        lambda r: (r / "content/index.md").write_text("# Home\n\n{{ claim.__globals__ }}\n"),
        None, "SecurityError: access to attribute '__globals__' of 'function' object is unsafe"),
    "page-front-matter-alias": (
        lambda r: (r / "content/methodology.md").write_text(
            "---\na: &a [x, x]\nb: [*a, *a]\n---\n# Methodology\n"),
        "yaml.alias", "content/methodology.md:2:4: "),
    "page-front-matter-tag": (
        lambda r: (r / "content/methodology.md").write_text(
            "---\ntitle: !!python/name:os.system\n---\n# Methodology\n"),
        "yaml.tag", "content/methodology.md:2:8: "),
    "static-html": (
        lambda r: (r / "content/evil.html").write_text("<script>alert(1)</script>"),
        "file.active-content", "content/evil.html:1:1: "),
    "static-svg": (
        lambda r: (r / "content/logo.svg").write_text("<svg onload='alert(1)'/>"),
        "file.active-content", "content/logo.svg:1:1: "),
    "static-link-outside": (
        lambda r: _symlink(r / "content/passwd.txt", "/etc/passwd"),
        "file.outside-project", "content/passwd.txt:1:1: "),
    "docs-folder-link": (
        lambda r: _docs_folder_link(r),
        "file.outside-project", "content/topics:1:1: "),  # the checker sees it first
    "docs-folder-link-no-topics": (
        lambda r: _docs_folder_link(r, topics=False),
        "file.outside-project", "content:1:1: "),  # then the plugin, before a page is written
    "page-quadratic-brackets": (  # 82 s of Markdown link parsing, were it parsed
        lambda r: (r / "content/methodology.md").write_text("# Methodology\n\n" + "[" * 20_000),
        "file.page-too-complex", "content/methodology.md:3:1: "),
    "page-deep-nesting": (
        lambda r: (r / "content/methodology.md").write_text(
            "# Methodology\n\n" + "\n".join("    " * i + "- x" for i in range(200))),
        "file.page-too-complex", "content/methodology.md:28:1: "),  # 25 levels: 100 characters
    "static-link-to-git": (
        lambda r: _git_config(r) or _symlink(r / "content/config.txt", "../.git/config"),
        "file.outside-project", "content/config.txt:1:1: "),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_failed_build_keeps_the_last_good_site(name, good_site, tmp_path, caplog):
    root = copy_small(tmp_path)
    breaks, code, text = BREAKS[name]
    breaks(root)
    errors = failed_build_errors(root, good_site, tmp_path, caplog)
    expected = f"{text}error[{code}]" if code else text
    assert any(expected in e for e in errors), errors


def test_pages_stay_safe_when_they_build(tmp_path, caplog):
    """Raw HTML, script links and a hostile title in a hand-written page build, inert."""
    root = copy_small(tmp_path)
    (root / "content/methodology.md").write_text(
        "---\ndescription: 'x\" onmouseover=\"alert(1)'\nsubtitle: <img src=x onerror=alert(2)>\n---\n"
        "# &lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;\n\n"
        "## <img src=x onerror=alert(4)> heading\n\n"
        "[a](javascript:alert(5)) <details open ontoggle=alert(6)>d</details>\n\n"
        "<script>alert(7)</script>\n\n| a |\n|:-:|\n| b |\n\n!!! note\n    kept\n", encoding="utf-8")
    home = (root / "content/index.md").read_text(encoding="utf-8")
    (root / "content/index.md").write_text(
        home.replace("# Small evidence site", "# Home &lt;/title&gt;&lt;script&gt;alert(8)&lt;/script&gt;"),
        encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        run_build(root, tmp_path / "site")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    page = (tmp_path / "site/methodology/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt; - Small evidence site</title>" in page
    assert '<meta name="description" content="x&#34; onmouseover=&#34;alert(1)">' in page
    assert "<small>&lt;img src=x onerror=alert(2)&gt;</small>" in page
    assert "<script>alert(" not in page and "onerror=alert(4)" not in page
    assert '<a>a</a>' in page and "ontoggle" not in page
    assert '<th style="text-align:center">a</th>' in page
    assert '<div class="admonition note">' in page
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "<small>&lt;img src=x onerror=alert(2)&gt;</small>" in home  # in the nav
    assert "<script>alert(3)" not in home and "<img src=x onerror=alert(2)>" not in home
    assert "<title>Small evidence site</title>" in home  # the home page keeps the site's name
    assert "Home &lt;/title&gt;&lt;script&gt;alert(8)&lt;/script&gt;" in home
    assert "<script>alert(8)" not in home
