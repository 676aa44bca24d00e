"""Light Markdown in content fields (summary, caveats, notes, bottom line, intro) to safe HTML.

Content is untrusted (see SECURITY.md). Python-Markdown passes raw HTML,
`javascript:` links and (with attr_list) event attributes straight through, so
raw HTML is switched off in the parser and the result is sanitised with nh3
against a small allowlist whatever the parser produced.

Hand-written pages (content/*.md) are untrusted as well, but MkDocs converts
them with the site's own extensions: :func:`sanitize_page` cleans what it
produced against a wider allowlist (headings, tables, admonitions, images),
and :func:`safe_text` turns a title into escaped text.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
import threading
from urllib.parse import urljoin, urlsplit

import markdown as _markdown
import nh3
from markupsafe import Markup, escape

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


# What Python-Markdown and the site's extensions (toc, admonition, tables, ...) write
# in a page; no element that runs, embeds or submits, no attribute that does.
PAGE_TAGS = ALLOWED_TAGS | frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "div", "span", "img", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "dl", "dt", "dd", "sup", "sub", "del", "ins",
    "s", "b", "i", "u", "mark", "small", "abbr", "kbd", "q", "cite", "figure", "figcaption",
})
PAGE_ATTRIBUTES = {
    "*": {"id", "class", "title"},  # heading anchors, admonition and code classes
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "ol": {"start"},
    "th": {"style", "align"}, "td": {"style", "align"},  # table column alignment
}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")


def _relative_url(url: str) -> str | None:
    """A relative link (MkDocs writes them between pages) stays; anything that still looks
    like 'scheme:' once entities, whitespace and invisible characters are gone does not."""
    return None if _SCHEME.match(_URL_JUNK.sub("", html_lib.unescape(url))) else url


# Ids a hand-written page may not take as they are: the theme's (Material reads `__config`,
# `__search`, `__drawer`, `__toc`, `__palette_N`, `__nav_N`, `__codelineno...` with
# getElementById, and styles `md-` names), and the plugin's own (`ek_`, `term_`, `ref_`
# anchors). Any other id is kept only if it is plain: a letter or digit, then letters,
# digits, '-' and '_'. Everything else is prefixed, as GitHub does, so it cannot clobber
# an element the theme or a script looks up; links to it, from its page or another
# hand-written page, are rewritten alike.
ID_PREFIX = "user-content-"
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,127}\Z")
_RESERVED_ID = re.compile(r"(?:__|md[-_]|ek[-_]|term[-_]|ref[-_]|user-content-)", re.I)


def safe_id(value: str, reserved: frozenset[str] = frozenset()) -> str:
    """An id as a hand-written page may publish it: as it is, or prefixed."""
    if _SAFE_ID.match(value) and not _RESERVED_ID.match(value) and value not in reserved:
        return value
    return ID_PREFIX + value


def _local_images(element: str, attribute: str, value: str) -> str | None:
    """An image is one of the site's own files: a remote one would make every reader's
    browser call a third party (the site fetches nothing from the internet)."""
    if attribute == "id":
        return safe_id(value, _reserved_ids())
    if element == "a" and attribute == "href" and value.startswith("#") and len(value) > 1:
        return "#" + safe_id(value[1:], _reserved_ids())
    if element == "a" and attribute == "href" and "#" in value:
        return _link_to_hand_written_page(value)
    if element == "img" and attribute == "src":
        url = _URL_JUNK.sub("", html_lib.unescape(value))
        if url.startswith(("//", "\\", "/\\", "\\/")) or _SCHEME.match(url):
            return None
    return value


_page_cleaner = nh3.Cleaner(
    tags=set(PAGE_TAGS),
    attribute_filter=_local_images,
    clean_content_tags={"script", "style"},
    attributes={k: set(v) for k, v in PAGE_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    url_relative=_relative_url,
    filter_style_properties={"text-align"},
    link_rel=None,  # links between the site's own pages stay as MkDocs wrote them
    strip_comments=True,
)
_text_cleaner = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, attributes={},
                            link_rel=None, strip_comments=True)


def _reserved_ids() -> frozenset[str]:
    return getattr(_local, "reserved_ids", frozenset())


def _page_key(url: str) -> str:
    """A page's URL as links name it: 'about/index.html' and 'about/' alike."""
    return url[:-len("index.html")] if url.endswith("index.html") else url


def _link_to_hand_written_page(href: str) -> str:
    """A link to an id on a hand-written page (`about/#limits`, this page's too), its
    fragment renamed as that page's ids are: safe_id depends only on the id and the site's
    claim ids, so it renames alike on every page. Links to the plugin's pages, whose ids
    are not renamed, and to anything else (a PDF's `#page=2`) stay as they are."""
    pages = getattr(_local, "hand_written", frozenset())
    path, _, fragment = href.partition("#")
    if not pages or not fragment or path.startswith(("/", "\\")) or _SCHEME.match(path):
        return href
    target = urlsplit(urljoin("/" + _local.page_url, path)).path.lstrip("/")
    if _page_key(target) not in pages:
        return href
    return f"{path}#{safe_id(fragment, _reserved_ids())}"


def sanitize_page(html: str, reserved_ids: frozenset[str] = frozenset(), page_url: str = "",
                  hand_written: frozenset[str] = frozenset()) -> str:
    """A hand-written page's HTML against the page allowlist; ids made safe (see safe_id),
    `reserved_ids` (the site's claim ids) among the ones that are prefixed. With the page's
    URL and the URLs of the site's hand-written pages (MkDocs' `page.url`, relative to the
    site), links to an id on one of those pages are renamed alike."""
    _local.reserved_ids = frozenset(reserved_ids)
    _local.page_url = page_url
    _local.hand_written = frozenset(_page_key(u) for u in hand_written)
    try:
        return _page_cleaner.clean(html)
    finally:
        _local.reserved_ids, _local.page_url, _local.hand_written = frozenset(), "", frozenset()


def safe_text(html: str) -> Markup:
    """Inline HTML (a title, a heading) as escaped text: tags dropped, their text kept."""
    return Markup(_text_cleaner.clean(str(html)).strip())


def sanitize(html: str) -> str:
    """nh3 against the allowlist: what is not allowed is dropped, its text kept."""
    return _cleaner.clean(html)


# Python-Markdown's link parsing is quadratic in '[' and its block parser recurses once per
# level of nesting, so a hostile field could stall or crash a build. Past these bounds a
# field is shown as plain text (escaped paragraphs) instead of being parsed.
MAX_MARKDOWN_CHARS = 20_000
MAX_BRACKETS = 500
_DEEP_LINE = re.compile(r"^[ \t>*+\-\d.)]{100,}", re.M)


def _plain(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


# Most fields are a sentence or two of plain words, and for those Python-Markdown (then
# the sanitiser) writes exactly "<p>" + text + "</p>", at a cost far above the words'
# (a large site's fields, one by one, took longer than the rest of its pages). Text on
# one line, opening with a letter, a quote or a bracket, made only of letters, digits,
# single spaces and punctuation that no Markdown rule, entity or tag starts with, skips
# the pipeline; anything else takes it. tests/test_speedups.py checks the two agree.
_PLAIN_TEXT = re.compile(r"(?:[^\W\d_]|[“‘\"'(])"  # a letter, an opening quote or bracket
                         r"(?:[^\W_]|[,.;:?!'\"()%/+=–—“”‘’…-]| (?! ))*\Z")


def is_plain_text(text: str) -> bool:
    return (len(text) <= MAX_MARKDOWN_CHARS and _PLAIN_TEXT.match(text) is not None
            and not text.endswith(" "))


@functools.lru_cache(maxsize=8192)
def _render(text: str) -> str:
    return f"<p>{text}</p>" if is_plain_text(text) else convert(text)


def convert(text: str) -> str:
    """Markdown through Python-Markdown and the sanitiser (or, past the bounds, as text)."""
    if (len(text) > MAX_MARKDOWN_CHARS or text.count("[") > MAX_BRACKETS
            or _DEEP_LINE.search(text)):
        return _plain(text)
    md = _parser()
    try:
        html = md.reset().convert(text)
    except Exception:  # RecursionError on nesting the bounds above did not catch
        return _plain(text)
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
