"""The evidence model's vocabularies: grades, verdicts, stances, claim types, study designs.

One definition serves the checker, the JSON Schema, the methodology page and
the badges, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Grade:
    slug: str
    rank: int  # 1 (very low) to 4 (high)
    label: str
    symbols: str
    meaning: str
    wording: str


GRADES: tuple[Grade, ...] = (
    Grade(
        "high", 4, "High certainty", "●●●●",
        "Research gives a very good indication of the likely effect; "
        "further research is unlikely to change it.",
        "plain statements: \"does\", \"reduces\"",
    ),
    Grade(
        "moderate", 3, "Moderate certainty", "●●●○",
        "Research gives a good indication of the likely effect; the true effect "
        "is probably close to it.",
        "\"probably\"",
    ),
    Grade(
        "low", 2, "Low certainty", "●●○○",
        "Research gives only some indication of the likely effect; the truth "
        "may be quite different.",
        "\"may\"",
    ),
    Grade(
        "very-low", 1, "Very low certainty", "●○○○",
        "We cannot tell from the research what the effect is; the evidence is very uncertain.",
        "\"we don't know whether…; the evidence is very uncertain\"",
    ),
)
GRADE = {g.slug: g for g in GRADES}
GRADE_BY_RANK = {g.rank: g for g in GRADES}


@dataclass(frozen=True)
class Term:
    slug: str
    label: str
    meaning: str


VERDICTS: tuple[Term, ...] = (
    Term("supported", "Supported", "The evidence backs the claim as it was worded."),
    Term("mixed", "Mixed", "Part of the claim holds and part does not, or the studies disagree."),
    Term("unsupported", "Unsupported",
         "There is not enough evidence either way to back the claim as worded."),
    Term("contradicted", "Contradicted", "The evidence points the other way."),
    Term("lacks-context", "Lacks context",
         "True only for another population, dose or product, or silent on important harms."),
)
VERDICT = {v.slug: v for v in VERDICTS}

STANCES: tuple[Term, ...] = (
    Term("supports", "Supports", "The source backs the claim."),
    Term("contradicts", "Contradicts", "The source points against the claim."),
    Term("mixed", "Mixed", "The source backs part of the claim and not another part."),
    Term("context", "Context", "The source neither backs nor refutes the claim but informs it."),
)
STANCE = {s.slug: s for s in STANCES}

CLAIM_TYPES: tuple[Term, ...] = (
    Term("efficacy", "Efficacy", "Whether something works in people."),
    Term("safety", "Safety", "Whether something harms people, and how often."),
    Term("mechanism", "Mechanism", "How something acts, which laboratory work alone may show."),
    Term("regulatory", "Regulatory", "What a regulator or a law says."),
    Term("other", "Other", "Any other claim, for example about how a product is sold."),
)
CLAIM_TYPE = {t.slug: t for t in CLAIM_TYPES}
HEALTH_TYPES = frozenset({"efficacy", "safety"})

DOWNGRADE_DOMAINS: tuple[Term, ...] = (
    Term("risk-of-bias", "Risk of bias", "The studies' design or conduct may distort their results."),
    Term("inconsistency", "Inconsistency", "The studies disagree with each other."),
    Term("indirectness", "Indirectness",
         "The studies looked at other people, doses, products or outcomes than the claim is about."),
    Term("imprecision", "Imprecision", "The studies are few or small, so the result is uncertain."),
    Term("publication-bias", "Publication bias", "Studies with unwelcome results may be missing."),
)
DOWNGRADE_DOMAIN = {d.slug: d for d in DOWNGRADE_DOMAINS}


@dataclass(frozen=True)
class Design:
    slug: str
    label: str
    plural: str
    in_people: bool | None  # None: neither a study in people nor a laboratory study
    ceiling: int  # highest grade rank it can carry for a claim about people
    secondary: bool = False  # systematic review, meta-analysis or guideline


# The fixed vocabulary of the `design` field in a BibTeX entry.
DESIGNS: tuple[Design, ...] = (
    Design("systematic-review", "systematic review", "systematic reviews", True, 4, True),
    Design("meta-analysis", "meta-analysis", "meta-analyses", True, 4, True),
    Design("guideline", "guideline", "guidelines", True, 4, True),
    Design("randomised-trial", "randomised trial", "randomised trials", True, 4),
    Design("cohort", "cohort study", "cohort studies", True, 2),
    Design("case-control", "case-control study", "case-control studies", True, 2),
    Design("cross-sectional-survey", "survey", "surveys", True, 2),
    Design("case-series", "case series", "case series", True, 2),
    Design("case-report", "case report", "case reports", True, 2),
    Design("animal", "animal study", "animal studies", False, 1),
    Design("in-vitro", "in vitro study", "in vitro studies", False, 1),
    Design("in-silico", "in silico study", "in silico studies", False, 1),
    Design("narrative-review", "narrative review", "narrative reviews", None, 2),
    Design("regulatory-document", "regulatory document", "regulatory documents", None, 2),
    Design("other", "other source", "other sources", None, 2),
)
DESIGN = {d.slug: d for d in DESIGNS}

# GRADE allows rating up observational evidence by at most two levels.
MAX_UPGRADE = 2


def grade_label(rank: int) -> str:
    return GRADE_BY_RANK[rank].slug
