"""The preview under `mkdocs serve`: a failed check or build is shown, never a hang.

MkDocs 1.6's server makes every request wait until a rebuild succeeds: a rebuild that
raises leaves the site's "visible" version behind the "wanted" one, so each request
waits for ever (mkdocs/livereload/__init__.py, `_serve_request`), and a failed first
build ends `mkdocs serve` at once (mkdocs/commands/serve.py). Here the server's
builder is wrapped so that a rebuild always finishes: its problems are kept, and
while there are any every page is answered with an error page listing them
(`path:line:col: message` and the hint), served through the server itself so that
its live-reload script comes with it and the next good save brings the site back.
The first build of `mkdocs serve` does not raise on the site's problems (the plugin
records them instead, see `Preview.first_build`), so the server starts and shows them.

`mkdocs build` never comes here: a failed build still fails and publishes nothing.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..diagnostics import Diagnostic, Severity, printable

# Hidden: MkDocs never deletes hidden files from the site folder when it rebuilds.
ERROR_PAGE = ".evidence-preview-error.html"


@dataclass(frozen=True)
class Problem:
    """One line of the error page: where (path:line:col, or empty), what, and a hint."""

    where: str
    message: str
    hint: str | None = None
    severity: str = "error"

    @classmethod
    def from_diagnostic(cls, d: Diagnostic) -> "Problem":
        return cls(str(d.loc), f"{d.severity.value}[{d.code}]: {d.message}", d.hint, d.severity.value)

    @classmethod
    def from_exception(cls, exc: BaseException) -> "Problem":
        text = str(exc).strip() or type(exc).__name__
        if type(exc).__name__ not in ("PluginError", "Abort", "ConfigurationError"):
            text = f"{type(exc).__name__}: {text}"
        return cls("", text, "see the terminal running `mkdocs serve` for the full message")


def problems_of(diagnostics: Iterable[Diagnostic]) -> list[Problem]:
    """Errors first, then warnings, each in file order (notes, which never stop a build,
    are left to the terminal)."""
    items = sorted((d for d in diagnostics if d.severity in (Severity.ERROR, Severity.WARNING)),
                   key=lambda d: (d.severity is not Severity.ERROR, d.loc, d.code))
    return [Problem.from_diagnostic(d) for d in items]


class Preview:
    """The state of the preview across rebuilds: the problems of the last build, if any."""

    def __init__(self) -> None:
        self.pending: list[Problem] = []  # recorded during the build in progress
        self.shown: list[Problem] = []  # the last build's problems, shown on every page
        self.attached = False
        self.site_dir: Path | None = None

    @property
    def first_build(self) -> bool:
        """The build before the server starts: the plugin records problems instead of raising."""
        return not self.attached

    def record(self, problems: Iterable[Problem]) -> None:
        self.pending.extend(problems)

    # -- the server -----------------------------------------------------------

    def attach(self, server) -> None:
        """Wrap the LiveReloadServer's builder and WSGI application (once)."""
        if self.attached:
            return
        self.attached = True
        self.site_dir = Path(server.root)
        build = server.builder

        def guarded_build(*args, **kwargs) -> None:
            self.pending = []
            try:
                build(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - any failure is shown, never a hang
                if not any(p.severity == "error" for p in self.pending):
                    self.pending.append(Problem.from_exception(exc))
            self._settle()

        server.builder = guarded_build
        server.set_app(self._wsgi(server.get_app(), server.mount_path))
        self._settle()

    def replace_pages(self, site_dir: Path) -> None:
        """Write the error page over every page of a site built despite errors."""
        page = error_page(self.pending)
        for file in site_dir.rglob("*.html"):
            file.write_text(page, encoding="utf-8")

    def _settle(self) -> None:
        """Show the build's problems (an error stops the site) or the site again."""
        errors = any(p.severity == "error" for p in self.pending)
        self.shown = list(self.pending) if errors else []
        self.pending = []
        if self.site_dir is None:
            return
        page = self.site_dir / ERROR_PAGE
        if self.shown:
            tmp = page.with_name(page.name + ".tmp")
            tmp.write_text(error_page(self.shown), encoding="utf-8")
            os.replace(tmp, page)
        else:
            page.unlink(missing_ok=True)

    def _wsgi(self, serve: Callable, mount_path: str) -> Callable:
        error_path = mount_path.rstrip("/") + "/" + ERROR_PAGE

        def app(environ, start_response):
            if environ.get("PATH_INFO", "").startswith("/livereload/"):
                return serve(environ, start_response)
            response: dict = {}

            def keep(status, headers, exc_info=None):
                response["status"], response["headers"] = status, headers

            # The server waits for a build in progress before it answers, so what is
            # shown below is the state that build left.
            body = serve(environ, keep)
            if self.shown and _is_page(response.get("headers", [])):
                close = getattr(body, "close", None)
                if close:
                    close()
                body = serve(dict(environ, PATH_INFO=error_path), keep)
                response["status"] = "500 Internal Server Error"
                response["headers"] = [(k, v) for k, v in response["headers"]
                                       if k.lower() != "cache-control"] + [("Cache-Control", "no-store")]
            start_response(response["status"], response["headers"])
            return body

        return app


def _is_page(headers: list[tuple[str, str]]) -> bool:
    return any(k.lower() == "content-type" and v.lower().startswith("text/html") for k, v in headers)


# -- the page -------------------------------------------------------------------

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
header{background:#b00020;color:#fff;padding:1rem 1.5rem}
header h1{margin:0;font-size:1.3rem}
main{padding:1rem 1.5rem;max-width:70rem}
ol{padding-left:1.5rem}
li{margin:.6rem 0}
code{font:14px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}
.hint{display:block;color:#444}
.warning code{color:#7a4b00}
"""


def error_page(problems: list[Problem]) -> str:
    """A page listing each problem; every piece of it is escaped (it quotes content)."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    count = f"{errors} error{'s' if errors != 1 else ''}" + (
        f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else "")
    items = []
    for p in problems:
        where = f"{_text(p.where)}: " if p.where else ""
        hint = f'<span class="hint">hint: {_text(p.hint)}</span>' if p.hint else ""
        items.append(f'<li class="{_text(p.severity)}"><code>{where}{_text(p.message)}</code>{hint}</li>')
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>Preview stopped: {count}</title><style>{_STYLE}</style></head>\n<body>"
        f"<header role=\"alert\" id=\"evidence-preview-error\"><h1>The preview is not up to date: "
        f"{count}</h1></header>\n<main><p>The last save could not be built, so no page is shown "
        "until these are fixed. Save a fix and this page reloads by itself; "
        "<code>evidence check</code> lists the same problems.</p>\n"
        f"<ol>\n{chr(10).join(items)}\n</ol></main>\n</body></html>\n"
    )


def _text(value: str) -> str:
    return html.escape(printable(value), quote=True)
