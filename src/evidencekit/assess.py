"""What a claim's sources add up to: the facts both the rules and the pages use.

The checker and the renderer call the same functions, so a page can never
show a design mix or a 'no studies in people' marker that the checker did
not reason from.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from .definitions import DESIGN, DESIGNS, GRADE, HEALTH_TYPES, MAX_UPGRADE, Design
from .model import Claim, Evidence, Library

_BEARING = {
    "supported": ("supports", "mixed"),
    "contradicted": ("contradicts", "mixed"),
}


def bearing(claim: Claim) -> list[Evidence]:
    """The sources behind the verdict: those whose stance carries it, else all but context."""
    stances = _BEARING.get(claim.verdict, ("supports", "contradicts", "mixed"))
    chosen = [e for e in claim.evidence if e.stance in stances]
    return chosen or list(claim.evidence)


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


def ceiling(claim: Claim, library: Library) -> tuple[int, str] | None:
    """The highest grade rank the claim's evidence allows, and why; None when it cannot be told.

    Only efficacy and safety claims have a ceiling.
    """
    if claim.type not in HEALTH_TYPES:
        return None
    per_source = designs(bearing(claim), library)
    if not per_source:
        return None
    if lab_only(per_source):
        return 1, "it rests only on animal, in vitro or in silico studies"
    best = max(max(d.ceiling for d in ds) for ds in per_source)
    if best >= 4:
        return 4, "it rests on randomised trials or systematic reviews"
    if claim.upgrade:
        return min(4, best + MAX_UPGRADE), "observational evidence rated up for the reason given"
    return best, "its best evidence in people is observational or descriptive"


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
    and the grade ceiling (`bearing`, `ceiling`), as GRADE rates indirect
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
