"""Atomic output and the lost-claims count.

The build writes into a fresh sibling of site_dir; only a build that ends
without error (and without warnings under --strict) replaces the old site, so
a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: leftovers are recognised by age alone
    fcntl = None

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

# `\bdata-claim-id="..."`, written so that the regex engine searches for the literal
# first (a leading \b makes it try every position: 25x slower over a large site's pages).
CLAIM_CARD = re.compile(r'data-claim-id="(?<!\wdata-claim-id=")([^"]*)"')


# A leftover younger than this is never removed, lock or not: it covers the instant between
# another build creating its folder and locking it (and file systems without locks).
LEFTOVER_MIN_AGE = 60.0
# Without fcntl (Windows) a folder is only taken for a leftover after this long.
LEFTOVER_UNLOCKED_AGE = 6 * 3600.0


def _lock(path: str):
    """An open descriptor holding an exclusive lock on a folder while its build runs, or None.

    The kernel drops the lock when the process ends, however it ends (kill -9 included), so
    a folder whose lock can be taken belongs to no running build."""
    if fcntl is None:
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def remove_leftovers(parent: str, name: str, now: float | None = None) -> list[str]:
    """Remove `<name>.building-*` and `<name>.old-*` folders left by killed builds.

    A folder is removed only when it is at least a minute old and no running build holds
    its lock (or, without locks, when it is hours old): a concurrent build's folder is
    never touched. Returns the folders removed."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = sorted(os.listdir(parent))
    except OSError:
        return removed
    for entry in entries:
        if not entry.startswith((f"{name}.building-", f"{name}.old-")):
            continue
        path = os.path.join(parent, entry)
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if os.path.islink(path) or not os.path.isdir(path):
            continue  # only folders this class made; a link is never followed
        age = now - st.st_mtime
        if age < LEFTOVER_MIN_AGE:
            continue
        if fcntl is None:
            if age < LEFTOVER_UNLOCKED_AGE:
                continue
            fd = None
        else:
            try:
                fd = _lock(path)
            except OSError:
                continue
            if fd is None:
                continue  # a running build holds it
        try:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        finally:
            if fd is not None:
                os.close(fd)
    return removed


class AtomicOutput:
    def __init__(self, site_dir: str) -> None:
        self.final = os.path.abspath(site_dir)
        parent, name = os.path.split(self.final)
        os.makedirs(parent, exist_ok=True)
        # A killed build's folder is removed by the next build (and by `make clean`, site.*).
        remove_leftovers(parent, name)
        self.temp = tempfile.mkdtemp(prefix=f"{name}.building-", dir=parent)
        self._fd = _lock(self.temp)  # held until commit or discard; released if killed

    def _unlock(self) -> None:
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)
            self._fd = None

    def commit(self) -> None:
        """Put the new site in place of the old one."""
        os.chmod(self.temp, 0o755)  # mkdtemp makes it private; a site folder is not
        old = None
        if os.path.lexists(self.final):
            parent, name = os.path.split(self.final)
            old = tempfile.mkdtemp(prefix=f"{name}.old-", dir=parent)
            os.rmdir(old)
            os.rename(self.final, old)
        os.rename(self.temp, self.final)
        self._unlock()
        if old is not None:
            if os.path.isdir(old) and not os.path.islink(old):
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.unlink(old)

    def discard(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)
        self._unlock()


def strict_warnings_logged(config) -> bool:
    """Whether --strict will abort this build after on_post_build (MkDocs checks last)."""
    if not config.strict:
        return False
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler) and handler.get_counts():
            return True
    return False


def _cards(path: Path) -> list[str]:
    try:
        return CLAIM_CARD.findall(path.read_text(encoding="utf-8"))
    except OSError:
        return []


def check_nothing_lost(claim_files: list[str], topic_pages: dict[str, Path],
                       claim_pages: dict[tuple[str, str], Path]) -> None:
    """Every claim file read must be one card on its topic's written page, and one card on
    its own written page.

    `topic_pages` maps topic ids, and `claim_pages` (topic id, claim id) pairs, to their
    written HTML files.
    """
    on_topics = {topic_id: _cards(path) for topic_id, path in topic_pages.items()}
    total = sum(len(ids) for ids in on_topics.values())
    missing, doubled, no_page = [], [], []
    for file in claim_files:
        parts = file.split("/")
        topic_id, claim_id = parts[-3], parts[-1].rsplit(".", 1)[0]
        count = on_topics.get(topic_id, []).count(claim_id)
        if count == 0:
            missing.append(file)
        elif count > 1:
            doubled.append(file)
        page = claim_pages.get((topic_id, claim_id))
        if page is None or _cards(page) != [claim_id]:
            no_page.append(file)
    if missing or doubled or no_page or total != len(claim_files):
        lines = [f"{len(claim_files)} claim file{'s' if len(claim_files) != 1 else ''} read, "
                 f"{total} claim card{'s' if total != 1 else ''} written on topic pages"]
        lines += [f"  not written: {f}" for f in missing]
        lines += [f"  written more than once: {f}" for f in doubled]
        lines += [f"  no page of its own: {f}" for f in no_page]
        raise PluginError("\n".join(lines))
