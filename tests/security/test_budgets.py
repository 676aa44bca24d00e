"""Budgets, not hopes (issue 12): BibTeX expansion, chains, lookups and LaTeX decoding
are bounded. Inputs are generated at test time (see bib_budgets.py, which also prints
the time and memory each case takes). These tests assert behaviour: the codes, no
traceback, bounded output; the only clock is a generous 60 s subprocess timeout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.diagnostics import Report, did_you_mean
from evidencekit.latex import MAX_DECODE_CHARS, decode_latex, format_authors
from evidencekit.references import MAX_DEPTH, MAX_TOTAL_CHARS, MAX_VALUE_CHARS, load_library

sys.path.insert(0, str(Path(__file__).parent))
from bib_budgets import _env, generate, measure  # noqa: E402

EXPECTED = {
    # case: (the codes it must report, at least; the longest field value allowed)
    "doubling": ({"bib.too-large": 1}, MAX_VALUE_CHARS),
    "string-chain": ({"bib.too-deep": 1}, MAX_VALUE_CHARS),
    "crossref-chain": ({"bib.too-deep": 1}, MAX_VALUE_CHARS),
    "crossref-missing": ({"bib.missing-field": 60_000}, MAX_VALUE_CHARS),
    "undefined": ({"bib.undefined-string": 1_000}, MAX_VALUE_CHARS),
    "wide": ({"bib.too-large": 1}, MAX_VALUE_CHARS),
    "total": ({"bib.too-large": 1}, MAX_VALUE_CHARS),
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_worst_case_library_is_reported_not_fatal(case):
    result = measure(case, timeout=60)
    assert "timeout" not in result and "exception" not in result, result
    codes, longest = EXPECTED[case]
    for code, count in codes.items():
        assert result["codes"].get(code) == count, result
    assert result["longest_value"] <= longest


def test_huge_latex_field_is_decoded_in_part():
    result = measure("latex", timeout=60)
    assert "timeout" not in result and "exception" not in result, result
    assert 0 < result["length"] <= MAX_DECODE_CHARS + 2


def test_check_on_doubling_macros_exits_1_without_traceback(tmp_path):
    generate("doubling", tmp_path)
    proc = subprocess.run([sys.executable, "-m", "evidencekit.cli", "check", str(tmp_path)],
                          capture_output=True, text=True, timeout=60, env=_env())
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "error[bib.too-large]: @string 's18' expands to more than 1 MiB" in proc.stdout
    assert "stopped at @string 's17' (references/library.bib:18)" in proc.stdout


def test_the_total_budget_is_reported_once(tmp_path):
    generate("total", tmp_path)
    report = Report()
    library = load_library(tmp_path, report)
    [error] = [d for d in report.diagnostics if d.code == "bib.too-large"]
    assert "expand to more than 64 MiB (67,108,864 characters) in total, at field 'note'" in \
        error.message
    built = sum(len(r.fields["note"]) for r in library.entries.values())
    assert MAX_TOTAL_CHARS - MAX_VALUE_CHARS <= built <= MAX_TOTAL_CHARS


def _load(tmp_path, text):
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "library.bib").write_text(text, encoding="utf-8")
    report = Report()
    return load_library(tmp_path, report), report


def test_macros_defined_in_any_order_and_cycles(tmp_path):
    library, report = _load(tmp_path, (
        '@string{a = b # " " # c}\n@string{b = c # "b"}\n@string{c = "c"}\n'
        "@string{x = y}\n@string{y = x}\n"
        "@misc{k, title = a # x, design = {other}}\n"))
    assert library.entries["k"].fields["title"] == "cb c"
    assert [(d.code, d.loc.line, d.message) for d in report.diagnostics] == [
        ("bib.parse-error", 4, "malformed value in @string 'x': @string 'x' refers to itself")]


def test_a_chain_at_the_depth_limit_resolves(tmp_path):
    n = MAX_DEPTH - 1
    text = "".join(f"@string{{c{i} = c{i + 1}}}\n" for i in range(n)) + f'@string{{c{n} = "end"}}\n'
    library, report = _load(tmp_path, text + "@misc{k, title = c0, design = {other}}\n")
    assert library.entries["k"].fields["title"] == "end"
    assert not report.diagnostics


def test_crossref_chain_inherits_parents_first(tmp_path):
    library, report = _load(tmp_path, (
        "@inproceedings{a, author = {A}, title = {T}, crossref = {b}, design = {other}}\n"
        "@proceedings{b, title = {Proc}, crossref = {c}, design = {other}}\n"
        "@proceedings{c, title = {Top}, year = {2020}, publisher = {P}, design = {other}}\n"))
    fields = library.entries["a"].fields
    assert (fields["booktitle"], fields["year"], fields["publisher"]) == ("Proc", "2020", "P")
    assert not [d for d in report.diagnostics if d.code != "bib.unused"]


def test_crossref_past_the_limit_is_one_error(tmp_path):
    n = MAX_DEPTH + 50
    text = "".join(f"@misc{{r{i}, title = {{T}}, design = {{other}}, crossref = {{r{i + 1}}}}}\n"
                   for i in range(n))
    library, report = _load(tmp_path, text + f"@misc{{r{n}, title = {{T}}, design = {{other}}}}\n")
    deep = [d for d in report.diagnostics if d.code == "bib.too-deep"]
    assert len(deep) == 1 and deep[0].loc.line == MAX_DEPTH + 1
    assert "more than 100 crossref links, from entry 'r0'" in deep[0].message


def test_a_literal_field_over_the_limit_is_cut(tmp_path):
    library, report = _load(tmp_path, "@misc{k, title = {" + "a" * (MAX_VALUE_CHARS + 5)
                            + "}, design = {other}}\n")
    assert len(library.entries["k"].fields["title"]) == MAX_VALUE_CHARS
    assert [(d.code, d.message) for d in report.diagnostics] == [
        ("bib.too-large", "field 'title' of entry 'k' is longer than 1 MiB (1,048,576 characters)")]


def test_did_you_mean_is_unchanged_for_small_inputs_and_bounded_for_large_ones():
    assert did_you_mean("jamma", ["jama", "nejm", "bmj"]) == "did you mean 'jama'?"
    assert did_you_mean("grade.celing", ["grade.ceiling", "grade.floor", "bib.doi"]) == \
        "did you mean 'grade.ceiling' or 'grade.floor'?"
    many = [f"macro{i:05d}" for i in range(20_000)]
    assert did_you_mean("macro00017", many + ["zzz"]).startswith("did you mean 'macro00017'")
    assert did_you_mean("qqqq", many) is None


def test_decoding_is_cut_for_display():
    text = decode_latex("{\\\"u}ber " * 50_000)
    assert text.startswith("über über") and text.endswith(" …")
    assert len(text) <= MAX_DECODE_CHARS + 2
    names = format_authors(" and ".join(f"Smith{i}, J." for i in range(100_000)))
    assert names[0] == "Smith0 J" and names[-1] == "et al." and len(names) < 2_000
