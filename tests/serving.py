"""`mkdocs serve` in a subprocess on a free port, for the preview tests (and the browser's)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REQUEST_TIMEOUT = 10  # seconds: a request that takes longer is the hang these tests are about


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Response:
    status: int
    body: str


@dataclass
class Served:
    root: Path
    url: str
    process: subprocess.Popen
    log: Path

    def get(self, path: str) -> Response:
        """One request; raises (TimeoutError) if the server does not answer in time."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=REQUEST_TIMEOUT) as r:
                return Response(r.status, r.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            return Response(exc.code, exc.read().decode("utf-8"))

    def wait_for(self, path: str, check, deadline: float = 60.0) -> tuple[Response, float]:
        """Ask for `path` until `check(response)` holds; the response and the seconds it took."""
        start = time.monotonic()
        while True:
            assert self.process.poll() is None, f"mkdocs serve exited:\n{self.output()}"
            response = self.get(path)
            if check(response):
                return response, time.monotonic() - start
            assert time.monotonic() - start < deadline, (
                f"after {deadline:.0f} s, {path} still answers {response.status}:\n"
                f"{response.body[:2000]}\n--- mkdocs serve ---\n{self.output()}")
            time.sleep(0.02)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def serve(root: Path, *args: str) -> "ServeContext":
    """`mkdocs serve` in `root`, with more command line arguments if given."""
    return ServeContext(root, args)


class ServeContext:
    def __init__(self, root: Path, args: tuple[str, ...] = ()) -> None:
        self.root = root
        self.args = args
        self.served: Served | None = None

    def __enter__(self) -> Served:
        port = free_port()
        log = self.root.parent / f"serve-{port}.log"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                 *self.args],
                cwd=self.root, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.served = Served(self.root, f"http://127.0.0.1:{port}/", process, log)
        start = time.monotonic()
        while True:  # until the server listens
            assert process.poll() is None, f"mkdocs serve exited:\n{self.served.output()}"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() - start < 120, self.served.output()
                time.sleep(0.1)
        return self.served

    def __exit__(self, *exc) -> None:
        process = self.served.process
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
