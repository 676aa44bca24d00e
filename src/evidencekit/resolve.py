"""Fetching a reference's record by DOI or PubMed ID, politely, once.

DOIs resolve through doi.org content negotiation (``Accept: application/x-bibtex``:
the registration agency, Crossref or DataCite, answers with a BibTeX entry); PubMed
IDs through NCBI's Literature Citation Exporter, which answers CSL-JSON. Every
answer that was usable is kept in the project's cache folder (``.evidence-cache/``)
and read from there the next time, so asking again never touches the network, and
the site build never does at all: it reads only the ``.bib`` files.

Politeness, as both services ask: a ``User-Agent`` naming the tool and, when
``evidence.yml`` gives one, the editors' ``mailto`` address (Crossref's "polite
pool"; NCBI's ``tool`` and ``email`` parameters); at most one request every
:data:`MIN_INTERVAL` seconds per service (NCBI allows three a second without a key);
a :data:`TIMEOUT`. The base addresses can be changed with ``EVIDENCE_DOI_URL`` and
``EVIDENCE_PUBMED_URL`` (the tests point them at a local server replaying recorded
answers).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests


DOI_URL = "https://doi.org/"
PUBMED_URL = "https://api.ncbi.nlm.nih.gov/lit/ctxp/v1/pubmed/"
CACHE_DIR = ".evidence-cache"
TIMEOUT = 15.0  # seconds, for connecting and for each read
MIN_INTERVAL = {"doi": 0.2, "pubmed": 0.34}
_last_request: dict[str, float] = {}


class ResolveError(Exception):
    """A record could not be fetched or was not usable (the command exits 2)."""


@dataclass(frozen=True)
class Fetched:
    text: str  # the answer, exactly as received
    cache: Path  # where it is kept
    url: str  # where it came from
    from_cache: bool


def cache_path(root: Path, service: str, identifier: str) -> Path:
    """Where the answer for a DOI (service 'doi') or a PMID ('pubmed') is kept."""
    suffix = ".bibtex" if service == "doi" else ".json"
    return Path(root) / CACHE_DIR / service / (quote(identifier.lower(), safe="") + suffix)


class Resolver:
    """Fetches records for one project, through its cache."""

    def __init__(self, root: Path, mailto: str | None = None, timeout: float = TIMEOUT):
        self.root = Path(root)
        self.mailto = mailto
        self.timeout = timeout
        self.doi_url = os.environ.get("EVIDENCE_DOI_URL") or DOI_URL
        self.pubmed_url = os.environ.get("EVIDENCE_PUBMED_URL") or PUBMED_URL
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"evidencekit/{_version()}" + (
            f" (mailto:{mailto})" if mailto else "")

    def doi(self, doi: str) -> Fetched:
        """The BibTeX record doi.org's content negotiation gives for `doi`."""
        url = self.doi_url.rstrip("/") + "/" + quote(doi, safe="/()._-;:<>[]")
        return self._get("doi", doi, url, {}, {"Accept": "application/x-bibtex"},
                         _check_bibtex, f"DOI {doi}")

    def pmid(self, pmid: str) -> Fetched:
        """The CSL-JSON record NCBI's citation exporter gives for PubMed ID `pmid`."""
        params = {"format": "csl", "id": pmid, "tool": "evidencekit"}
        if self.mailto:
            params["email"] = self.mailto
        return self._get("pubmed", pmid, self.pubmed_url, params,
                         {"Accept": "application/vnd.citationstyles.csl+json, application/json"},
                         _check_csl, f"PubMed ID {pmid}")

    def _get(self, service: str, identifier: str, url: str, params: dict, headers: dict,
             check, what: str) -> Fetched:
        path = cache_path(self.root, service, identifier)
        if path.is_file():
            return Fetched(path.read_text(encoding="utf-8"), path, url, True)
        host = urlsplit(url).netloc or url
        _wait(service)
        try:
            response = self.session.get(url, params=params, headers=headers, timeout=self.timeout)
        except requests.Timeout:
            raise ResolveError(f"{host} did not answer within {self.timeout:g} s for {what}; "
                               "try again later") from None
        except requests.RequestException as exc:
            raise ResolveError(f"cannot reach {host} for {what} ({_reason(exc)}); are you "
                               "offline? Entries already fetched are read from "
                               f"{CACHE_DIR}/ without the network") from None
        finally:
            _last_request[service] = time.monotonic()
        if response.status_code == 404:
            raise ResolveError(f"{host} does not know {what} (HTTP 404); check it for typing "
                               "mistakes")
        if response.status_code != 200:
            raise ResolveError(f"{host} answered HTTP {response.status_code} for {what}; "
                               "try again later")
        response.encoding = response.encoding if "charset" in response.headers.get(
            "Content-Type", "") else "utf-8"
        text = response.text
        problem = check(text)
        if problem:
            raise ResolveError(f"{host} answered {what} with {problem}, not a usable record")
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(path.name + ".part")
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, path)
        return Fetched(text, path, response.url or url, False)


def _version() -> str:
    try:
        return version("evidencekit")
    except PackageNotFoundError:
        return "dev"


def _wait(service: str) -> None:
    last = _last_request.get(service)
    if last is not None:
        pause = MIN_INTERVAL.get(service, 1.0) - (time.monotonic() - last)
        if pause > 0:
            time.sleep(pause)


def _reason(exc: Exception) -> str:
    if isinstance(exc, requests.ConnectionError):
        return "connection failed"
    return type(exc).__name__


def _check_bibtex(text: str) -> str | None:
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("@") or "{" not in stripped:
        return "text that is not a BibTeX entry" if stripped else "an empty answer"
    return None


def _check_csl(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        return "text that is not JSON"
    item = csl_item(data)
    if item is None:
        message = data.get("message") if isinstance(data, dict) else None
        return f"an error ({str(message)[:80]})" if message else "JSON that is not one CSL record"
    return None


def csl_item(data) -> dict | None:
    """The one CSL record in an exporter answer (an object, or a list of one), or None."""
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict) or data.get("status") == "error" or "title" not in data:
        return None
    return data
