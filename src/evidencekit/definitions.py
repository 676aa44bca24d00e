"""The evidence model's vocabularies: grades, verdicts, stances, claim types, study designs,
the reasons for rating certainty down and up, where certainty starts, and the words that
mark a sentence's certainty.

One definition serves the checker, the JSON Schema, the methodology page and
the badges, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Grade:
    slug: str
    rank: int  # 1 (very low) to 4 (high)
    label: str
    symbols: str
    meaning: str
    wording: str

    @property
    def short(self) -> str:
        """'Very low': the badge's words where a phone has no room for 'certainty'."""
        return self.label.removesuffix(" certainty")

    @property
    def anchor(self) -> str:
        return anchor("grade", self.slug)


GRADES: tuple[Grade, ...] = (
    Grade(
        "high", 4, "High certainty", "●●●●",
        "Research gives a very good indication of the likely effect; "
        "further research is unlikely to change it.",
        "plain statements: \"does\", \"reduces\", \"results in\"",
    ),
    Grade(
        "moderate", 3, "Moderate certainty", "●●●○",
        "Research gives a good indication of the likely effect; the true effect "
        "is probably close to it.",
        "\"probably\" (\"probably reduces\", \"is likely to\")",
    ),
    Grade(
        "low", 2, "Low certainty", "●●○○",
        "Research gives only some indication of the likely effect; the truth "
        "may be quite different.",
        "\"may\" (\"may reduce\", \"might\")",
    ),
    Grade(
        "very-low", 1, "Very low certainty", "●○○○",
        "We cannot tell from the research what the effect is; the evidence is very uncertain.",
        "\"we don't know whether…\", \"the evidence is very uncertain\"",
    ),
)
GRADE = {g.slug: g for g in GRADES}
GRADE_BY_RANK = {g.rank: g for g in GRADES}


def anchor(kind: str, slug: str) -> str:
    """The id of a term's entry on the methodology page (its glossary), e.g.
    'term_verdict_lacks_context', or 'term_claim_as_made' for a glossary word (no kind).
    The vocabulary's name keeps 'mixed' the verdict apart from 'mixed' the stance; '_'
    never occurs in a claim id, so no anchor can clash with a claim's."""
    return "_".join(("term", *([kind] if kind else []), slug.replace("-", "_")))


@dataclass(frozen=True)
class Term:
    """A word a reader meets: `label` is what the page shows (plain words, never the slug);
    `meaning` is its glossary entry, which names the technical term where there is one."""
    slug: str
    label: str
    meaning: str
    kind: str = ""  # the vocabulary it belongs to, which names its anchor

    @property
    def anchor(self) -> str:
        return anchor(self.kind, self.slug)


def _vocabulary(kind: str, *terms: Term) -> tuple[Term, ...]:
    return tuple(replace(t, kind=kind) for t in terms)


VERDICTS: tuple[Term, ...] = _vocabulary(
    "verdict",
    Term("supported", "Supported", "The evidence backs the claim as it was worded."),
    Term("mixed", "Mixed", "Part of the claim holds and part does not, or the studies disagree."),
    Term("unsupported", "Unsupported",
         "There is not enough evidence either way to back the claim as worded."),
    Term("contradicted", "Contradicted", "The evidence points the other way."),
    Term("lacks-context", "Lacks context",
         "True only for other people, another dose or another product, or silent about "
         "harms that matter."),
)
VERDICT = {v.slug: v for v in VERDICTS}

STANCES: tuple[Term, ...] = _vocabulary(
    "stance",
    Term("supports", "Supports", "The source backs the claim."),
    Term("contradicts", "Contradicts", "The source points against the claim."),
    Term("mixed", "Mixed", "The source backs one part of the claim and not another."),
    Term("context", "Background",
         "The source neither backs nor goes against the claim, but tells a reader something "
         "the claim leaves out, such as how a product is sold or what a regulator said."),
)
STANCE = {s.slug: s for s in STANCES}

# A card shows "<label> claim", so each label reads well before the word "claim".
CLAIM_TYPES: tuple[Term, ...] = _vocabulary(
    "claim_type",
    Term("efficacy", "Benefit", "Whether something works in people (an efficacy claim)."),
    Term("safety", "Safety", "Whether something harms people, and how often."),
    Term("mechanism", "Biology",
         "How something acts in the body (a mechanism claim), which laboratory work alone may show."),
    Term("regulatory", "Legal or regulatory", "What a regulator or a law says."),
    Term("other", "Other", "Any other claim, for example about how a product is sold."),
)
CLAIM_TYPE = {t.slug: t for t in CLAIM_TYPES}
HEALTH_TYPES = frozenset({"efficacy", "safety"})

# The five GRADE domains for rating certainty down, in plain words; each meaning names
# the GRADE term, so the methodology page doubles as a glossary for readers who meet it.
DOWNGRADE_DOMAINS: tuple[Term, ...] = _vocabulary(
    "rating_down",
    Term("risk-of-bias", "Flaws in how the studies were done",
         "The way the studies were designed or run may distort their results, for example "
         "no comparison group or people choosing themselves. GRADE calls this “risk of bias”."),
    Term("inconsistency", "Results disagree",
         "The studies' results differ more than chance would explain. "
         "GRADE calls this “inconsistency”."),
    Term("indirectness", "Evidence about other people, products or outcomes",
         "The studies looked at other people (or animals or cells), other doses or products, "
         "or other outcomes than the claim is about. GRADE calls this “indirectness”."),
    Term("imprecision", "Too few or too small studies",
         "So few studies, people or events that the true result could be quite different. "
         "GRADE calls this “imprecision”."),
    Term("publication-bias", "Missing studies likely",
         "Studies with unwelcome results may never have been published. "
         "GRADE calls this “publication bias”."),
)
DOWNGRADE_DOMAIN = {d.slug: d for d in DOWNGRADE_DOMAINS}

# GRADE's three reasons for rating certainty up, for evidence that starts at low only.
UPGRADE_DOMAINS: tuple[Term, ...] = _vocabulary(
    "rating_up",
    Term("large-effect", "A large effect",
         "The effect is so large that flaws in the studies are unlikely to explain all of "
         "it. GRADE calls this a “large effect”."),
    Term("dose-response", "More exposure, more effect",
         "The effect grows with the dose or with how long or how often people are exposed. "
         "GRADE calls this a “dose–response gradient”."),
    Term("confounding", "Biases would hide the effect",
         "The likely biases in the studies would make the effect look smaller than it is, "
         "or would create an effect that was not found, so the result is, if anything, an "
         "underestimate. GRADE calls this “plausible confounding”."),
)
UPGRADE_DOMAIN = {d.slug: d for d in UPGRADE_DOMAINS}

# A step down or up is one or two levels (GRADE: "serious" or "very serious"; a large or
# a very large effect).
STEP_LEVELS = (1, 2)


@dataclass(frozen=True)
class Design:
    slug: str
    label: str  # plain words: "lab study on cells", not "in vitro study"
    plural: str
    in_people: bool | None  # None: neither a study in people nor a laboratory study
    # Where certainty starts for a benefit, safety or other claim resting on it (grade
    # rank); None: no starting level of its own (a review starts where what it pooled does).
    start: int | None
    secondary: bool = False  # systematic review, meta-analysis or guideline
    meaning: str = ""  # its glossary entry, naming the technical term where it differs

    @property
    def anchor(self) -> str:
        return anchor("design", self.slug)


# The fixed vocabulary of the `design` field in a BibTeX entry.
DESIGNS: tuple[Design, ...] = (
    Design("systematic-review", "systematic review", "systematic reviews", True, None, True,
           "A review that searches for every study on a question in a planned, recorded way, "
           "and weighs them together."),
    Design("meta-analysis", "pooled analysis", "pooled analyses", True, None, True,
           "A calculation that pools the results of several studies into one estimate; "
           "researchers call it a “meta-analysis”."),
    Design("guideline", "clinical guideline", "clinical guidelines", True, None, True,
           "Advice to doctors from an expert panel, usually built on systematic reviews."),
    Design("randomised-trial", "randomised trial", "randomised trials", True, 4,
           meaning="People are put at random into a group that gets the treatment and one that "
           "does not, so the groups differ only by chance: the fairest test of whether "
           "something works."),
    Design("non-randomised-trial", "clinical study without randomisation",
           "clinical studies without randomisation", True, 2,
           meaning="People are given a treatment on purpose, but not put into groups at "
           "random: for example a small study that measures how one medicine changes the "
           "levels of another in volunteers. Researchers call it a “non-randomised trial”. "
           "Without groups formed by chance it starts at low certainty, like studies that "
           "observe people."),
    Design("cohort", "cohort study", "cohort studies", True, 2,
           meaning="A study that follows a group of people over time and compares those who "
           "used something with those who did not."),
    Design("case-control", "case-control study", "case-control studies", True, 2,
           meaning="A study that compares people who have a condition with similar people who "
           "do not, and looks back at what each group used."),
    Design("cross-sectional-survey", "survey", "surveys", True, 2,
           meaning="Questions put to a group of people at one time, often volunteers. It shows "
           "what goes together, not what causes what; researchers call it a "
           "“cross-sectional survey”."),
    Design("case-series", "case series", "case series", True, 2,
           meaning="Reports on several patients with the same exposure or illness, with no "
           "comparison group."),
    Design("case-report", "case report", "case reports", True, 2,
           meaning="A report on a single patient, with no comparison group."),
    Design("animal", "animal study", "animal studies", False, 1,
           meaning="An experiment in animals. What happens in animals often does not happen "
           "in people."),
    Design("in-vitro", "lab study on cells", "lab studies on cells", False, 1,
           meaning="An experiment on cells or tissue in a dish or test tube; researchers call "
           "it an “in vitro” study."),
    Design("in-silico", "computer model study", "computer model studies", False, 1,
           meaning="A computer simulation, for example of how a molecule might fit a receptor "
           "in the brain; researchers call it an “in silico” study."),
    Design("narrative-review", "overview article", "overview articles", None, None,
           meaning="An article that sums up research without a planned search for every "
           "study, so it may leave some out; researchers call it a “narrative review”."),
    Design("regulatory-document", "regulatory document", "regulatory documents", None, None,
           meaning="A decision, warning or statement by a regulator or a government."),
    Design("other", "other source", "other sources", None, None,
           meaning="Any other source, such as a news report or an official statistic."),
)
DESIGN = {d.slug: d for d in DESIGNS}

# GRADE allows rating up observational evidence by at most two levels (from low to high).
MAX_UPGRADE = 2

_OBSERVATIONAL = ("cohort", "case-control", "cross-sectional-survey", "case-series", "case-report")
_LAB = ("animal", "in-vitro", "in-silico")
REVIEWS = tuple(d.slug for d in DESIGNS if d.secondary)  # they start where what they pooled starts
# Words a review's `pooled` field may use besides the designs, for a review that names only
# the kind of studies it pooled ("36 observational studies"), not each design.
POOLED_GROUPS: dict[str, tuple[str, ...]] = {"observational": _OBSERVATIONAL}


@dataclass(frozen=True)
class Basis:
    """One starting level of a kind of claim and the designs that give it."""

    rank: int
    designs: tuple[str, ...]
    short: str  # "observational studies in people": the checker's hint says "starts at low (…)"
    sentence: str  # "the evidence comes from …": the card says "Starts at low: …."


@dataclass(frozen=True)
class StartRule:
    """Where certainty starts for some kinds of claim, and what certainty means for them.

    A claim's starting level is the highest one that any source bearing on it gives
    (stance supports, contradicts or mixed; never context). A systematic review,
    meta-analysis or guideline gives the level of the designs it pooled (its `pooled`
    field) where `pooled_counts`; a design listed in no basis gives no level of its own,
    and a claim whose sources give none starts at very low.
    """

    slug: str
    claim_types: tuple[str, ...]
    label: str  # "Benefit, safety and other claims"
    bases: tuple[Basis, ...]  # highest first
    meaning: str  # what certainty means for these claims, for the methodology page
    pooled_counts: bool = True

    def level(self, design: str) -> int | None:
        for b in self.bases:
            if design in b.designs:
                return b.rank
        return None

    def basis(self, rank: int, designs=()) -> Basis | None:
        """The first basis at `rank`, preferring one that holds any of `designs`."""
        at_rank = [b for b in self.bases if b.rank == rank]
        return next((b for b in at_rank if set(b.designs) & set(designs)),
                    at_rank[0] if at_rank else None)


START_RULES: tuple[StartRule, ...] = (
    StartRule(
        "health", ("efficacy", "safety", "other"), "Benefit, safety and other claims",
        (Basis(4, ("randomised-trial",), "randomised trials",
               "the evidence includes randomised trials"),
         Basis(2, _OBSERVATIONAL, "observational studies in people",
               "the evidence comes from studies that observe people (observational studies)"),
         Basis(2, ("non-randomised-trial",), "clinical studies without randomisation",
               "the evidence comes from clinical studies in people without randomisation"),
         Basis(1, _LAB, "animal, cell or computer-model studies only",
               "the evidence comes only from studies in animals, cells or computer models")),
        "How sure we can be of the effect in people (or, for another claim, of the fact "
        "claimed)."),
    StartRule(
        "mechanism", ("mechanism",), "Biology claims (how something acts in the body)",
        (Basis(4, ("randomised-trial", "non-randomised-trial", "animal", "in-vitro"),
               "experiments: trials, animal or cell studies",
               "the evidence includes experiments (trials in people, animal or cell studies)"),
         Basis(2, ("in-silico",) + _OBSERVATIONAL, "computer models or observational studies",
               "the evidence comes from computer models or from studies that observe people")),
        "How sure we can be that the substance acts as claimed, in the animals, cells or "
        "people studied; whether it acts the same way in people is rated as indirectness."),
    StartRule(
        "regulatory", ("regulatory",), "Legal or regulatory claims",
        (Basis(4, ("regulatory-document",), "a regulator's own documents",
               "the evidence includes a regulator's or government's own documents"),
         Basis(2, tuple(d.slug for d in DESIGNS if d.slug != "regulatory-document"),
               "sources other than a regulator's own documents",
               "the evidence comes from sources other than a regulator's own documents")),
        "How sure we can be of what a regulator or a law says or did.",
        pooled_counts=False),
)
START_RULE = {t: r for r in START_RULES for t in r.claim_types}
HEALTH_RULE = START_RULES[0]
NO_BASIS = Basis(1, (), "no study that sets a starting level",
                 "none of its sources is a study that sets a starting level (overview articles, "
                 "reviews that do not record what they pooled, regulatory documents and other "
                 "sources do not)")
NO_BEARING = Basis(1, (), "background sources only",
                   "none of its sources bears on it directly: they are all background")

# The words that mark a sentence's certainty, following GRADE's guidance on informative
# statements (GRADE guidelines 26, Santesso et al. 2020) and Cochrane's plain-language
# summaries, by the grade rank they express. A sentence without any of them states a
# finding plainly, which is wording for high certainty; an overstatement is always
# wording for high certainty. The checker reads the opening sentence of a summary with
# these (see wording.py); `evidence explain summary.wording` lists them.
CERTAINTY_WORDS: dict[int, tuple[str, ...]] = {
    3: ("probably", "probable", "likely", "unlikely", "most likely"),
    2: ("may", "might", "could", "possibly", "perhaps", "it is possible", "suggests",
        "suggest", "appears to", "appear to", "seems to", "seem to"),
    1: ("we don't know", "we do not know", "not known", "unknown", "very uncertain",
        "uncertain", "unclear", "cannot tell", "can't tell", "no one knows", "nobody knows"),
}
OVERSTATEMENTS: tuple[str, ...] = (
    "clearly", "definitely", "certainly", "undoubtedly", "without doubt", "beyond doubt",
    "no doubt", "proven", "proves", "conclusively", "is clear that",
)

# Words a reader meets on cards and topic pages that no vocabulary above defines. The
# methodology page lists them (the `glossary_table` macro), each under its anchor
# 'term_<slug>', so a page can link a term to its meaning.
GLOSSARY: tuple[Term, ...] = (
    Term("claim-as-made", "The claim as made",
         "The claim as the article under review made it, in quotation marks: the article's "
         "words, restated only to keep them short and recognisable, never our own view."),
    Term("verdict", "Verdict",
         "How the claim, as it was worded, stands against the evidence: one of the five "
         "verdicts in the table of verdicts."),
    Term("certainty", "Certainty of the evidence",
         "How sure we can be of the verdict, from high to very low (GRADE calls these "
         "levels “grades”). Read it before the verdict."),
    Term("stance", "Stance",
         "How one source bears on the claim: it supports it, contradicts it, is mixed, or "
         "gives background."),
    Term("addressing", "Studies that address it",
         "Studies of the claim's own question: the same kind of people, product and outcome. "
         "Sources about other people, products or outcomes, or cited only for background, "
         "are listed but not counted here."),
    Term("all-sources", "All sources cited",
         "Every source behind the claim, counted by kind. In the bar beside the counts, "
         "trials and reviews are solid, studies that observe people are striped, animal and "
         "laboratory studies are dotted, and other sources are blank."),
    Term("no-human-studies", "No studies in people",
         "Every source behind the claim is a study in animals, cells or computer models. "
         "What happens there often does not happen in people, so the certainty for a claim "
         "about people is very low."),
    Term("secondary-source", "Secondary source",
         "A source that weighs all the studies on a question: a systematic review, a pooled "
         "analysis or a clinical guideline. A card marked “No systematic review yet” has "
         "none, so it rests on single studies, each described for what it is."),
    Term("observational", "Studies that observe people",
         "Studies that watch what people do and what happens to them, without assigning a "
         "treatment: cohort and case-control studies, surveys, case series and case reports. "
         "Researchers call them “observational”."),
    Term("starting-level", "Starting level",
         "Where the certainty of a claim's evidence starts, from the kinds of study behind it, "
         "before any reason to rate it down or up: for a claim about an effect in people, "
         "randomised trials start at high, studies that observe people at low, and studies "
         "in animals, cells or computer models alone at very low. Each claim page shows the "
         "path from its starting level to its certainty, step by step, and the table of "
         "starting levels gives the rule for each kind of claim."),
    Term("rating-down", "Rated down",
         "The certainty was lowered for a weakness in the evidence. The five reasons are in "
         "the table of reasons for rating down; each card says which apply, and why."),
    Term("rating-up", "Rated up",
         "The certainty of studies that observe people was raised, by at most two levels, "
         "because the effect is large, because more exposure brings more effect, or because "
         "the likely biases would have hidden the effect rather than created it. The three "
         "reasons are in the table of reasons for rating up."),
    Term("search", "We searched",
         "A search we recorded: where we looked, on which day, with which terms, and what "
         "we found. “We found no study” is only as good as the search behind it, so every "
         "such statement has one."),
    Term("caveats", "Caveats",
         "What a reader needs to know before acting on the claim, with harms given the same "
         "space as benefits."),
    Term("would-change", "What would change the verdict",
         "The study or finding that would lead us to a different verdict or certainty."),
    Term("overdue", "Review overdue",
         "The evidence was last checked longer ago than the site's review period, so newer "
         "studies may have changed the picture."),
    Term("evidence-gap", "Gap",
         "A kind of study that none of the claim's sources provides, for example no "
         "randomised trial in people."),
)


def grade_label(rank: int) -> str:
    return GRADE_BY_RANK[rank].slug
