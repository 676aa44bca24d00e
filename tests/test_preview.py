"""`mkdocs serve` never hangs: a failed check or build answers every page with an error page
listing each problem (file:line, message, hint), and the next good save brings the site back.
The real server, in a subprocess, on a copy of a fixture site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from serving import serve

SITES = Path(__file__).parent / "sites"
CLAIM = "content/topics/sleep/claims/chamomile.yml"
TYPO = "content/topics/sleep/claims/chamomile.yml:8:11: error[citation.unknown-key]"

pytestmark = pytest.mark.xdist_group("serve")


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITES / "site_small", root, ignore=shutil.ignore_patterns("site"))
    return root


def edit(root: Path, old: str, new: str) -> None:
    file = root / CLAIM
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def is_site(response) -> bool:
    return response.status == 200 and 'data-claim-id="chamomile"' in response.body


def is_error_page(response) -> bool:
    return response.status == 500 and 'id="evidence-preview-error"' in response.body


def test_a_bad_save_shows_the_problems_on_every_page_and_a_good_one_restores_the_site(site):
    with serve(site) as served:
        served.wait_for("topics/sleep/", is_site)
        edit(site, "cite: adib2019sleep", "cite: adib2019slep")
        page, took = served.wait_for("topics/sleep/", is_error_page)
        print(f"save to error page: {took:.2f} s")
        assert TYPO in page.body
        assert "hint: did you mean &#x27;adib2019sleep&#x27;?" in page.body
        assert "/livereload/" in page.body  # the page reloads itself on the next build
        for path in ("", "methodology/", "topics/sleep/chamomile/", "no/such/page/"):
            assert is_error_page(served.get(path)), path

        edit(site, "cite: adib2019slep", "cite: adib2019sleep")
        page, took = served.wait_for("topics/sleep/", is_site)
        print(f"save to restored site: {took:.2f} s")
        assert "evidence-preview-error" not in page.body
        assert served.get("methodology/").status == 200


def test_the_error_page_escapes_what_it_quotes(site):
    with serve(site) as served:
        served.wait_for("topics/sleep/", is_site)
        edit(site, "verdict: mixed", 'verdict: "<img src=x onerror=alert(1)>"')
        page, _ = served.wait_for("topics/sleep/", is_error_page)
        assert "content/topics/sleep/claims/chamomile.yml:4:10: error[schema.enum]" in page.body
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.body
        assert "<img" not in page.body


def test_a_template_error_in_a_page_is_shown_with_its_page_and_line(site):
    with serve(site) as served:
        served.wait_for("topics/sleep/", is_site)
        with (site / "content/methodology.md").open("a", encoding="utf-8") as page:
            page.write("\n{{ no_such_macro() }}\n")
        page, _ = served.wait_for("methodology/", is_error_page)
        assert "methodology.md: template error" in page.body
        assert "Aborted with a BuildError" not in page.body


def test_started_with_an_error_it_serves_the_error_page_then_the_site(site):
    edit(site, "cite: adib2019sleep", "cite: adib2019slep")
    with serve(site) as served:
        page, _ = served.wait_for("", is_error_page)
        assert TYPO in page.body
        assert is_error_page(served.get("topics/sleep/"))
        assert "the site has errors: every page of" in served.output()

        edit(site, "cite: adib2019slep", "cite: adib2019sleep")
        served.wait_for("topics/sleep/", is_site)
        assert served.get("").status == 200


def test_without_live_reload_a_start_with_an_error_still_shows_only_the_problems(site):
    edit(site, "cite: adib2019sleep", "cite: adib2019slep")
    with serve(site, "--no-livereload") as served:
        for path in ("", "methodology/", "no/such/page/"):
            page, _ = served.wait_for(path, lambda r: 'id="evidence-preview-error"' in r.body)
            assert TYPO in page.body, path


def test_mkdocs_build_still_fails_and_publishes_nothing(site):
    edit(site, "cite: adib2019sleep", "cite: adib2019slep")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "out"], cwd=site,
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 1
    assert TYPO.replace(": error", ": error", 1) in build.stderr
    assert not (site / "out").exists()
