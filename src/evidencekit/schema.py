"""The claim and topic file formats, declared once.

The same declarations validate files (reporting every problem with its
line and column) and generate the JSON Schema that `evidence schema` prints
for editors' YAML extensions.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .codes import CODES
from .definitions import (
    CLAIM_TYPES, DOWNGRADE_DOMAINS, GRADES, STANCES, STEP_LEVELS, UPGRADE_DOMAINS, VERDICTS,
)
from .diagnostics import Loc, Report, Severity, did_you_mean
from .yamlload import Aliased, Document

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
KEY_PATTERN = r"^[A-Za-z][A-Za-z0-9_:.\-]{0,127}$"
ID_RE = re.compile(ID_PATTERN)
KEY_RE = re.compile(KEY_PATTERN)
ID_RULE = "lower case letters, digits and hyphens, starting with a letter"
KEY_RULE = "a BibTeX key: a letter, then letters, digits and _ : . - (128 at most)"


def suggest_id(text: str) -> str | None:
    """The valid id an editor most likely meant ('Valerian_Root' and 'ValerianRoot' ->
    'valerian-root', 'Café au lait' -> 'cafe-au-lait'), or None when nothing is left."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", text)  # camelCase -> camel-Case
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    candidate = "-".join(re.findall(r"[a-z0-9]+", text.lower()))
    return candidate if ID_RE.fullmatch(candidate) else None  # none for '2nd-look': no guess


def id_hint(value: str, rename: str = "") -> str:
    """How to fix an invalid id: the id suggested, and the rule."""
    suggestion = suggest_id(value)
    if suggestion is None:
        return f"use {ID_RULE}"
    return f"{rename or 'write'} '{suggestion}' ({ID_RULE})"
PLACEHOLDER = "TODO"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Unicode bidirectional controls: embeddings and overrides (U+202A-U+202E), isolates
# (U+2066-U+2069), the left-to-right, right-to-left and Arabic letter marks. Refused in every
# text value: they make text display in an order other than the one stored ("Trojan
# Source"), so a reviewer reading the pull request and a reader of the site can see
# different claims. Right-to-left words display correctly without them.
BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# The word TODO at the start, in any case, not followed by a letter or digit: a
# placeholder left by `evidence new` ('TODO: ...', 'TODO-bibtex-key', 'TODO (a, b)'),
# but not a real key or word that merely starts with those letters ('todorov2015').
_PLACEHOLDER_RE = re.compile(rf"\s*{PLACEHOLDER}(?![A-Za-z0-9])", re.IGNORECASE)


def report_bidi(report: Report, loc: Loc, text: str, what: str) -> bool:
    """Report `text` (the value at `loc`, named `what`) as schema.bidi if it holds a
    bidirectional control; True when it did. Content fields and evidence.yml's settings
    share it."""
    bidi = BIDI_RE.search(text)
    if bidi is None:
        return False
    report.add(loc, "schema.bidi",
               f"{what} holds a bidirectional control character "
               f"(U+{ord(bidi.group()):04X}, character {bidi.start() + 1}) "
               "that can make text display in another order than it is stored",
               "remove it; right-to-left words display correctly without it")
    return True


def url_host_problem(url: str) -> tuple[str, str] | None:
    """Why an http(s) URL's authority is refused, with a hint; None when it is fine.

    Userinfo (`https://user@host/`, `https://good.example@evil.example/`) shows a name
    that is not the host the browser visits. A host with non-ASCII letters or a
    punycode (`xn--`) label can imitate another site's name letter for letter
    (`аpple.com` with a Cyrillic а): content links to ASCII host names only.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        return ("is not a well-formed URL", "use an absolute https:// address")
    netloc = parts.netloc
    if "@" in netloc or "\\" in netloc:
        return ("has a user name or password before its host ('user@host')",
                "remove everything between '//' and '@'; link to the site itself")
    host = (parts.hostname or "").rstrip(".")
    if (not host.isascii() or "%" in host
            or any(label.lower().startswith("xn--") for label in host.split("."))):
        return (f"has an internationalised host name ({ascii(host)[1:-1]}), which can imitate "
                "another site's name",
                "link to the site's plain ASCII address, or to an archived copy")
    return None


def is_placeholder(text: str) -> bool:
    """True when a value is still a placeholder that an editor must replace."""
    return _PLACEHOLDER_RE.match(text) is not None


@dataclass(frozen=True)
class Text:
    markdown: bool = False
    max_length: int | None = None
    pattern: str | None = None
    pattern_hint: str | None = None  # what the pattern asks for, in words (never the pattern)
    is_id: bool = False  # an id: the hint suggests the corrected one


@dataclass(frozen=True)
class Enum:
    values: tuple[str, ...]


@dataclass(frozen=True)
class Number:
    """A whole number from a fixed set (written without quotes)."""

    values: tuple[int, ...]


@dataclass(frozen=True)
class Date:
    pass


@dataclass(frozen=True)
class Url:
    pass


@dataclass(frozen=True)
class ListOf:
    item: Any
    min_items: int = 0


@dataclass(frozen=True)
class Field:
    spec: Any
    required: bool
    description: str


@dataclass(frozen=True)
class Obj:
    fields: dict[str, Field]
    title: str = ""
    # Fields of an older format: name -> (its replacement, a hint showing the new form).
    # Reported as schema.replaced-field rather than as unknown, so nothing is dropped silently.
    replaced: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class MapOf:
    keys: tuple[str, ...]
    value: Any
    key_title: str = "key"


def _slugs(terms) -> tuple[str, ...]:
    return tuple(t.slug for t in terms)


def acknowledgeable() -> tuple[str, ...]:
    """Warning and note codes a claim may acknowledge with a reason."""
    return tuple(sorted(c.code for c in CODES.values()
                        if c.severity in (Severity.WARNING, Severity.NOTE) and c.configurable))


EVIDENCE_ITEM = Obj({
    "cite": Field(Text(pattern=KEY_PATTERN, pattern_hint=KEY_RULE), True,
                  "The BibTeX key of the source."),
    "stance": Field(Enum(_slugs(STANCES)), True, "How the source bears on the claim."),
    "note": Field(Text(markdown=True), False, "What this source shows for this claim, in one sentence."),
    "indirect": Field(Text(), False,
                      "Why the source is about another population, outcome or product; it then "
                      "does not count as a study of the claim."),
}, "evidence item")

def _levels(direction: str) -> Field:
    return Field(Number(STEP_LEVELS), False,
                 f"How many levels to rate {direction}: 1 or 2 (1 when omitted).")


DOWNGRADE = Obj({
    "domain": Field(Enum(_slugs(DOWNGRADE_DOMAINS)), True, "The GRADE domain."),
    "levels": _levels("down"),
    "reason": Field(Text(markdown=True), True, "Why certainty is rated down, in plain words."),
}, "downgrade")

UPGRADE = Obj({
    "domain": Field(Enum(_slugs(UPGRADE_DOMAINS)), True, "The GRADE reason for rating up."),
    "levels": _levels("up"),
    "reason": Field(Text(markdown=True), True, "Why certainty is rated up, in plain words."),
}, "upgrade")

SEARCH = Obj({
    "where": Field(Text(), True, "Where you searched, e.g. PubMed and ClinicalTrials.gov."),
    "on": Field(Date(), True, "The day of the search (YYYY-MM-DD)."),
    "terms": Field(Text(), True, "The search terms, as typed."),
    "found": Field(Text(markdown=True), True, "What the search found, in one sentence."),
}, "search")

UPGRADE_HINT = ("write it as a list, one item per reason: `upgrades:` then `- domain: "
                "dose-response` (or large-effect, confounding), `levels: 1` and `reason: ...` "
                "with this text")

CLAIM = Obj({
    "claim": Field(Text(), True, "The claim as it was made, restated neutrally."),
    "short": Field(Text(max_length=80), False, "At most 80 characters, for overview tables."),
    "type": Field(Enum(_slugs(CLAIM_TYPES)), True, "What kind of claim this is."),
    "verdict": Field(Enum(_slugs(VERDICTS)), True, "How the claim as worded stands against the evidence."),
    "grade": Field(Enum(_slugs(GRADES)), True, "GRADE certainty of the evidence behind the verdict."),
    "summary": Field(Text(markdown=True), True,
                     "What the evidence shows, in plain words matching the grade."),
    "evidence": Field(ListOf(EVIDENCE_ITEM), True, "The sources, each with its stance."),
    "caveats": Field(ListOf(Text(markdown=True)), True,
                     "What a reader must know before acting on it."),
    "reviewed": Field(Date(), True, "The date the evidence was last checked (YYYY-MM-DD)."),
    "downgrades": Field(ListOf(DOWNGRADE), False,
                        "Reasons for rating certainty down, each GRADE domain at most once."),
    "upgrades": Field(ListOf(UPGRADE), False,
                      "Reasons for rating certainty up, for evidence that starts at low only."),
    "searched": Field(ListOf(SEARCH), False,
                      "Searches that back a summary's \"we found no study\"."),
    "would_change": Field(Text(markdown=True), False, "The study that would change the verdict."),
    "acknowledge": Field(MapOf(acknowledgeable(), Text(), "warning code"), False,
                         "Warnings the editors accept, each with the reason."),
    "reviewers": Field(ListOf(Text()), False, "Who reviewed the claim."),
    "tags": Field(ListOf(Text(pattern=ID_PATTERN, pattern_hint="lower case words joined by hyphens")),
                  False, "Tags for grouping claims."),
}, "claim", replaced={"upgrade": ("upgrades", UPGRADE_HINT)})

SOURCE = Obj({
    "description": Field(Text(markdown=True), True, "Where the claims under review appeared."),
    "name": Field(Text(), False, "A short name for it."),
    "url": Field(Url(), False, "Its address, if it should be linked."),
    "date": Field(Date(), False, "When it was published."),
    "author": Field(Text(), False, "Who published it."),
    "archive_url": Field(Url(), False, "An archived copy of it (for example on a web archive)."),
}, "source")

TOPIC = Obj({
    "title": Field(Text(), True, "The topic's title."),
    "question": Field(Text(), True, "The question the topic answers."),
    "bottom_line": Field(Text(markdown=True), True, "What a reader should take away, in two sentences."),
    "intro": Field(Text(markdown=True), False, "An optional introduction."),
    "advice": Field(Text(markdown=True), False,
                    "What a reader should do instead, in one or two sentences (key messages)."),
    "notice": Field(Text(markdown=True), False,
                    "The topic's safety notice, shown in a box above the fold on every page."),
    "editors": Field(ListOf(Text()), False, "Who wrote the topic (else taken from git)."),
    "reviewers": Field(ListOf(Text()), False, "Who reviewed the topic."),
    "source": Field(SOURCE, True, "Where the claims under review appeared."),
    "reviewed": Field(Date(), True, "The date the topic's evidence was last checked."),
    "order": Field(ListOf(Text(pattern=ID_PATTERN, pattern_hint=f"a claim id: {ID_RULE}",
                               is_id=True)), False, "Claim ids in reading order."),
    "searched": Field(ListOf(SEARCH), False,
                      "Searches that back the claims' \"we found no study\"."),
}, "topic")


# --- validation -------------------------------------------------------------

class Validator:
    """Walks a loaded document against a spec, reporting every problem it finds."""

    def __init__(self, doc: Document, report: Report):
        self.doc = doc
        self.report = report

    def loc(self, path: tuple) -> Loc:
        return self.doc.at(path)

    def key_loc(self, path: tuple) -> Loc:
        return self.doc.at(path, key=True)

    def check(self, spec: Any, value: Any, path: tuple, what: str) -> Any:
        """Return the value converted (dates parsed), or None if it is unusable."""
        kind = spec.__class__
        if kind is Obj:
            return self._obj(spec, value, path, what)
        if kind is ListOf:
            return self._list(spec, value, path, what)
        if kind is MapOf:
            return self._map(spec, value, path, what)
        if kind is Number:
            return self._number(spec, value, path, what)
        if value.__class__ is str:
            text = value
            if not text.strip():
                self.report.add(self.loc(path), "schema.empty", f"{what} is empty")
                return None
            if report_bidi(self.report, self.loc(path), text, what):
                return None
        elif value is None:
            self.report.add(self.loc(path), "schema.empty", f"{what} is empty")
            return None
        elif isinstance(value, Aliased):
            return None  # already reported as yaml.alias
        elif isinstance(value, (dict, list)):
            self.report.add(self.loc(path), "schema.type",
                            f"{what} must be {_describe(spec)}, not a {_kind(value)}")
            return None
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, float) and value != value:
            text = "nan"
        else:
            text = str(value)
        if is_placeholder(text):
            self.report.add(self.loc(path), "schema.placeholder",
                            f"{what} is still a placeholder: '{_clip(text)}'",
                            "replace it with real content")
            return None
        if isinstance(spec, Enum):
            if text not in spec.values:
                self.report.add(self.loc(path), "schema.enum",
                                f"{what} '{_clip(text)}' is not one of: {', '.join(spec.values)}",
                                did_you_mean(text, spec.values))
                return None
            return text
        if isinstance(spec, Date):
            if isinstance(value, str) and _DATE_RE.fullmatch(value):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    pass
            self.report.add(self.loc(path), "schema.date",
                            f"{what} '{_clip(text)}' is not a real date in the form YYYY-MM-DD")
            return None
        if not isinstance(value, str):
            self.report.add(self.loc(path), "schema.type",
                            f"{what} must be text, not a {_kind(value)}",
                            f"put it in quotes: \"{text}\"")
            return None
        if isinstance(spec, Url):
            cleaned = "".join(ch for ch in value if ch > " " and ch != "\x7f")
            if not re.match(r"^https?://[^/\s]+", cleaned, re.IGNORECASE):
                self.report.add(self.loc(path), "schema.url",
                                f"{what} '{_clip(value)}' is not an http or https URL")
                return None
            problem = url_host_problem(cleaned)
            if problem:
                self.report.add(self.loc(path), "schema.url",
                                f"{what} '{_clip(value)}' {problem[0]}", problem[1])
                return None
            return cleaned
        if spec.pattern and not _compiled(spec.pattern).fullmatch(value):
            suggestion = suggest_id(value) if spec.is_id else None
            self.report.add(self.loc(path), "schema.type",
                            f"{what} '{_clip(value)}' is not valid: use "
                            + (spec.pattern_hint or "the form the schema gives"),
                            f"did you mean '{suggestion}'?" if suggestion else None)
            return None
        if spec.max_length and len(value) > spec.max_length:
            self.report.add(self.loc(path), "schema.too-long",
                            f"{what} is {len(value)} characters; the limit is {spec.max_length}")
            return None
        return value.strip() if not spec.markdown else value.strip("\n").rstrip()

    def _obj(self, spec: Obj, value: Any, path: tuple, what: str) -> dict | None:
        if not isinstance(value, dict):
            self.report.add(self.loc(path), "schema.type",
                            f"{what} must be a mapping of fields, not {_kind(value, article=True)}")
            return None
        out: dict[str, Any] = {}
        for key, item in value.items():
            fspec = spec.fields.get(key)
            if fspec is None and key in spec.replaced:
                new_name, hint = spec.replaced[key]
                self.report.add(self.key_loc(path + (key,)), "schema.replaced-field",
                                f"'{key}' is the old form of '{new_name}' in {spec.title or what}",
                                hint)
                continue
            if fspec is None:
                self.report.add(self.key_loc(path + (key,)), "schema.unknown-field",
                                f"unknown field '{key}' in {spec.title or what}",
                                did_you_mean(key, spec.fields))
                continue
            checked = self.check(fspec.spec, item, path + (key,), f"'{key}'")
            if checked is not None:
                out[key] = checked
        for key, fspec in spec.fields.items():
            if fspec.required and key not in value:
                self.report.add(self.loc(path), "schema.missing-field",
                                f"{spec.title or what} is missing required field '{key}'",
                                f"add '{key}:', {_lower(fspec.description)}")
        return out

    def _number(self, spec: Number, value: Any, path: tuple, what: str) -> int | None:
        choices = " or ".join(str(v) for v in spec.values)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.report.add(self.loc(path), "schema.empty", f"{what} is empty")
        elif isinstance(value, Aliased):
            pass  # already reported as yaml.alias
        elif isinstance(value, str) and is_placeholder(value):
            self.report.add(self.loc(path), "schema.placeholder",
                            f"{what} is still a placeholder: '{_clip(value)}'",
                            "replace it with real content")
        elif isinstance(value, bool) or not isinstance(value, int):
            self.report.add(self.loc(path), "schema.type",
                            f"{what} must be a number, {choices}, not "
                            + ("text" if isinstance(value, str) else _kind(value, article=True)),
                            "write the number without quotes" if isinstance(value, str) else None)
        elif value not in spec.values:
            self.report.add(self.loc(path), "schema.enum",
                            f"{what} {value} is not one of: {', '.join(map(str, spec.values))}")
        else:
            return value
        return None

    def _list(self, spec: ListOf, value: Any, path: tuple, what: str) -> list | None:
        if value is None:
            return []
        if not isinstance(value, list):
            self.report.add(self.loc(path), "schema.type",
                            f"{what} must be a list (items starting with '- '), "
                            f"not {_kind(value, article=True)}")
            return None
        out = []
        for i, item in enumerate(value):
            checked = self.check(spec.item, item, path + (i,), f"{what} item {i + 1}")
            if checked is not None:
                out.append(checked)
        return out

    def _map(self, spec: MapOf, value: Any, path: tuple, what: str) -> dict | None:
        if not isinstance(value, dict):
            self.report.add(self.loc(path), "schema.type", f"{what} must be a mapping")
            return None
        out = {}
        for key, item in value.items():
            if key not in spec.keys:
                self.report.add(self.key_loc(path + (key,)), "schema.enum",
                                f"{spec.key_title} '{key}' in {what} is not one of: "
                                f"{', '.join(spec.keys)}", did_you_mean(key, spec.keys))
                continue
            checked = self.check(spec.value, item, path + (key,), f"{what} '{key}'")
            if checked is not None:
                out[key] = checked
        return out


@functools.lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _lower(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:]


def _kind(value: Any, article: bool = False) -> str:
    name = {dict: "mapping", list: "list", bool: "true/false value", int: "number",
            float: "number", type(None): "empty value"}.get(type(value), "text")
    if article:
        return ("an " if name[0] in "aeiou" else "a ") + name
    return name


def _describe(spec: Any) -> str:
    if isinstance(spec, Enum):
        return "one of " + ", ".join(spec.values)
    if isinstance(spec, Date):
        return "a date (YYYY-MM-DD)"
    if isinstance(spec, Url):
        return "an http or https URL"
    return "text"


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- JSON Schema ------------------------------------------------------------

def _json(spec: Any, description: str | None = None) -> dict:
    out: dict[str, Any]
    if isinstance(spec, Obj):
        out = {
            "type": "object",
            "additionalProperties": False,
            "required": [k for k, f in spec.fields.items() if f.required],
            "properties": {k: _json(f.spec, f.description) for k, f in spec.fields.items()},
        }
    elif isinstance(spec, ListOf):
        out = {"type": "array", "items": _json(spec.item)}
        if spec.min_items:
            out["minItems"] = spec.min_items
    elif isinstance(spec, MapOf):
        out = {"type": "object", "additionalProperties": False,
               "properties": {k: _json(spec.value) for k in spec.keys}}
    elif isinstance(spec, Enum):
        out = {"type": "string", "enum": list(spec.values)}
    elif isinstance(spec, Number):
        out = {"type": "integer", "enum": list(spec.values)}
    elif isinstance(spec, Date):
        out = {"type": "string", "format": "date", "pattern": _DATE_RE.pattern}
    elif isinstance(spec, Url):
        out = {"type": "string", "format": "uri", "pattern": "^https?://"}
    else:
        out = {"type": "string", "minLength": 1}
        if spec.max_length:
            out["maxLength"] = spec.max_length
        if spec.pattern:
            out["pattern"] = spec.pattern
    if description:
        out["description"] = description
    return out


def json_schema(kind: str) -> dict:
    """The JSON Schema (draft-07) for 'claim' or 'topic' files."""
    spec = {"claim": CLAIM, "topic": TOPIC}[kind]
    schema = {
        # Draft-07, the version editors' YAML extensions support (redhat.vscode-yaml);
        # every keyword used here means the same in later drafts.
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"https://evidencekit.invalid/schema/{kind}.schema.json",
        "title": f"evidencekit {kind} file",
    }
    schema.update(_json(spec))
    return schema
