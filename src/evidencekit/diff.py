"""What a change does to the evidence: the claims added, removed or changed between a
git revision and the working tree, per topic.

The revision's content is written out with `git archive` into a temporary folder
and read by the same loader as the working tree (load.load_project), so both
sides are read alike and no second parser exists. Claims are matched by
'topic/claim-id'; a claim moved to another topic is removed there and added here.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, ConfigError, load_config
from .diagnostics import printable
from .load import load_project
from .model import Claim, Project, Topic

# What is read from the revision: the content, the references and the settings.
PARTS = ("content/", "references/", "evidence.yml")
# Fields compared besides verdict, grade, sources and caveats, named (as in the claim
# file) when they change: the model's attribute -> the file's field.
OTHER_FIELDS = {"claim": "claim", "short": "short", "type": "type", "summary": "summary",
                "downgrades": "downgrades", "upgrades": "upgrades", "searched": "searched",
                "would_change": "would_change", "acknowledged": "acknowledge",
                "reviewers": "reviewers", "tags": "tags", "reviewed": "reviewed"}


class DiffError(Exception):
    """The revision cannot be read (the CLI exits 2)."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise DiffError(f"git cannot be run ({exc})") from None


def base_project(root: Path, revision: str, into: Path) -> Project:
    """The project as it was at `revision`, read from a copy written into `into`."""
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise DiffError(f"{root} is not in a git repository, so there is no revision to compare with")
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit.returncode != 0:
        raise DiffError(f"'{revision}' is not a commit of this repository (for a pull request's "
                        "base, check out the full history: fetch-depth: 0)")
    sha = commit.stdout.decode().strip()
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    top = Path(_git(root, "rev-parse", "--show-toplevel").stdout.decode().strip())
    into.mkdir(parents=True, exist_ok=True)
    if _git(top, "cat-file", "-e", f"{sha}:{prefix}").returncode == 0:  # else: no project yet
        # run from the top: from a sub-folder, git archive keeps only that folder's paths
        archive = _git(top, "archive", "--format=tar", f"{sha}:{prefix}")
        if archive.returncode != 0:
            raise DiffError(f"git archive {revision} failed: "
                            f"{archive.stderr.decode(errors='replace').strip()}")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            members = [m for m in tar.getmembers()
                       if m.name == PARTS[-1] or m.name.startswith(PARTS[:-1])]
            tar.extractall(into, members=members, filter=_safe)
    try:
        config = load_config(into)
    except ConfigError:  # the revision's settings cannot be read: its claims still can
        config = Config()
    return load_project(into, config)


def _safe(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tarfile's 'data' filter, skipping (not failing on) what it refuses: a link out of
    the folder is left out here as the loader would refuse to follow it."""
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None


@dataclass
class ClaimChange:
    ref: str
    kind: str  # added, removed or changed
    verdict: tuple[str, str] = ("", "")  # before, after ("" where there is no side)
    grade: tuple[str, str] = ("", "")
    sources_added: list[tuple[str, str]] = field(default_factory=list)  # (key, stance)
    sources_removed: list[tuple[str, str]] = field(default_factory=list)
    stances: list[tuple[str, str, str]] = field(default_factory=list)  # key, before, after
    caveats_added: list[str] = field(default_factory=list)
    caveats_removed: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # names of other fields that changed
    unreadable: bool = False  # a side could not be read: `evidence check` says why


@dataclass
class TopicChange:
    id: str
    title: str
    kind: str  # added, removed or changed
    claims: list[ClaimChange]


def _sources(claim: Claim) -> dict[str, str]:
    return {ev.cite: ev.stance for ev in claim.evidence}


def _compare(ref: str, old: Claim | None, new: Claim | None) -> ClaimChange | None:
    if old is None or new is None:
        one = new or old
        return ClaimChange(ref, "added" if new else "removed",
                           verdict=("", one.verdict) if new else (one.verdict, ""),
                           grade=("", one.grade) if new else (one.grade, ""),
                           sources_added=list(_sources(one).items()) if new else [],
                           sources_removed=list(_sources(one).items()) if old else [],
                           unreadable=not one.loaded)
    before, after = _sources(old), _sources(new)
    change = ClaimChange(
        ref, "changed", verdict=(old.verdict, new.verdict), grade=(old.grade, new.grade),
        sources_added=[(k, s) for k, s in after.items() if k not in before],
        sources_removed=[(k, s) for k, s in before.items() if k not in after],
        stances=[(k, before[k], s) for k, s in after.items() if k in before and before[k] != s],
        caveats_added=[c for c in new.caveats if c not in old.caveats],
        caveats_removed=[c for c in old.caveats if c not in new.caveats],
        other=[name for attr, name in OTHER_FIELDS.items()
               if _plain(getattr(old, attr)) != _plain(getattr(new, attr))],
        unreadable=not (old.loaded and new.loaded))
    if change.caveats_added == change.caveats_removed == [] and old.caveats != new.caveats:
        change.other.insert(0, "caveats (order)")
    same = (old.verdict == new.verdict and old.grade == new.grade and not change.sources_added
            and not change.sources_removed and not change.stances and not change.caveats_added
            and not change.caveats_removed and not change.other and old.loaded == new.loaded)
    return None if same else change


def _plain(value):
    """A field's value without where it was written, for comparing two sides."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__ if k != "loc"}
    return value


def compare(old: Project, new: Project) -> list[TopicChange]:
    """Per topic (in the working tree's order, then removed topics), the claims that changed."""
    old_topics: dict[str, Topic] = {t.id: t for t in old.topics}
    new_topics: dict[str, Topic] = {t.id: t for t in new.topics}
    out = []
    for topic_id in [*new_topics, *(t for t in old_topics if t not in new_topics)]:
        before, after = old_topics.get(topic_id), new_topics.get(topic_id)
        old_claims = {c.ref: c for c in before.claims} if before else {}
        new_claims = {c.ref: c for c in after.claims} if after else {}
        refs = [*new_claims, *(r for r in old_claims if r not in new_claims)]
        changes = [c for r in refs if (c := _compare(r, old_claims.get(r), new_claims.get(r)))]
        if changes or before is None or after is None:
            kind = "added" if before is None else "removed" if after is None else "changed"
            out.append(TopicChange(topic_id, (after or before).title, kind, changes))
    return out


def diff_revision(root: Path, revision: str, working: Project) -> list[TopicChange]:
    with tempfile.TemporaryDirectory(prefix="evidence-diff-") as tmp:
        return compare(base_project(root, revision, Path(tmp)), working)


# --- formats -----------------------------------------------------------------------

def _parts(c: ClaimChange, code, arrow: str) -> list[str]:
    """The pieces of one claim's line; `code` quotes a key or a caveat for the format."""
    def _arrow(pair: tuple[str, str]) -> str:
        return f"{pair[0] or '-'} {arrow} {pair[1] or '-'}"

    if c.kind != "changed":
        side = 1 if c.kind == "added" else 0
        parts = [f"verdict {c.verdict[side] or '?'}", f"certainty {c.grade[side] or '?'}"]
        sources = c.sources_added or c.sources_removed
        if sources:
            parts.append("sources " + ", ".join(f"{code(k)} ({s})" for k, s in sources))
    else:
        parts = []
        if c.verdict[0] != c.verdict[1]:
            parts.append(f"verdict {_arrow(c.verdict)}")
        if c.grade[0] != c.grade[1]:
            parts.append(f"certainty {_arrow(c.grade)}")
        if c.sources_added:
            parts.append("sources added " + ", ".join(f"{code(k)} ({s})" for k, s in c.sources_added))
        if c.sources_removed:
            parts.append("sources removed " + ", ".join(code(k) for k, _ in c.sources_removed))
        for key, before, after in c.stances:
            parts.append(f"stance of {code(key)} {before} {arrow} {after}")
        if c.caveats_added:
            parts.append("caveats added " + "; ".join(code(_short(t)) for t in c.caveats_added))
        if c.caveats_removed:
            parts.append("caveats removed " + "; ".join(code(_short(t)) for t in c.caveats_removed))
        if c.other:
            parts.append("also changed: " + ", ".join(c.other))
    if c.unreadable:
        parts.append("could not be read on one side (`evidence check` says why)")
    return parts


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


_MARK = {"added": "+", "removed": "-", "changed": "~"}


def format_text(changes: list[TopicChange], revision: str) -> str:
    if not changes:
        return f"No claim changed since {revision}."
    lines = []
    count = 0
    for topic in changes:
        note = {"added": " (new topic)", "removed": " (topic removed)"}.get(topic.kind, "")
        lines.append(printable(f"{topic.id}: {topic.title}{note}"))
        for c in topic.claims:
            count += 1
            lines.append(printable(f"  {_MARK[c.kind]} {c.ref} {c.kind}"))
            lines.extend(printable(f"      {part}") for part in _parts(c, lambda k: f"'{k}'", "->"))
    lines.append(f"{count} claim{'s' if count != 1 else ''} added, removed or changed "
                 f"in {len(changes)} topic{'s' if len(changes) != 1 else ''} since {revision}")
    return "\n".join(lines)


def _md_code(text: str) -> str:
    """Content as a Markdown code span: no link, image, mention or markup can come of it."""
    text = " ".join(text.split()).replace("`", "'")
    return f"`{text}`" if text else "` `"


def format_markdown(changes: list[TopicChange], revision: str) -> str:
    """For a pull request's job summary and comment."""
    lines = [f"### Evidence changes since {_md_code(revision)}", ""]
    if not changes:
        return "\n".join(lines + ["No claim was added, removed or changed."]) + "\n"
    for topic in changes:
        note = {"added": " (new topic)", "removed": " (topic removed)"}.get(topic.kind, "")
        lines.append(f"**{_md_code(topic.id)}** {_md_code(topic.title)}{note}")
        lines.append("")
        for c in topic.claims:
            lines.append(f"- **{c.kind}** {_md_code(c.ref)}")
            lines.extend(f"  - {part}" for part in _parts(c, _md_code, "→"))
        if not topic.claims:
            lines.append("- no claims")
        lines.append("")
    return "\n".join(lines)
