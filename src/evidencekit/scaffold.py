"""`evidence new`: claim and topic files with every field, ready to fill in.

The files are written from the same declarations the checker uses (schema.CLAIM,
schema.TOPIC), so a field added there appears in new files at once. Required
fields get a placeholder starting with TODO, which `evidence check` rejects by
name and line until it is replaced; optional fields are written commented out,
each under a one-line explanation, so an editor uncomments what they need.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from .config import today as default_today
from .diagnostics import did_you_mean
from .load import TOPICS_DIR, YAML_SUFFIXES
from .schema import (
    CLAIM, ID_RE, ID_RULE, PLACEHOLDER, TOPIC, Date, Enum, Field, ListOf, MapOf, Number, Obj, Url,
    suggest_id,
)
from .yamledit import EditError, append_to_list, read_text, write_text

SCHEMA_DIR = "schema"
INDENT = "  "
ID_HELP = "use lower case letters, digits and hyphens, starting with a letter (e.g. 'valerian-sleep')"


class ScaffoldError(Exception):
    """The file cannot be written as asked (the CLI exits 2 with this message)."""


def check_id(value: str, what: str) -> str:
    if not ID_RE.fullmatch(value):
        suggestion = suggest_id(value)
        raise ScaffoldError(f"{what} '{value}' is not a valid id: "
                            + (f"did you mean '{suggestion}'? ({ID_RULE})" if suggestion else ID_HELP))
    return value


def parse_claim_ref(ref: str) -> tuple[str, str]:
    """'sleep/valerian' -> ('sleep', 'valerian'), checking both ids."""
    topic, sep, claim_id = ref.strip().strip("/").partition("/")
    if not sep or "/" in claim_id:
        raise ScaffoldError(f"'{ref}' is not TOPIC/ID: write the topic's folder name, a slash "
                            "and the new claim's id, e.g. 'sleep/valerian'")
    return check_id(topic, "topic"), check_id(claim_id, "claim id")


# --- writing a spec as commented YAML ----------------------------------------

def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# One word standing for a value that must be a key or an id (no spaces allowed).
_WORDS = {"cite": "bibtex-key", "tags": "tag", "order": "claim-id"}


def _placeholder(name: str, spec: Any, day: dt.date) -> str | None:
    """The inline value written for a scalar field; None for free text (a folded block)."""
    if isinstance(spec, Enum):
        return f"{PLACEHOLDER} ({', '.join(spec.values)})"
    if isinstance(spec, Number):
        return str(spec.values[0])  # an optional number: the default, to keep or change
    if isinstance(spec, Date):
        return day.isoformat()
    if isinstance(spec, Url):
        return f"{PLACEHOLDER}-https-address"
    if getattr(spec, "pattern", None):
        return f"{PLACEHOLDER}-{_WORDS.get(name, 'id')}"
    return None


def _text_block(description: str, indent: str) -> tuple[str, str]:
    # A folded block keeps "TODO: ..." from being read as a mapping, and it is how
    # the real claims write their prose: the editor replaces the second line.
    return " >-", f"{indent}{INDENT}{PLACEHOLDER}: {_lower_first(_sentence(description))}"


def _field(name: str, spec: Any, description: str, day: dt.date, indent: str,
           lead: str | None = None) -> list[str]:
    """Lines for `name: value` at `indent`; `lead` replaces the indent of the first line
    (a list item's '- ')."""
    lead = indent if lead is None else lead
    scalar = _placeholder(name, spec, day)
    if scalar is not None:
        return [f"{lead}{name}: {scalar}"]
    if isinstance(spec, ListOf):
        return [f"{lead}{name}:"] + _item(name, spec.item, description, day, indent + INDENT)
    if isinstance(spec, Obj):
        return [f"{lead}{name}:"] + _object(spec, day, indent + INDENT)
    if isinstance(spec, MapOf):
        key = "evidence.secondary-source" if "evidence.secondary-source" in spec.keys else spec.keys[0]
        head, body = _text_block("why the editors accept this warning", indent + INDENT)
        return [f"{lead}{name}:", f"{indent}{INDENT}{key}:{head}", body]
    head, body = _text_block(description, indent)
    return [f"{lead}{name}:{head}", body]


def _item(name: str, spec: Any, description: str, day: dt.date, indent: str) -> list[str]:
    """One list item ('- ...') at `indent`."""
    if isinstance(spec, Obj):
        lines: list[str] = []
        for i, (sub_name, f) in enumerate(spec.fields.items()):
            sub = _field(sub_name, f.spec, f.description, day, indent + INDENT,
                         indent + "- " if i == 0 else None)
            lines += sub if f.required or i == 0 else _commented(sub, indent + INDENT, f)
        return lines
    scalar = _placeholder(name, spec, day)
    if scalar is not None:
        return [f"{indent}- {scalar}"]
    head, body = _text_block(description, indent)
    return [f"{indent}-{head}", body]


def _explain(f: Field) -> str:
    text = _sentence(f.description)
    if isinstance(f.spec, MapOf):
        text = text[:-1] + f"; {f.spec.key_title}s: {', '.join(f.spec.keys)}."
    return text


def _commented(lines: list[str], indent: str, f: Field) -> list[str]:
    """An optional field, commented out under its explanation; removing '# ' from its
    lines gives valid YAML at the right indentation."""
    explanation = _lower_first(_explain(f)).replace("an optional ", "an ", 1)
    out = [f"{indent}# Optional: {explanation}"]
    for line in lines:
        out.append(f"{indent}# {line[len(indent):]}")
    return out


def _object(spec: Obj, day: dt.date, indent: str) -> list[str]:
    lines: list[str] = []
    for name, f in spec.fields.items():
        if not indent:
            lines.append("")  # a blank line before each top-level field, for the eye
        sub = _field(name, f.spec, f.description, day, indent)
        if f.required:
            lines += [f"{indent}# {_explain(f)}"] + sub
        else:
            lines += _commented(sub, indent, f)
    return lines


def render(spec: Obj, day: dt.date, schema_ref: str, heading: list[str]) -> str:
    """The text of a new claim or topic file."""
    lines = [f"# yaml-language-server: $schema={schema_ref}"]
    lines += [f"# {line}" if line else "#" for line in heading]
    lines += _object(spec, day, "")
    return "\n".join(lines) + "\n"


def _schema_ref(file: Path, root: Path, kind: str) -> str:
    target = root / SCHEMA_DIR / f"{kind}.schema.json"
    return Path(os.path.relpath(target, file.parent)).as_posix()


def _existing(folder: Path, stem: str) -> Path | None:
    for suffix in YAML_SUFFIXES:
        if (folder / (stem + suffix)).exists():
            return folder / (stem + suffix)
    return None


def claim_text(topic: str, claim_id: str, day: dt.date, schema_ref: str) -> str:
    return render(CLAIM, day, schema_ref, [
        f"Claim '{claim_id}' in topic '{topic}'. Replace every {PLACEHOLDER}: `evidence check`",
        "lists each one left, with its line. Optional fields are commented out: remove",
        "the '# ' in front of a field to use it. CONTRIBUTING.md says how to grade it.",
    ])


def topic_text(topic: str, day: dt.date, schema_ref: str) -> str:
    return render(TOPIC, day, schema_ref, [
        f"Topic '{topic}'. Replace every {PLACEHOLDER}: `evidence check` lists each one left,",
        "with its line. Optional fields are commented out: remove the '# ' in front of a",
        f"field to use it. Add claims with `evidence new claim {topic}/CLAIM-ID`.",
    ])


def new_claim(root: Path, topic: str, claim_id: str, day: dt.date | None = None) -> Path:
    """Write content/topics/TOPIC/claims/ID.yml; refuse to overwrite or to shadow an id."""
    root = _project(root)
    check_id(topic, "topic")
    check_id(claim_id, "claim id")
    topics = root / TOPICS_DIR
    folder = topics / topic
    if _existing(folder, "topic") is None:
        known = sorted(p.name for p in topics.iterdir() if p.is_dir()) if topics.is_dir() else []
        hint = did_you_mean(topic, known)
        raise ScaffoldError(
            f"topic '{topic}' does not exist (no {(folder / 'topic.yml').relative_to(root).as_posix()})"
            + (f"; {hint}" if hint else "")
            + f"\n  create it first with `evidence new topic {topic}`")
    if topics.is_dir():
        for other in sorted(topics.glob("*/claims/*")):
            if other.stem == claim_id and other.suffix in YAML_SUFFIXES:
                rel = other.relative_to(root).as_posix()
                if other.parent == folder / "claims":
                    raise ScaffoldError(f"{rel} already exists; it was not overwritten")
                raise ScaffoldError(f"claim id '{claim_id}' is already used by {rel}; "
                                    "claim ids are unique across topics, so choose another")
    file = folder / "claims" / f"{claim_id}.yml"
    file.parent.mkdir(parents=True, exist_ok=True)
    text = claim_text(topic, claim_id, day or default_today(), _schema_ref(file, root, "claim"))
    _write_new(file, root, text)
    return file


def new_topic(root: Path, topic: str, day: dt.date | None = None) -> Path:
    """Write content/topics/ID/topic.yml and an empty claims/ folder; refuse to overwrite."""
    root = _project(root)
    check_id(topic, "topic")
    folder = root / TOPICS_DIR / topic
    existing = _existing(folder, "topic")
    if existing is not None:
        raise ScaffoldError(f"{existing.relative_to(root).as_posix()} already exists; "
                            "it was not overwritten")
    file = folder / "topic.yml"
    (folder / "claims").mkdir(parents=True, exist_ok=True)
    text = topic_text(topic, day or default_today(), _schema_ref(file, root, "topic"))
    _write_new(file, root, text)
    return file


def _project(root: Path) -> Path:
    root = Path(root)
    if not root.is_dir():
        raise ScaffoldError(f"'{root}' is not a folder; --root names the project folder")
    return root


def _write_new(file: Path, root: Path, text: str) -> None:
    try:
        with open(file, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{file.relative_to(root).as_posix()} already exists; "
                            "it was not overwritten") from None


def add_to_order(root: Path, topic: str, claim_id: str) -> str | None:
    """Append the new claim's id to the topic's `order:` list, in the list's own style and
    changing nothing else in topic.yml; a line for the editor saying what was done (or
    what to do), or None when the topic has no `order:` (its cards follow file names)."""
    file = _existing(Path(root) / TOPICS_DIR / topic, "topic")
    if file is None:
        return None
    rel = file.relative_to(root).as_posix()
    try:
        text = read_text(file)
        edited = append_to_list(text, "order", claim_id)
        if edited is None or edited == text:  # no `order:`, or the id is listed already
            return None
        write_text(file, edited)
    except (EditError, OSError, UnicodeDecodeError) as exc:
        reason = f" ({exc})" if isinstance(exc, EditError) else ""
        return (f"add '{claim_id}' to `order:` in {rel}, where the claim should appear on the "
                f"page: it could not be added for you{reason}")
    return f"'{claim_id}' was added at the end of `order:` in {rel}; move it where the card should appear"

