"""Static checks of built output: what a browser would run, found without a browser.

Every built text file is read. HTML is parsed with html.parser (attribute values come
back with their entities decoded, as a browser sees them). The search index is walked
and each string in it is parsed as HTML too, because Material's search draws titles
and texts from it as HTML; other JSON (data exports) is text, so only its values that
are links are checked. CSV cells must not start like a spreadsheet formula. XML (the
sitemap) is parsed for its links.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import evidencekit

# Attributes that hold a URL a browser may load or navigate to.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset",
    "xlink:href", "ping", "codebase", "longdesc", "manifest", "icon", "lowsrc", "dynsrc",
})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# Elements no page of ours has, whoever wrote the text.
FORBIDDEN_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base",
                            "math", "noscript", "portal", "template"})
# What a spreadsheet reads as a formula at the start of a cell (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")
_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")


def url_scheme_is_bad(value: str) -> bool:
    """What a browser would do with the URL: leading/embedded whitespace and controls dropped."""
    return _JUNK.sub("", value).lower().startswith(BAD_SCHEMES)


@dataclass
class Finding:
    file: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


class _Scanner(HTMLParser):
    def __init__(self, where: str, findings: list[Finding]):
        super().__init__(convert_charrefs=True)
        self.where = where
        self.findings = findings
        self.script: list[str] | None = None
        self.script_type = ""
        self.scripts: list[tuple[str, str]] = []  # (type, text) of inline scripts
        self.theme_ids: list[str] = []  # ids the theme's scripts look up, as found

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "script":
            self.script = None

    def _element(self, tag, attrs):
        add = self.findings.append
        element_id = dict(attrs).get("id") or ""
        if element_id in THEME_IDS or element_id.startswith("__"):
            self.theme_ids.append(element_id)
        if tag in FORBIDDEN_TAGS:
            add(Finding(self.where, f"<{tag}> element"))
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
            add(Finding(self.where, "<meta http-equiv=refresh>"))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                add(Finding(self.where, f"<{tag} {name}={value!r}>"))
            elif name == "srcdoc":
                add(Finding(self.where, f"<{tag} srcdoc>"))
            elif name in URL_ATTRIBUTES and url_scheme_is_bad(value):
                add(Finding(self.where, f"<{tag} {name}={value!r}>"))
            elif name == "style" and re.search(r"expression|url\s*\(|javascript:", value, re.I):
                add(Finding(self.where, f"<{tag} style={value!r}>"))
        if tag == "script":
            src = dict(attrs).get("src")
            # The theme's own scripts: a path on this site ending in assets/ or search/.
            if src is not None and not re.fullmatch(r"(?!//)[\w./-]*?\b(assets|search)/[\w./-]+", src):
                add(Finding(self.where, f"<script src={src!r}>"))
            self.script, self.script_type = [], (dict(attrs).get("type") or "")

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            self.scripts.append((self.script_type, "".join(self.script)))
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)


# Ids Material's scripts look up (its templates and bundle): a second element with one of
# these, from content, would clobber the theme's (DOM clobbering).
THEME_IDS = frozenset({"__config", "__search", "__drawer", "__toc", "__consent", "__settings",
                       "__analytics"})
# What a built site may hold: the theme's assets and search index, the plugin's pages, data
# and stylesheet, MkDocs' sitemap, and from content only the allowlisted types.
_SITE_FILES = re.compile(r"(?:assets|search)/.+|sitemap\.xml(?:\.gz)?|404\.html|claims\.(?:json|csv)"
                         r"|topics/[^/]+/claims\.csv")
_PUBLISHED = frozenset({".html", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf"})


def _expected_file(rel: str, suffix: str) -> bool:
    return suffix in _PUBLISHED or _SITE_FILES.fullmatch(rel) is not None


def scan_html(text: str, where: str, findings: list[Finding], markers: re.Pattern | None = None) -> None:
    scanner = _Scanner(where, findings)
    scanner.feed(text)
    scanner.close()
    # Each id the theme reads ('__...') once, on its own element: a second is a clobbering one.
    for element_id in sorted(set(scanner.theme_ids)):
        if scanner.theme_ids.count(element_id) > 1:
            findings.append(Finding(where, f"an element with id {element_id!r} besides the theme's"))
    for kind, body in scanner.scripts:
        if markers is not None and markers.search(body) and kind != "application/ld+json":
            findings.append(Finding(where, f"content inside a <script>: {body[:80]!r}"))
        if "alert(" in body and kind != "application/ld+json":
            findings.append(Finding(where, f"alert( inside a <script>: {body[:80]!r}"))
        if kind == "application/ld+json":
            # JSON-LD: the text must be JSON that no `</script>` or `<!--` could have ended early.
            if re.search(r"</|<!--", body):
                findings.append(Finding(where, "'</' or '<!--' inside JSON-LD"))
            try:
                json.loads(body)
            except ValueError as exc:
                findings.append(Finding(where, f"JSON-LD does not parse: {exc}"))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@dataclass
class SiteScan:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)


def scan_site(site: Path, markers: re.Pattern | None = None) -> SiteScan:
    """Every built file: HTML, JSON (strings parsed as HTML), XML, and a byte grep of the rest;
    and what the site publishes: no file type outside the theme's, the plugin's and the
    allowlist, and the plugin's stylesheet as the package ships it."""
    result = SiteScan()
    packaged_css = (Path(evidencekit.__file__).parent / "assets" / "evidencekit.css").read_bytes()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        result.files += 1
        if not _expected_file(rel, suffix):
            result.findings.append(Finding(rel, f"a published {suffix or 'suffix-less'} file"))
        if rel == "assets/evidencekit.css" and path.read_bytes() != packaged_css:
            result.findings.append(Finding(rel, "the plugin's stylesheet replaced"))
        if suffix in (".html", ".htm"):
            scan_html(path.read_text("utf-8"), rel, result.findings, markers)
        elif suffix == ".json":
            html_strings = path.name == "search_index.json"
            for text in _strings(json.loads(path.read_text("utf-8"))):
                if html_strings and ("<" in text or ":" in text):
                    scan_html(text, rel, result.findings, markers)
                if url_scheme_is_bad(text):
                    result.findings.append(Finding(rel, f"string {text[:60]!r}"))
        elif suffix == ".csv":
            for row in csv.reader(io.StringIO(path.read_text("utf-8"))):
                for cell in row:
                    if cell[:1] in FORMULA_STARTS and not NUMBER.fullmatch(cell):
                        result.findings.append(Finding(rel, f"formula-like cell {cell[:60]!r}"))
        elif suffix == ".xml":
            for el in ET.fromstring(path.read_bytes()).iter():
                if el.tag.endswith("loc") and el.text and not re.match(r"https?://", el.text.strip()):
                    result.findings.append(Finding(rel, f"sitemap location {el.text[:60]!r}"))
        elif suffix in (".js", ".css", ".gz", ".png", ".svg", ".ico", ".woff", ".woff2", ".map"):
            if markers is not None and suffix != ".gz" and markers.search(
                    path.read_bytes().decode("utf-8", "replace")):
                result.findings.append(Finding(rel, "content in a theme asset"))
        else:
            text = path.read_bytes().decode("utf-8", "replace")
            if re.search(r"<[a-z][^<>]*\s(?:href|src)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):",
                         text, re.I):
                result.findings.append(Finding(rel, "a javascript:/vbscript:/data: link"))
    return result
