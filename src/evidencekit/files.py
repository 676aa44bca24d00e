"""Reading content files: size bounded before reading, strict UTF-8, every problem reported."""

from __future__ import annotations

import re
import stat
from pathlib import Path, PurePosixPath

from .diagnostics import Loc, Report


# Files an editor, an operating system or git leaves beside the content, skipped without a
# word wherever they lie under content/ and references/ (by the checker, the plugin and
# the lost-claims count alike): hidden files and folders (.name: vim's swap files
# .name.swp, Emacs' .#locks, macOS's .DS_Store, .gitkeep), backups ending in `~` or
# `.bak`, swap files however named (.swp, .swo ... .swa) and Emacs autosaves (#name#).
_IGNORED = re.compile(r"(?s)(?:\..*|.*~|.*\.sw[a-p]|.*\.bak|#.*#)\Z")


def editor_file(name: str) -> bool:
    """Whether a file or folder name is a hidden file or an editor's leftover (ignored)."""
    return _IGNORED.match(name) is not None


def under_editor_file(path: str) -> bool:
    """Whether any part of a relative path ('a/.git/x', 'b/c.md~') is an ignored name."""
    return any(editor_file(part) for part in PurePosixPath(path).parts)


def os_reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def read_file(file: Path, path: str, report: Report, max_bytes: int) -> bytes | None:
    """A file's bytes, with its kind and size checked first; None after reporting why not."""
    loc = Loc(path)
    try:
        st = file.stat()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        report.add(loc, "file.unreadable", f"cannot read file: {os_reason(exc)}")
        return None
    if stat.S_ISDIR(st.st_mode):
        report.add(loc, "file.unreadable", "cannot read file: it is a folder")
        return None
    if not stat.S_ISREG(st.st_mode):
        report.add(loc, "file.unreadable", "cannot read file: not a regular file")
        return None
    if st.st_size > max_bytes:
        report.add(loc, "file.too-large", f"file is {st.st_size:,} bytes; the limit is {max_bytes:,} bytes")
        return None
    try:
        with file.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        report.add(loc, "file.unreadable", f"cannot read file: {os_reason(exc)}")
        return None
    if len(data) > max_bytes:  # grew between stat and read
        report.add(loc, "file.too-large", f"file is larger than {max_bytes:,} bytes")
        return None
    return data


def strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def decode_utf8(data: bytes, path: str, report: Report, consequence: str = "") -> str | None:
    """Decode UTF-8 strictly (a leading BOM is dropped), or report the line and column where it breaks.

    `consequence` is appended to the message, e.g. "; its entries were not loaded".
    """
    bom = len(data) - len(strip_bom(data))
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + bom
        start = max(data.rfind(b"\n", 0, at) + 1, bom)
        line = data.count(b"\n", 0, at) + 1
        col = len(data[start:at].decode("utf-8", "replace")) + 1  # in characters, as libyaml counts
        report.add(Loc(path, line, col), "file.encoding",
                   f"file is not valid UTF-8 (byte 0x{data[at]:02x} at offset {at}){consequence}",
                   "re-save the file as UTF-8")
        return None
