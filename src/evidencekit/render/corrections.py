"""The "Corrections and changes" page: how to report an error, and every change of a
verdict or certainty, newest first, from the git history (history.all_changes).

The claim's title and link come from the caller (``title_for``, ``href_for``), so
this page words and links a claim exactly as the rest of the site does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from ..definitions import GRADE, VERDICT
from ..history import Correction
from ..model import Claim, Project
from .citations import safe_url
from .environment import call

_EMAIL = re.compile(r"[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class CorrectionRow:
    date: dt.date
    title: str  # the claim, verdict first, as the caller words it (plain text)
    href: str
    topic_title: str
    what: str  # 'Verdict' or 'Certainty'
    before: str  # labels, never slugs
    after: str
    commit: str  # the short hash

    @property
    def change(self) -> str:
        """'Verdict: Mixed → Unsupported'."""
        return f"{self.what}: {self.before} → {self.after}"


@dataclass(frozen=True)
class Contact:
    text: str
    href: str | None  # a mailto: or http(s) link when the text is one address


def contact_view(contact: str | None) -> Contact | None:
    """The `contact` setting, linked when it is just an email address or a web address."""
    if not contact:
        return None
    text = contact.strip()
    if _EMAIL.fullmatch(text):
        return Contact(text, f"mailto:{text}")
    return Contact(text, safe_url(text) if " " not in text else None)


def label(field: str, slug: str) -> str:
    """A verdict's or grade's reader-facing word: 'Unsupported', 'Very low' (the row says
    'Certainty'); an unknown slug from an old revision is shown as written."""
    term = VERDICT.get(slug) if field == "verdict" else GRADE.get(slug)
    return term.label.removesuffix(" certainty") if term is not None else slug


def correction_rows(project: Project, changes: list[Correction],
                    title_for: Callable[[Claim], str],
                    href_for: Callable[[Claim], str]) -> list[CorrectionRow]:
    """The changes as table rows, in the order given (all_changes: newest first)."""
    claims = {(c.topic, c.id): c for c in project.claims}
    topics = {t.id: t.title for t in project.topics}
    rows = []
    for change in changes:
        claim = claims.get((change.topic, change.claim))
        if claim is None:  # gone from the project since the history was read
            continue
        rows.append(CorrectionRow(
            date=change.date, title=title_for(claim), href=href_for(claim),
            topic_title=topics.get(change.topic, change.topic),
            what="Verdict" if change.field == "verdict" else "Certainty",
            before=label(change.field, change.before), after=label(change.field, change.after),
            commit=change.short,
        ))
    return rows


def corrections_page(env, project: Project, changes: list[Correction],
                     title_for: Callable[[Claim], str], href_for: Callable[[Claim], str],
                     contact: str | None = None, methodology_href: str | None = None) -> Markup:
    """The page body, its <h1> included; pass `config.contact` as `contact`."""
    rows = correction_rows(project, changes, title_for, href_for)
    return call(env, "corrections_page", rows, contact_view(contact), methodology_href)
