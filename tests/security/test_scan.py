"""The scanner sees what the second round of attacks would leave in a built site: a
clobbering id, a published file of a refused type, the plugin's stylesheet replaced.

Each is planted in a copy of a clean build; the scanner must name each one, and nothing
in the clean build itself.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

sys.path.insert(0, str(Path(__file__).parent))
from scan import scan_site  # noqa: E402

SMALL = Path(__file__).parents[1] / "sites" / "site_small"


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("scan") / "project"
    shutil.copytree(SMALL, root, ignore=shutil.ignore_patterns("site", "site.*"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1780272000")
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        build(load_config(config_file=str(root / "mkdocs.yml"), strict=True,
                          site_dir=str(root / "site")))
    return root / "site"


def test_a_clean_build_has_no_finding(clean_site):
    assert [str(f) for f in scan_site(clean_site).findings] == []


def test_the_scanner_sees_clobbering_refused_files_and_a_replaced_stylesheet(clean_site, tmp_path):
    site = Path(shutil.copytree(clean_site, tmp_path / "site"))
    page = site / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<div id="__config">{}</div></article>', 1),
                    encoding="utf-8")
    (site / "versions.json").write_text('[{"title": "<img src=x>"}]', encoding="utf-8")
    (site / "page.xht").write_text("<x/>", encoding="utf-8")
    css = site / "assets" / "evidencekit.css"
    css.write_text(css.read_text(encoding="utf-8") + ".ek-verdict::after{content:'ok'}",
                   encoding="utf-8")
    found = sorted(str(f) for f in scan_site(site).findings)
    assert found == [
        "assets/evidencekit.css: the plugin's stylesheet replaced",
        "index.html: an element with id '__config' besides the theme's",
        "page.xht: a published .xht file",
        "versions.json: a published .json file",
    ]
