"""ClaimReview JSON-LD: one in each built claim page's head, read back with json.loads."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from evidencekit.definitions import GRADE, VERDICT, VERDICTS
from evidencekit.render import jsonld

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).parent / "sites"
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def built(root: Path, site_dir: Path, **overrides) -> Path:
    config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, site_dir=str(site_dir),
                         **overrides)
    build(config)
    return site_dir


def copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(SITES / name, tmp_path / name,
                                ignore=shutil.ignore_patterns("site", "site.*")))


def reviews(page: Path) -> list[dict]:
    html = page.read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    assert len(LD.findall(html)) == len(LD.findall(head)), "JSON-LD belongs in <head>"
    return [json.loads(body) for body in LD.findall(html)]


def claims_on_disk(topic_dir: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((topic_dir / "claims").glob("*.y*ml"))}


@pytest.fixture(scope="module")
def builtin_site(tmp_path_factory) -> Path:
    """The repository's own site, built as `make site` builds it."""
    return built(REPO, tmp_path_factory.mktemp("builtin") / "site")


def check_shape(review: dict, claim: dict, claim_id: str, site_name: str) -> None:
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim["claim"]
    assert review["datePublished"] == str(claim["reviewed"])
    assert review["author"]["@type"] == "Organization"
    assert review["author"]["name"] == site_name
    rating = review["reviewRating"]
    verdict, grade = VERDICT[claim["verdict"]], GRADE[claim["grade"]]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == verdict.label
    assert rating["ratingValue"] == jsonld.RATING[verdict.slug]
    assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["ratingExplanation"].startswith(f"{grade.label} ({grade.symbols}")
    assert grade.meaning in rating["ratingExplanation"]
    assert review["itemReviewed"]["@type"] == "Claim"


def test_every_builtin_claim_has_one_claimreview_of_the_right_shape(builtin_site):
    site_name = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["site_name"]
    topics = sorted(p for p in (REPO / "content/topics").iterdir() if p.is_dir())
    assert topics
    for topic_dir in topics:
        assert reviews(builtin_site / "topics" / topic_dir.name / "index.html") == []
        claims = claims_on_disk(topic_dir)
        assert claims
        for claim_id, claim in claims.items():
            found = reviews(builtin_site / "topics" / topic_dir.name / claim_id / "index.html")
            assert len(found) == 1
            review = found[0]
            # without site_url there is no absolute address, and a relative one is rejected
            assert "url" not in review
            check_shape(review, claim, claim_id, site_name)
            appearance = review["itemReviewed"]["appearance"]
            assert appearance["@type"] == "CreativeWork"
            assert appearance["description"].startswith("A promotional web article")


def test_the_rating_scale_covers_every_verdict_in_order():
    assert set(jsonld.RATING) == {v.slug for v in VERDICTS}
    assert jsonld.RATING["supported"] == jsonld.BEST == 5
    assert jsonld.RATING["contradicted"] == jsonld.WORST == 1
    assert jsonld.RATING["supported"] > jsonld.RATING["mixed"] > jsonld.RATING["unsupported"] \
        > jsonld.RATING["contradicted"]


def test_with_site_url_the_url_is_absolute_and_the_source_is_described(tmp_path):
    site = built(copy("site_small", tmp_path), tmp_path / "out",
                 site_url="https://evidence.example.org/kit/")
    claims = claims_on_disk(SITES / "site_small/content/topics/sleep")
    assert sorted(claims) == ["chamomile", "valerian-mice"]
    for claim_id, claim in claims.items():
        [review] = reviews(site / "topics/sleep" / claim_id / "index.html")
        assert review["url"] == f"https://evidence.example.org/kit/topics/sleep/{claim_id}/"
        check_shape(review, claim, claim_id, "Small evidence site")
        assert review["author"]["url"] == "https://evidence.example.org/kit/"
        item = review["itemReviewed"]
        assert item["author"] == {"@type": "Organization", "name": "Calm Living blog",
                                  "url": "https://blog.example.org/chamomile"}
        assert item["datePublished"] == "2025-12-01"
        assert item["appearance"] == {
            "@type": "CreativeWork", "name": "Calm Living blog",
            "url": "https://blog.example.org/chamomile", "datePublished": "2025-12-01",
            "description": "A wellness blog post, read on the date below."}


def test_content_cannot_close_the_script(tmp_path):
    site = built(copy("site_hostile", tmp_path), tmp_path / "out")
    html = (site / "topics/sleep/chamomile/index.html").read_text(encoding="utf-8")
    found = reviews(site / "topics/sleep/chamomile/index.html")
    claim = yaml.safe_load((SITES / "site_hostile/content/topics/sleep/claims/chamomile.yml")
                           .read_text(encoding="utf-8"))
    assert [r["claimReviewed"] for r in found][:1] == [claim["claim"]]  # round-trips whole
    for body in LD.findall(html):
        assert "</" not in body and "<!--" not in body
        assert "<" not in body.replace("<\\/", "")
    # every script element in the page is either Material's or one of ours, whole
    assert html.count("<script") == html.count("</script>")


def test_the_script_element_escapes_what_could_end_it():
    data = {"claimReviewed": "a</script><script>alert(1)</script><!-- b"}
    tag = str(jsonld.script(data))
    assert tag.startswith('<script type="application/ld+json">') and tag.endswith("</script>")
    body = tag[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<\\/script>" in body and "</" not in body and "<!--" not in body
    assert json.loads(body) == data


def test_a_claim_without_a_source_or_date_still_gets_a_review():
    from evidencekit.model import Claim, Topic

    claim = Claim(id="c", topic="t", path="p", claim="X cures Y.", type="efficacy",
                  verdict="contradicted", grade="high", summary="", evidence=[], caveats=[],
                  reviewed=dt.date(2026, 2, 3))
    topic = Topic(id="t", path="t", title="T", question="", bottom_line="", source=None,
                  reviewed=None, claims=[claim])
    review = jsonld.claim_review(claim, topic, "Kit")
    assert review["itemReviewed"] == {"@type": "Claim"}
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["datePublished"] == "2026-02-03"
