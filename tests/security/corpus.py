"""An adversarial corpus: every text field of claims, topics, references and hand-written
pages, times every payload class, each payload carrying a unique marker (MK0001, ...).

:func:`write_buildable` writes the payloads the checker must accept into a project that
builds with `mkdocs build --strict`; :func:`write_rejected` writes the ones it must refuse,
each in a file (or BibTeX entry) of its own, so a diagnostic's location names its payload.
Each :class:`Payload` says where its marker must be visible once the site is built.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# -- payload classes ------------------------------------------------------------
#
# A class is a function of (marker, number) giving the text; `number` goes into the
# alert() call so that a dialog that does fire names its payload. Every class leaves
# the marker outside any element a sanitiser removes with its content (script, style).


@dataclass(frozen=True)
class PayloadClass:
    name: str
    make: object  # (marker, alert number) -> text
    kinds: frozenset = frozenset({"yaml", "bib", "page"})  # where it can be written


def _c(name, make, kinds=("yaml", "bib", "page")):
    return PayloadClass(name, make, frozenset(kinds))


CLASSES: list[PayloadClass] = [
    _c("script", lambda m, n: f"{m} <script>alert({n})</script>"),
    _c("img-onerror", lambda m, n: f"{m} <img src=x onerror=alert({n})>"),
    _c("svg-onload", lambda m, n: f"<svg onload=alert({n})>{m}</svg>"),
    _c("details-ontoggle", lambda m, n: f"<details open ontoggle=alert({n})>{m}</details>"),
    _c("iframe-srcdoc", lambda m, n: f"<iframe srcdoc=\"<script>alert({n})</script>\"></iframe>{m}"),
    _c("object-embed", lambda m, n: f"<object data=\"javascript:alert({n})\"></object>"
                                     f"<embed src=javascript:alert({n})>{m}"),
    _c("style-base-meta", lambda m, n: f"<style>body{{display:none}}</style><base href=\"javascript:"
                                        f"alert({n})//\"><meta http-equiv=refresh content=\"0;url="
                                        f"javascript:alert({n})\">{m}"),
    _c("mxss-math", lambda m, n: f"<math><mtext><table><mglyph><style><img src=x onerror="
                                  f"alert({n})></style></mglyph></table></mtext></math>{m}"),
    _c("mxss-noscript", lambda m, n: f"<noscript><p title=\"</noscript><img src=x onerror="
                                      f"alert({n})>\"></noscript>{m}"),
    _c("breakout-double", lambda m, n: f"{m}\" onmouseover=\"alert({n})\" x=\""),
    _c("breakout-single", lambda m, n: f"{m}' onmouseover='alert({n})' x='"),
    _c("breakout-tag", lambda m, n: f"{m}\"><img src=x onerror=alert({n})>"),
    _c("md-javascript", lambda m, n: f"[{m}](javascript:alert({n}))"),
    _c("md-mixed-case", lambda m, n: f"[{m}]( JaVaScRiPt:alert({n}))"),
    _c("md-entity", lambda m, n: f"[{m}](&#106;avascript:alert({n})) [x](&#x6A;avascript:alert({n}))"),
    _c("md-tab", lambda m, n: f"[{m}](java\tscript:alert({n})) [x](java&#9;script:alert({n}))"),
    _c("md-control", lambda m, n: f"[{m}](\x01javascript:alert({n})) [x](java\u200bscript:alert({n}))"),
    _c("md-angle", lambda m, n: f"[{m}](<javascript:alert({n})>) <javascript:alert({n})>"),
    _c("md-reference", lambda m, n: f"[{m}][evil]\n\n[evil]: javascript:alert({n})"),
    _c("md-image", lambda m, n: f"{m} ![x](javascript:alert({n})) ![y](x\" onerror=\"alert({n}))"),
    _c("md-title", lambda m, n: f"[{m}](https://example.org/ \"t\\\" onmouseover=\\\"alert({n})\")"),
    _c("md-autolink", lambda m, n: f"{m} <https://example.org/\"onmouseover=\"alert({n})>"),
    _c("remote-image", lambda m, n: f"{m} ![x](https://evil.example/{n}.png) "
                                     f"<img src=\"//evil.example/{n}.png\">"),
    _c("data-link", lambda m, n: f"[{m}](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    _c("vbscript-link", lambda m, n: f"[{m}](vbscript:msgbox({n}))"),
    _c("attr-list", lambda m, n: f"{m} {{: onmouseover=alert({n}) }}\n{{: onclick=alert({n}) }}"),
    _c("html-entities", lambda m, n: f"{m} &lt;script&gt;alert({n})&lt;/script&gt; &#60;img src=x "
                                      f"onerror=alert({n})&#62;"),
    # Text a spreadsheet would run as a formula when a CSV export is opened.
    _c("formula", lambda m, n: f"=HYPERLINK(\"https://evil.example/?{n}\",\"{m}\")"),
    _c("template", lambda m, n: f"{m} {{{{ 7*7 }}}} {{% raw %}}r{{% endraw %}} {{# c #}} "
                                 f"{{{{ ''.__class__ }}}}", ("yaml", "bib")),
    # A YAML double-quoted escape that decodes to HTML (written as \u003c in the file).
    _c("yaml-escape", lambda m, n: f"{m} <script>alert({n})</script><img src=x onerror=alert({n})>",
       ("yaml",)),
    # BibTeX only: @string macros carrying HTML, LaTeX that decodes to HTML or links.
    _c("bib-string", lambda m, n: f"{m} <script>alert({n})</script>", ("bib",)),
    _c("latex", lambda m, n: f"{m} \\textless{{}}script\\textgreater{{}}alert({n})\\textless{{}}/"
                              f"script\\textgreater{{}} \\url{{javascript:alert({n})}} "
                              f"\\href{{javascript:alert({n})}}{{h}}", ("bib",)),
]
CLASS = {c.name: c for c in CLASSES}

# -- fields ---------------------------------------------------------------------

# Where each field's text is shown: 'topic' (its topic page), 'references' (the
# references page), 'home' (the home page), 'title' (the page's <title>), 'nav'
# (the navigation of every page), 'page' (its own hand-written page).
CLAIM_FIELDS = {
    "claim": ("topic",), "short": ("topic", "references"), "summary": ("topic",),
    "caveats": ("topic",), "evidence.note": ("topic",), "evidence.indirect": ("topic",),
    "downgrades.reason": ("topic",), "upgrades.reason": ("topic",),
    "searched.where": ("topic",), "searched.terms": ("topic",), "searched.found": ("topic",),
    "would_change": ("topic",), "reviewers": ("topic",),
    "acknowledge.reason": ("topic",),
}
TOPIC_FIELDS = {
    "title": ("topic", "references", "home", "title", "nav"), "question": ("topic", "home"),
    "bottom_line": ("topic",), "intro": ("topic",), "advice": ("topic",), "notice": ("topic",),
    "editors": ("topic",), "reviewers": ("topic",), "source.description": ("topic",),
    "source.name": ("topic",), "source.author": ("topic",), "source.url": ("href",),
    "searched.where": ("topic",), "searched.terms": ("topic",), "searched.found": ("topic",),
}
REF_FIELDS = {
    "title": ("topic", "references"), "author": ("topic", "references"),
    "journal": ("topic", "references"), "howpublished": ("topic", "references"),
    "note": ("topic", "references"), "volume": ("topic", "references"),
    "pages": ("topic", "references"), "url": ("topic", "references"),
    "doi": ("topic", "references"),
}
PAGE_FIELDS = {
    "front.title": ("title", "nav", "page"), "front.description": ("meta",),
    "front.subtitle": ("nav",), "h1.title": ("title", "nav", "page"), "heading": ("page",),
    "body": ("page",), "list": ("page",),
}
FIELD_COUNT = len(CLAIM_FIELDS) + 1 + len(TOPIC_FIELDS) + len(REF_FIELDS) + len(PAGE_FIELDS)  # +1: tags

# -- payloads ---------------------------------------------------------------------


@dataclass
class Payload:
    marker: str
    cls: str
    kind: str  # 'claim', 'topic', 'ref', 'page'
    field: str
    text: str
    shown: tuple[str, ...] = ()  # where the marker must be visible (see the field tables)
    url: str = ""  # the page (relative to the site) that shows it, for 'topic' and 'page'
    rejected: str | None = None  # the diagnostic code(s) the checker must give, '+'-joined
    where: str = ""  # the file (and for BibTeX the key) the payload is written in


@dataclass
class Corpus:
    root: Path
    payloads: list[Payload] = field(default_factory=list)
    claim_files: list[str] = field(default_factory=list)
    _n: int = 0

    def new(self, cls: str, kind: str, fld: str, text_of=None, **kw) -> Payload:
        self._n += 1
        marker = f"MK{self._n:04d}"
        text = (text_of or CLASS[cls].make)(marker, 10000 + self._n)
        p = Payload(marker, cls, kind, fld, text, **kw)
        self.payloads.append(p)
        return p

    @property
    def accepted(self) -> list[Payload]:
        return [p for p in self.payloads if p.rejected is None]

    @property
    def rejected(self) -> list[Payload]:
        return [p for p in self.payloads if p.rejected is not None]


def compact(text: str) -> str:
    """The payload with whitespace and control characters removed (for DOIs and URLs)."""
    return re.sub(r"[\x00-\x20\x7f\u200b]+", "", text)


def yaml_str(text: str, escape_html: bool = False) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's); optionally with < and > as
    \\u003c and \\u003e, which YAML decodes back to HTML."""
    out = json.dumps(text, ensure_ascii=False)
    for c in "\x01\u200b":
        out = out.replace(c, f"\\u{ord(c):04x}")
    if escape_html:
        out = out.replace("<", "\\u003c").replace(">", "\\u003e")
    return out


def bib_braced(text: str) -> str:
    return "{" + text + "}"


CONFIG = """\
site_name: Adversarial corpus
site_url: https://example.org/corpus/
docs_dir: content
site_dir: site
repo_url: https://example.org/evidence/
edit_uri: edit/main/content/
theme:
  name: material
  font: false
  features:
    - content.action.edit
    - search.highlight
plugins:
  - search
  - evidence
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - tables
"""
REVIEWED = "2025-10-01"  # the browser fixtures build with SOURCE_DATE_EPOCH = 2025-11-25
STALE = "2022-01-01"  # overdue, acknowledged: the acknowledgement's reason is shown


def write_buildable(root: Path) -> Corpus:
    """A project holding every accepted payload; it must build with --strict."""
    corpus = Corpus(root)
    (root / "content" / "topics").mkdir(parents=True)
    (root / "references").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    # A payload is no sentence about certainty: the wording rule is for editors, not here.
    (root / "evidence.yml").write_text("rules:\n  summary.wording: off\n", encoding="utf-8")
    (root / "content" / "index.md").write_text(
        "# Corpus\n\n{{ topic_list() }}\n\n{{ grade_legend() }}\n", encoding="utf-8")
    bib: list[str] = []
    for cls in CLASSES:
        topic = f"t-{cls.name}"
        _topic(corpus, cls, topic)
        keys = _references(corpus, cls, topic, bib)
        _claim(corpus, cls, topic, keys)
        if "page" in cls.kinds:
            _pages(corpus, cls)
    (root / "references" / "library.bib").write_text("\n".join(bib), encoding="utf-8")
    return corpus


def _fields(corpus: Corpus, cls: PayloadClass, kind: str, table: dict, url: str) -> dict:
    """One payload per field of the table that takes text of this class."""
    out = {}
    yaml_kind = "yaml" in cls.kinds
    for name, shown in table.items():
        if kind in ("claim", "topic") and not yaml_kind:
            continue
        if name == "source.url":
            continue  # URLs: see _topic
        out[name] = corpus.new(cls.name, kind, name, shown=shown, url=url)
    return out


def _y(p: Payload | None, cls: PayloadClass, default: str) -> str:
    if p is None:
        return yaml_str(default)
    return yaml_str(p.text, escape_html=cls.name == "yaml-escape")


def _topic(corpus: Corpus, cls: PayloadClass, topic: str) -> None:
    url = f"topics/{topic}/"
    folder = corpus.root / "content" / "topics" / topic
    (folder / "claims").mkdir(parents=True)
    f = _fields(corpus, cls, "topic", TOPIC_FIELDS, url)
    for p in f.values():
        p.where = f"content/topics/{topic}/topic.yml"
    source_url = "https://example.org/source"
    if "yaml" in cls.kinds:
        p = corpus.new(cls.name, "topic", "source.url", shown=("href",), url=url,
                       where=f"content/topics/{topic}/topic.yml",
                       text_of=lambda m, n: "https://example.org/" + m + "/" + compact(cls.make(m, n)))
        source_url = p.text
    lines = [
        f"title: {_y(f.get('title'), cls, f'Topic {cls.name}')}",
        f"question: {_y(f.get('question'), cls, 'Does it work?')}",
        f"bottom_line: {_y(f.get('bottom_line'), cls, 'We do not know.')}",
        f"intro: {_y(f.get('intro'), cls, 'An introduction.')}",
        f"advice: {_y(f.get('advice'), cls, 'Ask a doctor.')}",
        f"notice: {_y(f.get('notice'), cls, 'Not medical advice.')}",
        "editors:",
        f"  - {_y(f.get('editors'), cls, 'An editor')}",
        "reviewers:",
        f"  - {_y(f.get('reviewers'), cls, 'A reviewer')}",
        "source:",
        f"  description: {_y(f.get('source.description'), cls, 'A blog post.')}",
        f"  name: {_y(f.get('source.name'), cls, 'A blog')}",
        f"  url: {yaml_str(source_url)}",
        "  date: 2025-09-01",
        f"  author: {_y(f.get('source.author'), cls, 'A blogger')}",
        f"reviewed: {REVIEWED}",
        "searched:",
        f"  - where: {_y(f.get('searched.where'), cls, 'PubMed')}",
        "    on: 2025-09-01",
        f"    terms: {_y(f.get('searched.terms'), cls, 'tea AND sleep')}",
        f"    found: {_y(f.get('searched.found'), cls, 'Two trials.')}",
    ]
    (folder / "topic.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _claim(corpus: Corpus, cls: PayloadClass, topic: str, keys: list[str]) -> None:
    url = f"topics/{topic}/"
    cid = f"c-{cls.name}"
    path = f"content/topics/{topic}/claims/{cid}.yml"
    f = _fields(corpus, cls, "claim", CLAIM_FIELDS, url)
    for p in f.values():
        p.where = path
    short = f.get("short")
    if short is not None and len(short.text) > 80:
        short.rejected, short.shown = "schema.too-long", ()  # written in the rejected corpus
        f.pop("short")

    def y(name, default):
        return _y(f.get(name), cls, default)

    lines = [
        f"claim: {y('claim', f'Claim {cls.name}')}",
        f"short: {y('short', f'Short {cls.name}')}",
        "type: efficacy",
        "verdict: mixed",
        "grade: low",
        f"summary: {y('summary', 'It may help.')}",
        "evidence:",
    ]
    for i, key in enumerate(keys):
        lines += [f"  - cite: {key}", "    stance: mixed"]
        if i == 0:
            lines.append(f"    note: {y('evidence.note', 'A note.')}")
        if i == 1:
            lines.append(f"    indirect: {y('evidence.indirect', 'About another question.')}")
    lines += [
        "caveats:",
        f"  - {y('caveats', 'A caveat.')}",
        "downgrades:",
        "  - domain: imprecision",
        f"    reason: {y('downgrades.reason', 'Few trials.')}",
        "upgrades:",
        "  - domain: large-effect",
        f"    reason: {y('upgrades.reason', 'A large effect.')}",
        "searched:",
        f"  - where: {y('searched.where', 'PubMed')}",
        "    on: 2025-09-01",
        f"    terms: {y('searched.terms', 'tea AND sleep')}",
        f"    found: {y('searched.found', 'Two trials.')}",
        f"would_change: {y('would_change', 'A large trial.')}",
        f"reviewed: {STALE}",
        "reviewers:",
        f"  - {y('reviewers', 'A. Editor')}",
        "acknowledge:",
        f"  reviewed.stale: {y('acknowledge.reason', 'Kept as it was.')}",
        "tags:",
        "  - corpus",
    ]
    file = corpus.root / path
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus.claim_files.append(path)


def _references(corpus: Corpus, cls: PayloadClass, topic: str, bib: list[str]) -> list[str]:
    """An @article and a @misc entry per class, every shown field carrying a payload."""
    url = f"topics/{topic}/"
    art, misc = f"a-{cls.name}", f"m-{cls.name}"
    if "bib" not in cls.kinds:
        bib.append(f"@article{{{art},\n  author = {{Doe, Jane}},\n  title = {{A review}},\n"
                   f"  journal = {{A journal}},\n  year = {{2020}},\n  design = {{systematic-review}},\n"
                   f"  pooled = {{cohort}},\n}}\n")
        bib.append(f"@misc{{{misc},\n  title = {{A report}},\n  howpublished = {{Online}},\n"
                   f"  year = {{2020}},\n  design = {{case-report}},\n}}\n")
        return [art, misc]

    def new(name, key, text_of=None):
        return corpus.new(cls.name, "ref", name, text_of=text_of, shown=REF_FIELDS.get(name, ()),
                          url=url, where=f"references/library.bib#{key}")

    def value(p: Payload) -> str:
        if cls.name != "bib-string":
            return bib_braced(p.text)
        macro = f"s{p.marker.lower()}"  # @string{smk0001 = "MK0001 <script>..."} used by name
        bib.append(f"@string{{{macro} = \"{p.text}\"}}\n")
        return f"{macro} # {{ (via @string)}}"

    a = {n: new(n, art) for n in ("title", "author", "journal", "volume", "pages", "note")}
    a["doi"] = new("doi", art, lambda m, n: "10.1234/" + m + compact(cls.make(m, n)))
    m_title = new("title", misc)
    m_how = new("howpublished", misc)
    m_url = new("url", misc, lambda m, n: "https://example.org/" + m + "/" + compact(cls.make(m, n)))
    if cls.name == "bib-string":  # the macro's value is braced: a name taken as written
        macro = f"s{a['author'].marker.lower()}"
        bib.append(f"@string{{{macro} = \"{{{a['author'].text}}}\"}}\n")
        author = f"{macro} # {{ and Doe, Jane}}"
    else:  # a braced (corporate) name and a personal one
        author = f"{{{{{a['author'].text}}} and Doe, Jane}}"
    bib.append("\n".join([
        f"@article{{{art},",
        f"  author = {author},",
        f"  title = {value(a['title'])},",
        f"  journal = {value(a['journal'])},",
        "  year = {2020},",
        f"  volume = {value(a['volume'])},",
        "  number = {2},",
        f"  pages = {value(a['pages'])},",
        f"  doi = {{{a['doi'].text}}},",
        f"  note = {value(a['note'])},",
        "  file = {/etc/passwd},",
        "  pdf = {../../../../etc/passwd},",
        "  design = {systematic-review},",
        "  pooled = {cohort},",
        "}\n"]))
    bib.append("\n".join([
        f"@misc{{{misc},",
        f"  title = {value(m_title)},",
        f"  howpublished = {value(m_how)},",
        "  year = {2020},",
        f"  url = {{{m_url.text}}},",
        "  file = {:/etc/passwd:PDF},",
        "  design = {case-report},",
        "}\n"]))
    return [art, misc]


def _pages(corpus: Corpus, cls: PayloadClass) -> None:
    """Two hand-written pages: one with front matter, one titled by its first heading."""
    folder = corpus.root / "content" / "pages"
    folder.mkdir(exist_ok=True)
    stem = f"p-{cls.name}"
    url = f"pages/{stem}/"
    f = {name: corpus.new(cls.name, "page", name, shown=shown, url=url,
                          where=f"content/pages/{stem}.md")
         for name, shown in PAGE_FIELDS.items() if name != "h1.title"}
    one_line = {k: p.text.replace("\n", " ") for k, p in f.items()}
    text = "\n".join([
        "---",
        f"title: {yaml_str(one_line['front.title'])}",
        f"description: {yaml_str(one_line['front.description'])}",
        f"subtitle: {yaml_str(one_line['front.subtitle'])}",
        "---",
        "",
        f"# Page {cls.name}",
        "",
        f"## {one_line['heading']}",
        "",
        f["body"].text,
        "",
        f"- {one_line['list']}",
        "",
    ])
    (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    h1 = corpus.new(cls.name, "page", "h1.title", shown=PAGE_FIELDS["h1.title"],
                    url=f"pages/h-{cls.name}/", where=f"content/pages/h-{cls.name}.md")
    (folder / f"h-{cls.name}.md").write_text(
        f"# {h1.text.splitlines()[0]}\n\nA page titled by its heading.\n", encoding="utf-8")


# -- the corpus that must be refused ------------------------------------------------

BAD_URLS = [
    "javascript:alert({n})", " JaVaScRiPt:alert({n})", "&#106;avascript:alert({n})",
    "java\tscript:alert({n})", "\x01javascript:alert({n})", "java\u200bscript:alert({n})",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#{n}", "vbscript:msgbox({n})",
    "//evil.example/{n}", "https:alert({n})", "file:///etc/passwd#{n}", "ftp://example.org/{n}",
    "mailto:a@example.org?{n}",
]
BAD_DOIS = [
    "javascript:alert({n})", "10.1234/ x<script>alert({n})</script>", "doi:10.1234/{n}",
    "https://doi.org/10.1234/{n}", "<img src=x onerror=alert({n})>", "10.12/{n}",
]
# A key with '<' is refused by its pattern; one with a quote or '=' cannot even be split
# from its entry (the entry is lost, and reported).
BAD_KEYS = [("x<script>alert({n})</script>", "bib.key-pattern"),
            ("x\"onmouseover=\"alert({n})", "bib.parse-error+bib.stray-text"),
            ("x'><img/src=x/onerror=alert({n})>", "bib.parse-error+bib.stray-text")]
GOOD_ENTRY = "  title = {{A title}},\n  journal = {{A journal}},\n  author = {{Doe, J.}},\n" \
             "  year = {{2020}},\n  design = {{systematic-review}},\n  pooled = {{cohort}},\n"


def write_rejected(root: Path, accepted: Corpus | None = None) -> Corpus:
    """A project where every payload is in a place the checker must refuse it.

    Claims and topics go one per file; BibTeX payloads one per entry. `accepted`, when
    given, contributes the payloads it had to leave out (a `short` over 80 characters).
    """
    corpus = Corpus(root)
    if accepted is not None:
        corpus._n = len(accepted.payloads)
    topics = root / "content" / "topics"
    topics.mkdir(parents=True)
    (root / "references").mkdir()
    bib = [f"@article{{good,\n{GOOD_ENTRY.format()}}}\n"]

    def claim_file(topic: str, cid: str, payload_lines: dict[str, str]) -> str:
        folder = topics / topic / "claims"
        if not (topics / topic / "topic.yml").exists():
            folder.mkdir(parents=True, exist_ok=True)
            _write_topic(topics / topic)
        base = {"claim": '"A claim."', "type": "efficacy", "verdict": "mixed", "grade": "low",
                "summary": '"It may help."', "evidence": "\n  - cite: good\n    stance: mixed",
                "caveats": "\n  - A caveat.", "reviewed": REVIEWED}
        base.update(payload_lines)
        path = f"content/topics/{topic}/claims/{cid}.yml"
        (root / path).write_text("".join(f"{k}: {v}\n" for k, v in base.items()), encoding="utf-8")
        return path

    # Claim fields with a pattern: tags and cite keys; `short` over 80 characters.
    for cls in CLASSES:
        if "yaml" not in cls.kinds:
            continue
        p = corpus.new(cls.name, "claim", "tags", rejected="schema.type")
        p.where = claim_file("r-claims", f"tags-{cls.name}", {"tags": f"\n  - {_y(p, cls, '')}"})
        p = corpus.new(cls.name, "claim", "evidence.cite", rejected="schema.type")
        p.where = claim_file("r-claims", f"cite-{cls.name}", {
            "evidence": f"\n  - cite: {_y(p, cls, '')}\n    stance: mixed"})
    for p in (accepted.rejected if accepted else []):
        corpus.payloads.append(p)
        p.where = claim_file("r-claims", f"short-{p.cls}", {"short": _y(p, CLASS[p.cls], "")})
    # Topic source URLs.
    for template in BAD_URLS:
        p = corpus.new("url", "topic", "source.url", rejected="schema.url",
                       text_of=lambda m, n, t=template: t.format(n=n) + "#" + m)
        topic = f"r-url-{p.marker.lower()}"
        (topics / topic / "claims").mkdir(parents=True)
        _write_topic(topics / topic, url=p.text)
        claim_file(topic, f"c-{p.marker.lower()}", {})
        p.where = f"content/topics/{topic}/topic.yml"
    # Claim ids (file names) and topic ids (folder names).
    for template in ("x<img src=x onerror=alert({n})>", "x\"onmouseover=\"alert({n})", "X{n}"):
        p = corpus.new("id", "claim", "id", rejected="claim.id",
                       text_of=lambda m, n, t=template: t.format(n=n) + m)
        p.where = claim_file("r-claims", p.text, {})
        p = corpus.new("id", "topic", "id", rejected="claim.id",
                       text_of=lambda m, n, t=template: t.format(n=n) + m)
        (topics / p.text / "claims").mkdir(parents=True)
        _write_topic(topics / p.text)
        claim_file(p.text, f"c-{p.marker.lower()}", {})
        p.where = f"content/topics/{p.text}"
    # BibTeX: URLs, DOIs, keys. Each entry's first line is recorded for the diagnostics.
    entries: list[tuple[Payload, str]] = []
    for template in BAD_URLS:
        p = corpus.new("url", "ref", "url", rejected="bib.url",
                       text_of=lambda m, n, t=template: t.format(n=n) + "#" + m)
        entries.append((p, f"@article{{r{p.marker},\n{GOOD_ENTRY.format()}  url = {{{p.text}}},\n}}\n"))
    for template in BAD_DOIS:
        p = corpus.new("doi", "ref", "doi", rejected="bib.doi",
                       text_of=lambda m, n, t=template: t.format(n=n) + m)
        entries.append((p, f"@article{{r{p.marker},\n{GOOD_ENTRY.format()}  doi = {{{p.text}}},\n}}\n"))
    for template, codes in BAD_KEYS:
        p = corpus.new("key", "ref", "key", rejected=codes,
                       text_of=lambda m, n, t=template: t.format(n=n) + m)
        entries.append((p, f"@article{{{p.text},\n{GOOD_ENTRY.format()}}}\n"))
    bib += [text for _, text in entries]
    text = "\n".join(bib)
    for p, entry in entries:  # the entry's lines: 'references/library.bib:12-17'
        first = text[:text.index(entry)].count("\n") + 1
        p.where = f"references/library.bib:{first}-{first + entry.count(chr(10)) - 1}"
    (root / "references" / "library.bib").write_text(text, encoding="utf-8")
    # Links out of the project: a claim, a topic.yml and a .bib file.
    outside = "/etc/passwd"
    p = corpus.new("symlink", "claim", "file", rejected="file.outside-project",
                   text_of=lambda m, n: outside)
    (topics / "r-claims" / "claims" / "passwd.yml").symlink_to(outside)
    p.where = "content/topics/r-claims/claims/passwd.yml"
    p = corpus.new("symlink", "topic", "file", rejected="file.outside-project",
                   text_of=lambda m, n: outside)
    (topics / "r-link" / "claims").mkdir(parents=True)
    (topics / "r-link" / "topic.yml").symlink_to(outside)
    claim_file("r-link", "c-link", {})
    p.where = "content/topics/r-link/topic.yml"
    p = corpus.new("symlink", "ref", "file", rejected="file.outside-project",
                   text_of=lambda m, n: outside)
    (root / "references" / "passwd.bib").symlink_to(outside)
    p.where = "references/passwd.bib"
    # YAML that must never be walked: an alias bomb, a Python tag.
    p = corpus.new("yaml", "claim", "alias", rejected="yaml.alias",
                   text_of=lambda m, n: f"&a\n  - {m}")
    p.where = claim_file("r-claims", "alias", {"caveats": p.text, "would_change": "*a"})
    p = corpus.new("yaml", "claim", "tag", rejected="yaml.tag",
                   text_of=lambda m, n: f"!!python/object/apply:os.system \"echo {m}\"")
    p.where = claim_file("r-claims", "python-tag", {"summary": p.text})
    return corpus


def _write_topic(folder: Path, url: str = "https://example.org/") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "topic.yml").write_text(
        f"title: A topic\nquestion: Does it work?\nbottom_line: We do not know.\nsource:\n"
        f"  description: A post.\n  url: {yaml_str(url)}\nreviewed: {REVIEWED}\n", encoding="utf-8")


if __name__ == "__main__":  # write both corpora to a folder, to look at or build by hand
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    good = write_buildable(target / "buildable")
    bad = write_rejected(target / "rejected", good)
    print(f"{len(good.accepted)} accepted payloads in {target / 'buildable'}; "
          f"{len(bad.payloads)} to be rejected in {target / 'rejected'}", file=sys.stderr)
