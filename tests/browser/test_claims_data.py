"""What machines and careful readers get from the built site: ClaimReview JSON-LD on each
claim's page, claims.json, claims.csv and each topic's CSV, the gap grid, and each card's
history.

Expected values come from the claim files and from git itself, not from the HTML.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from evidencekit.definitions import GRADE, VERDICT
from site_facts import ALL_CLAIMS, CLAIMS, REPO, TOPICS, claim_path, topic_path

DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"

REVIEWS = """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
  .map(s => JSON.parse(s.textContent)).filter(r => r['@type'] === 'ClaimReview')"""


def fetch_text(page, url: str) -> str:
    return page.evaluate("async url => (await fetch(url)).text()", url)


def test_each_claim_page_carries_its_claimreview(site_url, open_page):
    page, watch = open_page(site_url)
    for topic, cid, claim in ALL_CLAIMS:
        page.goto(site_url + claim_path(topic, cid), wait_until="load")
        reviews = page.evaluate(REVIEWS)
        assert len(reviews) == 1, cid
        review = reviews[0]
        assert review["claimReviewed"] == claim["claim"]
        assert review["reviewRating"]["alternateName"] == VERDICT[claim["verdict"]].label
        assert GRADE[claim["grade"]].meaning in review["reviewRating"]["ratingExplanation"]
        # Without site_url there is no address to give: never a bare "#anchor", which
        # consumers reject (issue 10, point 8).
        assert "url" not in review or re.match(r"https?://", review["url"]), review.get("url")
    watch.assert_clean()


def test_a_topic_page_carries_no_claimreview_of_its_own(site_url, open_page):
    """Each claim is reviewed once, on its own page: one ClaimReview per claim on the site."""
    for topic in TOPICS:
        page, watch = open_page(site_url + topic_path(topic))
        assert page.evaluate(REVIEWS) == []
        watch.assert_clean()


def test_claims_json_and_csv_list_every_claim_on_the_site(site_url, open_page):
    page, watch = open_page(site_url)
    records = page.evaluate("async url => (await fetch(url)).json()", f"{site_url}claims.json")
    assert [(r["topic"], r["id"]) for r in records] == [(t, c) for t, c, _ in ALL_CLAIMS]
    for r in records:
        claim = CLAIMS[r["topic"]][r["id"]]
        assert (r["verdict"], r["grade"], r["claim"]) == (claim["verdict"], claim["grade"], claim["claim"])
        assert [s["key"] for s in r["sources"]] == [e["cite"] for e in claim["evidence"]]
        assert r["url"].endswith(claim_path(r["topic"], r["id"])), r["url"]
    rows = list(csv.DictReader(io.StringIO(fetch_text(page, f"{site_url}claims.csv"), newline="")))
    assert [(r["topic"], r["id"]) for r in rows] == [(r["topic"], r["id"]) for r in records]
    for topic in TOPICS:
        own = list(csv.DictReader(io.StringIO(fetch_text(page, f"{site_url}{topic_path(topic)}claims.csv"),
                                              newline="")))
        assert [(r["topic"], r["id"]) for r in own] == [(topic, c) for c in CLAIMS[topic]]
    watch.assert_clean()


def test_the_gap_grid_lists_every_claim_with_text_marks(site_url, open_page):
    for topic in TOPICS:
        page, watch = open_page(site_url + topic_path(topic))
        rows = page.locator(".ek-gaps__table tbody tr")
        expect(rows).to_have_count(len(CLAIMS[topic]))
        for text in page.locator(".ek-gaps__cell").all_inner_texts():
            assert re.fullmatch(r"✓ \d+|— .+", text), text
        for i, cid in enumerate(CLAIMS[topic]):
            href = rows.nth(i).locator("th a").get_attribute("href")
            assert href in (f"#{cid}", f"{cid}/"), href
        expect(page.locator(".ek-gaps__summary")).to_contain_text("claims about effects in people")
        watch.assert_clean()


def _first_commit_dates() -> dict[str, str] | None:
    """Each claim file's first commit date from git itself, or None without git history."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        return None
    dates = {}
    for topic, cid, _ in ALL_CLAIMS:
        rel = next((REPO / "content/topics" / topic / "claims").glob(f"{cid}.y*ml")).relative_to(REPO).as_posix()
        out = subprocess.run(["git", "log", "--follow", "--format=%cs", "--", rel], cwd=REPO,
                             capture_output=True, text=True).stdout.split()
        if out:
            dates[f"{topic}/{cid}"] = out[-1]
    return dates


def test_each_committed_claim_page_says_when_its_verdict_or_grade_last_changed(site_url, open_page):
    dates = _first_commit_dates()
    if dates is None:
        pytest.skip("not a git checkout: cards show the reviewed date alone")
    page, watch = open_page(site_url)
    for topic, cid, _ in ALL_CLAIMS:
        page.goto(site_url + claim_path(topic, cid), wait_until="load")
        history = page.locator("article.md-content__inner .ek-claim__history")
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
