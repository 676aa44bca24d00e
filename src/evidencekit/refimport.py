"""House-style entries for the reference library, from a DOI's BibTeX record, a PubMed
CSL record or an entry of another ``.bib`` file.

What "house style" means here (CONTRIBUTING.md, "Adding references"):

- the key is the first author's surname, the year and the first word of the title that
  is not a small word, in ASCII lower case (``kruegel2016synthetic``); it is refused if
  the library already has it, or already has the DOI or PubMed ID;
- values keep their LaTeX as written; pages are written with ``--`` (a PubMed range
  such as ``6754-64`` becomes ``6754--6764``); months become BibTeX's month macros;
  a title's closing full stop (PubMed and Crossref add one) is dropped;
- the DOI, PubMed ID, PMC ID and URL follow the same policy as the checker's
  (``bib.doi``, ``bib.url``): one that does not is left out and said so, and a URL
  that only points at the DOI is left out as redundant;
- authors that look like a degree ("M Sc", "D Ph", "PhD"), are empty or repeat are
  flagged for an editor to look at, never silently changed;
- ``design`` is the placeholder ``TODO`` (unless the imported entry already has a valid
  one): no registry knows a study's design, so an editor reads the paper and chooses,
  and until then ``evidence check`` reports ``bib.design-placeholder``;
- ``note`` says where the fields came from, as every entry's note does.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .definitions import DESIGN
from .diagnostics import Report, did_you_mean
from .latex import decode_latex, format_authors
from .model import Library, Reference
from .references import DESIGN_PLACEHOLDER, KEY_PATTERN, doi_problem, load_library, url_problem
from .render.citations import PMCID_RE, PMID_RE
from .resolve import CACHE_DIR, csl_item

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")
_MONTH_NAMES = {name: macro for macro in MONTH_MACROS for name in (macro,)} | {
    "january": "jan", "february": "feb", "march": "mar", "april": "apr", "june": "jun",
    "july": "jul", "august": "aug", "september": "sep", "sept": "sep", "october": "oct",
    "november": "nov", "december": "dec"}

# Small words a key never takes from a title.
_SMALL_WORDS = frozenset(
    "a an the of on in and or for to with from by at as is are was were be its their this "
    "that these those into via not no do does than".split())
# Degrees and titles that turn up as authors in real libraries ("M Sc", "D Ph" in a lab's
# export): written with or without dots and spaces.
_DEGREES = frozenset(
    "msc mres mphil dphil dph phd mph bsc rn mbbs mbchb frcp frcpc pharmd psyd mba bpharm "
    "mpharm dnp dds dmd edd scd drph msn bsn md".split())
_INNER_DEGREES = _DEGREES - {"md"}  # 'Md' is also a common given-name abbreviation

# The order fields are written in (the kratom library's); others follow in their order.
_ORDER = ("author", "editor", "title", "journal", "booktitle", "publisher", "school",
          "institution", "organization", "address", "edition", "series", "year", "month",
          "volume", "number", "pages", "doi", "pmid", "pmcid", "isbn", "url", "design",
          "pooled", "note")
# Fields the library does not keep: abstracts, local files and reference managers' own.
_DROPPED = frozenset({
    "abstract", "file", "pdf", "keywords", "annote", "annotation", "issn", "urldate",
    "language", "langid", "mendeley-tags", "owner", "timestamp", "groups", "priority",
    "readstatus", "ranking", "crossref", "shorttitle", "copyright", "eprint", "eprinttype",
    "archiveprefix", "primaryclass", "publisher-place", "lccn", "library",
    "biburl", "bibsource", "date-added", "date-modified", "month_numeric"})
_TYPES = {"online": "misc", "electronic": "misc", "www": "misc", "report": "techreport",
          "thesis": "phdthesis", "dataset": "misc", "software": "misc", "webpage": "misc"}
_CSL_TYPES = {"article-journal": "article", "article": "article", "review": "article",
              "article-magazine": "article", "article-newspaper": "article", "book": "book",
              "chapter": "incollection", "paper-conference": "inproceedings",
              "thesis": "phdthesis", "report": "techreport"}
_ASCII = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe",
                        "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d",
                        "þ": "th", "ı": "i"})
_DOI_LINK = re.compile(r"(?i)^https?://(?:dx\.)?doi\.org/")
_RANGE = re.compile(r"^\s*([^\s\-\u2010-\u2015\u2212]+)\s*(?:-+|[\u2010-\u2015\u2212])\s*(\S+)\s*$")


class RefImportError(Exception):
    """Entries that cannot be added as asked (the command exits 2; nothing is written)."""


@dataclass
class Draft:
    """One entry on its way into the library."""

    entry_type: str
    fields: dict[str, str]  # BibTeX values as they will be written (LaTeX kept)
    origin: str  # "DOI 10.1/x", "PubMed ID 123", "lab.bib: Smith2019"
    flags: list[str] = field(default_factory=list)  # what an editor should look at
    dropped: list[str] = field(default_factory=list)  # fields left out
    original_key: str | None = None


@dataclass
class Added:
    key: str
    path: str  # project-relative
    line: int
    draft: Draft


# ---------------------------------------------------------------------------
# Keys


def ascii_fold(text: str) -> str:
    """Text without accents, in ASCII: 'Váradi' -> 'Varadi', 'Groß' -> 'Gross'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode(
        "ascii", "ignore").decode()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def house_key(fields: dict[str, str]) -> str:
    """The house key for an entry: surname + year + first real title word, lower case."""
    surname = ""
    names = format_authors(fields.get("author") or fields.get("editor") or "")
    if names and names[0] != "et al.":
        words = names[0].split()
        if len(words) > 1 and words[-1].isupper() and words[-1].isalpha():
            words = words[:-1]  # the initials format_authors adds
        surname = _slug(" ".join(words))
    year = re.search(r"\d{4}", fields.get("year") or fields.get("date") or "")
    title = decode_latex(fields.get("title", ""))
    word = next((w for w in (_slug(t) for t in re.findall(r"[^\W\d_][\w'’]*", title))
                 if w and w not in _SMALL_WORDS), "")
    key = surname + (year.group() if year else "") + word
    if not key[:1].isalpha():
        key = (word or "ref") + (year.group() if year else "")
    return key[:128]


# ---------------------------------------------------------------------------
# Drafts from each source


def from_bibtex(ref: Reference, origin: str, note: str) -> Draft:
    """A draft from an entry read by :func:`references.load_library` (LaTeX kept)."""
    fields = dict(ref.fields)
    if fields.get("note"):
        note = fields["note"].rstrip(" .") + ". " + note
    fields["note"] = note
    return Draft(_TYPES.get(ref.entry_type, ref.entry_type), fields, origin,
                 original_key=ref.key)


def from_bibtex_text(text: str, root: Path, scratch_name: str, origin: str, note: str) -> Draft:
    """A draft from the one entry of a BibTeX answer (as doi.org gives), read as the
    checker reads the library."""
    library = read_bib_text(text, root, scratch_name)
    if len(library.entries) != 1:
        raise RefImportError(f"the record for {origin} holds {len(library.entries)} readable "
                             "entries, not one")
    draft = from_bibtex(next(iter(library.entries.values())), origin, note)
    draft.original_key = None  # the agency's key, never seen by an editor
    return draft


def from_csl(text: str, origin: str, note: str) -> Draft:
    """A draft from a CSL-JSON record (NCBI's citation exporter)."""
    item = csl_item(json.loads(text))
    if item is None:
        raise RefImportError(f"the record for {origin} is not one CSL record")
    fields: dict[str, str] = {}
    names = []
    for person in item.get("author") or []:
        if not isinstance(person, dict):
            continue
        family, given = _text(person.get("family")), _text(person.get("given"))
        literal = _text(person.get("literal"))
        if family and given:
            names.append(f"{_escape(family)}, {_escape(given)}")
        elif family or literal:
            names.append("{" + _escape(family or literal) + "}")  # a group: one name as written
    if names:
        fields["author"] = " and ".join(names)
    entry_type = _CSL_TYPES.get(_text(item.get("type")), "misc")
    for csl, bib in (("title", "title"), ("container-title", "journal" if entry_type == "article"
                                          else "booktitle"),
                     ("publisher", "publisher"), ("volume", "volume"), ("issue", "number"),
                     ("page", "pages"), ("DOI", "doi"), ("PMID", "pmid"), ("PMCID", "pmcid"),
                     ("ISBN", "isbn")):
        value = _text(item.get(csl))
        if value and not (bib == "publisher" and entry_type == "article"):
            fields[bib] = value if bib in ("doi", "pmid", "pmcid") else _escape(value)
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0] or []
    if parts and str(parts[0]).isdigit():
        fields["year"] = str(parts[0])
        if len(parts) > 1 and str(parts[1]).isdigit() and 1 <= int(parts[1]) <= 12:
            fields["month"] = MONTH_MACROS[int(parts[1]) - 1]
    fields["note"] = note
    return Draft(entry_type, fields, origin)


def _text(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int)) else ""


def _escape(text: str) -> str:
    """Plain text as a BibTeX value: LaTeX's special characters escaped."""
    return re.sub(r"[\\{}&%$#_]",
                  lambda m: r"\textbackslash{}" if m.group() == "\\" else "\\" + m.group(), text)


# ---------------------------------------------------------------------------
# Normalising


def normalise(draft: Draft) -> Draft:
    """Bring a draft's fields to house style, flagging what an editor should look at."""
    f = draft.fields
    for old, new in (("journaltitle", "journal"), ("issue", "number"), ("location", "address")):
        if old in f:
            value = f.pop(old)
            f.setdefault(new, value)
    if "date" in f:
        date = f.pop("date")
        m = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?", date)
        if m:
            f.setdefault("year", m.group(1))
            if m.group(2) and 1 <= int(m.group(2)) <= 12:
                f.setdefault("month", MONTH_MACROS[int(m.group(2)) - 1])
    if "pages" in f:
        f["pages"] = normal_pages(f["pages"])
    if "month" in f:
        month = normal_month(f["month"])
        if month is None:
            draft.flags.append(f"month '{f['month']}' is not a month name; check it")
        else:
            f["month"] = month
    if "title" in f:
        title = f["title"].strip()
        if title.endswith(".") and not title.endswith(".."):
            title = title[:-1]
        f["title"] = title
    _check_identifiers(draft)
    draft.flags.extend(author_flags(f.get("author", "")))
    raw_design = f.get("design", "")
    slugs = [s.strip(" {}").lower() for s in raw_design.split(",") if s.strip(" {}")]
    if not slugs or any(s not in DESIGN for s in slugs):
        if raw_design.strip():
            draft.flags.append(f"design '{raw_design}' is not from the vocabulary; "
                               f"it is {DESIGN_PLACEHOLDER} until an editor chooses")
        f["design"] = DESIGN_PLACEHOLDER
        f.pop("pooled", None)
    for name in list(f):
        if name in _DROPPED or not f[name].strip() or (
                name == "publisher" and draft.entry_type == "article"):
            if f[name].strip():
                draft.dropped.append(name)
            del f[name]
    draft.fields = {name: f[name] for name in _ORDER if name in f} | {
        name: value for name, value in f.items() if name not in _ORDER}
    return draft


def normal_pages(value: str) -> str:
    """'635\u2013641', '635-641', '635 - 641' -> '635--641'; '6754-64' -> '6754--6764'."""
    m = _RANGE.match(value)
    if not m:
        return value.strip()
    first, last = m.groups()
    if first.isdigit() and last.isdigit() and len(last) < len(first) and int(
            first[-len(last):]) < int(last):
        last = first[: len(first) - len(last)] + last  # Medline's shortened end page
    return f"{first}--{last}"


def normal_month(value: str) -> str | None:
    """A month as BibTeX's macro ('aug'), from a name, an abbreviation or a number."""
    text = value.strip(" {}.").lower()
    if text.isdigit():
        return MONTH_MACROS[int(text) - 1] if 1 <= int(text) <= 12 else None
    return _MONTH_NAMES.get(text)


def _check_identifiers(draft: Draft) -> None:
    f = draft.fields
    if "doi" in f:
        doi = _DOI_LINK.sub("", f["doi"].strip())
        doi = re.sub(r"(?i)^doi:\s*", "", doi)
        if doi_problem(doi) is None:
            f["doi"] = doi
        else:
            draft.flags.append(f"DOI '{f.pop('doi')}' is malformed; it was left out")
    if "url" in f:
        url = f["url"].strip()
        if _DOI_LINK.match(url) and "doi" in f:
            f.pop("url")  # the DOI link, which the site draws from the DOI
        else:
            problem = url_problem(url)
            if problem is not None:
                draft.flags.append(f"URL '{f.pop('url')}' {problem[0]}; it was left out")
    if "pmid" in f and not PMID_RE.fullmatch(f["pmid"].strip()):
        draft.flags.append(f"PubMed ID '{f.pop('pmid')}' is not a number; it was left out")
    if "pmcid" in f:
        pmcid = f["pmcid"].strip().upper()
        if PMCID_RE.fullmatch(pmcid):
            f["pmcid"] = pmcid
        else:
            draft.flags.append(f"PMC ID '{f.pop('pmcid')}' is malformed; it was left out")


def _names(value: str) -> list[str]:
    """A BibTeX name list split at 'and' outside braces."""
    names, depth, start = [], 0, 0
    for m in re.finditer(r"[{}]|\s+and\s+", value, re.IGNORECASE):
        token = m.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            names.append(value[start:m.start()])
            start = m.end()
    names.append(value[start:])
    return [n.strip() for n in names]


def author_flags(value: str) -> list[str]:
    """What looks wrong in an author list: a degree as an author or in a name ("M Sc",
    "D Ph"), an empty name, a name given twice."""
    if not value.strip():
        return []
    flags = []
    seen: dict[str, int] = {}
    for number, name in enumerate(_names(value), 1):
        if not name.strip(" {},"):
            flags.append(f"author {number} is empty; check the author list")
            continue
        if name.startswith("{") and name.endswith("}"):
            continue  # a group's name, written as one
        words = [w.lower() for w in re.split(r"[\s,~.]+", decode_latex(name)) if w]
        if "".join(words) in _DEGREES:
            flags.append(f"author {number} '{name}' looks like a degree, not a person; "
                         "remove it, or fix the name it was split from")
            continue
        pairs = {a + b for a, b in zip(words, words[1:])} | set(words[1:])
        degree = next((w for w in sorted(pairs) if w in _INNER_DEGREES), None)
        if degree:
            flags.append(f"author {number} '{name}' holds a degree ('{degree}'); "
                         "keep only the name")
        normal = " ".join(words)
        if normal in seen:
            flags.append(f"author {number} '{name}' repeats author {seen[normal]}")
        seen.setdefault(normal, number)
    return flags


# ---------------------------------------------------------------------------
# Writing


def format_entry(key: str, draft: Draft) -> str:
    """The entry as the kratom library writes entries: aligned '=', braces, no comma at
    the end."""
    width = max(len(name) for name in draft.fields)
    lines = [f"@{draft.entry_type}{{{key},"]
    for name, value in draft.fields.items():
        written = value if name == "month" and value in MONTH_MACROS else "{" + value + "}"
        lines.append(f"  {name:<{width}} = {written},")
    lines[-1] = lines[-1][:-1]
    lines.append("}")
    return "\n".join(lines) + "\n"


def read_bib_text(text: str, root: Path, name: str, report: Report | None = None) -> Library:
    """Read BibTeX text exactly as the checker reads a library file (through a scratch
    file in the cache folder)."""
    scratch = Path(root) / CACHE_DIR / "scratch" / name
    scratch.parent.mkdir(parents=True, exist_ok=True)
    scratch.write_text(text, encoding="utf-8")
    try:
        return load_library(Path(root), report if report is not None else Report(),
                            files=[scratch])
    finally:
        scratch.unlink(missing_ok=True)


def find_entry(path: Path, key: str) -> Reference:
    """Entry `key` of another library file, read as the checker reads the library."""
    report = Report()
    library = load_library(path.parent, report, files=[path])
    ref = library.entries.get(key) or next(
        (r for k, r in library.entries.items() if k.casefold() == key.casefold()), None)
    if ref is not None:
        return ref
    if key in library.broken:
        loc = library.broken[key]
        why = next((d.message for d in report.sorted() if d.loc.line == loc.line
                    and d.code == "bib.parse-error"), "it cannot be parsed")
        raise RefImportError(f"{path.name}:{loc.line}: entry '{key}' cannot be read: {why}")
    folded = ascii_fold(key).casefold()
    close = sorted(k for k in library.entries if ascii_fold(k).casefold().startswith(folded))
    hint = f"did you mean '{close[0]}'?" if close else did_you_mean(key, library.entries)
    raise RefImportError(f"no entry '{key}' in {path}" + (f"; {hint}" if hint else ""))


def target_file(root: Path, library: Library, setting: str | None) -> str:
    """The project-relative .bib file new entries go to."""
    if setting:
        return setting
    if len(library.files) == 1:
        return library.files[0]
    if not library.files:
        return "references/library.bib"
    raise RefImportError(f"the library has {len(library.files)} .bib files; say which one new "
                         "entries go to with references_file in evidence.yml, for example "
                         f"references_file: {library.files[0]}")


def plan_keys(library: Library, drafts: list[Draft], key: str | None = None) -> list[str]:
    """The key of each draft, or RefImportError listing every refusal."""
    if key is not None and len(drafts) != 1:
        raise RefImportError("--key names the key of one entry; add the others separately")
    if key is not None and KEY_PATTERN.fullmatch(key) is None:
        raise RefImportError(f"--key '{key}' is not a usable key: use letters, digits and _ : . -,"
                             " starting with a letter")
    existing = {k.casefold(): k for k in (*library.entries, *library.broken)}
    known_ids = {}
    for k, ref in library.entries.items():
        for name in ("doi", "pmid"):
            value = ref.fields.get(name, "").strip().casefold()
            if value:
                known_ids.setdefault((name, value), k)
    problems, keys, taken = [], [], {}
    for draft in drafts:
        wanted = key or house_key(draft.fields)
        keys.append(wanted)
        for name, label in (("doi", "DOI"), ("pmid", "PubMed ID")):
            value = draft.fields.get(name, "").strip().casefold()
            if value and (name, value) in known_ids:
                problems.append(f"{draft.origin}: the {label} {draft.fields[name]} is already in "
                                f"the library as '{known_ids[(name, value)]}'")
        if wanted.casefold() in existing:
            problems.append(f"{draft.origin}: key '{wanted}' is already in the library "
                            f"('{existing[wanted.casefold()]}'); if this is another work, give "
                            "its key with --key")
        elif wanted.casefold() in taken:
            problems.append(f"{draft.origin}: key '{wanted}' would also be the key of "
                            f"{taken[wanted.casefold()]}; add them one at a time with --key")
        taken.setdefault(wanted.casefold(), draft.origin)
    if problems:
        raise RefImportError("\n".join(problems))
    return keys


def add_entries(root: Path, target: str, keys: list[str], drafts: list[Draft]) -> list[Added]:
    """Append the entries to `target` (created if need be), after reading them back as the
    checker will; what the checker would say about each is added to its flags."""
    root = Path(root)
    path = root / target
    resolved_root = root.resolve()
    if resolved_root not in path.resolve().parents:
        raise RefImportError(f"{target} is outside the project")
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    texts = [format_entry(k, d) for k, d in zip(keys, drafts)]
    report = Report()
    library = read_bib_text("\n".join(texts), root, "new.bib", report)
    for key, draft in zip(keys, drafts):
        if key not in library.entries:
            raise RefImportError(f"{draft.origin}: the entry written for it cannot be read back;"
                                 " nothing was added")
    for d in report.sorted():
        if d.code == "bib.design-placeholder":
            continue
        line = d.loc.line
        index = max(i for i, k in enumerate(keys) if library.entries[k].loc.line <= line)
        drafts[index].flags.append(f"the checker will say: {d.message} [{d.code}]")
    prefix = old if not old or old.endswith("\n") else old + "\n"
    line = prefix.count("\n") + 1
    added = []
    new = prefix
    for key, draft, text in zip(keys, drafts, texts):
        if new:
            new += "\n"
            line += 1
        added.append(Added(key, target, line, draft))
        new += text
        line += text.count("\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".part")
    scratch.write_text(new, encoding="utf-8")
    os.replace(scratch, path)
    return added
