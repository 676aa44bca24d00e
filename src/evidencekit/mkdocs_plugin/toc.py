"""Headings of a generated page -> MkDocs' table of contents.

A claim card's heading has its own id (search sections need a heading with an
id), but links to the section should reach the card itself, whose id is the
claim's permanent anchor. :class:`SectionLink` keeps both: `id` matches the
heading (Material's search pairs sections with TOC items by it), `url` points
at the card.
"""

from __future__ import annotations

from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from ..render.generated import heading_tree as _tokens
from ..render.pages import Heading


class SectionLink(AnchorLink):
    def __init__(self, title: str, id: str, level: int, anchor: str) -> None:
        super().__init__(title, id, level)
        self.anchor = anchor

    @property
    def url(self) -> str:
        return "#" + self.anchor


def _link(token: dict) -> AnchorLink:
    if token["anchor"] != token["id"]:
        link: AnchorLink = SectionLink(token["name"], token["id"], token["level"], token["anchor"])
    else:
        link = AnchorLink(token["name"], token["id"], token["level"])
    link.children = [_link(t) for t in token["children"]]
    return link


def table_of_contents(headings: list[Heading]) -> TableOfContents:
    toc = get_toc([])
    toc.items = [_link(t) for t in _tokens(headings)]
    if toc.items:
        toc.items[0].active = True  # type: ignore[attr-defined]  (as get_toc does)
    return toc
