"""config.py: evidence.yml's site settings, each stored or refused with its file:line:col.

The refusals are asserted as exact text, as `evidence check` prints them (exit 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import main
from evidencekit.config import Config, ConfigError, load_config

REPO = Path(__file__).parent.parent


def config_from(tmp_path: Path, text: str) -> Config:
    (tmp_path / "evidence.yml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        config_from(tmp_path, text)
    return str(caught.value)


def test_without_evidence_yml_every_setting_is_unset(tmp_path):
    config = load_config(tmp_path)
    assert config == Config()
    assert (config.notice, config.contact, config.licence, config.licence_url, config.conflicts,
            config.funding, config.publisher) == (None,) * 7


def test_every_text_setting_is_stored(tmp_path):
    config = config_from(tmp_path, (
        "notice: |\n  **Not medical advice.**\n\n  In a crisis, call 112.\n"
        "contact: editors@example.org\n"
        "licence: CC BY 4.0\n"
        "licence_url: https://creativecommons.org/licenses/by/4.0/\n"
        "conflicts: None to declare.\n"
        "funding: >-\n  No funding.\n"
        "publisher: |\n  Example\n  Health  Project\n"
    ))
    assert config.notice == "**Not medical advice.**\n\nIn a crisis, call 112."  # Markdown kept
    assert config.contact == "editors@example.org"
    assert config.licence == "CC BY 4.0"
    assert config.licence_url == "https://creativecommons.org/licenses/by/4.0/"
    assert config.conflicts == "None to declare."
    assert config.funding == "No funding."
    assert config.publisher == "Example Health Project"  # plain text: one line
    assert config.freshness_months == 24


def test_the_builtin_sites_settings(tmp_path):
    config = load_config(REPO)
    assert config.freshness_months == 24
    assert "not medical advice" in config.notice
    assert "988" in config.notice and "116 123" in config.notice
    assert (config.licence, config.licence_url) == (
        "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert config.contact and config.conflicts and config.funding and config.publisher
    assert "@" not in config.contact  # no invented address


@pytest.mark.parametrize("text, message", [
    ("notice: 12\n", "evidence.yml:1:9: notice must be text, not a number"),
    ("contact: [a, b]\n", "evidence.yml:1:10: contact must be text, not a list"),
    ("licence: true\n", "evidence.yml:1:10: licence must be text, not a true/false"),
    ("conflicts: {a: 1}\n", "evidence.yml:1:12: conflicts must be text, not a mapping"),
    ("funding:\n", "evidence.yml:1:9: funding is empty; write it or leave the setting out"),
    ("publisher: '  '\n", "evidence.yml:1:12: publisher is empty; write it or leave the setting out"),
    ("licence_url: 4\n", "evidence.yml:1:14: licence_url must be text, not a number"),
])
def test_a_setting_of_the_wrong_kind_is_refused_where_it_is_written(tmp_path, text, message):
    assert refusal(tmp_path, text) == message


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "ftp://example.org/licence", "https://", "creativecommons.org/licenses",
    "http://exa mple.org/", "//example.org/licence",
])
def test_licence_url_must_be_an_http_or_https_url(tmp_path, url):
    assert refusal(tmp_path, f"licence_url: '{url}'\n") == (
        f"evidence.yml:1:14: licence_url '{url}' is not an http or https URL")


def test_a_long_bad_url_is_clipped_in_the_message(tmp_path):
    url = "mailto:" + "a" * 80
    assert refusal(tmp_path, f"licence_url: {url}\n") == (
        f"evidence.yml:1:14: licence_url '{url[:59]}…' is not an http or https URL")


@pytest.mark.parametrize("key, hint", [
    ("license", " (did you mean 'licence' or 'licence_url'?)"),
    ("notices", " (did you mean 'notice'?)"),
    ("funds", " (did you mean 'funding'?)"),
    ("publisher_name", " (did you mean 'publisher'?)"),
    ("colour", ""),
])
def test_an_unknown_setting_is_named_with_a_suggestion(tmp_path, key, hint):
    assert refusal(tmp_path, f"{key}: x\n") == f"evidence.yml:1:1: unknown setting '{key}'{hint}"


def test_every_problem_is_reported_at_once(tmp_path):
    assert refusal(tmp_path, (
        "licence: CC BY 4.0\n"
        "licence_url: javascript:alert(1)\n"
        "notice: 3\n"
        "licence_ulr: https://example.org/\n"
    )).split("\n") == [
        "evidence.yml:2:14: licence_url 'javascript:alert(1)' is not an http or https URL",
        "evidence.yml:3:9: notice must be text, not a number",
        "evidence.yml:4:1: unknown setting 'licence_ulr' (did you mean 'licence_url' or 'licence'?)",
    ]


def test_the_cli_exits_2_on_a_bad_setting(tmp_path):
    (tmp_path / "evidence.yml").write_text("licence_url: ftp://example.org/\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == ("evidence: configuration error:\n"
                             "evidence.yml:1:14: licence_url 'ftp://example.org/' is not an "
                             "http or https URL\n")
