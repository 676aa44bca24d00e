"""Where the generated pages live, and links between them relative to the page being drawn."""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

TOPICS_URL = "topics"
REFERENCES_URL = "references"
CORRECTIONS_URL = "corrections"


def topic_csv_path(topic_id: str) -> str:
    """Where a topic's claims are published as CSV, beside its page."""
    return f"{TOPICS_URL}/{topic_id}/claims.csv"


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked ~40 times per claim in a build
def relative_url(url: str, here: str) -> str:
    """`url` (relative to the site root) as seen from the page at `here` (MkDocs' rule)."""
    base = here
    if base not in ("", "."):
        head, tail = posixpath.split(base)
        base = head if "." in tail else base
    rel = posixpath.relpath("/" + url, "/" + (base or ""))
    return rel + "/" if url.endswith("/") and not rel.endswith("/") else rel


@dataclass(frozen=True)
class Links:
    """Links from the page at `here` (its URL relative to the site root, e.g. 'topics/sleep/')."""

    here: str = ""
    directory_urls: bool = True

    def page(self, folder: str) -> str:
        return f"{folder}/" if self.directory_urls else f"{folder}/index.html"

    def written_page(self, stem: str) -> str:
        """A hand-written page, `stem`.md in the docs folder (methodology.md): `stem/`, or
        `stem.html` when directory URLs are off, as MkDocs writes it."""
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def to(self, url: str, anchor: str | None = None) -> str:
        """A link to a page (and an anchor in it); just '#anchor' on the same page."""
        if url == self.here and anchor:
            return f"#{anchor}"
        rel = relative_url(url, self.here)
        return f"{rel}#{anchor}" if anchor else rel

    def topic_url(self, topic_id: str) -> str:
        return self.page(f"{TOPICS_URL}/{topic_id}")

    def claim_url(self, topic_id: str, claim_id: str) -> str:
        """A claim's own page: beside its topic page, one folder down."""
        return self.page(f"{TOPICS_URL}/{topic_id}/{claim_id}")

    def references_url(self) -> str:
        return self.page(REFERENCES_URL)

    def corrections_url(self) -> str:
        return self.page(CORRECTIONS_URL)

    def root(self, path: str) -> str:
        """A file at the site's root (claims.json) or below it, from this page."""
        return relative_url(path, self.here)

    def topic(self, topic_id: str, anchor: str | None = None) -> str:
        return self.to(self.topic_url(topic_id), anchor)

    def claim(self, topic_id: str, claim_id: str, anchor: str | None = None) -> str:
        return self.to(self.claim_url(topic_id, claim_id), anchor)

    def references(self, anchor: str | None = None) -> str:
        return self.to(self.references_url(), anchor)

    def corrections(self) -> str:
        return self.to(self.corrections_url())
