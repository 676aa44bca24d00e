"""The house key of an entry (evidencekit.bibkeys), for `evidence refs add --from`."""

from __future__ import annotations

from evidencekit.bibkeys import ascii_letters, house_key
from evidencekit.diagnostics import Loc
from evidencekit.references import KEY_PATTERN
from evidencekit.model import Reference


def ref(**fields: str) -> Reference:
    return Reference("Odd:Key/ü", "article", fields, (), Loc("references/x.bib"))


def test_surname_year_and_first_title_word():
    key = house_key(ref(author="Yang, Kevin H. and Others", year="2024",
                        title="The mental health of kratom users"))
    assert key == "yang2024mental"


def test_non_ascii_names_and_latex_are_folded():
    assert house_key(ref(author='M{\\"u}ller, J{\\"o}rg', year="2020",
                         title="{\\\"U}ber den Schlaf")) == "muller2020uber"
    assert house_key(ref(author="Jane van Dyke", date="2019-05-01",
                         title="A trial")) == "vandyke2019trial"
    assert ascii_letters("Łukasz Øster-Straße") == "lukaszosterstrasse"


def test_corporate_author_and_missing_parts():
    assert house_key(ref(author="{World Health Organization}", year="2021",
                         title="Guideline on sleep")) == "world2021guideline"
    assert house_key(ref(title="12 studies")) == "studies"  # no author, no year
    assert house_key(ref(year="2019")) == "ref2019"  # a key starts with a letter
    assert all(KEY_PATTERN.fullmatch(house_key(ref(author=a, year="2001", title=t)))
               for a, t in [("{\\'E}mile Zola", "Été"), ("O'Brien, P.", "«Quoted»"), ("", "")])


def test_taken_keys_get_a_letter():
    r = ref(author="Yang, K.", year="2024", title="Mental health")
    assert house_key(r, taken={"Yang2024mental"}) == "yang2024mentalb"
    assert house_key(r, taken={"yang2024mental", "yang2024mentalb"}) == "yang2024mentalc"
