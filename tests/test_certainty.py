"""Certainty that adds up: where it starts, the steps, the words, and the page that shows them.

The exact diagnostics are in the fixture projects (tests/sites/grade_*, summary_*,
verdict_grade, bib_pooled, schema_*); these tests check the arithmetic's parts directly,
the built-in topic's grades against their own steps, and the claim card's path.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evidencekit import assess
from evidencekit.cli import main
from evidencekit.definitions import GRADE, GRADE_BY_RANK, START_RULES
from evidencekit.diagnostics import Loc
from evidencekit.model import Claim, Downgrade, Evidence, Library, Reference, Upgrade
from evidencekit.render.pages import Renderer
from evidencekit.validate import check_project
from evidencekit.wording import opening_sentence, states_no_study, strength

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).parent / "sites"
CLAIM_FILES = sorted(REPO.glob("content/topics/*/claims/*.yml"))
HERE = Loc("c.yml", 1, 1)


def library(**designs: tuple) -> Library:
    """Entries named by key: a tuple of designs, or (designs, pooled) for a review."""
    lib = Library()
    for key, spec in designs.items():
        ds, pooled = spec if spec and isinstance(spec[0], tuple) else (spec, ())
        lib.entries[key] = Reference(key, "article", {}, tuple(ds), HERE, pooled=tuple(pooled))
    return lib


def claim(type_: str = "efficacy", evidence=(), grade: str = "low", down=(), up=()) -> Claim:
    return Claim(id="c", topic="t", path="c.yml", claim="x", type=type_, verdict="mixed",
                 grade=grade, summary="It may help.",
                 evidence=[Evidence(k, s, None, HERE) for k, s in evidence], caveats=["c"],
                 reviewed=None, downgrades=[Downgrade(d, "r", n) for d, n in down],
                 upgrades=[Upgrade(d, "r", n) for d, n in up])


# -- where certainty starts -------------------------------------------------------

LIB = library(
    trial=("randomised-trial",), survey=("cross-sectional-survey",), rats=("animal",),
    cells=("in-vitro",), model=("in-silico",), overview=("narrative-review",),
    regulator=("regulatory-document",), news=("other",),
    trials_review=(("systematic-review", "meta-analysis"), ("randomised-trial",)),
    cohort_review=(("systematic-review",), ("cohort", "case-control")),
    rats_review=(("systematic-review",), ("animal",)),
    obs_review=(("meta-analysis",), ("observational",)),
    bare_review=("systematic-review",), guideline=("guideline",),
    pk_study=("non-randomised-trial", "in-silico"),
    series_and_overview=("case-series", "narrative-review"),
)


@pytest.mark.parametrize("type_, keys, start, short", [
    ("efficacy", ["trial"], 4, "randomised trials"),
    ("safety", ["survey", "rats"], 2, "observational studies in people"),
    ("efficacy", ["rats", "cells", "model"], 1, "animal, cell or computer-model studies only"),
    ("efficacy", ["overview", "regulator", "news"], 1, "no study that sets a starting level"),
    ("other", ["regulator"], 1, "no study that sets a starting level"),
    # a review starts where what it pooled starts; the word "review" alone sets nothing
    ("efficacy", ["trials_review"], 4, "randomised trials"),
    ("efficacy", ["cohort_review"], 2, "observational studies in people"),
    ("safety", ["obs_review"], 2, "observational studies in people"),
    ("safety", ["rats_review"], 1, "animal, cell or computer-model studies only"),
    ("efficacy", ["bare_review"], 1, "no study that sets a starting level"),
    ("efficacy", ["guideline"], 1, "no study that sets a starting level"),
    ("safety", ["series_and_overview"], 2, "observational studies in people"),
    ("safety", ["pk_study"], 2, "clinical studies without randomisation"),
    ("safety", ["pk_study", "survey"], 2, "observational studies in people"),
    # biology: experiments start high, computer models and observation low
    ("mechanism", ["rats"], 4, "experiments: trials, animal or cell studies"),
    ("mechanism", ["cells", "model"], 4, "experiments: trials, animal or cell studies"),
    ("mechanism", ["pk_study"], 4, "experiments: trials, animal or cell studies"),
    ("mechanism", ["model"], 2, "computer models or observational studies"),
    ("mechanism", ["survey"], 2, "computer models or observational studies"),
    ("mechanism", ["overview"], 1, "no study that sets a starting level"),
    # law: a regulator's own document high, anything else low (a review's pooling is no matter)
    ("regulatory", ["regulator", "overview"], 4, "a regulator's own documents"),
    ("regulatory", ["news"], 2, "sources other than a regulator's own documents"),
    ("regulatory", ["trials_review"], 2, "sources other than a regulator's own documents"),
])
def test_the_start_follows_the_designs_and_the_kind_of_claim(type_, keys, start, short):
    c = assess.certainty(claim(type_, [(k, "supports") for k in keys]), LIB)
    assert (c.start, c.basis.short) == (start, short)
    assert c.known


def test_context_sources_set_no_start_and_indirect_ones_do():
    c = assess.certainty(claim(evidence=[("trial", "context"), ("survey", "mixed")]), LIB)
    assert c.start == 2
    only_context = assess.certainty(claim(evidence=[("trial", "context")]), LIB)
    assert (only_context.start, only_context.basis.short) == (1, "background sources only")
    indirect = claim(evidence=[("trial", "contradicts")])
    indirect.evidence[0].indirect = "Another population."
    assert assess.certainty(indirect, LIB).start == 4


def test_a_start_from_a_review_says_so():
    c = assess.certainty(claim(evidence=[("cohort_review", "supports")]), LIB)
    assert c.via_review and c.why.endswith(", pooled in a review")
    both = assess.certainty(claim(evidence=[("cohort_review", "supports"), ("survey", "mixed")]), LIB)
    assert not both.via_review


def test_an_unknown_source_or_design_leaves_the_start_untold():
    assert not assess.certainty(claim(evidence=[("missing", "supports")]), LIB).known
    assert not assess.certainty(claim(evidence=[]), LIB).known


def test_every_claim_type_has_one_start_rule():
    types = [t for r in START_RULES for t in r.claim_types]
    assert sorted(types) == sorted(["efficacy", "safety", "mechanism", "regulatory", "other"])


# -- the arithmetic -----------------------------------------------------------------


def test_the_sum_and_its_words():
    c = assess.certainty(claim(evidence=[("survey", "supports")], down=[("risk-of-bias", 1)]), LIB)
    assert c.result == 1 and c.result_grade is GRADE["very-low"]
    assert c.arithmetic("low") == ("starts at low (observational studies in people); "
                                   "−1 risk of bias; = very low, but grade says low")
    assert c.arithmetic("very-low") == c.arithmetic() == (
        "starts at low (observational studies in people); −1 risk of bias; = very low")
    up = assess.certainty(claim(evidence=[("survey", "supports")], up=[("large-effect", 2)]), LIB)
    assert (up.result, up.upgraded, [s.signed for s in up.steps]) == (4, 2, ["+2"])
    below = assess.certainty(claim(evidence=[("rats", "supports")], down=[("indirectness", 1)]), LIB)
    assert below.result == 0 and below.result_grade is None
    assert below.arithmetic().endswith("; = below very low")


# -- words that match the certainty ------------------------------------------------


@pytest.mark.parametrize("summary, rank, words", [
    ("Kratom clearly improves depression.", 4, "clearly"),
    ("Kratom improves depression. It is proven.", 4, None),
    ("Kratom is not clearly effective.", 4, None),
    ("Kratom probably causes dependence in regular users.", 3, "probably"),
    ("Dependence is likely in regular users.", 3, "likely"),
    ("Kratom may lift mood for a few hours.", 2, "may"),
    ("Kratom may help, but it probably causes dependence.", 3, "probably"),
    ("We don't know whether kratom helps; the evidence is very uncertain.", 1, "We don't know"),
    ("We don’t know whether kratom helps.", 1, "We don't know"),
    ("It is unclear whether kratom helps.", 1, "unclear"),
    ("We found no study of kratom for depression.", 1, "no study"),
    ("We could not find any study of kratom and mood.", 1, "could not find any study"),
    ("Results came out in May 2024.", 4, None),
    ("*Kratom* [may](https://example.org) help.", 2, "may"),
])
def test_the_opening_sentence_sounds_as_sure_as_its_words(summary, rank, words):
    said = strength(opening_sentence(summary))
    assert said.rank == rank
    if words:
        assert said.words == words


@pytest.mark.parametrize("summary, found", [
    ("We don't know. No study in people has tested it.", "No study in people has tested it."),
    ("There are no trials of kratom.", "There are no trials of kratom."),
    ("It has never been tested in people.", "It has never been tested in people."),
    ("Nobody has compared kratom with antidepressants.",
     "Nobody has compared kratom with antidepressants."),
    ("We found no randomised trial.", "We found no randomised trial."),
    ("Kratom may help; the surveys are small.", None),
    ("Users reported no side effects.", None),
])
def test_a_summary_that_says_no_study_exists(summary, found):
    assert states_no_study(summary) == found


# -- the built-in topic ---------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("content", "references", "evidence.yml", "mkdocs.yml"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    return root


def _check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(root), "--strict"])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem)
def test_a_builtin_grade_moved_by_one_level_fails_naming_its_file(path, tmp_path):
    root = _copy(tmp_path)
    rel = path.relative_to(REPO).as_posix()
    text = (root / rel).read_text(encoding="utf-8")
    rank = GRADE[yaml.safe_load(text)["grade"]].rank
    moved = GRADE_BY_RANK[rank - 1 if rank > 1 else rank + 1].slug
    (root / rel).write_text(re.sub(r"(?m)^grade: \S+$", f"grade: {moved}", text, count=1),
                            encoding="utf-8")
    code, out = _check(root)
    assert code == 1
    assert re.search(rf"^{re.escape(rel)}:\d+:\d+: error\[grade\.arithmetic\]: claim "
                     rf"'{path.stem}' is graded '{moved}'", out, re.M), out


def test_a_very_low_builtin_claim_that_says_clearly_fails(tmp_path):
    root = _copy(tmp_path)
    path = next(p for p in CLAIM_FILES
                if yaml.safe_load(p.read_text(encoding="utf-8"))["grade"] == "very-low")
    rel = path.relative_to(REPO).as_posix()
    data = (root / rel).read_text(encoding="utf-8")
    data = re.sub(r"(?ms)^summary: .*?(?=^\S)",
                  "summary: Kratom clearly improves depression.\n", data, count=1)
    (root / rel).write_text(data, encoding="utf-8")
    code, out = _check(root)
    assert code == 1
    assert re.search(rf"^{re.escape(rel)}:\d+:\d+: warning\[summary\.wording\]: .*'clearly'.*"
                     r"'Kratom clearly improves depression\.'$", out, re.M), out


# -- the path on the page -----------------------------------------------------------


def _card(site: str, ref: str) -> str:
    project = check_project(SITES / site, today=dt.date(2026, 6, 1))
    return str(Renderer(project, today=dt.date(2026, 6, 1)).claim(ref))


def test_the_card_shows_each_step_from_the_start_to_the_grade():
    html = _card("site_small", "sleep/chamomile")
    path = re.search(r'<ol class="ek-certainty__path">(.*?)</ol>', html, re.S).group(1)
    items = [" ".join(re.sub(r"<[^>]+>", "", li).split())
             for li in re.findall(r"<li[^>]*>(.*?)</li>", path, re.S)]
    assert items == [
        "Starts at high: the evidence includes randomised trials.",
        "−2 levels down: Too few or too small studies: Few and small trials.",
        "= Low certainty.",
    ]
    # the domain links to its entry in the glossary, with its meaning on hover
    assert ('<a class="ek-term" href="methodology/#term_rating_down_imprecision" '
            'title="So few studies') in path
    assert '<span class="ek-visually-hidden"> levels down</span>' in path


def test_the_card_shows_upgrades_and_a_start_from_pooled_designs():
    html = _card("grade_two_levels", "sleep/large-effect")
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert ("Starts at low: the evidence comes from studies that observe people "
            "(observational studies). +2 levels up: A large effect: Drinkers reported sleeping "
            "two hours longer, far more than bias could explain. = High certainty.") in text
    html = _card("bib_pooled", "sleep/cohorts")
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert ("Starts at low: the evidence comes from studies that observe people "
            "(observational studies), pooled in a review. = Low certainty.") in text


def test_a_recorded_search_reads_we_searched():
    html = _card("summary_no_search", "kratom/we-found-none")
    assert ('<p class="ek-certainty__search">We searched PubMed and ClinicalTrials.gov on '
            '<time datetime="2026-01-10">10 January 2026</time> for <code class="'
            'ek-certainty__terms">kratom AND (psychotherapy OR counselling)</code>: No study '
            'comparing kratom with a talking therapy.</p>') in html
    # a topic's search backs the claims that say none was found, and says it is the topic's
    html = _card("gaps_indirect", "sleep/nothing-addresses")
    assert re.search(r'<p class="ek-certainty__search">We searched PubMed on .*?'
                     r'chamomile AND \(insomnia OR sleep\).*?'
                     r'<span class="ek-certainty__scope">\(a search for the whole topic\)</span>',
                     html)
    assert "We searched" not in _card("gaps_indirect", "sleep/trial-direct")
    project = check_project(SITES / "gaps_indirect", today=dt.date(2026, 6, 1))
    page = str(Renderer(project, today=dt.date(2026, 6, 1)).topic_page("sleep").html)
    assert '<p class="ek-topic__search">We searched PubMed on' in page


def test_the_methodology_tables_come_from_the_definitions():
    project = check_project(SITES / "site_small", today=dt.date(2026, 6, 1))
    renderer = Renderer(project, today=dt.date(2026, 6, 1))
    starts = str(renderer.start_table())
    assert re.findall(r'<tr id="([^"]+)">', starts) == [
        "term_start_health", "term_start_mechanism", "term_start_regulatory"]
    assert "randomised trials; reviews and guidelines that pooled them" in starts
    ups = str(renderer.upgrade_table())
    assert re.findall(r'<tr id="([^"]+)">', ups) == [
        "term_rating_up_large_effect", "term_rating_up_dose_response",
        "term_rating_up_confounding"]
    designs = str(renderer.design_table())
    assert "Where the studies it pooled start" in designs
    assert "No starting level of its own" in designs
