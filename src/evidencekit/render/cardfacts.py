"""Two facts a claim card shows beside its own fields: the design-mix bar and its history."""

from __future__ import annotations

from ..definitions import GRADE, VERDICT, Design
from ..history import ClaimHistory
from .gaps import group_slug
from .views import ChangeView, HistoryView, MixSegment

MIN_SHARE = 8.0  # percent: a single source among many stays wide enough to see and read


def mix_bar(mix: list[tuple[Design, int]]) -> list[MixSegment]:
    """assess.design_mix as bar segments, in the same order as the words beside the bar."""
    total = sum(n for _, n in mix)
    if not total:
        return []
    raw = [max(MIN_SHARE, 100.0 * n / total) for _, n in mix]
    scale = 100.0 / sum(raw)
    return [MixSegment(d, n, group_slug(d), round(share * scale, 2),
                       f"{n} {d.label if n == 1 else d.plural}")
            for (d, n), share in zip(mix, raw)]


def _label(field: str, slug: str) -> str:
    """'Contradicted', or 'Moderate' for a grade (the sentence says 'Certainty')."""
    term = VERDICT.get(slug) if field == "verdict" else GRADE.get(slug)
    return term.label.removesuffix(" certainty") if term is not None else slug


def history_view(history: ClaimHistory | None) -> HistoryView | None:
    if history is None:
        return None
    changes = [ChangeView("Verdict" if c.field == "verdict" else "Certainty",
                          _label(c.field, c.before), _label(c.field, c.after), c.date)
               for c in history.changes]
    changes.sort(key=lambda c: c.date, reverse=True)
    return HistoryView(history.since, changes)
