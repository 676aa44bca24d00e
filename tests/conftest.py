"""Shared test settings.

Property tests run the same examples on every run (`derandomize`), so `make test`
and CI give the same result today and next year. To look for new failing inputs,
run them with fresh random examples: `HYPOTHESIS_PROFILE=explore make test`; keep
each input found as an `@example` beside its test.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
