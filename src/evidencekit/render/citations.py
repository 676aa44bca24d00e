"""One reference style for every page: authors, year, title, journal, volume(issue):pages, links.

Field values are raw BibTeX (LaTeX kept); only the fields shown here are
decoded, and only for entries that are cited (decoding is the slow part of
handling a library, see design/performance.md).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ..definitions import DESIGN
from ..latex import decode_latex, format_authors
from ..model import Reference
from ..schema import BIDI_RE
from ..schema import url_host_problem

MAX_AUTHORS = 6  # Vancouver style: six names, then "et al."
DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
PMID_RE = re.compile(r"\d{1,10}")
PMCID_RE = re.compile(r"PMC\d{1,10}")
_RANGE = re.compile(r"(?<=\w)\s*(?:-{1,3}|–)\s*(?=\w)")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
# Characters left as they are in a DOI URL: RFC 3986 unreserved, plus the
# sub-delimiters and separators that DOI suffixes use and URLs allow in a path.
_DOI_SAFE = "/:;()[]!$'*+,=@~._-"


def doi_url(doi: str) -> str | None:
    """https://doi.org/ link for a DOI, the suffix percent-encoded; None when malformed."""
    doi = doi.strip()
    if not DOI_RE.fullmatch(doi):
        return None
    prefix, suffix = doi.split("/", 1)
    return f"https://doi.org/{prefix}/{quote(suffix, safe=_DOI_SAFE)}"


def pubmed_url(pmid: str) -> str | None:
    pmid = pmid.strip()
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if PMID_RE.fullmatch(pmid) else None


def pmc_url(pmcid: str) -> str | None:
    pmcid = pmcid.strip().upper()
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/" if PMCID_RE.fullmatch(pmcid) else None


def safe_url(value: str) -> str | None:
    """The URL when it is an absolute http(s) address once entities, whitespace and
    control characters are gone, with no userinfo and an ASCII, non-punycode host;
    None otherwise."""
    url = _URL_JUNK.sub("", html.unescape(value))
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if url_host_problem(url):  # userinfo or a look-alike (non-ASCII, punycode) host
        return None
    return url


def _clip(text: str, limit: int = 40) -> str:
    """The first words of a title, cut at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def _visible(text: str) -> str:
    """Any bidirectional control written out as its code (U+202E), so a reference can never
    show readers other text than it holds (content fields refuse them: schema.bidi)."""
    return BIDI_RE.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def _text(ref: Reference, name: str) -> str:
    value = ref.fields.get(name)
    return _visible(decode_latex(value)) if value else ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


@dataclass(frozen=True)
class Citation:
    """A formatted reference: its parts as plain text (escaped by the templates) and links."""

    key: str
    authors: str  # "Kruegel AC, Gassaway MM, et al."
    first_author: str  # "Kruegel AC", for short labels
    year: str
    title: str
    container: str  # journal, book title or howpublished
    locator: str  # "138(21):6754–6764"
    doi: str
    doi_url: str | None
    pmid: str
    pubmed_url: str | None
    pmcid: str
    pmc_url: str | None
    url: str | None
    note: str
    designs: tuple[str, ...]  # design labels



_INITIALS = re.compile(r"\s+[A-Z]{1,4}$")


def surname(display_name: str) -> str:
    """'Kruegel AC' -> 'Kruegel'; an organisation's name stays whole."""
    return _INITIALS.sub("", display_name).strip() or display_name


def author_year_labels(citations: dict[str, "Citation | None"]) -> dict[str, str]:
    """One label per key for the whole site: 'Kruegel et al. 2016', 'a'/'b' when two collide.

    Keys come in any order; a label depends only on the set of keys, so every page
    that shows a source shows the same label for it.
    """
    base: dict[str, str] = {}
    for key, c in citations.items():
        if c is None:
            base[key] = key
            continue
        name = surname(c.first_author) if c.first_author else _clip(c.title, 32)
        if c.authors and c.authors != c.first_author:
            name += " et al."
        base[key] = f"{name} {c.year}".strip() or key
    groups: dict[str, list[str]] = {}
    for key in sorted(base, key=lambda k: (_order_title(citations[k]), k)):
        groups.setdefault(base[key], []).append(key)
    labels = {}
    for label, keys in groups.items():
        if len(keys) == 1:
            labels[keys[0]] = label
        else:
            for i, key in enumerate(keys):
                labels[key] = f"{label}{_suffix(i)}"
    return labels


def _order_title(c: "Citation | None") -> str:
    return c.title.casefold() if c else ""


def _suffix(i: int) -> str:
    """a, b, ..., z, aa, ab, ...: the usual author-year disambiguation."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(97 + r) + out
    return out


def _locator(ref: Reference) -> str:
    volume = _text(ref, "volume")
    number = _text(ref, "number") or _text(ref, "issue")
    pages = _RANGE.sub("–", _text(ref, "pages"))
    text = volume
    if number:
        text += f"({number})"
    if pages:
        text = f"{text}:{pages}" if text else pages
    return text


def _container(ref: Reference) -> str:
    for name in ("journal", "journaltitle", "booktitle", "howpublished", "publisher",
                 "institution", "school", "organization"):
        if ref.fields.get(name):
            return _text(ref, name)
    return ""


def _year(ref: Reference) -> str:
    year = _text(ref, "year")
    if not year and ref.fields.get("date"):
        year = _text(ref, "date")[:4]
    return year


def format_reference(ref: Reference) -> Citation:
    """Decode and arrange the shown fields of one cited entry."""
    names = [_visible(n) for n in format_authors(ref.fields["author"])] if ref.fields.get(
        "author") else []
    if not names and ref.fields.get("editor"):
        names = [_visible(n) for n in format_authors(ref.fields["editor"])]
        if names:
            names[-1] += ", editor" if len(names) == 1 else ", editors"
    etal = "et al." in names
    names = [n for n in names if n != "et al."]
    shown = names[:MAX_AUTHORS]
    if etal or len(names) > MAX_AUTHORS:
        shown.append("et al.")
    doi = ref.fields.get("doi", "").strip()
    pmid = ref.fields.get("pmid", "").strip()
    pmcid = ref.fields.get("pmcid", "").strip()
    return Citation(
        key=ref.key,
        authors=", ".join(shown),
        first_author=names[0] if names else "",
        year=_year(ref),
        title=_text(ref, "title"),
        container=_container(ref),
        locator=_locator(ref),
        doi=doi,
        doi_url=doi_url(doi) if doi else None,
        pmid=pmid,
        pubmed_url=pubmed_url(pmid) if pmid else None,
        pmcid=pmcid,
        pmc_url=pmc_url(pmcid) if pmcid else None,
        url=safe_url(ref.fields["url"]) if ref.fields.get("url") else None,
        note=_text(ref, "note"),
        designs=tuple(DESIGN[d].label for d in ref.designs if d in DESIGN),
    )
