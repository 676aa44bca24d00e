"""Readers see plain words: labels are never slugs, every term has a glossary anchor, and
the methodology tables scroll inside a region a keyboard can reach."""

from __future__ import annotations

import re

import pytest

from evidencekit.definitions import (
    CLAIM_TYPES, DESIGNS, DOWNGRADE_DOMAINS, GLOSSARY, GRADES, STANCES, UPGRADE_DOMAINS, VERDICTS,
)
from evidencekit.render.environment import call, make_environment

TERMS = (*VERDICTS, *STANCES, *CLAIM_TYPES, *DOWNGRADE_DOMAINS, *UPGRADE_DOMAINS, *GLOSSARY)
EVERYTHING = (*TERMS, *GRADES, *DESIGNS)
JARGON = ("in silico", "in vitro", "indirectness", "imprecision", "inconsistency",
          "risk of bias", "publication bias", "meta-analys", "narrative review",
          "dose-response", "dose–response", "confounding", "non-randomised")


@pytest.mark.parametrize("term", EVERYTHING, ids=lambda t: f"{type(t).__name__}:{t.slug}")
def test_a_label_is_plain_words(term):
    assert term.label != term.slug and "-" not in term.label.replace("case-control", "")
    assert not any(j in term.label.lower() for j in JARGON)
    assert term.meaning.strip()
    if hasattr(term, "plural"):
        assert not any(j in term.plural.lower() for j in JARGON)


def test_every_term_has_its_own_anchor():
    anchors = [t.anchor for t in EVERYTHING]
    assert len(set(anchors)) == len(anchors)
    assert all(re.fullmatch(r"term_[a-z_]+", a) for a in anchors)
    assert VERDICTS[1].anchor == "term_verdict_mixed" != STANCES[2].anchor == "term_stance_mixed"
    assert GLOSSARY[0].anchor == "term_claim_as_made"


def test_the_grade_domains_keep_their_technical_names_in_the_meaning():
    for d in DOWNGRADE_DOMAINS:
        assert f"GRADE calls this “{d.slug.replace('-', ' ')}”" in d.meaning
    for d in UPGRADE_DOMAINS:
        assert "GRADE calls this" in d.meaning


@pytest.mark.parametrize("name, args", [
    ("verdict_table", (VERDICTS,)),
    ("grade_table", (GRADES,)),
    ("design_table", (DESIGNS, {g.rank: g for g in GRADES})),
    ("term_table", (STANCES, "Stance")),
    ("term_table", (DOWNGRADE_DOMAINS, "Reason for rating down")),
    ("term_table", (UPGRADE_DOMAINS, "Reason for rating up")),
    ("term_table", (GLOSSARY, "Term")),
])
def test_a_table_scrolls_in_a_labelled_focusable_region_with_anchored_rows(name, args):
    html = str(call(make_environment(), name, *args))
    region = re.findall(r'<div class="ek-scroll" role="region" tabindex="0" aria-label="([^"]+)">', html)
    assert len(region) == 1 and region[0].strip()
    # the table has a class, so Material neither restyles it nor wraps it in a second,
    # unfocusable scroll box of its own
    assert '<table class="ek-table__table">' in html and "<table>" not in html
    assert re.findall(r'<tr id="([^"]+)">', html) == [t.anchor for t in args[0]] or name == "grade_table"
    assert "<code>" not in html  # no slug reaches a reader


def test_the_grade_table_rows_run_highest_first_under_their_anchors():
    html = str(call(make_environment(), "grade_table", GRADES))
    assert re.findall(r'<tr id="([^"]+)">', html) == [
        g.anchor for g in sorted(GRADES, key=lambda g: -g.rank)]
