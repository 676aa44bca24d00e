"""What a generated page puts in its <head> for link previews: description, Open Graph, Twitter.

Every value is plain text from content (untrusted) and is escaped here; a claim page's
title and description always carry its verdict and certainty, so a shared link never
shows the claim's words alone.
"""

from __future__ import annotations

from urllib.parse import urljoin

from markupsafe import Markup


def absolute(site_url: str | None, page_url: str) -> str | None:
    """The page's address under site_url; None when the site's address is not set."""
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", page_url)


def preview_tags(title: str, description: str, site_name: str, url: str | None,
                 kind: str = "article") -> Markup:
    """Open Graph and Twitter card tags (a text card: the site draws no preview images)."""
    tags = [("property", "og:type", kind), ("property", "og:site_name", site_name),
            ("property", "og:title", title), ("property", "og:description", description),
            ("name", "twitter:card", "summary"), ("name", "twitter:title", title),
            ("name", "twitter:description", description)]
    if url:
        tags.insert(2, ("property", "og:url", url))
    return Markup("\n").join(
        Markup('<meta {}="{}" content="{}">').format(attr, name, value) for attr, name, value in tags)


def describe(text: str, limit: int = 200) -> str:
    """A description cut at a word, as search engines and link previews show about 160-200."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"

