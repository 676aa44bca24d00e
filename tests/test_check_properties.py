"""Property: whatever bytes an editor commits as a claim, topic or library, `evidence check`
answers with diagnostics and an exit code, never a traceback."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.cli import main

FIELDS = ["claim", "short", "type", "verdict", "grade", "summary", "evidence", "caveats",
          "reviewed", "downgrades", "upgrade", "upgrades", "domain", "levels", "searched", "on",
          "acknowledge", "tags", "cite", "stance", "x"]
VALUES = ["supported", "high", "very-low", "efficacy", "2026-01-01", "2999-12-31", "no", "~",
          "[]", "{}", "- a", "&a x", "*a", "!!str x", "'q'", "\"\\u003cscript>\"", "{{ 7*7 }}",
          "TODO: fill", "1.5", "key2020", "supports", "[adib2019sleep]", "2", "3", "large-effect",
          "risk-of-bias", "No study has tested it."]

yaml_line = st.builds(
    lambda indent, key, value: f"{' ' * indent}{key}: {value}",
    st.sampled_from([0, 0, 2, 4]), st.sampled_from(FIELDS), st.sampled_from(VALUES))
yaml_text = st.lists(st.one_of(yaml_line, st.sampled_from(["evidence:", "  - cite: adib2019sleep",
                                                           "    stance: mixed", "---", "\t"])),
                     max_size=14).map("\n".join)
bib_text = st.lists(st.sampled_from([
    "@article{adib2019sleep,", "  title = {T},", "  author = {A, B.},", "  journal = J,",
    "  year = 2020,", "  design = {animal, cohort},", "  design = {rct},", "}", "}}", "@string{J = {X}}",
    "  design = {systematic-review},", "  pooled = {observational, rct},", "  pooled = {},",
    "  doi = {doi:10.1/x},", "  url = {javascript:alert(1)},", "@misc{bad key,", "%c", "stray",
    "  title = {unclosed,", "@comment{x}", "@preamble{\"x\"}", "  title = \"q\" # J,",
]), max_size=16).map("\n".join)


def run_check(claim: bytes, topic: bytes, bib: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        claims = root / "content" / "topics" / "t" / "claims"
        claims.mkdir(parents=True)
        (claims / "c.yml").write_bytes(claim)
        (claims.parent / "topic.yml").write_bytes(topic)
        (root / "references").mkdir()
        (root / "references" / "library.bib").write_bytes(bib)
        result = CliRunner().invoke(main, ["check", str(root)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code in (0, 1)
        assert re.fullmatch(r"\d+ errors?, \d+ warnings?(, \d+ notes?)?",
                            result.stdout.rstrip().splitlines()[-1])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_text, yaml_text, bib_text)
def test_structured_garbage_never_raises(claim, topic, bib):
    run_check(claim.encode(), topic.encode(), bib.encode())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.binary(max_size=200), st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(claim, topic, bib):
    run_check(claim, topic, bib)
