"""The site's own settings, from `evidence.yml` beside `mkdocs.yml`.

```yaml
freshness_months: 24        # a review older than this is overdue
rules:                      # raise or lower a rule's severity: error, warning, note or off
  evidence.secondary-source: error
notice: |                   # Markdown: the safety notice on every topic and claim page
  Not medical advice. In a crisis, call your local emergency number.
contact: Open an issue in the site's repository   # plain text: how to reach the editors
licence: CC BY 4.0                                 # plain text
licence_url: https://creativecommons.org/licenses/by/4.0/
conflicts: The editors have no conflicts of interest to declare.   # Markdown
funding: The site has no funding.                                   # Markdown
publisher: Evidence Kit     # plain text: who publishes the site, for "cite this page"
uncited_references: count   # count (default): references no claim cites are counted in one
                            # line and held only to the rules that change what is read
                            # elsewhere; list: each is named (bib.unused) and held to every
                            # rule, for a curated library
references_file: references/library.bib   # where `evidence refs add` writes new entries
mailto: editors@example.org  # sent to doi.org and NCBI with `evidence refs add` (their polite use)
```

Every setting is optional. The text settings are content the site's maintainers
write (evidence.yml is trusted configuration, see SECURITY.md), but they are still
escaped or sanitised wherever they are drawn, like any other content, and a setting
holding a bidirectional control is refused as content is (schema.bidi).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .codes import CODES
from .diagnostics import Diagnostic, Report, Severity, did_you_mean, printable
from .schema import report_bidi
from .yamlload import load_yaml, read_file

CONFIG_FILE = "evidence.yml"


class ConfigError(Exception):
    """The project or its configuration cannot be used at all (exit code 2)."""


# The settings that are text: Markdown ones are drawn through the Markdown sanitiser,
# plain ones as escaped text on one line (their whitespace is collapsed when read).
MARKDOWN_SETTINGS = ("notice", "conflicts", "funding")
PLAIN_SETTINGS = ("contact", "licence", "publisher")
URL_SETTINGS = ("licence_url",)
UNCITED_CHOICES = ("count", "list")
REFERENCE_SETTINGS = ("references_file", "mailto")
SETTINGS = ("freshness_months", "rules", "uncited_references", *MARKDOWN_SETTINGS, *PLAIN_SETTINGS,
            *URL_SETTINGS, *REFERENCE_SETTINGS)
_MAILTO = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")


@dataclass
class Config:
    freshness_months: int = 24
    severities: dict[str, Severity] = field(default_factory=dict)
    notice: str | None = None  # Markdown: the site-wide safety notice
    contact: str | None = None  # plain text: how to reach the editors (an address or a URL)
    licence: str | None = None  # plain text, e.g. 'CC BY 4.0'
    licence_url: str | None = None  # an http or https URL
    conflicts: str | None = None  # Markdown: the conflict-of-interest statement
    funding: str | None = None  # Markdown
    publisher: str | None = None  # plain text: who publishes the site
    uncited_references: str = "count"  # or "list" (see the module's docstring)
    # `evidence refs add`: the .bib file new entries go to (project-relative, under
    # references/; None: the library's only .bib file) and the address sent to the resolvers.
    references_file: str | None = None
    mailto: str | None = None


# A date written a day ahead of UTC is not "in the future": an editor east of Greenwich
# writes their own date, which can be UTC's tomorrow.
DATE_GRACE = dt.timedelta(days=1)


def utc_today() -> dt.date:
    """The clock's date in UTC, whatever the machine's time zone: every date rule reads it."""
    return dt.datetime.now(dt.timezone.utc).date()


def today() -> dt.date:
    """Today in UTC, or the day SOURCE_DATE_EPOCH names, so rebuilds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return utc_today()


def load_config(root: Path) -> Config:
    file = root / CONFIG_FILE
    if not root.is_dir():
        raise ConfigError(f"{root}: not a folder")
    config = Config()
    if not file.exists():
        return config
    scratch = Report()
    data = read_file(file, CONFIG_FILE, scratch)
    doc = load_yaml(data, CONFIG_FILE, scratch) if data is not None else None
    if scratch.diagnostics:
        raise ConfigError("\n".join(d.format() for d in scratch.sorted()))
    value = doc.value if doc else None
    if not isinstance(value, dict):
        raise ConfigError(f"{CONFIG_FILE}: must be a mapping of settings")
    problems: list[str | Diagnostic] = []
    for key, item in value.items():
        loc = doc.at((key,), key=True)
        if key == "freshness_months":
            if not isinstance(item, int) or isinstance(item, bool) or item < 1:
                problems.append(f"{loc}: freshness_months must be a whole number of months")
            else:
                config.freshness_months = item
        elif key == "rules":
            if not isinstance(item, dict):
                problems.append(f"{loc}: rules must map rule codes to error, warning, note or off")
                continue
            for code, level in item.items():
                where = doc.at(("rules", code), key=True)
                known = CODES.get(code)
                if known is None or not known.configurable:
                    choices = [c for c, v in CODES.items() if v.configurable]
                    hint = did_you_mean(str(code), choices)
                    problems.append(f"{where}: '{code}' is not a configurable rule"
                                    + (f" ({hint})" if hint else
                                       f"; configurable: {', '.join(sorted(choices))}"))
                elif known.severity is Severity.NOTE and level not in ("note", "off"):
                    # a note is a schedule (a review falling due): it may never fail a build
                    problems.append(f"{where}: '{code}' is a note and can only be note or off")
                elif level not in ("error", "warning", "note", "off"):
                    problems.append(f"{where}: severity of '{code}' must be error, warning, "
                                    "note or off")
                else:
                    config.severities[code] = Severity(level)
        elif key in SETTINGS and isinstance(item, str) and report_bidi(
                scratch, doc.at((key,)), item, f"'{key}'"):
            problems.append(scratch.diagnostics[-1])  # shown with its code and hint
        elif key == "uncited_references":
            if item not in UNCITED_CHOICES:
                problems.append(f"{doc.at((key,))}: uncited_references must be count or list")
            else:
                config.uncited_references = item
        elif key in REFERENCE_SETTINGS:
            problem = _reference_setting(config, key, item)
            if problem:
                problems.append(f"{doc.at((key,))}: {problem}")
        elif key in MARKDOWN_SETTINGS or key in PLAIN_SETTINGS or key in URL_SETTINGS:
            problem = _text_setting(config, key, item)
            if problem:
                problems.append(f"{doc.at((key,))}: {problem}")
        else:
            hint = did_you_mean(str(key), SETTINGS)
            problems.append(f"{loc}: unknown setting '{key}'" + (f" ({hint})" if hint else ""))
    if problems:
        # content in a message (a key holding a newline or a bidi control) is shown escaped
        raise ConfigError("\n".join(p.format() if isinstance(p, Diagnostic) else printable(p)
                                    for p in problems))
    return config


def _kind(value) -> str:
    return {bool: "true/false", int: "number", float: "number", list: "list",
            dict: "mapping"}.get(type(value), type(value).__name__)


def _text_setting(config: Config, key: str, value) -> str | None:
    """Store a text setting on `config`, or say what is wrong with it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"{key} is empty; write it or leave the setting out"
    if not isinstance(value, str):
        return f"{key} must be text, not a {_kind(value)}"
    if key in MARKDOWN_SETTINGS:
        setattr(config, key, value.strip())
        return None
    text = " ".join(value.split())
    if key in URL_SETTINGS:
        try:
            parts = urlsplit(text)
        except ValueError:
            parts = None
        if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc
                or any(ch <= " " or ch == "\x7f" for ch in text)):
            shown = text if len(text) <= 60 else text[:59] + "…"
            return f"{key} '{shown}' is not an http or https URL"
    setattr(config, key, text)
    return None


def _reference_setting(config: Config, key: str, value) -> str | None:
    """Store `references_file` or `mailto` on `config`, or say what is wrong with it."""
    if not isinstance(value, str) or not value.strip():
        return f"{key} must be text" + ("" if value is None else f", not a {_kind(value)}")
    text = value.strip()
    if key == "mailto":
        if _MAILTO.fullmatch(text) is None:
            return f"mailto '{text[:60]}' is not an e-mail address"
    else:
        parts = text.replace("\\", "/").split("/")
        if (text.startswith("/") or ":" in text or parts[0] != "references" or len(parts) < 2
                or any(p in ("", ".", "..") for p in parts) or not text.endswith(".bib")):
            return (f"references_file '{text[:60]}' must be a .bib file under references/, "
                    "for example references/library.bib")
    setattr(config, key, text)
    return None
