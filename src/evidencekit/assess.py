"""What a claim's sources add up to: the facts both the rules and the pages use.

The checker and the renderer call the same functions, so a page can never
show a design mix, a 'no studies in people' marker or a path from the starting
level to the grade that the checker did not reason from.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .definitions import (
    DESIGN, DESIGNS, DOWNGRADE_DOMAIN, GRADE, GRADE_BY_RANK, HEALTH_RULE, HEALTH_TYPES, NO_BASIS,
    NO_BEARING, POOLED_GROUPS, REVIEWS, START_RULE, UPGRADE_DOMAIN, Basis, Design, Grade,
    StartRule, Term,
)
from .diagnostics import Loc
from .model import Claim, Evidence, Library, Reference


def designs(evidence: list[Evidence], library: Library) -> list[tuple[Design, ...]]:
    """Each known source's designs (sources without a design or not in the library are left out)."""
    out = []
    for e in evidence:
        ref = library.entries.get(e.cite)
        if ref is not None and ref.designs:
            out.append(tuple(DESIGN[d] for d in ref.designs))
    return out


def lab_only(per_source: list[tuple[Design, ...]]) -> bool:
    return bool(per_source) and all(all(d.in_people is False for d in ds) for ds in per_source)


@dataclass(frozen=True)
class Step:
    """One reason for rating certainty down (levels < 0) or up (levels > 0)."""

    domain: Term
    levels: int
    reason: str  # the editors' words (Markdown)
    loc: Loc | None = None

    @property
    def signed(self) -> str:
        """'−1', '+2': as a GRADE footnote writes a step."""
        return f"{'+' if self.levels > 0 else '−'}{abs(self.levels)}"


@dataclass(frozen=True)
class Certainty:
    """A claim's certainty worked out as GRADE does: a start, steps down and up, a result."""

    start: int  # the starting grade rank, 1 (very low) to 4 (high)
    basis: Basis  # why it starts there
    via_review: bool  # the start comes from what a review pooled
    rule: StartRule
    steps: tuple[Step, ...]  # the downgrades, then the upgrades, as written
    known: bool  # False when a source bearing on the claim is missing or has no design

    @property
    def result(self) -> int:
        """start − downgrades + upgrades; may fall outside 1..4, which the checker reports."""
        return self.start + sum(s.levels for s in self.steps)

    @property
    def result_grade(self) -> Grade | None:
        return GRADE_BY_RANK.get(self.result)

    @property
    def start_grade(self) -> Grade:
        return GRADE_BY_RANK[self.start]

    @property
    def why(self) -> str:
        """'the evidence comes from studies that observe people (observational studies)'."""
        return self.basis.sentence + (", pooled in a review" if self.via_review else "")

    @property
    def upgraded(self) -> int:
        return sum(s.levels for s in self.steps if s.levels > 0)

    def arithmetic(self, stated: str | None = None) -> str:
        """The sum in one line: 'starts at low (observational studies in people);
        −1 risk of bias; = very low', and ', but grade says low' when `stated` differs."""
        parts = [f"starts at {level_words(self.start)} ({self.basis.short})"]
        parts += [f"{s.signed} {s.domain.slug.replace('-', ' ')}" for s in self.steps]
        text = "; ".join(parts) + f"; = {level_words(self.result)}"
        if stated and stated in GRADE and GRADE[stated].rank != self.result:
            text += f", but grade says {level_words(GRADE[stated].rank)}"
        return text


def level_words(rank: int) -> str:
    """'very low', 'high'; 'below very low' and 'above high' outside the scale."""
    if rank < 1:
        return "below very low"
    if rank > 4:
        return "above high"
    return GRADE_BY_RANK[rank].short.lower()


def bears(evidence: Evidence) -> bool:
    """A source that bears on the claim: any stance but context (indirect ones too)."""
    return evidence.stance != "context"


def source_start(ref: Reference, rule: StartRule) -> tuple[int | None, bool, tuple[str, ...]]:
    """Where one source's certainty starts under `rule`, whether a review's `pooled`
    designs set it, and the designs that give that level."""
    direct = {d: lvl for d in ref.designs if (lvl := rule.level(d)) is not None}
    pooled: dict[str, int] = {}
    if rule.pooled_counts and any(d in REVIEWS for d in ref.designs):
        kinds = [k for d in ref.pooled for k in POOLED_GROUPS.get(d, (d,))]
        pooled = {d: lvl for d in kinds if d not in REVIEWS
                  and (lvl := rule.level(d)) is not None}
    best = max([*direct.values(), *pooled.values()], default=None)
    if best is None:
        return None, False, ()
    via_review = best not in direct.values()
    chosen = pooled if via_review else direct
    return best, via_review, tuple(d for d, lvl in chosen.items() if lvl == best)


def certainty(claim: Claim, library: Library) -> Certainty:
    """The starting level from the designs of the sources that bear on the claim, and the
    claim's written steps (see definitions.START_RULES)."""
    rule = START_RULE.get(claim.type, HEALTH_RULE)
    bearing_sources = [e for e in claim.evidence if bears(e)]
    levels: list[tuple[int, bool, tuple[str, ...]]] = []
    known = bool(claim.evidence)  # a claim citing nothing is reported as claim.no-citation
    for ev in bearing_sources:
        ref = library.entries.get(ev.cite)
        if ref is None or not ref.designs:
            known = False  # reported elsewhere (citation.*, bib.design-missing)
            continue
        level, pooled, which = source_start(ref, rule)
        if level is not None:
            levels.append((level, pooled, which))
    if levels:
        start = max(level for level, _, _ in levels)
        best = [(pooled, which) for level, pooled, which in levels if level == start]
        via_review = all(pooled for pooled, _ in best)
        basis = rule.basis(start, {d for _, which in best for d in which}) or NO_BASIS
    else:
        start, via_review = 1, False
        basis = NO_BASIS if bearing_sources else NO_BEARING
    steps = tuple(Step(DOWNGRADE_DOMAIN[d.domain], -d.levels, d.reason, d.loc)
                  for d in claim.downgrades if d.domain in DOWNGRADE_DOMAIN)
    steps += tuple(Step(UPGRADE_DOMAIN[u.domain], u.levels, u.reason, u.loc)
                   for u in claim.upgrades if u.domain in UPGRADE_DOMAIN)
    return Certainty(start, basis, via_review, rule, steps, known and claim.steps_complete)


def design_mix(claim: Claim, library: Library) -> list[tuple[Design, int]]:
    """How many cited sources have each design, in vocabulary order (a source may have several)."""
    return _mix(claim.evidence, library)


def _mix(evidence: list[Evidence], library: Library) -> list[tuple[Design, int]]:
    counts: Counter[str] = Counter()
    for e in evidence:
        ref = library.entries.get(e.cite)
        if ref is not None:
            for d in dict.fromkeys(ref.designs):
                counts[d] += 1
    return [(d, counts[d.slug]) for d in DESIGNS if counts[d.slug]]


def addressing(claim: Claim) -> list[Evidence]:
    """The sources that address the claim's own question.

    Left out: context sources, which neither back nor refute the claim, and
    sources marked `indirect` (another population, treatment, outcome or
    product). Neither tested the claim, so the gap grid and the counts of
    studies leave them out; but an indirect source still bears on the verdict
    and the starting level (`bearing`, `certainty`), as GRADE rates indirect
    evidence down for indirectness rather than ignoring it.
    """
    return [e for e in claim.evidence if e.stance != "context" and not e.indirect]


def addressing_mix(claim: Claim, library: Library) -> list[tuple[Design, int]]:
    """Like design_mix, over the sources that address the claim's own question only."""
    return _mix(addressing(claim), library)


def is_study(design: Design) -> bool:
    """A trial, review, observational, animal or laboratory study; not a narrative review,
    a regulatory document or another source."""
    return design.secondary or design.in_people is not None


def count_addressing(claim: Claim, library: Library) -> int:
    """How many studies address the claim's own question: sources `addressing` keeps that
    have at least one study design. 0 is the 'no studies address this claim' the pages say."""
    return sum(1 for ds in designs(addressing(claim), library) if any(is_study(d) for d in ds))


def no_studies_in_people(claim: Claim, library: Library) -> bool:
    """A claim about people whose every source is an animal, in vitro or in silico study."""
    return claim.type in HEALTH_TYPES and lab_only(designs(claim.evidence, library))


def needs_secondary_source(claim: Claim, library: Library) -> bool:
    if claim.type not in HEALTH_TYPES:
        return False
    return not any(any(d.secondary for d in ds) for ds in designs(claim.evidence, library))


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def overdue(reviewed: dt.date | None, freshness_months: int, today: dt.date) -> bool:
    return reviewed is not None and today > add_months(reviewed, freshness_months)


def grade_rank(slug: str) -> int:
    return GRADE[slug].rank if slug in GRADE else 0
