"""When each claim's verdict or grade changed, and from what, read from git.

:func:`claim_history` gives each claim's last change (for its card);
:func:`all_changes` every change of every claim (for the corrections page).

Only commits are read, never the clock or the working tree's dates, so two
builds of one commit print the same history. Two git processes in all, however
many claims: one ``git log`` over the topics folder (following renames), then
one ``git cat-file --batch`` for every revision of every claim file, each
parsed with the project's own strict YAML loader.

Without git, outside a repository, in a shallow clone's first commit, or for a
file with no commit, a claim simply has no recorded change: its card shows the
reviewed date alone. Nothing here ever fails a build.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Report
from .load import TOPICS_DIR
from .model import Project
from .yamlload import load_yaml

FIELDS = ("verdict", "grade")
TIMEOUT = 60  # seconds per git process; a stuck git must not hang a build


@dataclass(frozen=True)
class Change:
    """A field's last change: `before` in the older revision, `after` from `date` on."""

    field: str  # 'verdict' or 'grade'
    before: str
    after: str
    date: dt.date
    commit: str


@dataclass(frozen=True)
class ClaimHistory:
    revisions: int  # commits that changed the claim file
    since: dt.date  # the date of the oldest of them
    verdict: Change | None = None
    grade: Change | None = None

    @property
    def changes(self) -> list[Change]:
        return [c for c in (self.verdict, self.grade) if c is not None]


@dataclass(frozen=True)
class _Revision:
    commit: str
    date: dt.date
    path: str  # the file's path in that commit, relative to the project


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """git's output, or None when git is missing or fails (not a repository, a bad ref...)."""
    if shutil.which("git") is None:
        return None
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # set inside git hooks
        env.pop(name, None)
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", *args],
                              input=stdin, capture_output=True, timeout=TIMEOUT, env=env)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _log(root: Path) -> list[tuple[str, dt.date, list[tuple[str, str, str | None]]]]:
    """Commits touching the topics folder, newest first: (hash, date, [(status, path, old path)])."""
    out = _git(root, "log", "--relative", "--no-merges", "-M", "--name-status", "-z",
               "--format=%x1e%H%x1f%cs", "--", TOPICS_DIR.as_posix())
    if not out:
        return []
    commits = []
    for record in out.decode("utf-8", "replace").split("\x1e")[1:]:
        head, _, rest = record.partition("\0")
        commit, _, day = head.partition("\x1f")
        try:
            date = dt.date.fromisoformat(day.strip())
        except ValueError:
            continue
        tokens = rest.lstrip("\n").split("\0")
        changes, i = [], 0
        while i < len(tokens) and tokens[i]:
            status = tokens[i]
            if status[:1] in ("R", "C") and i + 2 < len(tokens):
                changes.append((status[0], tokens[i + 2], tokens[i + 1]))
                i += 3
            elif i + 1 < len(tokens):
                changes.append((status[0], tokens[i + 1], None))
                i += 2
            else:
                break
        commits.append((commit, date, changes))
    return commits


def _revisions(path: str, log) -> list[_Revision]:
    """The commits that wrote `path`, newest first, following it back through renames."""
    found, name = [], path
    for commit, date, changes in log:
        for status, new, old in changes:
            if new != name or status == "D":
                continue
            found.append(_Revision(commit, date, name))
            if status == "R" and old:
                name = old
            break
    return found


def _blobs(root: Path, prefix: str, wanted: list[_Revision]) -> dict[tuple[str, str], bytes]:
    """Each revision's file content, through one `git cat-file --batch`."""
    specs = [(r.commit, r.path) for r in wanted if "\n" not in r.path]
    if not specs:
        return {}
    out = _git(root, "cat-file", "--batch",
               stdin="".join(f"{c}:{prefix}{p}\n" for c, p in specs).encode("utf-8"))
    if out is None:
        return {}
    blobs, pos = {}, 0
    for spec in specs:
        end = out.find(b"\n", pos)
        if end < 0:
            break
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs[spec] = out[pos:pos + size]
            pos += size + 1  # the content is followed by a newline
    return blobs


def _fields(data: bytes | None, path: str) -> dict[str, str]:
    """The verdict and grade written in one revision (none when it cannot be read)."""
    if data is None:
        return {}
    doc = load_yaml(data, path, Report())
    value = doc.value if doc is not None else None
    if not isinstance(value, dict):
        return {}
    return {f: value[f] for f in FIELDS if isinstance(value.get(f), str)}


def _last_change(field: str, current: str, revisions, values) -> Change | None:
    """The newest revision whose value differs from the one before it.

    None when the working tree's value is not the last committed one: an
    uncommitted change has no date yet, and the history shown must end where
    the card's verdict and grade are.
    """
    seen = [(r, v[field]) for r, v in zip(revisions, values) if field in v]
    if not seen or seen[0][1] != current:
        return None
    for (newer, after), (_, before) in zip(seen, seen[1:]):
        if after != before:
            return Change(field, before, after, newer.date, newer.commit)
    return None


@dataclass(frozen=True)
class Correction:
    """One change of a claim's verdict or grade between two of its commits."""

    date: dt.date  # the commit's date
    topic: str  # the topic's id
    claim: str  # the claim's id (its file's current name, renames followed)
    path: str  # the claim file, relative to the project
    field: str  # 'verdict' or 'grade'
    before: str  # slugs, as written in the YAML
    after: str
    commit: str  # the full hash; `short` for display

    @property
    def short(self) -> str:
        return self.commit[:SHORT_HASH]


SHORT_HASH = 7  # a fixed length, not git's %h, which grows with the repository


_UNREAD = object()  # claim_history / all_changes: read the commits themselves


def read_commits(project: Project):
    """Each committed claim's revisions, newest first, with the fields each one wrote, and
    the log they came from; None without git or a repository. Three git processes: read
    once, it serves both claim_history and all_changes."""
    root = Path(project.root)
    claims = [c for c in project.claims if c.loaded]
    if not claims:
        return None
    top = _git(root, "rev-parse", "--show-prefix")
    if top is None:
        return None
    prefix = top.decode("utf-8", "replace").strip()
    log = _log(root)
    if not log:
        return None
    revisions = {c.path: _revisions(c.path, log) for c in claims}
    blobs = _blobs(root, prefix, [r for rs in revisions.values() for r in rs])
    found = []
    for claim in claims:
        revs = revisions[claim.path]
        if revs:
            found.append((claim, revs, [_fields(blobs.get((r.commit, r.path)), r.path)
                                        for r in revs]))
    return found, log


def claim_history(project: Project, commits=_UNREAD) -> dict[str, ClaimHistory]:
    """Each committed claim file's history, by the claim's path (relative to the project)."""
    committed = read_commits(project) if commits is _UNREAD else commits
    if committed is None:
        return {}
    history = {}
    for claim, revs, values in committed[0]:
        history[claim.path] = ClaimHistory(
            revisions=len(revs),
            since=revs[-1].date,
            verdict=_last_change("verdict", claim.verdict, revs, values),
            grade=_last_change("grade", claim.grade, revs, values),
        )
    return history


def all_changes(project: Project, commits=_UNREAD) -> list[Correction]:
    """Every committed change of every current claim's verdict or grade, newest first.

    Commits only: a change still in the working tree is not listed until it is
    committed, so a rebuild of one commit lists the same changes. A revision that
    does not parse, or lacks the field, is passed over, so a change across it
    is still compared with the value before it. A claim's first commit is its
    publication, not a change. Three git processes, as for :func:`claim_history`.
    """
    committed = read_commits(project) if commits is _UNREAD else commits
    if committed is None:
        return []
    found, log = committed
    order = {commit: i for i, (commit, _, _) in enumerate(log)}  # 0 = newest
    changes = []
    for claim, revs, values in found:
        for name in FIELDS:
            seen = [(r, v[name]) for r, v in zip(revs, values) if name in v]
            for (newer, after), (_, before) in zip(seen, seen[1:]):
                if after != before:
                    changes.append(Correction(newer.date, claim.topic, claim.id, claim.path,
                                              name, before, after, newer.commit))
    changes.sort(key=lambda c: (-c.date.toordinal(), order.get(c.commit, 0), c.topic, c.claim,
                                FIELDS.index(c.field)))
    return changes


def topic_authors(project: Project) -> dict[str, list[str]]:
    """Who committed to each topic's folder, most commits first (then by name): the
    fallback when a topic names no editors. One git process; empty without git."""
    out = _git(Path(project.root), "log", "--relative", "--no-merges", "--name-only", "-z",
               "--format=%x1e%an", "--", TOPICS_DIR.as_posix())
    if not out:
        return {}
    counts: dict[str, dict[str, int]] = {}
    for record in out.decode("utf-8", "replace").split("\x1e")[1:]:
        name, _, rest = record.partition("\0")
        name = name.strip()
        topics = {p.split("/")[2] for p in rest.lstrip("\n").split("\0")
                  if p.count("/") >= 3 and p.startswith(TOPICS_DIR.as_posix() + "/")}
        for topic in topics:
            per = counts.setdefault(topic, {})
            per[name] = per.get(name, 0) + 1
    return {topic: sorted(per, key=lambda n: (-per[n], n)) for topic, per in counts.items()}
