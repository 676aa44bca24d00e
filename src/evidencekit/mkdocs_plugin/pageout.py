"""What the plugin adds to a written page's HTML, after the theme has drawn it.

A topic page gets its ClaimReview JSON-LD in <head>, where the search index
(which reads the page body) cannot pick up its text. Every page gets a name
for Material's search dialog, which has role="dialog" but no accessible name
(axe: aria-dialog-name, serious); the fix is a one-attribute addition to
Material's own markup, left alone when the markup is not found.
"""

from __future__ import annotations

from markupsafe import Markup

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = ('<div class="md-search" data-md-component="search" role="dialog" '
                       'aria-label="Search">')


def add_to_head(html: str, markup: Markup | str) -> str:
    """`markup` just before the head's end (the first '</head>': the page's own)."""
    if not markup:
        return html
    at = html.find("</head>")
    if at < 0:
        return html
    return f"{html[:at]}{markup}\n{html[at:]}"


def name_search_dialog(html: str) -> str:
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)


def finish_page(html: str, head: Markup | str | None = None) -> str:
    return name_search_dialog(add_to_head(html, head or ""))
