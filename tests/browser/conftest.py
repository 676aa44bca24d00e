"""Real-browser fixtures: Debian's Chromium driven by Playwright, against sites served on 127.0.0.1.

Without Chromium the browser tests skip and say why; with EVIDENCE_REQUIRE_BROWSER=1
(as .ci/run sets) a missing browser fails them instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
OUTPUT = Path(os.environ.get("EVIDENCE_TEST_OUTPUT", REPO / "test-output"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]
DESKTOP = {"width": 1366, "height": 900}

# page.evaluate(REACHED, id): the element reached through a fragment matches :target, and its
# top edge is on screen and not hidden under Material's fixed header.
REACHED = """id => {
  const el = document.getElementById(id);
  if (!el || !el.matches(':target')) return false;
  const r = el.getBoundingClientRect();
  const header = document.querySelector('.md-header');
  const top = header ? header.getBoundingClientRect().bottom : 0;
  return r.top >= top - 2 && r.top < window.innerHeight - 10;
}"""
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("EVIDENCE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here but cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        _unavailable("Chromium not found; install Debian's package: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.lock
        _unavailable("playwright is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(directory) -> base URL of a static server on 127.0.0.1, stopped at session end."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def build_site(project: Path, site_dir: Path) -> Path:
    """Build a project with the real MkDocs build (strict), as `make site` does."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764028800", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir)], capture_output=True, text=True, env=env, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's own site, built once per test session (per worker)."""
    return build_site(REPO, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def site_url(built_site, serve) -> str:
    return serve(built_site)


@dataclass
class Watch:
    """What a page did that a reader's browser should never see."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []
        assert self.offsite_requests == []


@pytest.fixture
def open_page(browser):
    """open_page(url, viewport=DESKTOP) -> (page, watch). Requests off 127.0.0.1 are blocked and recorded."""
    contexts = []

    def opener(url: str, viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport, service_workers="block")
        contexts.append(context)
        watch = Watch()

        def route(r):
            host = urlparse(r.request.url).hostname
            if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                r.continue_()
            else:
                watch.offsite_requests.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))

        def on_dialog(d):
            watch.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url, wait_until="networkidle")
        return page, watch

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
