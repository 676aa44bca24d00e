"""Light Markdown in content fields (summary, caveats, notes, bottom line, intro) to safe HTML.

Content is untrusted (see SECURITY.md). Python-Markdown passes raw HTML,
`javascript:` links and (with attr_list) event attributes straight through, so
raw HTML is switched off in the parser and the result is sanitised with nh3
against a small allowlist whatever the parser produced.
"""

from __future__ import annotations

import functools
import re
import threading

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = frozenset({"p", "em", "strong", "a", "ul", "ol", "li", "code", "br", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    url_relative="deny",  # links only to http, https and mailto addresses
    link_rel=LINK_REL,
    strip_comments=True,
)
_local = threading.local()
_ONE_PARAGRAPH = re.compile(r"\A<p>((?:(?!</?p>).)*)</p>\Z", re.S)


def _parser() -> _markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        # No extensions: no attr_list, no md_in_html, no raw HTML (deregistered below).
        md = _markdown.Markdown(extensions=[], output_format="html")
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        _local.md = md
    return md


def sanitize(html: str) -> str:
    """nh3 against the allowlist: what is not allowed is dropped, its text kept."""
    return _cleaner.clean(html)


@functools.lru_cache(maxsize=8192)
def _render(text: str) -> str:
    md = _parser()
    try:
        html = md.reset().convert(text)
    finally:
        md.reset()
    return sanitize(html).strip()


def render_markdown(text: str | None) -> Markup:
    """Block Markdown (paragraphs, lists, quotes) as sanitised HTML."""
    if not text:
        return Markup("")
    return Markup(_render(str(text)))


def render_inline(text: str | None) -> Markup:
    """Like render_markdown, without the paragraph around a single paragraph (for list items)."""
    html = render_markdown(text)
    m = _ONE_PARAGRAPH.match(html)
    return Markup(m.group(1)) if m else html
