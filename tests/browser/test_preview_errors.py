"""In a real browser, `mkdocs serve`'s preview turns into the error page by itself when a
save breaks a claim, and back into the site when the next save fixes it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/serving.py
from serving import serve  # noqa: E402

SITES = Path(__file__).resolve().parents[1] / "sites"
CLAIM = "content/topics/sleep/claims/chamomile.yml"

pytestmark = pytest.mark.xdist_group("serve")


def edit(root: Path, old: str, new: str) -> None:
    file = root / CLAIM
    file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_the_open_page_shows_the_problems_then_the_site_again(browser, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITES / "site_small", root, ignore=shutil.ignore_patterns("site"))
    with serve(root) as served:
        served.wait_for("topics/sleep/", lambda r: r.status == 200)
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(served.url + "topics/sleep/", wait_until="load")
        assert page.locator('[data-claim-id="chamomile"]').first.is_visible()

        # a bad save: the open page reloads into the error page, without a click
        edit(root, "cite: adib2019sleep", 'cite: "<img src=x onerror=alert(1)>"')
        banner = page.locator("#evidence-preview-error")
        banner.wait_for(state="visible", timeout=20_000)
        assert banner.inner_text().strip() == "The preview is not up to date: 1 error"
        text = page.locator("main").inner_text()
        assert "content/topics/sleep/claims/chamomile.yml:8:11: error[schema.type]: 'cite'" in text
        assert "<img src=x onerror=alert(1)>" in text  # shown as text, never run
        assert page.locator("main img").count() == 0 and dialogs == []
        box = banner.bounding_box()
        assert box and box["y"] < 50 and box["height"] > 20  # at the top, where it is seen

        # the next good save: the same tab is the site again
        edit(root, 'cite: "<img src=x onerror=alert(1)>"', "cite: adib2019sleep")
        page.locator('[data-claim-id="chamomile"]').first.wait_for(state="visible", timeout=20_000)
        assert page.locator("#evidence-preview-error").count() == 0
        context.close()
