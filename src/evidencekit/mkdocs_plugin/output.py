"""Atomic output (sitedir.py) and the lost-claims count (verify.py), as the MkDocs build uses them.

Only a build that ends without error (and without warnings under --strict) replaces the
old site, so a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

from ..verify import lost_claims


def strict_warnings_logged(config) -> bool:
    """Whether --strict will abort this build after on_post_build (MkDocs checks last)."""
    if not config.strict:
        return False
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler) and handler.get_counts():
            return True
    return False


def check_nothing_lost(claim_files: list[str], topic_pages: dict[str, Path],
                       claim_pages: dict[tuple[str, str], Path]) -> None:
    """Every claim file read must be one card on its topic's written page, and one card on
    its own written page (verify.lost_claims); the build stops naming each one that is not."""
    lines = lost_claims(claim_files, topic_pages, claim_pages)
    if lines:
        raise PluginError("\n".join(lines))
