"""Macro output inside hand-written Markdown, kept away from the Markdown parser.

A macro's HTML may contain text from claims (escaped, but still text that
Markdown would turn into links or emphasis if it parsed it again). So a macro
called from a page returns an inert placeholder word; the page goes through
Markdown; then each placeholder is replaced by the HTML, in one pass.
"""

from __future__ import annotations

import re
import secrets

from markupsafe import Markup


class Embedder:
    def __init__(self) -> None:
        # Random per page and unknown to content, so no claim can forge a placeholder.
        self.nonce = secrets.token_hex(8)
        self.items: list[str] = []
        self._pattern = re.compile(
            rf"(<p>\s*)?ekembed{self.nonce}x(\d+)y(\s*</p>)?")

    def stash(self, html) -> str:
        self.items.append(str(html))
        return f"ekembed{self.nonce}x{len(self.items) - 1}y"

    def wrap(self, function):
        def call(*args, **kwargs):
            return self.stash(function(*args, **kwargs))

        call.__name__ = getattr(function, "__name__", "macro")
        return call

    def restore(self, html: str) -> Markup:
        if not self.items:
            return Markup(html)

        def put(m: re.Match) -> str:
            index = int(m.group(2))
            if index >= len(self.items):
                return m.group(0)
            body = self.items[index]
            opened, closed = m.group(1), m.group(3)
            if opened and closed:
                return body  # a macro alone in its paragraph: a block
            return (opened or "") + body + (closed or "")

        return Markup(self._pattern.sub(put, html))
