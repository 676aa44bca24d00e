"""Material's search index of the plugin's own pages: the same entries, read faster.

Material's search plugin reads every page's HTML with Python's ``html.parser`` and
its own handlers (material/plugins/search/plugin.py, ``Parser``). The plugin's pages
carry far more markup per word than hand-written Markdown (badges, labels with
explanations, reference previews), so reading them was the largest part of what the
plugin added to a build (issue 10: a 300-topic site at most 1.3x a plain build).

For a page the plugin drew, this module feeds Material's own ``Parser`` the same
events ``html.parser`` would (same tag names, the attributes its handlers read,
unescaped text in the same pieces), from a leaner tokenizer that uses
``html.parser``'s own patterns for tags; and it passes over the inside of an element
marked ``data-search-exclude``, which Material's parser drops, when that is certain
to change nothing:

- the element is not a heading and holds no heading (a heading with an id starts a
  search section even inside an excluded element);
- it holds no element of its own tag name, and no other excluded element is open
  around it (the parser tracks skipped elements by tag name, so an element of a
  skipped one's name, closing, ends that skip early);
- its content follows the same context stack Material keeps (an end tag closes only
  the element on top), so the end tag found is the one Material's parser acts on.

Anything outside the HTML the templates and the Markdown sanitiser write (comments,
scripts or styles, a '<' that starts no tag, a malformed tag) sends the whole page to
Material's own reading instead. Either way the entries are those Material would
make; tests compare the two on whole sites.
"""

from __future__ import annotations

import re
import sys
from html import unescape
from html.parser import (
    attrfind_tolerant, endtagfind, locatestarttagend_tolerant, starttagopen, tagfind_tolerant,
)

MARK = "data-search-exclude"
# The only attributes Material's handlers read: a heading's id, the mark, and a
# class ('headerlink' in a heading, 'linenodiv' to skip).
READ = frozenset({"id", "class", MARK})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})  # Material's list
_TEXT = re.compile(r"[^<]+")
_HEADING = re.compile(r"h[1-6]\Z")
_UNREAD = re.compile(r"<[!?]|<(?:script|style)\b", re.I)  # read by html.parser, not here


class Unscannable(Exception):
    """HTML outside what this tokenizer reads exactly as html.parser does."""


# A start tag as templates and the sanitiser write it: lower-case names, values in double
# quotes, one space or more before each. html.parser reads such a tag the one obvious
# way, so its attributes can be read by a simpler pattern; any other tag goes through
# html.parser's own patterns (below).
_PLAIN_TAG = re.compile(r'<([a-z][a-z0-9-]*)((?:\s+[a-z_:][-a-z0-9_:.]*(?:="[^"]*")?)*)\s*(/?)>')
_PLAIN_ATTR = re.compile(r'([^\s=]+)(?:(=)"([^"]*)")?')


def _start_tag(html: str, i: int) -> tuple[str, list, int, bool]:
    """The start tag at `i`, as html.parser's parse_starttag reads it: (lower-case
    name, the attributes Material reads, end position, self-closing)."""
    plain = _PLAIN_TAG.match(html, i)
    if plain is not None:
        tag, text, closed = plain.groups()
        attrs = []
        if text:
            for name, equals, value in _PLAIN_ATTR.findall(text):
                if name in READ:  # a name alone has the value None, as html.parser gives it
                    attrs.append((name, unescape(value) if equals else None))
        return tag, attrs, plain.end(), closed == "/"
    m = locatestarttagend_tolerant.match(html, i)
    j = m.end()
    if html.startswith(">", j):
        end = j + 1
    elif html.startswith("/>", j):
        end = j + 2
    else:
        raise Unscannable(i)
    found = tagfind_tolerant.match(html, i + 1)
    k, tag = found.end(), found.group(1).lower()
    attrs = []
    while k < end:
        a = attrfind_tolerant.match(html, k)
        if not a:
            break
        name, rest, value = a.group(1, 2, 3)
        name = name.lower()
        if name in READ:
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value:
                value = unescape(value)
            attrs.append((name, value))
        k = a.end()
    rest = html[k:end].strip()
    if rest not in (">", "/>"):
        raise Unscannable(i)
    return tag, attrs, end, rest == "/>"


def _end_tag(html: str, i: int) -> tuple[str, int]:
    m = endtagfind.match(html, i)
    if m is None:
        raise Unscannable(i)
    return m.group(1).lower(), m.end()


def _opens_tag(html: str, i: int) -> bool:
    return starttagopen.match(html, i) is not None


def _excluded_end(html: str, tag: str, i: int) -> int:
    """Where the end tag that closes the excluded element `tag` (its content starting at
    `i`) begins, following Material's context stack (an end tag closes only the element
    on top); -1 when its content cannot be passed over (see the module's note)."""
    stack: list[str] = []
    n = len(html)
    try:
        while i < n:
            if html[i] != "<":
                i = _TEXT.match(html, i).end()
            elif html.startswith("</", i):
                name, end = _end_tag(html, i)
                if not stack and name == tag:
                    return i
                if stack and stack[-1] == name:
                    stack.pop()
                i = end
            elif _opens_tag(html, i):
                name, _, i, closed = _start_tag(html, i)
                if name == tag or _HEADING.match(name):
                    return -1
                if name not in VOID and not closed:
                    stack.append(name)
            else:
                return -1
    except Unscannable:
        return -1
    return -1


def _skipping_only(parser, tag: str) -> bool:
    """Whether the excluded element `tag` just opened is the only element Material's
    parser is skipping (besides the script, style and object it always skips): inside
    another one, an element of that one's tag name would end its skip early."""
    skip = getattr(parser, "skip", None)
    if skip is None:
        return False
    return {getattr(e, "tag", e) for e in skip} <= {"object", "script", "style", tag}


def feed(parser, html: str) -> None:
    """Material's `parser` fed `html` as html.parser would feed it (Unscannable if not
    certain)."""
    if _UNREAD.search(html):
        raise Unscannable(0)
    start, end, data = parser.handle_starttag, parser.handle_endtag, parser.handle_data
    i, n = 0, len(html)
    while i < n:
        if html[i] != "<":
            j = _TEXT.match(html, i).end()
            data(unescape(html[i:j]))
            i = j
        elif html.startswith("</", i):
            tag, i = _end_tag(html, i)
            end(tag)
        elif _opens_tag(html, i):
            tag, attrs, i, closed = _start_tag(html, i)
            start(tag, attrs)
            if closed:
                end(tag)
            elif (tag not in VOID and not _HEADING.match(tag)
                  and any(name == MARK for name, _ in attrs) and _skipping_only(parser, tag)):
                skip_to = _excluded_end(html, tag, i)
                if skip_to >= 0:
                    i = skip_to
        else:
            raise Unscannable(i)


def index_quickly(plugins, is_generated) -> None:
    """Have Material's search index read the plugin's pages (``is_generated(page)``)
    through :func:`feed`. Called each build once the search plugin's on_config has made
    its index; MkDocs' own search plugin, or a Material whose index looks different,
    is left alone."""
    for plugin in plugins.values():
        index = getattr(plugin, "search_index", None)
        module = sys.modules.get(type(index).__module__)
        parser_class = getattr(module, "Parser", None)
        if (type(index).__module__ != "material.plugins.search.plugin" or parser_class is None
                or not callable(getattr(index, "create_entry_for_section", None))):
            continue
        index.add_entry_from_context = _quick_entries(index, parser_class, is_generated)


def _quick_entries(index, parser_class, is_generated):
    add = index.add_entry_from_context  # Material's own, for every other page

    def add_entry_from_context(page):
        if not is_generated(page):
            return add(page)
        # What Material's SearchIndex.add_entry_from_context does, with `feed`.
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return None
        parser = parser_class()
        try:
            feed(parser, page.content)
        except Unscannable:
            return add(page)
        for section in parser.data:
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)
        return None

    return add_entry_from_context
