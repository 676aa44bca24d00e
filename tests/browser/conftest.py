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


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that stops reading (a page left mid-load) is not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class _PagesHandler(_QuietHandler):
    """A host as GitHub Pages is for a project site: the site lives under a sub-path, and any
    missing path is answered with the site's 404.html and status 404."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        bare = urlparse(path).path
        if not bare.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def serve():
    """serve(directory) -> base URL of a static server on 127.0.0.1, stopped at session end."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = _QuietServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# The mkdocs command line, with `site_url` set from the test: mkdocs.yml leaves it unset (or
# reads it from the deployment), and the command line has no option for it.
_BUILD_WITH_SITE_URL = """
import sys
from mkdocs import config
from mkdocs.__main__ import cli
site_url = sys.argv.pop(1)
load_config = config.load_config
config.load_config = lambda **kwargs: load_config(**kwargs, site_url=site_url)
sys.argv[0] = "mkdocs"
cli()
"""


def build_site(project: Path, site_dir: Path, site_url: str | None = None) -> Path:
    """Build a project with the real MkDocs build (strict), as `make site` does; with
    site_url, as a deployment that sets it does. The build's log is kept beside the site
    (site_dir + '.log'), so that tests can read what it said."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764028800", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs"]
    if site_url is not None:
        env["SITE_URL"] = site_url
        command = [sys.executable, "-c", _BUILD_WITH_SITE_URL, site_url]
    result = subprocess.run(
        [*command, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    site_dir.with_name(site_dir.name + ".log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's own site, built once per test session (per worker)."""
    return build_site(REPO, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def site_url(built_site, serve) -> str:
    return serve(built_site)


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory):
    """(base URL, site folder): the repository's site built with site_url under a sub-path,
    served there by a host that answers missing paths with 404.html (as GitHub Pages does).
    The port is taken before the build, since site_url must name it."""
    prefix = "/sub/"
    handler = type("Handler", (_PagesHandler,), {"prefix": prefix})
    server = _QuietServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    site = build_site(REPO, tmp_path_factory.mktemp("subpath") / "site", site_url=url)
    server.RequestHandlerClass = functools.partial(handler, directory=str(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url, site
    server.shutdown()
    server.server_close()


@dataclass
class Watch:
    """What a page did that a reader's browser should never see."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)  # on 127.0.0.1: 4xx, 5xx or none

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []
        assert self.offsite_requests == []
        assert self.failed_requests == []


@pytest.fixture
def open_page(browser):
    """open_page(url, viewport=DESKTOP, dark=False) -> (page, watch). Requests off 127.0.0.1
    are blocked and recorded. dark: the reader's system prefers a dark scheme, so Material
    opens in its dark palette ("slate"); it keeps the scheme it first chose in localStorage,
    so the preference must be there before the first load, in a fresh context."""
    contexts = []

    def opener(url: str, viewport: dict = DESKTOP, dark: bool = False):
        context = browser.new_context(viewport=viewport, service_workers="block",
                                      color_scheme="dark" if dark else "light")
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
        page.on("response", lambda r: r.status >= 400 and watch.failed_requests.append(f"{r.status} {r.url}"))
        # A request cut short because the page moved on (ERR_ABORTED) is no failure.
        page.on("requestfailed", lambda r: urlparse(r.url).hostname == "127.0.0.1"
                and "ERR_ABORTED" not in (r.failure or "")
                and watch.failed_requests.append(f"{r.failure} {r.url}"))

        def on_dialog(d):
            watch.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url, wait_until="networkidle")
        scheme = page.evaluate("() => document.body && document.body.dataset.mdColorScheme")
        if scheme is not None:  # a Material page, in the scheme asked for
            assert scheme == ("slate" if dark else "default"), f"{url}: colour scheme {scheme}"
        return page, watch

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
