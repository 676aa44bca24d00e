"""The `evidence` MkDocs plugin, one tiny fixture site per behaviour (tests/sites/site_*).

Each test copies its fixture to a temporary folder and builds it with
`mkdocs build --strict` semantics, through MkDocs' own API.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

SITES = Path(__file__).parent / "sites"
EPOCH = "1780272000"  # 2026-06-01: after the fixtures' review dates, before they are stale


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def copy_site(name: str, tmp_path: Path) -> Path:
    dest = tmp_path / name
    shutil.copytree(SITES / name, dest, ignore=shutil.ignore_patterns("site", "site.*"))
    return dest


def run_build(root: Path, site_dir: Path | None = None) -> Path:
    site_dir = site_dir or root / "site"
    config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
    build(config)
    return site_dir


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def messages(caplog, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level
            and r.name.startswith("mkdocs")]


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("site."))


# -- a clean build ------------------------------------------------------------


def test_clean_site_builds_without_warnings(tmp_path, caplog):
    root = copy_site("site_small", tmp_path)
    with caplog.at_level(logging.INFO):
        site = run_build(root)
    assert messages(caplog, logging.WARNING) == []
    assert messages(caplog, logging.ERROR) == []
    page = (site / "topics/sleep/index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-claim-id="([^"]+)"', page) == ["chamomile", "valerian-mice"]
    assert (site / "references/index.html").is_file()
    assert (site / "assets/evidencekit.css").is_file()
    assert leftovers(tmp_path / "site_small") == []


def test_config_names_the_final_site_dir_after_the_swap(tmp_path):
    root = copy_site("site_small", tmp_path)
    config = load_config(config_file=str(root / "mkdocs.yml"), strict=True)
    build(config)
    assert config.site_dir == str(root / "site")  # what `mkdocs gh-deploy` pushes


def test_yaml_is_not_published(tmp_path):
    site = run_build(copy_site("site_small", tmp_path))
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert [p for p in published if p.endswith((".yml", ".yaml"))] == []
    assert [p for p in published if "/claims/" in p] == []


def test_topic_page_is_a_summary_with_a_compact_card_per_claim(tmp_path):
    site = run_build(copy_site("site_small", tmp_path))
    page = (site / "topics/sleep/index.html").read_text(encoding="utf-8")
    # the old anchors land on a compact card, which links to the claim's own page
    assert ('<article class="ek-compact ek-compact--mixed" id="chamomile" '
            'data-claim-id="chamomile" aria-label="Claim 1" data-search-exclude>') in page
    assert '<a class="ek-compact__more" href="chamomile/">Full assessment' in page
    # each row of the summary of findings: the verdict, then the claim's words in quotes
    assert ('<span class="ek-verdict ek-verdict--mixed" title="Mixed: Part of the claim holds '
            'and part does not, or the studies disagree.">Mixed</span><span class="ek-sof__colon">'
            ':</span> <a href="chamomile/">“Chamomile helps sleep”</a></th>') in page
    # studies that address the claim's own question; a claim with none says so
    assert '<td class="ek-sof__studies">1 systematic review · 1 pooled analysis · 1 randomised trial</td>' in page
    assert '<td class="ek-sof__studies">0 randomised trials · 1 animal study</td>' in page
    # when the evidence was checked and when it is next due (24 months on)
    assert 'next review due <time datetime="2028-01-10">10 January 2028</time>' in page
    # no bibliography on the topic page: sources are labelled and listed site-wide
    assert 'class="ek-ref"' not in page
    assert 'href="../../references/"' in page
    # the topic's claims as data, beside the summary
    assert 'href="claims.csv" download' in page and 'href="../../claims.json" download' in page
    assert (site / "topics/sleep/claims.csv").read_text(encoding="utf-8").count("\nsleep,") == 2
    # "Edit this page" opens the topic's YAML
    assert 'href="https://example.org/evidence/edit/main/content/topics/sleep/topic.yml"' in page


def test_claim_page_holds_the_full_card_verdict_first(tmp_path):
    site = run_build(copy_site("site_small", tmp_path))
    page = (site / "topics/sleep/chamomile/index.html").read_text(encoding="utf-8")
    assert "<title>Mixed: “Chamomile helps sleep” - Small evidence site</title>" in page
    assert '<meta property="og:title" content="Mixed: “Chamomile helps sleep”">' in page
    assert re.search(r'<meta name="description" content="Mixed: “Chamomile helps sleep”, '
                     r'low certainty of the evidence\. Chamomile may improve sleep quality', page)
    assert re.findall(r'data-claim-id="([^"]+)"', page) == ["chamomile"]
    assert ('<h1 class="ek-claim__title" id="chamomile_title">Mixed: “Chamomile helps sleep”'
            "</h1>") in page
    # verdict and certainty come before the claim as made, which is marked as the article's
    assert page.index(">Verdict</a></dt>") < page.index(">Certainty of the evidence</a></dt>") \
        < page.index(">The claim as made</a></dt>")
    # each term links to its entry in the glossary
    assert '<a class="ek-term" href="../../../methodology/#term_verdict">Verdict</a>' in page
    assert ('(the article’s words, restated; claim 1 of <a href="../">Sleep and chamomile</a>)'
            in page)
    # a source: its site-wide label, linked to the References page, with a preview
    assert ('<a class="ek-cite" href="../../../references/#ref_adib2019sleep" '
            'aria-describedby="chamomile_src1">Adib-Hajbaghery et al. 2017</a>'
            '<small class="ek-cite__preview" id="chamomile_src1" role="tooltip" '
            'data-search-exclude>') in page
    # one reference style, DOI percent-encoded where needed, PubMed link, LaTeX decoded
    assert ('<a class="ek-ref__doi" href="https://doi.org/10.1016/j.ctim.2017.09.010">'
            "doi:10.1016/j.ctim.2017.09.010</a>") in page
    assert '<a class="ek-ref__pubmed" href="https://pubmed.ncbi.nlm.nih.gov/29154054/">' in page
    assert "<cite>Complementary Therapies in Medicine</cite> 35(4):109–114." in page
    assert "Shinomiya K, Göbel A." in page
    # reasons for rating down; what would change the verdict; reviewed date; neighbours
    assert "Few and small trials." in page
    assert "What would change the verdict:</strong> A large trial in adults with insomnia." in page
    assert '<time datetime="2026-01-10">10 January 2026</time>' in page
    assert ('<span class="ek-claim-page__rel">Next claim:</span> <a href="../valerian-mice/">'
            "Unsupported: “Chamomile extract sedates like a sleeping pill.”</a>") in page
    # "Edit this page" opens the claim's YAML
    assert ('href="https://example.org/evidence/edit/main/content/topics/sleep/claims/'
            'chamomile.yml"') in page
    other = (site / "topics/sleep/valerian-mice/index.html").read_text(encoding="utf-8")
    assert "<strong>No studies in people</strong>" in other
    assert ("<strong>No systematic review yet</strong> <span class=\"ek-marker__reason\">"
            "Why: No review of chamomile as a sedative exists.</span>") in other
    assert '<span class="ek-design-mix">0 randomised trials · 1 animal study</span>' in other


def test_claim_pages_stay_out_of_the_navigation(tmp_path, caplog):
    with caplog.at_level(logging.INFO):
        site = run_build(copy_site("site_small", tmp_path))
    assert not any("chamomile/index.md" in m for m in messages(caplog, logging.INFO))
    page = (site / "topics/sleep/chamomile/index.html").read_text(encoding="utf-8")
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):]
    assert "valerian-mice/" not in nav[:nav.index("</nav>")]


def test_references_page_lists_each_work_once_with_back_links(tmp_path):
    site = run_build(copy_site("site_small", tmp_path))
    page = (site / "references/index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<li class="ek-ref" id="ref_([^"]+)"', page)
    assert ids == ["adib2019sleep", "survey2020users", "hieu2019review", "mouse2015study"]
    labels = re.findall(r'<span class="ek-ref__label">([^<]+)</span>', page)
    assert labels == ["Adib-Hajbaghery et al. 2017", "Doe 2020", "Hieu et al. 2019",
                      "Shinomiya et al. 2005"]
    # the same label on the claim page that cites it
    claim = (site / "topics/sleep/valerian-mice/index.html").read_text(encoding="utf-8")
    assert ">Shinomiya et al. 2005</a>" in claim
    assert ('<a class="ek-backlink" href="../topics/sleep/valerian-mice/">Sleep and chamomile: '
            "Unsupported: “Chamomile extract sedates like a sleeping pill.”</a>") in page


def test_search_finds_each_claim_on_its_own_page_titled_with_its_verdict(tmp_path):
    site = run_build(copy_site("site_small", tmp_path))
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    # one search document per claim page, holding the claim's text
    assert [d["location"] for d in docs if d["location"].startswith("topics/sleep/valerian")] \
        == ["topics/sleep/valerian-mice/"]
    found = [d for d in docs if "only study gave the extract to rats" in d["text"]
             and d["location"] != "topics/sleep/#ek_overview"]  # the summary table's row
    assert [d["location"] for d in found] == ["topics/sleep/valerian-mice/"]
    assert found[0]["title"] == "Unsupported: “Chamomile extract sedates like a sleeping pill.”"
    assert found[0]["boost"] == 2
    references = [d for d in docs if d["location"].startswith("references/")]
    assert references and all(d.get("boost") == 0.1 for d in references)
    # previews, back-links and the design-mix bar are not indexed as claim text
    assert not any("Cited by" in d["text"] for d in docs)
    assert not any("doi:10.1016" in d["text"] for d in docs if d["location"].startswith("topics/"))
    page = (site / "topics/sleep/index.html").read_text(encoding="utf-8")
    toc = re.findall(r'<a href="(#[^"]+)" class="md-nav__link">', page)
    assert toc[:3] == ["#ek_key_messages", "#ek_overview", "#ek_picture"]


def test_hand_written_pages_call_macros(tmp_path):
    site = run_build(copy_site("site_small", tmp_path))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<a class="ek-topic-list__title" href="topics/sleep/">Sleep and chamomile</a>' in home
    assert "2 claims: 1 mixed · 1 unsupported" in home
    assert '<dl class="ek-grade-legend">' in home and "<p><dl" not in home
    # an embedded card links its sources to the References page
    assert '<article class="ek-claim ek-claim--mixed" id="chamomile"' in home
    assert 'href="references/#ref_adib2019sleep"' in home
    method = (site / "methodology/index.html").read_text(encoding="utf-8")
    for table in ("ek-verdict-table", "ek-grade-table", "ek-design-table"):
        # each table scrolls in its own labelled region, which a keyboard can reach
        assert re.search(rf'<div class="ek-table {table}">\n<div class="ek-scroll" role="region" '
                         r'tabindex="0" aria-label="[^"]+">\n<table class="ek-table__table">', method)
    assert "ekembed" not in home + method


def test_site_macro_overrides_packaged_one_by_name(tmp_path):
    site = run_build(copy_site("site_macro_override", tmp_path))
    page = (site / "topics/sleep/index.html").read_text(encoding="utf-8")
    assert "●●○○ Low certainty (site's own badge)" in page
    assert 'class="ek-grade' not in page


# -- failures stop the build and keep the last good site ---------------------------


def build_fails(root: Path, site_dir: Path, caplog) -> list[str]:
    caplog.clear()
    with pytest.raises(Abort):
        run_build(root, site_dir)
    return messages(caplog, logging.ERROR)


def test_claim_error_stops_build_and_keeps_previous_site(tmp_path, caplog):
    site_dir = tmp_path / "out" / "site"
    run_build(copy_site("site_small", tmp_path), site_dir)
    before = snapshot(site_dir)
    errors = build_fails(copy_site("site_claim_error", tmp_path), site_dir, caplog)
    assert errors == [
        "evidencekit: content/topics/sleep/claims/chamomile.yml:7:11: "
        "error[citation.unknown-key]: claim 'chamomile' cites 'adib2019slep', which is not in "
        "'references/library.bib'\n  hint: did you mean 'adib2019sleep'?",
        "evidence check: 1 error, 1 warning, 1 note; nothing was built",
    ]
    assert snapshot(site_dir) == before
    assert leftovers(site_dir.parent) == []


def test_template_error_in_site_macro_stops_build(tmp_path, caplog):
    site_dir = tmp_path / "out" / "site"
    run_build(copy_site("site_small", tmp_path), site_dir)
    before = snapshot(site_dir)
    errors = build_fails(copy_site("site_macro_error", tmp_path), site_dir, caplog)
    assert errors == [
        "Error reading page 'topics/sleep/index.md':",
        "topics/sleep/index.md: template error in macros/grade_badge.html:2: UndefinedError: "
        "'evidencekit.definitions.Grade object' has no attribute 'no_such_field'",
    ]
    assert snapshot(site_dir) == before
    assert leftovers(site_dir.parent) == []


def test_template_syntax_error_in_site_macro_stops_build(tmp_path, caplog):
    root = copy_site("site_macro_error", tmp_path)
    (root / "macros/grade_badge.html").write_text(
        "{% macro grade_badge(grade) -%}\n{% if grade %}\n{%- endmacro %}\n")
    errors = build_fails(root, tmp_path / "site", caplog)
    assert errors[1:] == [
        "topics/sleep/index.md: template syntax error in macros/grade_badge.html:3: "
        "Encountered unknown tag 'endmacro'. You probably made a nesting mistake. Jinja is "
        "expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. The "
        "innermost block that needs to be closed is 'if'."]
    assert not (tmp_path / "site").exists()
    assert leftovers(tmp_path) == []


def test_unknown_claim_in_hand_written_page_stops_build(tmp_path, caplog):
    errors = build_fails(copy_site("site_page_macro_error", tmp_path), tmp_path / "site", caplog)
    assert errors == ["Error reading page 'index.md':",
                      "index.md: claim('sleep/chamomle'): no such claim; "
                      "did you mean 'sleep/chamomile'?"]
    assert not (tmp_path / "site").exists()


def test_missing_card_fails_the_build_naming_it(tmp_path, caplog):
    site_dir = tmp_path / "out" / "site"
    run_build(copy_site("site_small", tmp_path), site_dir)
    before = snapshot(site_dir)
    errors = build_fails(copy_site("site_missing_card", tmp_path), site_dir, caplog)
    assert errors == ["2 claim files read, 1 claim card written on topic pages\n"
                      "  not written: content/topics/sleep/claims/valerian.yml"]
    assert snapshot(site_dir) == before
    assert leftovers(site_dir.parent) == []


def test_claim_page_without_its_card_fails_the_build_naming_it(tmp_path, caplog):
    site_dir = tmp_path / "out" / "site"
    run_build(copy_site("site_small", tmp_path), site_dir)
    before = snapshot(site_dir)
    errors = build_fails(copy_site("site_missing_claim_page", tmp_path), site_dir, caplog)
    assert errors == ["2 claim files read, 2 claim cards written on topic pages\n"
                      "  no page of its own: content/topics/sleep/claims/chamomile.yml\n"
                      "  no page of its own: content/topics/sleep/claims/valerian.yml"]
    assert snapshot(site_dir) == before
    assert leftovers(site_dir.parent) == []


def test_strict_warning_keeps_previous_site(tmp_path, caplog):
    site_dir = tmp_path / "out" / "site"
    root = copy_site("site_small", tmp_path)
    run_build(root, site_dir)
    before = snapshot(site_dir)
    # A curated library: every unused entry is named, as a warning.
    (root / "evidence.yml").write_text("uncited_references: list\n", encoding="utf-8")
    with open(root / "references" / "library.bib", "a", encoding="utf-8") as bib:
        bib.write("\n@misc{nobody2020cites, title = {Cited by no claim}, year = {2020},"
                  " design = {other}}\n")
    caplog.clear()
    with pytest.raises(Abort, match="Aborted with 1 warnings in strict mode!"):
        run_build(root, site_dir)
    assert messages(caplog, logging.WARNING)[0].endswith(
        "warning[bib.unused]: reference 'nobody2020cites' is not cited by any claim")
    assert snapshot(site_dir) == before
    assert leftovers(site_dir.parent) == []


def test_overdue_reviews_never_fail_a_strict_build(tmp_path, caplog, monkeypatch):
    root = copy_site("site_small", tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1861920000")  # 2029: every review is overdue
    caplog.set_level(logging.INFO)
    site = run_build(root)
    notes = [m for m in messages(caplog, logging.INFO) if "note[reviewed.stale]" in m]
    assert len(notes) == 2 and messages(caplog, logging.WARNING) == []
    assert "Review overdue" in (site / "topics/sleep/chamomile/index.html").read_text(encoding="utf-8")


# -- untrusted content ----------------------------------------------------------


def test_content_is_data_never_markup_or_template(tmp_path):
    site = run_build(copy_site("site_hostile", tmp_path))
    page = "\n".join(p.read_text(encoding="utf-8") for p in sorted((site / "topics/sleep").rglob(
        "index.html")))  # the topic page and its claims' pages
    assert "Chamomile {{ 7*7 }} helps {% raw %}you{% endraw %} sleep" in page
    assert "Does {{ 7*7 }} help people sleep?" in page
    assert "49" not in re.sub(r"<script.*?</script>|<link[^>]*>|[0-9a-f]{8,}", "", page, flags=re.S)
    assert "&lt;script&gt;alert(7)&lt;/script&gt;" in page
    assert '<a rel="nofollow noopener">click</a>' in page
    assert '<a rel="nofollow noopener">data</a>' in page
    assert '<a rel="nofollow noopener">bottom</a>' in page
    assert "<title>Sleep &lt;img src=x onerror=alert(1)&gt; and &lt;/title&gt;&lt;script&gt;" in page
    # BibTeX fields (and @string macros) are text too; a DOI is percent-encoded in its link
    assert ("<span class=\"ek-ref__title\">The effects of chamomile &lt;svg onload=alert(14)&gt; "
            "extract &lt;script&gt;alert(12)&lt;/script&gt;.</span>") in page
    assert 'href="https://doi.org/10.1234/a%22%3E%3Cscript%3Ealert(19)%3C/script%3E"' in page
    # an entry's note is for editors: never published, whatever it holds
    assert "javascript:alert(17)" not in page and "ek-ref__note" not in page
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<(img|svg|iframe|b)\b[^>]*\bon\w+=", text, re.I), path
        assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|data|vbscript):", text, re.I), path
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            if attrs == ' type="application/ld+json"':  # ClaimReview data, never run
                assert "</" not in body and "<!--" not in body, path
                json.loads(body)
                continue
            assert "alert" not in body, path  # only Material's own scripts
        # no event-handler attribute on any element (text that merely reads 'onerror=',
        # escaped inside an attribute's value such as a link preview's title, is not one)
        assert [a for a in _attribute_names(text) if a.startswith("on")] == [], path


def _attribute_names(html: str) -> list[str]:
    names: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names.extend(name for name, _ in attrs)

    Collect().feed(html)
    return names


# -- reproducible output, and the library cache ---------------------------------------


def test_two_builds_are_byte_identical(tmp_path):
    root = copy_site("site_small", tmp_path)
    first = snapshot(run_build(root, tmp_path / "a"))
    second = snapshot(run_build(root, tmp_path / "b"))
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_rebuild_does_not_parse_an_unchanged_bib_again(tmp_path, monkeypatch):
    import bibtexparser

    from evidencekit import cache

    cache.clear()
    calls = []
    real = bibtexparser.parse_string
    monkeypatch.setattr(bibtexparser, "parse_string",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    root = copy_site("site_small", tmp_path)
    run_build(root, tmp_path / "a")
    claim = root / "content/topics/sleep/claims/chamomile.yml"
    claim.write_text(claim.read_text().replace("a little", "slightly"))
    site = run_build(root, tmp_path / "b")  # as `mkdocs serve` does after an edit
    assert "slightly" in (site / "topics/sleep/index.html").read_text(encoding="utf-8")
    assert len(calls) == 1
    bib = root / "references/library.bib"
    os.utime(bib, ns=(bib.stat().st_atime_ns, bib.stat().st_mtime_ns + 1_000_000_000))
    run_build(root, tmp_path / "c")
    assert len(calls) == 2


# -- the built-in site -------------------------------------------------------------


def test_builtin_site_builds_strict_without_warnings(tmp_path, caplog, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # the real content is dated by the real calendar
    repo = Path(__file__).parent.parent
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("mkdocs.yml", "evidence.yml"):
        if (repo / name).exists():
            shutil.copy(repo / name, root / name)
    for name in ("content", "references", "macros"):
        if (repo / name).is_dir():
            shutil.copytree(repo / name, root / name)
    with caplog.at_level(logging.INFO):
        site = run_build(root)
    assert messages(caplog, logging.WARNING) == []
    claim_files = sorted((repo / "content/topics").glob("*/claims/*.y*ml"))
    written = []
    for topic in sorted((site / "topics").iterdir()):
        written += re.findall(r'data-claim-id="([^"]+)"', (topic / "index.html").read_text("utf-8"))
    assert sorted(written) == sorted(p.stem for p in claim_files)


def test_hand_written_pages_see_only_the_macros(tmp_path, caplog):
    root = copy_site("site_page_macro_error", tmp_path)
    (root / "content/index.md").write_text("# Home\n\n{{ range(3) | list }}\n")
    errors = build_fails(root, tmp_path / "site", caplog)
    assert errors[1:] == ["index.md: template error in index.md:3: UndefinedError: "
                          "'range' is undefined"]
    (root / "content/index.md").write_text('# Home\n\n{% include "claim_card.html" %}\n')
    errors = build_fails(root, tmp_path / "site", caplog)
    assert errors[1:] == ["index.md: template error in index.md:3: TypeError: "
                          "no loader for this environment specified"]


def test_preview_build_opens_from_disk(tmp_path, monkeypatch):
    """`make preview` (USE_DIRECTORY_URLS=false with the repository's mkdocs.yml): every
    link between pages names a file that exists, so the artefact works from file://."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    repo = Path(__file__).parent.parent
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("mkdocs.yml", "evidence.yml"):
        shutil.copy(repo / name, root / name)
    for name in ("content", "references", "macros"):
        if (repo / name).is_dir():
            shutil.copytree(repo / name, root / name)
    monkeypatch.setenv("USE_DIRECTORY_URLS", "false")
    site = run_build(root, tmp_path / "site-preview")
    monkeypatch.delenv("USE_DIRECTORY_URLS")
    assert load_config(config_file=str(root / "mkdocs.yml")).use_directory_urls is True
    checked = 0
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # shown by a web server for a missing page, never opened
            continue
        for href in re.findall(r'<a [^>]*href="([^"#?]+)[^"]*"', page.read_text(encoding="utf-8")):
            if href.startswith(("http:", "https:", "mailto:", "//")):
                continue
            target = (page.parent / href).resolve()
            assert target.is_file(), f"{page.relative_to(site)} links to {href}, not a file"
            checked += 1
    assert checked > 500
