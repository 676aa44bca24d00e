""""Cite this page" (plain text and BibTeX) and the data download links.

Titles come from untrusted YAML: the template escapes them for HTML, and
:func:`bibtex_text` makes them safe inside a BibTeX value (balanced braces, no
LaTeX command), so a pasted entry can neither break a reader's bibliography nor
run a macro in it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from .citations import safe_url
from .environment import call, long_date

# BibTeX counts braces even when escaped (\{), so braces become commands whose own
# braces balance; the rest are LaTeX's special characters.
_BIBTEX = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
    "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX)) + "]")
_KEY_JUNK = re.compile(r"[^A-Za-z0-9\-]+")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"  # everything else (braces, backslash, spaces) is encoded


def bibtex_text(text: str) -> str:
    """`text` on one line, safe inside a BibTeX value's braces."""
    return _SPECIAL.sub(lambda m: _BIBTEX[m.group()], " ".join(str(text).split()))


def bibtex_key(*ids: str, year: int) -> str:
    """'kratom-depression:clinical-research:2026', from a topic id (and a claim id)."""
    parts = [_KEY_JUNK.sub("-", i).strip("-") for i in ids]
    return ":".join([p for p in parts if p] + [str(year)])


@dataclass(frozen=True)
class CiteThis:
    key: str
    text: str  # the plain-text reference
    bibtex: str  # the @misc entry
    licence: str | None
    licence_url: str | None


def cite_this_view(title: str, publisher: str, url: str | None, checked: dt.date | None,
                   key_ids: tuple[str, ...], today: dt.date, licence: str | None = None,
                   licence_url: str | None = None) -> CiteThis:
    """The references for one page. `checked` (the evidence's last check) gives the year
    and the date shown, so a rebuild writes the same words; `today` only when it is None.
    `url` must be absolute (site_url set) to be included."""
    title = " ".join(str(title).split())
    publisher = " ".join(str(publisher).split())
    url = safe_url(url) if url else None
    url = quote(url, safe=_URL_SAFE) if url else None
    year = (checked or today).year
    key = bibtex_key(*key_ids, year=year)
    end = "" if title.endswith((".", "!", "?")) else "."
    text = f"{publisher} ({year}). {title}{end}"
    if url:
        text += f" {url}"
    if checked:
        text += f" (evidence checked on {long_date(checked)})."
    fields = [("author", f"{{{bibtex_text(publisher)}}}"), ("title", f"{{{bibtex_text(title)}}}"),
              ("year", str(year))]
    if url:
        fields.append(("url", url))
    if checked:
        fields.append(("note", f"Evidence checked on {checked.isoformat()}"))
    body = ",\n".join(f"  {name:<6} = {{{value}}}" for name, value in fields)
    bibtex = f"@misc{{{key},\n{body}\n}}"
    return CiteThis(key, text, bibtex, licence, safe_url(licence_url) if licence_url else None)


def cite_this(env, title: str, publisher: str, url: str | None, checked: dt.date | None,
              key_ids: tuple[str, ...], today: dt.date, licence: str | None = None,
              licence_url: str | None = None) -> Markup:
    """The "Cite this page" <details> block for a topic page (key_ids=(topic_id,)) or a
    claim page (key_ids=(topic_id, claim_id))."""
    return call(env, "cite_this", cite_this_view(title, publisher, url, checked, key_ids, today,
                                                  licence, licence_url))


def download_links(env, json_href: str, csv_href: str, topic_csv_href: str | None = None,
                   licence: str | None = None, licence_url: str | None = None) -> Markup:
    """Links to claims.json, claims.csv and (on a topic) the topic's own CSV, as the page
    being drawn reaches them."""
    return call(env, "download_links", json_href, csv_href, topic_csv_href, licence,
                safe_url(licence_url) if licence_url else None)
