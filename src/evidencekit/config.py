"""The site's own settings, from `evidence.yml` beside `mkdocs.yml`.

```yaml
freshness_months: 24        # a review older than this is overdue
rules:                      # raise or lower a rule's severity: error, warning or off
  evidence.secondary-source: error
```
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .codes import CODES
from .diagnostics import Report, Severity, did_you_mean
from .yamlload import load_yaml, read_file

CONFIG_FILE = "evidence.yml"


class ConfigError(Exception):
    """The project or its configuration cannot be used at all (exit code 2)."""


@dataclass
class Config:
    freshness_months: int = 24
    severities: dict[str, Severity] = field(default_factory=dict)


def today() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names, so rebuilds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def load_config(root: Path) -> Config:
    file = root / CONFIG_FILE
    if not root.is_dir():
        raise ConfigError(f"{root}: not a folder")
    config = Config()
    if not file.exists():
        return config
    scratch = Report()
    data = read_file(file, CONFIG_FILE, scratch)
    doc = load_yaml(data, CONFIG_FILE, scratch) if data is not None else None
    if scratch.diagnostics:
        raise ConfigError("\n".join(d.format() for d in scratch.sorted()))
    value = doc.value if doc else None
    if not isinstance(value, dict):
        raise ConfigError(f"{CONFIG_FILE}: must be a mapping of settings")
    problems = []
    for key, item in value.items():
        loc = doc.at((key,), key=True)
        if key == "freshness_months":
            if not isinstance(item, int) or isinstance(item, bool) or item < 1:
                problems.append(f"{loc}: freshness_months must be a whole number of months")
            else:
                config.freshness_months = item
        elif key == "rules":
            if not isinstance(item, dict):
                problems.append(f"{loc}: rules must map rule codes to error, warning or off")
                continue
            for code, level in item.items():
                where = doc.at(("rules", code), key=True)
                known = CODES.get(code)
                if known is None or not known.configurable:
                    choices = [c for c, v in CODES.items() if v.configurable]
                    hint = did_you_mean(str(code), choices)
                    problems.append(f"{where}: '{code}' is not a configurable rule"
                                    + (f" ({hint})" if hint else
                                       f"; configurable: {', '.join(sorted(choices))}"))
                elif level not in ("error", "warning", "off"):
                    problems.append(f"{where}: severity of '{code}' must be error, warning or off")
                else:
                    config.severities[code] = Severity(level)
        else:
            hint = did_you_mean(str(key), ["freshness_months", "rules"])
            problems.append(f"{loc}: unknown setting '{key}'" + (f" ({hint})" if hint else ""))
    if problems:
        raise ConfigError("\n".join(problems))
    return config
