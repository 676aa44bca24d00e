"""The gap grid: each claim of a topic against groups of study designs.

Like an evidence gap map, but per claim: where no randomised trial in people,
no systematic review, no study in people, or no study at all addresses the
claim's own question. Only the sources assess.addressing keeps are counted: a
trial of kratom for pain is not a trial of kratom for depression, and a source
cited for context tested nothing. (The card's design-mix bar and the checker's
rules still look at every cited source: the grade rates indirect evidence
down, it does not ignore it.) The groups are made from the design
vocabulary's own attributes (definitions.DESIGNS).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import assess
from ..definitions import CLAIM_TYPE, DESIGNS, HEALTH_TYPES, Design
from ..model import Claim, Library


@dataclass(frozen=True)
class DesignGroup:
    slug: str
    label: str  # column heading
    meaning: str
    designs: tuple[str, ...]  # design slugs, in vocabulary order


def group_slug(design: Design) -> str:
    """Which group a design belongs to, from what the vocabulary says about it."""
    if design.secondary:
        return "reviews"
    if design.in_people is True:
        return "trials" if design.start == 4 else "observational"
    if design.in_people is False:
        return "lab"
    return "other"


_GROUPS = (
    ("trials", "Randomised trials in people", "Randomised controlled trials in people."),
    ("reviews", "Systematic reviews and guidelines",
     "Systematic reviews, pooled analyses (meta-analyses) and clinical guidelines."),
    ("observational", "Studies that observe people",
     "Cohort, case-control and survey studies, case series and case reports, and clinical "
     "studies without randomisation."),
    ("lab", "Animal and laboratory studies", "Studies in animals, cells or computer models."),
    ("other", "Other sources", "Overview articles, regulatory documents and other sources."),
)
DESIGN_GROUPS: tuple[DesignGroup, ...] = tuple(
    DesignGroup(slug, label, meaning, tuple(d.slug for d in DESIGNS if group_slug(d) == slug))
    for slug, label, meaning in _GROUPS)
GROUP = {g.slug: g for g in DESIGN_GROUPS}
STUDIES = ("trials", "reviews", "observational", "lab")  # everything but 'other'


@dataclass(frozen=True)
class GapCell:
    group: DesignGroup
    count: int  # sources addressing the claim with a design in the group
    gap: bool  # a missing kind of evidence the claim needs (drawn as a gap, not just empty)


@dataclass(frozen=True)
class GapRow:
    number: int
    claim_id: str
    heading: str  # the verdict, then the claim's words in quotes
    href: str
    claim_type: str  # the type's label, or '' when unknown
    cells: list[GapCell]
    gaps: list[str]  # 'No human trial', ...; empty when none (or when gaps do not apply)
    applies: bool  # False for claims whose evidence is not expected to be studies


@dataclass(frozen=True)
class GapColumn:
    group: DesignGroup
    without: int  # claims that no source of the group addresses


@dataclass(frozen=True)
class GapGrid:
    rows: list[GapRow]
    columns: list[GapColumn]
    about_people: int  # efficacy and safety claims
    no_trial: int
    no_review: int
    no_people: int
    no_study: int

    @property
    def summary(self) -> str:
        """The grid's main finding in one or two sentences."""
        said = []
        if self.about_people:
            n = self.about_people
            parts = [f"{self.no_trial} {'has' if self.no_trial == 1 else 'have'} no randomised "
                     f"trial in people that addresses {'it' if self.no_trial == 1 else 'them'}",
                     f"{self.no_review} no systematic review"]
            if self.no_people:
                parts.append(f"{self.no_people} no study in people at all")
            said.append(f"Of the {n} claim{'s' if n != 1 else ''} about effects in people, "
                        + (", ".join(parts[:-1]) + " and " + parts[-1]) + ".")
        if self.no_study:
            one = self.no_study == 1
            said.append(f"No study of any kind addresses {self.no_study} "
                        f"claim{'' if one else 's'}.")
        return " ".join(said) or "At least one study addresses every claim here."


NO_TRIAL = "No human trial"
NO_REVIEW = "No systematic review"
NO_PEOPLE = "No study in people"
NO_STUDY = "No studies address this claim"


def group_counts(claim: Claim, library: Library) -> dict[str, int]:
    """How many sources addressing the claim have a design in each group (a source may
    count in two)."""
    counts = dict.fromkeys(GROUP, 0)
    for designs in assess.designs(assess.addressing(claim), library):
        for slug in dict.fromkeys(group_slug(d) for d in designs):
            counts[slug] += 1
    return counts


def gaps_of(claim: Claim, library: Library, counts: dict[str, int]) -> tuple[list[str], bool]:
    """The claim's gaps, and whether gaps apply to it at all.

    Efficacy and safety claims need trials and reviews in people; a mechanism
    claim needs some study; regulatory and other claims rest on documents.
    Everything is judged from the sources that address the claim (`counts`
    is group_counts), so a gap here can differ from the checker's
    evidence.secondary-source warning, which looks at every cited source.
    """
    no_study = not any(counts[g] for g in STUDIES)
    if claim.type in HEALTH_TYPES:
        if no_study:
            return [NO_STUDY], True
        gaps = []
        if not counts["trials"]:
            gaps.append(NO_TRIAL)
        if not counts["reviews"]:
            gaps.append(NO_REVIEW)
        if assess.lab_only(assess.designs(assess.addressing(claim), library)):
            gaps.append(NO_PEOPLE)
        return gaps, True
    if claim.type == "mechanism":
        return ([NO_STUDY] if no_study else []), True
    return [], False


def gap_grid(claims: list[Claim], views, library: Library) -> GapGrid:
    """The grid for a topic's claims; `views` are their ClaimViews, in the same order."""
    rows = []
    for claim, view in zip(claims, views):
        counts = group_counts(claim, library)
        gaps, applies = gaps_of(claim, library, counts)
        needed = {"trials", "reviews"} if claim.type in HEALTH_TYPES else set()
        cells = [GapCell(g, counts[g.slug], applies and not counts[g.slug] and (
            g.slug in needed or NO_STUDY in gaps and g.slug in STUDIES)) for g in DESIGN_GROUPS]
        kind = CLAIM_TYPE.get(claim.type)
        rows.append(GapRow(view.number, view.id, view.title_text, view.href,
                           kind.label if kind else "", cells, gaps, applies))
    columns = [GapColumn(g, sum(1 for r in rows if not r.cells[i].count))
               for i, g in enumerate(DESIGN_GROUPS)]
    people = [r for r, c in zip(rows, claims) if c.type in HEALTH_TYPES]
    return GapGrid(
        rows=rows, columns=columns, about_people=len(people),
        no_trial=sum(1 for r in people if NO_TRIAL in r.gaps or NO_STUDY in r.gaps),
        no_review=sum(1 for r in people if NO_REVIEW in r.gaps or NO_STUDY in r.gaps),
        no_people=sum(1 for r in people if NO_PEOPLE in r.gaps or NO_STUDY in r.gaps),
        no_study=sum(1 for r in rows if NO_STUDY in r.gaps),
    )
