"""Targeted edits of claim and topic files: one value changed (or one item added), every
other character kept, in the file's own list style and line endings."""

from __future__ import annotations

import pytest

from evidencekit.yamledit import EditError, append_to_list, set_date


@pytest.mark.parametrize("before, after", [
    ("title: T\norder:\n  - a\n  - b\nreviewed: 2026-01-10\n",
     "title: T\norder:\n  - a\n  - b\n  - new\nreviewed: 2026-01-10\n"),
    # a list at the key's own indent, comments kept, no final line break
    ("order:   # on the page\n- a  # first\n- b", "order:   # on the page\n- a  # first\n- b\n- new\n"),
    ("order: [a, b]  # flow\ntitle: T\n", "order: [a, b, new]  # flow\ntitle: T\n"),
    ("order: []\n", "order: [new]\n"),
    ("order: [\n  a,\n  b\n]\n", "order: [\n  a,\n  b\n, new]\n"),
    ("order:\r\n  - a\r\ntitle: T\r\n", "order:\r\n  - a\r\n  - new\r\ntitle: T\r\n"),
    ("order:\n  - new\n  - a\n", "order:\n  - new\n  - a\n"),  # listed already: unchanged
])
def test_append_to_list_in_the_lists_own_style(before, after):
    assert append_to_list(before, "order", "new") == after


@pytest.mark.parametrize("text", ["title: T\n", "order:\ntitle: T\n", "title: T\n# order:\n#   - a\n"])
def test_no_list_no_edit(text):
    assert append_to_list(text, "order", "new") is None


@pytest.mark.parametrize("text, message", [
    ("order: a\n", "its `order:` is not a list"),
    ("order: {a: 1}\n", "its `order:` is not a list"),
    ("order: [a\n", "it is not valid YAML"),
])
def test_append_refuses_what_it_cannot_edit(text, message):
    with pytest.raises(EditError, match=message.replace("[", r"\[")):
        append_to_list(text, "order", "new")


@pytest.mark.parametrize("before, after", [
    ("a: 1\nreviewed: 2026-01-10\nb: 2\n", "a: 1\nreviewed: 2026-11-30\nb: 2\n"),
    ("reviewed: '2026-01-10'  # checked\n", "reviewed: '2026-11-30'  # checked\n"),
    ('reviewed: "2026-01-10"\r\n', 'reviewed: "2026-11-30"\r\n'),
    ("\ufeffreviewed: 2026-01-10", "\ufeffreviewed: 2026-11-30"),
    ("nested:\n  reviewed: 2020-01-01\nreviewed: 2026-01-10\n",
     "nested:\n  reviewed: 2020-01-01\nreviewed: 2026-11-30\n"),
])
def test_set_date_changes_only_the_date(before, after):
    assert set_date(before, "reviewed", "2026-11-30") == after


@pytest.mark.parametrize("text, message", [
    ("title: T\n", "it has no `reviewed:` date to change"),
    ("reviewed: TODO\n", "not a plain YYYY-MM-DD date"),
    ("reviewed: >-\n  2026-01-10\n", "not a plain YYYY-MM-DD date"),
    ("reviewed: [2026-01-10]\n", "it has no `reviewed:` date to change"),
    ("- a\n", "it does not hold a mapping of fields"),
])
def test_set_date_refuses_what_is_not_a_date(text, message):
    with pytest.raises(EditError, match=message):
        set_date(text, "reviewed", "2026-11-30")
