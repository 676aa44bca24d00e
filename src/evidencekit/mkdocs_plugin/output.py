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
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

# `\bdata-claim-id="..."`, written so that the regex engine searches for the literal
# first (a leading \b makes it try every position: 25x slower over a large site's pages).
CLAIM_CARD = re.compile(r'data-claim-id="(?<!\wdata-claim-id=")([^"]*)"')


class AtomicOutput:
    def __init__(self, site_dir: str) -> None:
        self.final = os.path.abspath(site_dir)
        parent, name = os.path.split(self.final)
        os.makedirs(parent, exist_ok=True)
        # `make clean` removes site.*: a crashed build's folder does not linger.
        self.temp = tempfile.mkdtemp(prefix=f"{name}.building-", dir=parent)

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
        if old is not None:
            if os.path.isdir(old) and not os.path.islink(old):
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.unlink(old)

    def discard(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)


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
