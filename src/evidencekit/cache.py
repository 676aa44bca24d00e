"""Parsed reference libraries, kept across rebuilds in one process (`mkdocs serve`).

Parsing a large library is the slowest step of a check (design/performance.md),
and a rebuild after editing one claim should not pay for it again. A library
is reused while every .bib file under references/ has the same path, size and
modification time; its diagnostics are replayed into the new report, so a
cached load reports exactly what a fresh one would.

File times are coarse (a few milliseconds on Linux), so a file written again
with the same size just after it was read could look unchanged. As git does
for its index, a file whose time is that close to the moment it was read
("racily clean") is also compared by a digest of its bytes.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Report
from .model import Library
from .references import _discover, load_library

RACY_NS = 2_000_000_000  # a file changed this close to its reading is checked by content


@dataclass(frozen=True)
class _Entry:
    key: tuple
    library: Library
    diagnostics: tuple[Diagnostic, ...]
    read_at_ns: int
    digests: dict[str, str]


_LIBRARIES: dict[str, _Entry] = {}  # project root -> the last library loaded for it
_LOCK = threading.Lock()


def _files(root: Path) -> list[tuple[str, int | None, int | None]]:
    refdir = root / "references"
    found = []
    for path in _discover(refdir) if refdir.is_dir() else []:
        try:
            st = os.stat(path)
            found.append((path.as_posix(), st.st_size, st.st_mtime_ns))
        except OSError:
            found.append((path.as_posix(), None, None))
    return found


def _digest(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.blake2b(fh.read(), digest_size=16).hexdigest()
    except OSError:
        return ""


def _racy(files, read_at_ns: int) -> list[str]:
    return [p for p, _, mtime in files if mtime is not None and mtime >= read_at_ns - RACY_NS]


def cached_library(root: Path, report: Report) -> Library:
    """load_library(root, report), reusing the last result while the .bib files are unchanged."""
    root = Path(root)
    name = os.path.abspath(root)
    files = _files(root)
    key = (tuple(files), tuple(sorted((c, s.value) for c, s in report.overrides.items())))
    with _LOCK:
        hit = _LIBRARIES.get(name)
    if hit is not None and hit.key == key and all(
            _digest(p) == hit.digests.get(p) for p in _racy(files, hit.read_at_ns)):
        report.diagnostics.extend(hit.diagnostics)
        return hit.library
    read_at_ns = time.time_ns()
    digests = {p: _digest(p) for p in _racy(files, read_at_ns)}
    scratch = Report(overrides=dict(report.overrides))
    library = load_library(root, scratch)
    report.diagnostics.extend(scratch.diagnostics)
    with _LOCK:
        _LIBRARIES[name] = _Entry(key, library, tuple(scratch.diagnostics), read_at_ns, digests)
    return library


def clear() -> None:
    with _LOCK:
        _LIBRARIES.clear()
