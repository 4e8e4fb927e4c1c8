"""JSON bytes exactly as PHP's ``wp_json_encode`` (``json_encode`` with flags 0) writes them.

WooCommerce signs the bytes it sends, so the sandbox must produce the same bytes WordPress would:
compact separators, ``/`` escaped as ``\\/``, non-ASCII as ``\\uXXXX``, integral floats printed as
integers, and empty dicts as ``[]`` (PHP decodes JSON objects to arrays and re-encodes an empty
one as a list). Decimals are never passed here: money is already a 2-dp string in the payload.
"""

from __future__ import annotations

import json
import math
from typing import Any

_AS_IS = frozenset({str, int, bool, type(None)})
"""Exact types PHP re-encodes unchanged; checked by ``type(v) in _AS_IS`` so the common leaf costs one lookup."""


def _php_value(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        if not value:
            return []
        return {k if type(k) is str else str(k): v if type(v) in _AS_IS else _php_value(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _AS_IS else _php_value(v) for v in value]
    return _php_other(value)


def _php_other(value: Any) -> Any:
    """The rarer shapes: tuples, subclasses of dict/list/float, and floats PHP prints as integers."""
    if isinstance(value, dict):
        if not value:
            return []
        return {str(k): _php_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_php_value(v) for v in value]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def dumps(value: Any) -> bytes:
    """Encode ``value`` the way ``trim( wp_json_encode( $value ) )`` does, as bytes."""
    text = json.dumps(_php_value(value), separators=(",", ":"), ensure_ascii=True)
    return text.replace("/", "\\/").encode("ascii")
