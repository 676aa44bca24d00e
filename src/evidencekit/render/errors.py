"""A template or macro error as one line naming the page, and the template and line it comes from.

Every engine's adapter stops the build with this line (never a traceback)."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from .pages import MacroError


def template_error(page: str, exc: Exception, root: Path) -> str:
    """Name the page, and the template and line the error comes from."""
    if isinstance(exc, MacroError):
        return f"{page}: {exc}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        place = f"{_short_path(exc.filename, root) if exc.filename else page}:{exc.lineno}"
        return f"{page}: template syntax error in {place}: {exc.message}"
    # Jinja rewrites tracebacks so that template frames carry the template's file and line.
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.endswith(".html") or f.filename == "<template>"]
    place = ""
    if frames:
        name = page if frames[-1].filename == "<template>" else _short_path(frames[-1].filename, root)
        place = f" in {name}:{frames[-1].lineno}"
    return f"{page}: template error{place}: {type(exc).__name__}: {exc}"


def _short_path(path: str, root: Path) -> str:
    """A site template relative to the project; a packaged one as evidencekit/templates/<name>."""
    file = Path(path)
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return f"evidencekit/templates/{file.name}"
