r"""ClaimReview JSON-LD (schema.org) for a topic's claims: one script element per claim.

A fact-checker's ClaimReview carries a verdict but no certainty of evidence;
here the verdict is the rating's `alternateName` and the GRADE certainty, with
its meaning, its `ratingExplanation`. Content is untrusted: json.dumps makes
the text valid JSON; then '</' is written '<\/' and any other '<' as '\u003c'
(both mean the same to a JSON parser), so nothing in a claim can end the script
element, open a comment, or look like a tag to the HTML parser or a scanner.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

from ..definitions import GRADE, VERDICT
from ..model import Claim, Topic
from .citations import safe_url
from .markdown import render_markdown

CONTEXT = "https://schema.org"
# The verdicts on the 1 (false) to 5 (true) scale fact-checkers' ClaimReviews use.
# "Unsupported" and "lacks context" share 2: neither lets the claim, as worded,
# be relied on; the verdict word (`alternateName`) tells them apart.
RATING = {"supported": 5, "mixed": 3, "lacks-context": 2, "unsupported": 2, "contradicted": 1}
BEST, WORST = max(RATING.values()), min(RATING.values())
_TAG = re.compile(r"<[^>]*>")
_OTHER_LT = re.compile(r"<(?!\\/)")  # '<' not already written as '<\/'; JSON reads both the same


def plain_text(markdown: str | None) -> str:
    """Light Markdown as the reader sees it, without markup."""
    if not markdown:
        return ""
    return " ".join(html.unescape(_TAG.sub("", str(render_markdown(markdown)))).split())


def _organisation(name: str, url: str | None = None) -> dict:
    org = {"@type": "Organization", "name": name}
    if url:
        org["url"] = url
    return org


def _item_reviewed(topic: Topic) -> dict:
    item: dict = {"@type": "Claim"}
    source = topic.source
    if source is None:
        return item
    appearance: dict = {"@type": "CreativeWork"}
    if source.name:
        appearance["name"] = source.name
    url = safe_url(source.url) if source.url else None
    if url:
        appearance["url"] = url
    if source.date:
        appearance["datePublished"] = source.date.isoformat()
    description = plain_text(source.description)
    if description:
        appearance["description"] = description
    if source.author:
        appearance["author"] = {"@type": "Person", "name": source.author}
        item["author"] = {"@type": "Person", "name": source.author}
    elif source.name:
        item["author"] = _organisation(source.name, url)
    if source.date:
        item["datePublished"] = source.date.isoformat()
    item["appearance"] = appearance
    return item


def claim_review(claim: Claim, topic: Topic, site_name: str, url: str | None = None,
                 site_url: str | None = None) -> dict:
    """One claim's ClaimReview as a JSON-ready dict; `url` is its page's absolute address,
    left out when the site's address is unknown (consumers reject a relative one)."""
    review: dict = {"@context": CONTEXT, "@type": "ClaimReview"}
    if url:
        review["url"] = url
    review["claimReviewed"] = claim.claim
    if claim.reviewed:
        review["datePublished"] = claim.reviewed.isoformat()
    review["author"] = _organisation(site_name, site_url or None)
    verdict, grade = VERDICT.get(claim.verdict), GRADE.get(claim.grade)
    rating: dict = {"@type": "Rating"}
    if verdict is not None:
        rating.update(ratingValue=RATING[verdict.slug], bestRating=BEST, worstRating=WORST,
                      alternateName=verdict.label)
    if grade is not None:
        rating["ratingExplanation"] = (f"{grade.label} ({grade.symbols}, {grade.rank} of 4): "
                                       f"{grade.meaning}")
    review["reviewRating"] = rating
    review["itemReviewed"] = _item_reviewed(topic)
    return review


def script(data: dict) -> Markup:
    """A <script type="application/ld+json"> element that no content can close early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = _OTHER_LT.sub(r"\\u003c", text.replace("</", "<\\/"))
    return Markup(f'<script type="application/ld+json">{text}</script>')
