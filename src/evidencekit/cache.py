"""Parsed reference libraries, kept across rebuilds in one process (`mkdocs serve`).

Parsing a large library is the slowest step of a check (design/performance.md),
and a rebuild after editing one claim should not pay for it again. A library
is reused while every .bib file under references/ has the same path, size and
modification time; its diagnostics are replayed into the new report, so a
cached load reports exactly what a fresh one would.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .diagnostics import Diagnostic, Report
from .model import Library
from .references import _discover, load_library

# root -> (key, library, diagnostics); one entry per project, the last one loaded.
_LIBRARIES: dict[str, tuple[tuple, Library, tuple[Diagnostic, ...]]] = {}
_LOCK = threading.Lock()


def _stat_key(root: Path) -> tuple:
    refdir = root / "references"
    paths = _discover(refdir) if refdir.is_dir() else []
    key = []
    for path in paths:
        try:
            st = os.stat(path)
            key.append((path.as_posix(), st.st_size, st.st_mtime_ns))
        except OSError:
            key.append((path.as_posix(), None, None))
    return tuple(key)


def cached_library(root: Path, report: Report) -> Library:
    """load_library(root, report), reusing the last result while the .bib files are unchanged."""
    root = Path(root)
    name = os.path.abspath(root)
    key = (_stat_key(root), tuple(sorted((c, s.value) for c, s in report.overrides.items())))
    with _LOCK:
        hit = _LIBRARIES.get(name)
    if hit is not None and hit[0] == key:
        report.diagnostics.extend(hit[2])
        return hit[1]
    scratch = Report(overrides=dict(report.overrides))
    library = load_library(root, scratch)
    report.diagnostics.extend(scratch.diagnostics)
    with _LOCK:
        _LIBRARIES[name] = (key, library, tuple(scratch.diagnostics))
    return library


def clear() -> None:
    with _LOCK:
        _LIBRARIES.clear()
