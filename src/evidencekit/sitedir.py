"""The site folder a build writes: built beside the old one, swapped in only when it succeeds.

The build writes into a fresh sibling of the site folder; only a build that ends without
error replaces the old site, so a failed build leaves the last good site as it was. Every
engine adapter uses it (the MkDocs plugin, and the ProperDocs and Zensical builds).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time

try:
    import fcntl
except ImportError:  # Windows: leftovers are recognised by age alone
    fcntl = None

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
