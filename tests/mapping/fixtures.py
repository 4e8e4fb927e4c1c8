"""Helpers for the mapping tests: fixtures read in place from ../shared, default settings."""

from __future__ import annotations

import copy
import json
from typing import Any

from core.settings import Settings, with_overrides
from tests.shared import WOO_FIXTURES


def woo(name: str) -> Any:
    """A fresh (deep-copied) WooCommerce fixture, so tests may modify it."""
    return copy.deepcopy(json.loads((WOO_FIXTURES / name).read_text(encoding="utf-8")))


def settings(**mapping: Any) -> Settings:
    """Default settings with some ``[mapping]`` keys overridden."""
    return with_overrides(Settings(), mapping=mapping) if mapping else Settings()
