"""`evidence verify-site DIR`: a built site checked against the content, each loss named.

A good MkDocs build of tests/sites/engines_site is made once; each test copies it, takes
one thing away (or adds one that must not be there) and expects exit 1 with the exact line
naming it. The boundaries are there too: a macro call shown as code, or a claim whose own
text holds '{{', is not a call left unexpanded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import main

pytestmark = pytest.mark.xdist_group("verify-site")

SITES = Path(__file__).parent / "sites"
ROOT = SITES / "engines_site"
EPOCH = "1780272000"
CHAMOMILE = "content/topics/sleep/claims/chamomile.yml"
CLAIM_PAGE = "topics/sleep/chamomile/index.html"


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        site = tmp_path_factory.mktemp("verify") / "site"
        result = CliRunner().invoke(main, ["build", "--root", str(ROOT), "-d", str(site)])
        assert result.exit_code == 0, result.output
        yield site


@pytest.fixture
def site(good_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    copy = tmp_path / "site"
    shutil.copytree(good_site, copy)
    return copy


def verify(site: Path, root: Path = ROOT):
    return CliRunner().invoke(main, ["verify-site", "--root", str(root), str(site)])


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def lines(result) -> list[str]:
    return result.output.splitlines()


def test_a_good_site_passes(site):
    result = verify(site)
    assert result.exit_code == 0, result.output
    assert result.output == f"evidence: {site} holds all 4 claims of the content\n"


def test_claim_text_holding_braces_is_content_not_a_macro(tmp_path, monkeypatch):
    """site_hostile's claims hold '{{ 7*7 }}' as text: shown as written, and verified."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = tmp_path / "hostile"
    shutil.copytree(SITES / "site_hostile", root)
    built = CliRunner().invoke(main, ["build", "--root", str(root), "-d", str(tmp_path / "s")])
    assert built.exit_code == 0, built.output
    assert "{{ 7*7 }}" in (tmp_path / "s/topics/sleep/index.html").read_text(encoding="utf-8")
    assert verify(tmp_path / "s", root).exit_code == 0


def test_missing_claim_page(site):
    (site / CLAIM_PAGE).unlink()
    result = verify(site)
    assert result.exit_code == 1
    assert lines(result) == [
        "claims lost: 4 claim files read, 4 claim cards written on topic pages",
        f"  no page of its own: {CHAMOMILE}",
        "evidence: the site at " f"{site} lacks what the content holds (1 problem)"]


def test_card_missing_from_topic_page(site):
    edit(site / "topics/sleep/index.html", 'data-claim-id="chamomile"', 'data-x="chamomile"')
    result = verify(site)
    assert result.exit_code == 1
    assert lines(result)[:2] == [
        "claims lost: 4 claim files read, 3 claim cards written on topic pages",
        f"  not written: {CHAMOMILE}"]


def test_card_written_twice(site):
    page = site / "topics/sleep/index.html"
    edit(page, 'data-claim-id="valerian-mice"', 'data-claim-id="chamomile"')
    result = verify(site)
    assert result.exit_code == 1
    assert f"  written more than once: {CHAMOMILE}" in lines(result)
    assert "  not written: content/topics/sleep/claims/valerian-mice.yml" in lines(result)


def test_anchor_missing(site):
    edit(site / "topics/sleep/index.html", ' id="chamomile"', ' id="x-chamomile"', count=-1)
    assert (f"{CHAMOMILE}: claim 'chamomile' has no anchor #chamomile on "
            "topics/sleep/index.html") in lines(verify(site))


def test_verdict_changed(site):
    edit(site / CLAIM_PAGE, "ek-verdict--mixed", "ek-verdict--supported", count=-1)
    result = verify(site)
    assert result.exit_code == 1
    assert lines(result)[0] == (f"{CHAMOMILE}: claim 'chamomile': its verdict (mixed) is not "
                                f"on {CLAIM_PAGE}")


def test_certainty_missing(site):
    edit(site / CLAIM_PAGE, "ek-grade--low", "ek-grade", count=-1)
    assert lines(verify(site))[0] == (f"{CHAMOMILE}: claim 'chamomile': its certainty (low) is "
                                      f"not on {CLAIM_PAGE}")


def test_certainty_outside_the_card_does_not_count(site):
    """Only the claim's own card says its certainty: a badge elsewhere on the page is not it."""
    page = site / CLAIM_PAGE
    text = page.read_text(encoding="utf-8")
    card = text.index('data-claim-id="chamomile"')
    end = text.index("</article>", card)
    body = text[card:end].replace("ek-grade--low", "ek-grade")
    page.write_text(text[:card] + body + text[end:] + '<span class="ek-grade--low"></span>',
                    encoding="utf-8")
    assert lines(verify(site))[0].endswith("its certainty (low) is not on " + CLAIM_PAGE)


def test_claimreview_missing(site):
    edit(site / CLAIM_PAGE, '"@type":"ClaimReview"', '"@type":"Review"')
    assert lines(verify(site))[0] == (f"{CHAMOMILE}: claim 'chamomile': its ClaimReview data is "
                                      f"not on {CLAIM_PAGE}")


def test_reference_missing(site):
    edit(site / "references/index.html", 'id="ref_adib2019sleep"', 'id="x"')
    assert lines(verify(site))[0] == ("references/index.html: the cited work 'adib2019sleep' "
                                      "is not on it")


def test_references_page_missing(site):
    shutil.rmtree(site / "references")
    assert lines(verify(site))[0] == "the references page (references/index.html) is missing"


def test_data_file_missing_a_claim(site):
    path = site / "claims.csv"
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(r for r in rows if not r.startswith("sleep,chamomile,")),
                    encoding="utf-8")
    assert lines(verify(site))[0] == "claims.csv does not list claim 'sleep/chamomile'"


def test_data_file_listing_a_claim_that_is_not_in_the_content(site):
    edit(site / "topics/tea/claims.csv", "tea,bedtime-tea,", "tea,bedtime-coffee,")
    assert lines(verify(site))[:2] == [
        "topics/tea/claims.csv does not list claim 'tea/bedtime-tea'",
        "topics/tea/claims.csv lists 'tea/bedtime-coffee', which is not a claim of the content"]


@pytest.mark.parametrize("name, why", [("claims.json", "is missing"),
                                       ("topics/sleep/claims.csv", "is missing")])
def test_data_file_missing(site, name, why):
    (site / name).unlink()
    assert lines(verify(site))[0] == f"{name} {why}"


def test_data_file_unreadable(site):
    (site / "claims.json").write_text("[{", encoding="utf-8")
    assert lines(verify(site))[0].startswith("claims.json cannot be read (JSONDecodeError: ")


def test_macro_left_unexpanded(site):
    page = site / "index.html"
    text = page.read_text(encoding="utf-8")
    at = text.index("<h2")
    page.write_text(text[:at] + "<p>{{ grade_legend() }}</p>" + text[at:], encoding="utf-8")
    assert lines(verify(site))[0] == ("index.html: a macro call was left unexpanded: "
                                      "'{{ grade_legend() }}'")


def test_macro_call_shown_as_code_is_not_unexpanded(site):
    """notes/index.md shows `{{ topic_list() }}` as code from a {% raw %} block: the good
    site holds it, inside <code>; outside code it would be a call never run."""
    page = site / "notes/index.html"
    assert "<code>{{ topic_list() }}</code>" in page.read_text(encoding="utf-8")
    assert verify(site).exit_code == 0
    edit(page, "<code>{{ topic_list() }}</code>", "<em>{{ topic_list() }}</em>")
    assert verify(site).exit_code == 0  # in a {% raw %} block of the source: shown, not a call
    edit(page, '<div class="ek-claim', '<p>{{ claim("tea/bedtime-tea", level=2) }}</p><div class="ek-claim')
    assert lines(verify(site))[0] == ("notes/index.html: a macro call was left unexpanded: "
                                      "'{{ claim(\"tea/bedtime-tea\", level=2) }}'")


def test_hand_written_page_missing(site):
    shutil.rmtree(site / "notes")
    assert lines(verify(site))[0] == "notes/index.html: the page drawn from notes/index.md is missing"


@pytest.mark.parametrize("name", ["topics/sleep/topic.yml", "topics/sleep/claims/chamomile.YAML",
                                  "assets/library.bib"])
def test_source_file_published(site, name):
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text("x: 1\n", encoding="utf-8")
    assert lines(verify(site))[0] == (f"{name}: a source file was published (the site must not "
                                      "publish .yml, .yaml, .bib files)")


def test_a_site_of_nothing_fails(tmp_path):
    (tmp_path / "empty").mkdir()
    result = verify(tmp_path / "empty")
    assert result.exit_code == 1
    assert "topic 'sleep' has no page (topics/sleep/index.html)" in result.output


@pytest.mark.parametrize("what", ["missing", "file"])
def test_usage_errors_exit_2(tmp_path, what):
    target = tmp_path / "site"
    if what == "file":
        target.write_text("", encoding="utf-8")
    result = verify(target)
    assert result.exit_code == 2
    assert (f"evidence: '{target}' is not a folder (build the site first)" in result.output
            if what == "missing" else "is a file" in result.output)
