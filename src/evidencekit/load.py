"""Load stage: topics and claims from `content/topics/`, references from `references/`."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .config import Config, load_config
from .diagnostics import Loc, Report, did_you_mean
from .files import editor_file
from .model import Claim, Downgrade, Evidence, Project, Search, Source, Topic, Upgrade
from .cache import cached_library
from .definitions import STANCE
from .schema import (
    CLAIM, ID_RE, ID_RULE, KEY_RE, TOPIC, Validator, id_hint, is_placeholder, suggest_id,
)
from .yamlload import load_yaml, read_file

TOPICS_DIR = Path("content") / "topics"
YAML_SUFFIXES = (".yml", ".yaml")
# Hand-written pages under content/topics/ are at a path the plugin generates: the docs
# check reports them (file.reserved-path), so they are not reported twice here.
_PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def _dead_link(file: Path) -> bool:
    """A symbolic link that loops or leads nowhere (is_dir and is_file are both False)."""
    return file.is_symlink() and not os.path.exists(file)


def _report_dead_link(root: Path, file: Path, report: Report) -> None:
    try:
        os.stat(file)
        why = "leads nowhere"
    except OSError as exc:
        why = "is a loop" if exc.errno == errno.ELOOP else "leads nowhere"
    report.add(Loc(rel(root, file)), "file.unreadable",
               f"'{file.name}' is a symbolic link that {why}; it was not read",
               "replace the link with the file or folder itself")


def rel(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def inside(root: Path, file: Path, report: Report, whole: bool = False) -> bool:
    """False (and a diagnostic) when a link takes the file outside the project.

    Only links need resolving: the folders walked here were checked on the way down.
    The walk's first folder is resolved `whole`, as `content/` itself may be a link.
    """
    if not whole and not file.is_symlink():
        return True
    try:
        resolved = file.resolve()
    except (RuntimeError, OSError):  # RuntimeError before Python 3.13: a symbolic link loop
        _report_dead_link(root, file, report)
        return False
    try:
        resolved.relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        report.add(Loc(rel(root, file)), "file.outside-project",
                   "path is a link to a place outside the project; it was not read")
        return False


def load_project(root: Path, config: Config | None = None) -> Project:
    """Read the whole project, reporting every problem; never raises for bad content."""
    root = Path(root)
    config = config or load_config(root)
    report = Report(overrides=dict(config.severities))
    library = cached_library(root, report)  # parsed once while the .bib files are unchanged
    topics: list[Topic] = []
    claim_files: list[str] = []
    topics_dir = root / TOPICS_DIR
    if topics_dir.is_dir() and inside(root, topics_dir, report, whole=True):
        for folder in sorted(topics_dir.iterdir()):
            if editor_file(folder.name):
                continue
            if _dead_link(folder):
                _report_dead_link(root, folder, report)
                continue
            if not folder.is_dir():
                _stray(root, folder, report, "content/topics/ holds one folder per topic "
                       "(with topic.yml and claims/)")
                continue
            if not inside(root, folder, report):
                continue
            topic = _load_topic(root, folder, report, claim_files)
            if topic is not None:
                topics.append(topic)
    return Project(root=root, topics=topics, library=library, report=report,
                   claim_files=claim_files, config=config)


def _yaml_file(folder: Path, stem: str) -> Path | None:
    for suffix in YAML_SUFFIXES:
        if (folder / (stem + suffix)).exists() or (folder / (stem + suffix)).is_symlink():
            return folder / (stem + suffix)
    return None


def _load_topic(root: Path, folder: Path, report: Report, claim_files: list[str]) -> Topic | None:
    topic_id = folder.name
    topic_file = _yaml_file(folder, "topic")
    path = rel(root, topic_file) if topic_file else rel(root, folder) + "/topic.yml"
    if not ID_RE.fullmatch(topic_id):
        report.add(Loc(rel(root, folder)), "claim.id",
                   f"topic folder name '{topic_id}' is not a valid id",
                   id_hint(topic_id, "rename the folder to"))
    topic = Topic(id=topic_id, path=path, title=topic_id, question="", bottom_line="",
                  source=None, reviewed=None)
    if topic_file is None:
        report.add(Loc(path), "topic.missing", f"topic '{topic_id}' has no topic.yml",
                   "add one with `evidence new topic " + topic_id + "`")
    elif inside(root, topic_file, report):
        data = read_file(topic_file, path, report)
        doc = load_yaml(data, path, report) if data is not None else None
        if doc is not None:
            fields = Validator(doc, report).check(TOPIC, doc.value, (), "topic")
            if fields is not None:
                src = fields.get("source")
                topic.title = fields.get("title", topic_id)
                topic.question = fields.get("question", "")
                topic.bottom_line = fields.get("bottom_line", "")
                topic.intro = fields.get("intro")
                topic.reviewed = fields.get("reviewed")
                topic.order = fields.get("order", [])
                topic.advice = fields.get("advice")
                topic.notice = fields.get("notice")
                topic.editors = fields.get("editors", [])
                topic.reviewers = fields.get("reviewers", [])
                topic.searched = _searches(fields.get("searched", []))
                topic.source = Source(**src) if src and "description" in src else None
            topic.locs = doc.locs
    claims_dir = folder / "claims"
    claims: list[Claim] = []
    files_before = len(claim_files)
    _strays_in_topic(root, folder, topic_file, report)
    if _dead_link(claims_dir):
        _report_dead_link(root, claims_dir, report)
    elif claims_dir.is_dir() and inside(root, claims_dir, report):
        base = rel(root, claims_dir)
        for file in sorted(claims_dir.iterdir()):
            cpath = f"{base}/{file.name}"
            if editor_file(file.name):
                continue
            if _dead_link(file):
                claim_files.append(cpath)  # counted: a claim that cannot be read never vanishes
                _report_dead_link(root, file, report)
                continue
            if file.is_dir():
                report.add(Loc(cpath), "claim.not-yaml",
                           "claims/ holds a folder; claims are single .yml files")
                continue
            if file.suffix.lower() not in YAML_SUFFIXES or file.suffix not in YAML_SUFFIXES:
                report.add(Loc(cpath), "claim.not-yaml",
                           f"'{file.name}' in claims/ is not a .yml or .yaml file and was not read",
                           "rename it to end in .yml, or move it out of claims/")
                continue
            claim_files.append(cpath)
            if not inside(root, file, report):
                continue
            claim = _load_claim(file, cpath, topic_id, report)
            if claim is not None:
                claims.append(claim)
    topic.claims = _ordered(topic, claims, report)
    if len(claim_files) == files_before:
        report.add(Loc(path), "topic.no-claims", f"topic '{topic_id}' has no claims")
    return topic


def _stray(root: Path, file: Path, report: Report, expected: str, hint: str | None = None) -> None:
    if editor_file(file.name) or file.name.lower().endswith(_PAGE_SUFFIXES):
        return
    what = "folder" if file.is_dir() and not file.is_symlink() else "file"
    report.add(Loc(rel(root, file)), "topic.unexpected-file",
               f"{what} '{rel(root, file)}' is not read: {expected}",
               hint or "move it where it belongs, or remove it")


def _strays_in_topic(root: Path, folder: Path, topic_file: Path | None, report: Report) -> None:
    """Everything in a topic folder besides its topic file and claims/ (warned, never silent)."""
    expected = "a topic folder holds topic.yml and claims/<id>.yml only"
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if entry == topic_file or name == "claims" or editor_file(name):
            continue
        if _dead_link(entry):
            _report_dead_link(root, entry, report)
        elif name.lower() in ("topic.yml", "topic.yaml"):
            _stray(root, entry, report,
                   f"only {topic_file.name if topic_file else 'topic.yml'} is read as the topic file",
                   "keep one topic file, named topic.yml")
        elif name.lower() == "claims" and entry.is_dir():
            _stray(root, entry, report, "claims are read from 'claims/' (lower case) only",
                   f"rename the folder to {rel(root, folder)}/claims")
        elif entry.suffix.lower() in YAML_SUFFIXES:
            _stray(root, entry, report, "a claim is read only from the topic's claims/ folder",
                   f"move it to {rel(root, folder)}/claims/{name}")
        elif entry.is_dir() and not entry.is_symlink():
            # Walk it, links not followed, so each file is named (a page under it is the
            # docs check's to report).
            for dirpath, dirnames, filenames in os.walk(entry):
                dirnames[:] = sorted(d for d in dirnames if not editor_file(d))
                for fname in sorted(filenames) + [d for d in dirnames
                                                  if os.path.islink(os.path.join(dirpath, d))]:
                    _stray(root, Path(dirpath) / fname, report, expected)
        else:
            _stray(root, entry, report, expected)


def _ordered(topic: Topic, claims: list[Claim], report: Report) -> list[Claim]:
    by_id = {c.id: c for c in claims}
    out: list[Claim] = []
    for i, cid in enumerate(topic.order):
        if cid not in by_id:
            report.add(topic.loc("order", i), "topic.order-unknown",
                       f"order names claim '{cid}', which is not in claims/",
                       did_you_mean(cid, by_id))
        elif by_id[cid] not in out:
            out.append(by_id[cid])
    if topic.order:
        for c in claims:
            # A claim whose id is invalid is already an error (claim.id), and the order
            # cannot name it (schema.type): no second, contradictory warning.
            if c not in out and ID_RE.fullmatch(c.id):
                report.add(topic.loc("order"), "topic.order-missing",
                           f"claim '{c.id}' is not listed in the topic's order; it is shown last")
                out.append(c)
    else:
        out = list(claims)
    return out


def _load_claim(file: Path, path: str, topic_id: str, report: Report) -> Claim | None:
    claim_id = file.stem
    if not ID_RE.fullmatch(claim_id):
        suggestion = suggest_id(claim_id)
        report.add(Loc(path), "claim.id", f"claim id '{claim_id}' (the file name) is not a valid id",
                   f"rename the file to {suggestion}{file.suffix} ({ID_RULE})" if suggestion
                   else f"use {ID_RULE}")
    data = read_file(file, path, report)
    doc = load_yaml(data, path, report) if data is not None else None
    # A claim that cannot be read still counts, so the build can never drop it silently.
    claim = Claim(id=claim_id, topic=topic_id, path=path, claim="", type="", verdict="", grade="",
                  summary="", evidence=[], caveats=[], reviewed=None)
    if doc is None:
        claim.loaded = False
        return claim
    claim.locs = doc.locs
    fields = Validator(doc, report).check(CLAIM, doc.value, (), "claim")
    if fields is None:
        claim.loaded = False
        return claim
    claim.claim = fields.get("claim", "")
    claim.short = fields.get("short")
    claim.type = fields.get("type", "")
    claim.verdict = fields.get("verdict", "")
    claim.grade = fields.get("grade", "")
    claim.summary = fields.get("summary", "")
    claim.caveats = fields.get("caveats", [])
    claim.reviewed = fields.get("reviewed")
    claim.would_change = fields.get("would_change")
    claim.reviewers = fields.get("reviewers", [])
    claim.tags = fields.get("tags", [])
    claim.acknowledged = fields.get("acknowledge", {})
    claim.searched = _searches(fields.get("searched", []))
    claim.downgrades, down_ok = _steps(Downgrade, "downgrades", fields, doc.value, claim)
    claim.upgrades, up_ok = _steps(Upgrade, "upgrades", fields, doc.value, claim)
    claim.steps_complete = down_ok and up_ok
    raw = doc.value.get("evidence") if isinstance(doc.value, dict) else None
    claim.cites_nothing = "evidence" in doc.value and not raw
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        cite, stance = (item.get("cite"), item.get("stance")) if isinstance(item, dict) else (None, None)
        if isinstance(cite, str) and KEY_RE.fullmatch(cite) and stance in STANCE:
            note = item.get("note") if isinstance(item.get("note"), str) else None
            # Only a real reason marks a source indirect; an empty or placeholder one is an
            # error the schema has already reported.
            indirect = item.get("indirect")
            indirect = indirect if isinstance(indirect, str) and indirect.strip() \
                and not is_placeholder(indirect) else None
            claim.evidence.append(Evidence(cite, stance, note, claim.loc("evidence", i, "cite"),
                                           indirect))
    return claim


def _searches(items: list) -> list[Search]:
    return [Search(i["where"], i["on"], i["terms"], i["found"]) for i in items
            if all(k in i for k in ("where", "on", "terms", "found"))]


def _steps(kind, name: str, fields: dict, raw_doc, claim: Claim) -> tuple[list, bool]:
    """The claim's downgrades or upgrades, each with where its domain is written, and
    whether every item written could be read (a broken one is reported by the schema)."""
    raw = raw_doc.get(name) if isinstance(raw_doc, dict) else None
    parsed = fields.get(name)
    if raw is None:
        return [], True
    if parsed is None or not isinstance(raw, list):
        return [], False
    # The validator keeps one checked mapping per mapping written, in order.
    written = [i for i, item in enumerate(raw) if isinstance(item, dict)]
    complete = len(written) == len(raw)
    steps = []
    for i, item in zip(written, parsed):
        levels_ok = "levels" in item or "levels" not in raw[i]
        if "domain" in item and "reason" in item and levels_ok:
            steps.append(kind(item["domain"], item["reason"], item.get("levels", 1),
                              claim.loc(name, i, "domain")))
        else:
            complete = False
    return steps, complete
