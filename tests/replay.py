"""A local HTTP server that replays recorded real answers of doi.org, Crossref and NCBI's
citation exporter (tests/recorded/, origins in its README), so that `evidence refs add`
is tested over real HTTP without the internet.

Point the resolvers at it with EVIDENCE_DOI_URL=<base>/ and
EVIDENCE_PUBMED_URL=<base>/lit/ctxp/v1/pubmed/.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

RECORDED = Path(__file__).parent / "recorded"
PUBMED_PATH = "/lit/ctxp/v1/pubmed/"


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    location: str | None = None


@dataclass
class Replay:
    """Recorded answers by path (DOI and Crossref) and by PubMed ID; every request seen."""

    paths: dict[str, Answer] = field(default_factory=dict)
    pubmed: dict[str, Answer] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (for the timeout test)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def add_cassette(self, path: Path) -> None:
        """Every interaction of a VCR cassette (habanero's), under its path and query."""
        for interaction in yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]:
            response = interaction["response"]
            body = response["body"]["string"] if "body" in response else response["content"]
            status = response["status"]["code"] if "status" in response else response["status_code"]
            headers = {k.lower(): v[0] for k, v in response["headers"].items()}
            parts = urlsplit(interaction["request"]["uri"])
            location = headers.get("location")
            if location:
                location = urlsplit(location)._replace(scheme="", netloc="").geturl()
            self.paths[parts.path + (f"?{parts.query}" if parts.query else "")] = Answer(
                status, headers.get("content-type", "text/plain"), body.encode("utf-8"), location)

    def add_pubmed(self, pmid: str, record: dict) -> None:
        self.pubmed[pmid] = Answer(200, "application/json",
                                   json.dumps(record, ensure_ascii=False).encode("utf-8"))


def citation_js_records(path: Path) -> dict[str, dict]:
    """The NCBI records citation.js's plugin-pubmed test expects from the live API, by
    test name: its `output: [{...}]` object literals read as JSON (the file is committed
    as it is; `accessed`, commented out there, is left out)."""
    text = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    records = {}
    for m in re.finditer(r"name: '([^']+)',\s*input: '[^']*',\s*output: \[(\{.*?\n    \})\]",
                         text, re.DOTALL):
        def token(t: re.Match) -> str:
            if t.group(1) is not None:
                return json.dumps(t.group(1))
            return json.dumps(t.group(2)) + ":"
        literal = re.sub(r"'((?:[^'\\]|\\.)*)'|\b([A-Za-z_]\w*)\s*:", token, m.group(2))
        records[m.group(1)] = json.loads(literal)
    return records


def recorded() -> Replay:
    replay = Replay()
    for cassette in sorted((RECORDED / "habanero").glob("*.yaml")):
        replay.add_cassette(cassette)
    record = citation_js_records(RECORDED / "citation-js" / "suite.js")["pubmed"]
    replay.add_pubmed(record["PMID"], record)
    return replay


class _Handler(BaseHTTPRequestHandler):
    replay: Replay

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        replay = self.server.replay  # type: ignore[attr-defined]
        replay.requests.append((self.path, dict(self.headers)))
        if replay.delay:
            time.sleep(replay.delay)
        parts = urlsplit(self.path)
        if parts.path == PUBMED_PATH:
            answer = replay.pubmed.get(parse_qs(parts.query).get("id", [""])[0])
        else:
            answer = replay.paths.get(self.path)
        if answer is None:
            answer = Answer(404, "text/plain", b"not recorded")
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        if answer.location:
            self.send_header("Location", replay.base + answer.location)
        self.end_headers()
        try:
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args) -> None:
        pass


class Server:
    """The replay server on a free local port, in a thread: `with Server(replay) as base:`."""

    def __init__(self, replay: Replay):
        self.replay = replay
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.replay = replay  # type: ignore[attr-defined]
        self.httpd.daemon_threads = True
        replay.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return self.replay.base

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.thread.join()
        self.httpd.server_close()
