"""A hand-written page cannot replace the theme's configuration (issue 12, point 2), in
Chromium: an element with id __config (and __search, md- and plugin ids) in a page is
renamed user-content-..., so Material reads its own settings, asks for no versions file,
runs nothing, and the page's own in-page links still land on their targets."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import build_site

SMALL = Path(__file__).parents[1] / "sites" / "site_small"
CLOBBER = {"base": "https://evil.example/", "features": [], "search": "x.js", "tags": None,
           "translations": {}, "version": {"provider": "mike", "default": "latest"}}


def test_an_element_with_id_config_does_not_replace_the_themes(browser, serve, tmp_path):
    import json

    root = tmp_path / "project"
    shutil.copytree(SMALL, root, ignore=shutil.ignore_patterns("site", "site.*"))
    (root / "content/methodology.md").write_text(
        "# Methodology\n\n[down](#__config)\n\n" + "filler\n\n" * 80 +
        f"<div id=\"__config\">{json.dumps(CLOBBER)}</div>\n\n"
        '<p id="__search">s</p> <p id="md-header">h</p>\n', encoding="utf-8")
    site = build_site(root, tmp_path / "site")
    base = serve(site)
    page = browser.new_page()
    dialogs, errors, requests = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(base + "methodology/", wait_until="load")
        page.wait_for_timeout(300)
        config = page.evaluate("""() => {
            const el = document.getElementById('__config');
            return {tag: el.tagName, text: el.textContent,
                    count: document.querySelectorAll('[id="__config"]').length,
                    renamed: !!document.getElementById('user-content-__config')};
        }""")
        assert config["tag"] == "SCRIPT" and config["count"] == 1 and config["renamed"], config
        assert "evil.example" not in config["text"] and "mike" not in config["text"]
        assert not any("versions.json" in u or "evil.example" in u for u in requests), requests
        assert dialogs == [] and errors == [], (dialogs, errors)
        page.click("article a[href='#user-content-__config']")
        page.wait_for_timeout(200)
        assert page.evaluate("location.hash") == "#user-content-__config"
        assert page.evaluate("window.scrollY") > 0
    finally:
        page.close()
