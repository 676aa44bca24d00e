"""`evidence refs add`: house-style entries from a DOI, a PubMed ID or another .bib file.

Every fetch goes over real HTTP to a local server replaying recorded real answers
(tests/recorded/, origins in its README): never the internet.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import main
from evidencekit.refimport import author_flags, house_key, normal_month, normal_pages
from evidencekit.resolve import CACHE_DIR, ResolveError, Resolver

from replay import Server, recorded

TESTS = Path(__file__).parent
BENCH = Path(os.environ.get("EVIDENCEKIT_BENCH_DATA",
                            Path(__file__).resolve().parents[2] / "shared" / "bench-data"))
EPOCH_2025_01_15 = "1736899200"
LIB = "references/library.bib"

FRANK = """\
@article{frank1970structure,
  author  = {Frank, Henry S.},
  title   = {The Structure of Ordinary Water: New data and interpretations are yielding new insights into this fascinating substance},
  journal = {Science},
  year    = {1970},
  month   = aug,
  volume  = {169},
  number  = {3946},
  pages   = {635--641},
  doi     = {10.1126/science.169.3946.635},
  design  = {TODO},
  note    = {Fields from the DOI's record at doi.org; added 2025-01-15.}
}
"""

MENDEN = """\
@article{menden2019community,
  author  = {Menden, Michael P and Wang, Dennis and Mason, Mike J and Szalai, Bence and Bulusu, Krishna C and Guan, Yuanfang and Yu, Thomas and Kang, Jaewoo and Jeon, Minji and Wolfinger, Russ and Nguyen, Tin and Zaslavskiy, Mikhail and {AstraZeneca-Sanger Drug Combination DREAM Consortium} and Jang, In Sock and Ghazoui, Zara and Ahsen, Mehmet Eren and Vogel, Robert and Neto, Elias Chaibub and Norman, Thea and Tang, Eric K Y and Garnett, Mathew J and Veroli, Giovanni Y Di and Fawell, Stephen and Stolovitzky, Gustavo and Guinney, Justin and Dry, Jonathan R and Saez-Rodriguez, Julio},
  title   = {Community assessment to advance computational prediction of cancer drug combinations in a pharmacogenomic screen},
  journal = {Nature communications},
  year    = {2019},
  month   = jun,
  volume  = {10},
  number  = {1},
  pages   = {2674},
  doi     = {10.1038/s41467-019-09799-2},
  pmid    = {31209238},
  pmcid   = {PMC6572829},
  design  = {TODO},
  note    = {Fields from PubMed (NCBI citation exporter); added 2025-01-15.}
}
"""


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A small clean project (tests/sites/check_clean) with a mailto, today pinned."""
    root = tmp_path / "project"
    shutil.copytree(TESTS / "sites" / "check_clean", root)
    (root / "expected.txt").unlink()
    (root / "evidence.yml").write_text("mailto: editors@example.org\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2025_01_15)
    return root


@pytest.fixture
def server(monkeypatch):
    replay = recorded()
    with Server(replay) as base:
        monkeypatch.setenv("EVIDENCE_DOI_URL", base + "/")
        monkeypatch.setenv("EVIDENCE_PUBMED_URL", base + "/lit/ctxp/v1/pubmed/")
        yield replay


def add(root: Path, *args: str):
    result = CliRunner().invoke(main, ["refs", "add", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def library(root: Path) -> str:
    return (root / LIB).read_text(encoding="utf-8")


def check(root: Path) -> list[str]:
    return CliRunner().invoke(main, ["check", str(root)]).stdout.splitlines()


# ---------------------------------------------------------------------------
# Each source


def test_doi_writes_a_house_entry_from_doi_org(project, server):
    before = library(project)
    result = add(project, "--doi", "10.1126/science.169.3946.635")
    assert result.exit_code == 0, result.output
    assert library(project) == before + "\n" + FRANK
    line = before.count("\n") + 2
    assert result.stdout.splitlines()[:2] == [
        f"added 'frank1970structure' to {LIB}:{line} (DOI 10.1126/science.169.3946.635)",
        "  left out: issn, publisher",
    ]
    # doi.org's redirect to Crossref was followed, asking for BibTeX both times, politely.
    paths = [path for path, _ in server.requests]
    assert paths == ["/10.1126/science.169.3946.635",
                     "/v1/works/10.1126%2Fscience.169.3946.635/transform"]
    for _, headers in server.requests:
        assert headers["Accept"] == "application/x-bibtex"
        assert headers["User-Agent"].endswith("(mailto:editors@example.org)")


def test_several_dois_in_one_command_and_root_given_to_refs(project, server):
    result = CliRunner().invoke(main, ["refs", "--root", str(project), "add",
                                       "--doi", "10.1139/cjc-2022-0282",
                                       "--doi", "10.1126/science.169.3946.635"])
    assert result.exit_code == 0, result.output
    text = library(project)
    assert text.endswith("\n" + FRANK)
    assert ("@article{zupan2023grid,\n"
            "  author  = {Zupan, Hana and Heinz, Frederick and Keller, Bettina G.},\n"
            "  title   = {Grid-based state space exploration for molecular binding},\n"
            "  journal = {Canadian Journal of Chemistry},\n"
            "  year    = {2023},\n"
            "  month   = sep,\n"
            "  volume  = {101},\n"
            "  number  = {9},\n"
            "  pages   = {710--724},\n"
            "  doi     = {10.1139/cjc-2022-0282},\n") in text


def test_a_doi_given_as_a_link_is_read_as_the_bare_doi(project, server):
    result = add(project, "--doi", "https://doi.org/10.1126/science.169.3946.635")
    assert result.exit_code == 0, result.output
    assert FRANK in library(project)


def test_pmid_writes_a_house_entry_from_ncbi(project, server):
    before = library(project)
    result = add(project, "--pmid", "31209238")
    assert result.exit_code == 0, result.output
    assert library(project) == before + "\n" + MENDEN
    assert result.stdout.splitlines()[0] == (
        f"added 'menden2019community' to {LIB}:{before.count(chr(10)) + 2} (PubMed ID 31209238)")
    (path, headers), = server.requests
    assert path == ("/lit/ctxp/v1/pubmed/?format=csl&id=31209238&tool=evidencekit"
                    "&email=editors%40example.org")
    assert "application/json" in headers["Accept"]


def test_after_adding_the_vocabulary_is_printed_and_check_names_the_placeholder(project, server):
    result = add(project, "--doi", "10.1126/science.169.3946.635", "--pmid", "31209238")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Each new entry has design = {TODO}" in out
    for slug in ("systematic-review", "randomised-trial", "cohort", "in-vitro", "other"):
        assert f"\n  {slug} " in out
    lines = check(project)
    placeholders = [line for line in lines if "bib.design-placeholder" in line]
    assert [p.split(": ", 1)[1] for p in placeholders] == [
        "error[bib.design-placeholder]: entry 'frank1970structure' still has the placeholder "
        "design TODO",
        "error[bib.design-placeholder]: entry 'menden2019community' still has the placeholder "
        "design TODO",
    ]
    # Neither entry is cited yet: the placeholder is reported all the same.
    assert [line.split(": ", 1)[1] for line in lines if "bib.unused" in line] == [
        "note[bib.unused]: 2 references are not cited"]


def test_from_a_file_with_a_non_ascii_key_uses_the_house_key(project, tmp_path):
    source = TESTS / "refs_add" / "zotero-export.bib"
    result = add(project, "--from", str(source), "Váradi2016Mitragynine")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        f"added 'varadi2016mitragynine' to {LIB}:34 (zotero-export.bib: Váradi2016Mitragynine)",
        "  key: 'Váradi2016Mitragynine' became the house key 'varadi2016mitragynine' "
        "(first author's surname, year, first word of the title)",
    ]
    text = library(project)
    # LaTeX and Unicode are kept as written; the note says where the entry came from.
    assert "  author  = {V{\\'a}radi, A. and Marrone, G. F." in text
    assert "Which Do Not Recruit $\\beta$-Arrestin-2},\n" in text
    assert ("  note    = {Imported from zotero-export.bib ('Váradi2016Mitragynine'); "
            "added 2025-01-15.}\n}\n") in text
    assert "abstract" not in text


def test_from_a_real_lab_library_flags_degrees_given_as_authors(project):
    cdl = BENCH / "cdl.bib"
    assert cdl.is_file(), f"{cdl} is missing: the shared real libraries must sit beside the repository"
    result = add(project, "--from", str(cdl), "StroEtal15")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:9] == [
        f"added 'strohle2015drug' to {LIB}:34 (cdl.bib: StroEtal15)",
        "  key: 'StroEtal15' became the house key 'strohle2015drug' (first author's surname, "
        "year, first word of the title)",
        "  left out: publisher",
        "  check: author 3 'M Sc' looks like a degree, not a person; remove it, or fix the name "
        "it was split from",
        "  check: author 5 'M Sc' looks like a degree, not a person; remove it, or fix the name "
        "it was split from",
        "  check: author 7 'M Sc' looks like a degree, not a person; remove it, or fix the name "
        "it was split from",
        "  check: author 9 'M Sc' looks like a degree, not a person; remove it, or fix the name "
        "it was split from",
        "  check: author 13 'D Ph' looks like a degree, not a person; remove it, or fix the name "
        "it was split from",
        "  check: author 15 'D Ph' looks like a degree, not a person; remove it, or fix the name "
        "it was split from",
    ]
    # Flagged, never silently changed: the authors are written as the library has them.
    assert "{Andreas Str{\\\"{o}}hle and Dietlinde K Schmidt and M Sc and" in library(project)


def test_an_unknown_key_in_the_file_suggests_the_closest(project):
    result = add(project, "--from", str(TESTS / "refs_add" / "zotero-export.bib"), "Varadi2016")
    assert result.exit_code == 2
    assert "no entry 'Varadi2016' in" in result.stderr
    assert "did you mean 'Váradi2016Mitragynine'" in result.stderr


# ---------------------------------------------------------------------------
# Refusals: nothing is written


def test_a_key_already_in_the_library_is_refused(project):
    before = library(project)
    result = add(project, "--from", str(TESTS / "refs_add" / "zotero-export.bib"),
                 "Váradi2016Mitragynine", "--key", "adib2019sleep")
    assert result.exit_code == 2
    assert result.stderr == (
        "evidence: zotero-export.bib: Váradi2016Mitragynine: key 'adib2019sleep' is already in "
        "the library ('adib2019sleep'); if this is another work, give its key with --key\n")
    assert library(project) == before


def test_the_same_doi_twice_is_refused(project, server):
    assert add(project, "--doi", "10.1126/science.169.3946.635").exit_code == 0
    after_first = library(project)
    result = add(project, "--doi", "10.1126/science.169.3946.635", "--key", "frank1970water")
    assert result.exit_code == 2
    assert result.stderr == (
        "evidence: DOI 10.1126/science.169.3946.635: the DOI 10.1126/science.169.3946.635 is "
        "already in the library as 'frank1970structure'\n")
    assert library(project) == after_first


def test_a_house_key_taken_by_another_work_is_refused_and_key_resolves_it(project, server):
    # The PubMed record and the zotero entry are different works; give the second a key
    # that collides, then the one --key names.
    source = str(TESTS / "refs_add" / "zotero-export.bib")
    assert add(project, "--pmid", "31209238").exit_code == 0
    refused = add(project, "--from", source, "Váradi2016Mitragynine", "--key", "Menden2019Community")
    assert refused.exit_code == 2
    assert "key 'Menden2019Community' is already in the library ('menden2019community')" in refused.stderr
    assert add(project, "--from", source, "Váradi2016Mitragynine", "--key", "varadi2016pseudoindoxyl"
               ).exit_code == 0
    assert "@article{varadi2016pseudoindoxyl," in library(project)


@pytest.mark.parametrize("args, message", [
    ((), "say what to add: --doi DOI, --pmid PMID or --from FILE KEY..."),
    (("--doi", "science.169"), "'science.169' is not a DOI: a DOI looks like 10.1234/abc"),
    (("--pmid", "PMID31209238"), "'PMID31209238' is not a PubMed ID"),
    (("--key", "x", "--doi", "10.1/a", "--doi", "10.1/b"), "--key names the key of one entry"),
    (("--key", "1bad", "--doi", "10.1126/science.169.3946.635"), "--key '1bad' is not a usable key"),
])
def test_usage_errors_exit_2(project, server, args, message):
    before = library(project)
    result = add(project, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert library(project) == before


def test_from_without_keys_and_keys_without_from_exit_2(project):
    source = str(TESTS / "refs_add" / "zotero-export.bib")
    assert "name the entries to import" in add(project, "--from", source).stderr
    assert "KEY... names entries of the file given with --from FILE" in add(project, "Smith2019").stderr


# ---------------------------------------------------------------------------
# The network: cache, offline, timeout, 404, malformed answers


def test_a_second_add_reads_the_cache_without_the_network(project, monkeypatch):
    before = library(project)
    replay = recorded()
    server = Server(replay)
    with server as base:
        monkeypatch.setenv("EVIDENCE_DOI_URL", base + "/")
        assert add(project, "--doi", "10.1126/science.169.3946.635").exit_code == 0
    cached = project / CACHE_DIR / "doi" / "10.1126%2Fscience.169.3946.635.bibtex"
    assert cached.read_text(encoding="utf-8").startswith(" @article{Frank_1970, title=")
    (project / LIB).write_text(before, encoding="utf-8")
    seen = len(replay.requests)
    result = add(project, "--doi", "10.1126/science.169.3946.635")  # the server is stopped
    assert result.exit_code == 0, result.output
    assert library(project) == before + "\n" + FRANK
    assert len(replay.requests) == seen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_is_a_clear_error_and_writes_nothing(project, monkeypatch):
    port = free_port()  # nothing listens there
    monkeypatch.setenv("EVIDENCE_PUBMED_URL", f"http://127.0.0.1:{port}/lit/ctxp/v1/pubmed/")
    before = library(project)
    result = add(project, "--pmid", "31209238")
    assert result.exit_code == 2
    assert result.stderr == (
        f"evidence: cannot reach 127.0.0.1:{port} for PubMed ID 31209238 (connection failed); "
        f"are you offline? Entries already fetched are read from {CACHE_DIR}/ without the "
        "network\n")
    assert "Traceback" not in result.output
    assert library(project) == before
    assert not (project / CACHE_DIR / "pubmed").exists()


def test_a_server_that_does_not_answer_in_time_is_an_error(project):
    replay = recorded()
    replay.delay = 2.0
    with Server(replay) as base:
        os.environ["EVIDENCE_DOI_URL"] = base + "/"
        try:
            resolver = Resolver(project, timeout=0.3)
            with pytest.raises(ResolveError) as caught:
                resolver.doi("10.1126/science.169.3946.635")
        finally:
            del os.environ["EVIDENCE_DOI_URL"]
    assert str(caught.value) == (
        f"127.0.0.1:{replay.base.rsplit(':', 1)[1]} did not answer within 0.3 s for DOI "
        "10.1126/science.169.3946.635; try again later")
    assert not (project / CACHE_DIR / "doi").exists()


def test_an_unknown_doi_is_doi_org_s_404(project, server):
    result = add(project, "--doi", "10.1126/foo")
    assert result.exit_code == 2
    host = server.base.split("//", 1)[1]
    assert result.stderr == (f"evidence: {host} does not know DOI 10.1126/foo (HTTP 404); check "
                             "it for typing mistakes\n")


def test_an_answer_that_is_not_a_record_is_refused_and_not_cached(project, server):
    # A real answer in the wrong place: Crossref's BibTeX where NCBI's JSON belongs.
    crossref = server.paths["/v1/works/10.1126%2Fscience.169.3946.635/transform"]
    server.pubmed["29424689"] = crossref
    result = add(project, "--pmid", "29424689")
    assert result.exit_code == 2
    host = server.base.split("//", 1)[1]
    assert result.stderr == (f"evidence: {host} answered PubMed ID 29424689 with text that is "
                             "not JSON, not a usable record\n")
    assert not (project / CACHE_DIR / "pubmed").exists()


# ---------------------------------------------------------------------------
# Which file


def test_references_file_names_the_file_new_entries_go_to(project, server):
    (project / "references" / "extra.bib").write_text("", encoding="utf-8")
    result = add(project, "--pmid", "31209238")
    assert result.exit_code == 2
    assert result.stderr == (
        "evidence: the library has 2 .bib files; say which one new entries go to with "
        "references_file in evidence.yml, for example references_file: references/extra.bib\n")
    (project / "evidence.yml").write_text("references_file: references/extra.bib\n",
                                          encoding="utf-8")
    result = add(project, "--pmid", "31209238")
    assert result.exit_code == 0, result.output
    assert (project / "references" / "extra.bib").read_text(encoding="utf-8") == MENDEN


# ---------------------------------------------------------------------------
# Normalising, one rule at a time


@pytest.mark.parametrize("raw, pages", [
    ("635\u2013641", "635--641"),  # Crossref's en dash
    ("635-641", "635--641"),
    ("635 - 641", "635--641"),
    ("635--641", "635--641"),
    ("6754-64", "6754--6764"),  # Medline's shortened end page
    ("1001-9", "1001--1009"),
    ("99-101", "99--101"),
    ("e1234-e1240", "e1234--e1240"),
    ("2674", "2674"),
])
def test_pages(raw, pages):
    assert normal_pages(raw) == pages


@pytest.mark.parametrize("raw, month", [
    ("Aug", "aug"), ("aug", "aug"), ("August", "aug"), ("8", "aug"), ("08", "aug"),
    ("{Sept.}", "sep"), ("12", "dec"), ("13", None), ("0", None), ("Summer", None),
])
def test_months(raw, month):
    assert normal_month(raw) == month


@pytest.mark.parametrize("authors, flags", [
    ("Rapp, Michael A and D Ph and Rieckmann, Nina", [
        "author 2 'D Ph' looks like a degree, not a person; remove it, or fix the name it was "
        "split from"]),
    ("Schmidt, Dietlinde K and M. Sc.", [
        "author 2 'M. Sc.' looks like a degree, not a person; remove it, or fix the name it was "
        "split from"]),
    ("Smith, John, PhD", ["author 1 'Smith, John, PhD' holds a degree ('phd'); keep only the name"]),
    ("Smith, John and Smith, John", ["author 2 'Smith, John' repeats author 1"]),
    ("Rahman, Md and Ma, L. and Msaki, A.", []),  # 'Md', 'Ma' are names here
    ("{World Health Organization} and {M Sc}", []),  # braced: a name as written
    ("Frank, Henry S.", []),
])
def test_suspicious_authors(authors, flags):
    assert author_flags(authors) == flags


@pytest.mark.parametrize("fields, key", [
    ({"author": "Frank, Henry S.", "year": "1970", "title": "The Structure of Ordinary Water"},
     "frank1970structure"),
    ({"author": "V{\\'a}radi, A.", "year": "2016", "title": "Mitragynine/Corynantheidine"},
     "varadi2016mitragynine"),
    ({"author": "Groß, K. and Other, A.", "date": "2021-03", "title": "A study of the thing"},
     "gross2021study"),
    ({"author": "van Dyke, Jane", "year": "2020", "title": "On {DNA} repair"}, "vandyke2020dna"),
    ({"author": "{World Health Organization}", "year": "2021", "title": "Guideline"},
     "worldhealthorganization2021guideline"),
    ({"title": "7-Hydroxymitragynine is an active metabolite", "year": "2019"},
     "hydroxymitragynine2019"),
])
def test_house_keys(fields, key):
    assert house_key(fields) == key


@pytest.mark.parametrize("setting, message", [
    ("references_file: library.bib",
     "references_file 'library.bib' must be a .bib file under references/, for example "
     "references/library.bib"),
    ("references_file: references/../../outside.bib",
     "references_file 'references/../../outside.bib' must be a .bib file under references/, "
     "for example references/library.bib"),
    ("references_file: references/notes.txt",
     "references_file 'references/notes.txt' must be a .bib file under references/, for "
     "example references/library.bib"),
    ("references_file: [references/a.bib]", "references_file must be text, not a list"),
    ("mailto: editors at example dot org", "mailto 'editors at example dot org' is not an "
     "e-mail address"),
])
def test_reference_settings_are_checked(tmp_path, setting, message):
    (tmp_path / "evidence.yml").write_text(setting + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"evidence: configuration error:\nevidence.yml:1:{len(setting.split(':')[0]) + 3}: {message}\n"
