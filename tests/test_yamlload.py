"""The strict YAML loader: YAML 1.2 typing, refusals, limits, and no tracebacks on any input."""

from __future__ import annotations

import math
import resource
import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from evidencekit.diagnostics import Report
from evidencekit.yamlload import MAX_DEPTH, load_yaml, plain_scalar


def load(text: str | bytes):
    report = Report()
    data = text.encode("utf-8") if isinstance(text, str) else text
    doc = load_yaml(data, "x.yml", report)
    return doc, [(d.code, d.loc.line, d.loc.col) for d in report.sorted()]


def test_plain_scalars_are_typed_as_yaml_1_2_does():
    assert plain_scalar("no") == "no"
    assert plain_scalar("yes") == "yes"
    assert plain_scalar("off") == "off"
    assert plain_scalar("2:1") == "2:1"
    assert plain_scalar("0777") == 777
    assert plain_scalar("0o17") == 15
    assert plain_scalar("0x1f") == 31
    assert plain_scalar("2025-01-02") == "2025-01-02"
    assert plain_scalar("true") is True and plain_scalar("False") is False
    assert plain_scalar("~") is None and plain_scalar("null") is None
    assert plain_scalar("1.5e3") == 1500.0
    assert math.isinf(plain_scalar("-.inf"))


def test_quoted_scalars_stay_text():
    doc, problems = load('a: "true"\nb: \'12\'\nc: no\n')
    assert problems == []
    assert doc.value == {"a": "true", "b": "12", "c": "no"}


def test_positions_are_one_based_for_values_and_keys():
    doc, _ = load("claim: x\nevidence:\n  - cite: smith2020\n    stance: supports\n")
    assert doc.locs[("evidence", 0, "cite")] == (3, 11)
    assert doc.key_locs[("evidence",)] == (2, 1)
    assert str(doc.at(("evidence", 0, "note"))) == "x.yml:3:5"


def test_bom_is_accepted_and_bad_utf8_is_located():
    doc, problems = load(b"\xef\xbb\xbfa: 1\n")
    assert problems == [] and doc.value == {"a": 1}
    doc, problems = load(b"a: ok\nb: caf\xe9\n")
    assert doc is None and problems == [("file.encoding", 2, 7)]


def test_anchors_aliases_tags_and_duplicate_keys_are_all_reported():
    doc, problems = load("a: &x 1\nb: *x\nc: !ENV HOME\nd: !!str 5\na: 2\n")
    assert problems == [
        ("yaml.alias", 1, 4),
        ("yaml.alias", 2, 4),
        ("yaml.tag", 3, 4),
        ("yaml.tag", 4, 4),
        ("yaml.duplicate-key", 5, 1),
    ]
    assert doc.value["a"] == 1  # the first value is kept


def test_second_document_and_empty_file_are_refused():
    assert load("a: 1\n---\nb: 2\n")[1] == [("yaml.multiple-documents", 2, 1)]
    assert load("")[1] == [("yaml.empty", 1, 1)]
    assert load("# only a comment\n")[1] == [("yaml.empty", 1, 1)]


def test_deep_nesting_is_refused_before_it_is_walked():
    deep = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    doc, problems = load(deep)
    assert doc is None
    assert problems == [("yaml.too-deep", 1, 4 + MAX_DEPTH - 1)]


def test_alias_bomb_is_refused_quickly_and_cheaply():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"
    assert len(bomb) < 1100
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    doc, problems = load(bomb)
    elapsed = time.perf_counter() - start
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert {p[0] for p in problems} == {"yaml.alias"}
    assert len(problems) == 1 + 8 + 8 * 9  # every anchor and every alias, once
    assert elapsed < 1.0 and grown_mb < 100
    assert str(doc.value["i"]).count("alias") == 9  # aliases were never expanded


def test_syntax_error_names_line_and_column():
    doc, problems = load("claim: a: b\n")
    assert doc is None and problems == [("yaml.syntax", 1, 9)]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_value_or_diagnostics_never_a_traceback(data):
    doc, problems = load(data)
    assert doc is not None or problems


yaml_alphabet = st.sampled_from(list("ab:-[]{},&*!|>'\"#%@`? \n\t0123456789.~") + ["no", "yes", "\u2028", "\x85"])


@settings(max_examples=300, deadline=None)
@given(st.lists(yaml_alphabet, max_size=60).map("".join))
@example("\u2028'\na")  # libyaml breaks lines at U+2028 and U+0085 too, so must the messages
@example("\u2028''a")
@example("\x85'b\nc: d")
def test_yaml_shaped_text_never_raises(text):
    doc, problems = load(text)
    assert doc is not None or problems


def test_oversized_and_unreadable_files_are_reported_not_raised(tmp_path):
    from evidencekit.yamlload import read_file

    big = tmp_path / "big.yml"
    big.write_bytes(b"a: " + b"x" * 2000 + b"\n")
    report = Report()
    assert read_file(big, "big.yml", report, max_bytes=1000) is None
    assert [(d.code, d.message) for d in report.sorted()] == [
        ("file.too-large", "file is 2,004 bytes; the limit is 1,000 bytes")]
    report = Report()
    assert read_file(tmp_path, "folder.yml", report) is None
    assert [d.code for d in report.sorted()] == ["file.unreadable"]


# --- syntax errors in an editor's words ---------------------------------------


def syntax(text: str) -> tuple[int, int, str, str]:
    report = Report()
    assert load_yaml(text.encode("utf-8"), "x.yml", report) is None
    [d] = report.sorted()
    assert d.code == "yaml.syntax"
    return d.loc.line, d.loc.col, d.message, d.hint


def test_a_tab_in_the_indentation_is_named_wherever_libyaml_notices_it():
    for text, where in (("claim: x\nevidence:\n\t- cite: a\n", (3, 1)),
                        ("claim: x\nsummary: |\n\tfoo\n", (3, 1)),
                        ("claim: x\n\tverdict: mixed\n", (2, 1)),
                        ("a:\n  - cite: a\n  \tstance: supports\n", (3, 3))):
        line, col, message, hint = syntax(text)
        assert (line, col) == where, text
        assert message == "this line is indented with a tab; YAML indents with spaces only"
        assert "quote" not in hint


def test_an_unclosed_quote_is_reported_where_it_opens():
    text = 'claim: "Chamomile helps\n' + "".join(f"k{i}: v\n" for i in range(30)) + 'note: "x"\n'
    line, col, message, _ = syntax(text)
    assert (line, col) == (1, 8)
    assert message == 'the quote " opened here is not closed on its line, so the value runs on to line 32'
    line, col, message, _ = syntax("a: b\nc: 'never closed\nd: e\n")
    assert (line, col, message) == (2, 4, "the quote ' opened here is never closed")


def test_text_after_a_closing_quote_points_at_the_quote_that_closed():
    line, col, message, hint = syntax("claim: 'Chamomile isn't safe'\n")
    assert (line, col) == (1, 22)
    assert message == "the quote ' opened at column 8 closes here, and the line goes on after it"
    assert "('')" in hint


def test_an_unquoted_colon_gets_the_line_with_quotes_as_its_hint():
    assert syntax("claim: Ratio: 2 to 1\n")[2:] == (
        "': ' inside a value starts a new key, so this value needs quotes",
        'quote the whole value: claim: "Ratio: 2 to 1"')
    assert syntax('caveats:\n  - a: He said "b: c"\n')[3] == \
        'quote the whole value: - a: "He said \\"b: c\\""'


def test_a_multi_line_quoted_value_that_is_valid_is_not_an_error():
    doc, problems = load('summary: "one\n  two"\nclaim: x\n')
    assert problems == [] and doc.value == {"summary": "one two", "claim": "x"}
