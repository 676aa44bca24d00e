"""What machines and careful readers get from the built site: ClaimReview JSON-LD,
claims.json and claims.csv, the gap grid, and each card's history.

Expected values come from the claim files and from git itself, not from the HTML.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import pytest
import yaml
from conftest import REPO
from playwright.sync_api import expect

from evidencekit.definitions import GRADE, VERDICT

CLAIM_FILES = sorted(REPO.glob("content/topics/*/claims/*.y*ml"))
TOPICS = sorted(p.parent.name for p in REPO.glob("content/topics/*/topic.y*ml"))
DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"


def load(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def fetch_text(page, url: str) -> str:
    return page.evaluate("async url => (await fetch(url)).text()", url)


def test_each_topic_page_carries_one_claimreview_per_claim(site_url, open_page):
    for topic in TOPICS:
        files = {p.stem: load(p) for p in CLAIM_FILES if p.parent.parent.name == topic}
        page, watch = open_page(f"{site_url}topics/{topic}/")
        reviews = page.evaluate("""() => [...document.querySelectorAll(
            'head script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent))""")
        assert len(reviews) == len(files)
        for review in reviews:
            cid = review["url"].rsplit("#", 1)[1]
            claim = files[cid]
            assert review["@type"] == "ClaimReview" and review["claimReviewed"] == claim["claim"]
            assert review["reviewRating"]["alternateName"] == VERDICT[claim["verdict"]].label
            assert GRADE[claim["grade"]].meaning in review["reviewRating"]["ratingExplanation"]
            assert page.evaluate("u => !!document.querySelector(`article[id='${u}']`)", cid)
        watch.assert_clean()


def test_claims_json_and_csv_list_every_claim_on_the_site(site_url, open_page):
    page, watch = open_page(site_url)
    records = page.evaluate("async url => (await fetch(url)).json()", f"{site_url}claims.json")
    assert sorted((r["topic"], r["id"]) for r in records) == sorted(
        (p.parent.parent.name, p.stem) for p in CLAIM_FILES)
    for r in records:
        claim = load(REPO / "content/topics" / r["topic"] / "claims" / f"{r['id']}.yml")
        assert (r["verdict"], r["grade"], r["claim"]) == (claim["verdict"], claim["grade"], claim["claim"])
        assert [s["key"] for s in r["sources"]] == [e["cite"] for e in claim["evidence"]]
    rows = list(csv.DictReader(io.StringIO(fetch_text(page, f"{site_url}claims.csv"), newline="")))
    assert [(r["topic"], r["id"]) for r in rows] == [(r["topic"], r["id"]) for r in records]
    watch.assert_clean()


def test_the_gap_grid_lists_every_claim_with_text_marks(site_url, open_page):
    for topic in TOPICS:
        count = sum(1 for p in CLAIM_FILES if p.parent.parent.name == topic)
        page, watch = open_page(f"{site_url}topics/{topic}/")
        rows = page.locator(".ek-gaps__table tbody tr")
        expect(rows).to_have_count(count)
        for text in page.locator(".ek-gaps__cell").all_inner_texts():
            assert re.fullmatch(r"✓ \d+|— none", text), text
        for i in range(count):
            link = rows.nth(i).locator("th a")
            target = link.get_attribute("href")[1:]
            assert page.locator(f'article.ek-claim[id="{target}"]').count() == 1
        expect(page.locator(".ek-gaps__summary")).to_contain_text("claims about effects in people")
        watch.assert_clean()


def _first_commit_dates() -> dict[str, str] | None:
    """Each claim file's first commit date from git itself, or None without git history."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        return None
    dates = {}
    for path in CLAIM_FILES:
        rel = path.relative_to(REPO).as_posix()
        out = subprocess.run(["git", "log", "--follow", "--format=%cs", "--", rel], cwd=REPO,
                             capture_output=True, text=True).stdout.split()
        if out:
            dates[f"{path.parent.parent.name}/{path.stem}"] = out[-1]
    return dates


def test_each_committed_card_says_when_its_verdict_or_grade_last_changed(site_url, open_page):
    dates = _first_commit_dates()
    if dates is None:
        pytest.skip("not a git checkout: cards show the reviewed date alone")
    for topic in TOPICS:
        page, watch = open_page(f"{site_url}topics/{topic}/")
        for card in page.locator("article.ek-claim").all():
            cid = card.get_attribute("id")
            history = card.locator(".ek-claim__history")
            if f"{topic}/{cid}" not in dates:  # not committed yet
                expect(history).to_have_count(0)
                continue
            text = history.inner_text()
            changed = re.fullmatch(rf"((Verdict|Certainty) changed from .+ to .+ on {DATE}\. ?)+", text)
            unchanged = re.fullmatch(rf"Verdict and certainty unchanged since ({DATE})\.", text)
            assert changed or unchanged, text
            if unchanged:
                since = history.locator("time").get_attribute("datetime")
                assert since == dates[f"{topic}/{cid}"]
        watch.assert_clean()
