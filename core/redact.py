"""Secrets never leave the process: one redaction step for logs, errors, previews and the console.

Known secret values (from the settings, and session ids as they are issued) are registered here; every log
record passes through :class:`RedactingFilter`, and every text shown to a person or stored in the outbox goes
through :func:`redact`. XML gets element-aware masking in :func:`redact_xml_text` too, as the PHP SDK's
``MessageFormatter`` does for ``password`` and ``sessionid``.
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "********"
_lock = threading.Lock()
_secrets: set[str] = set()
_SENSITIVE_TAGS = ("password", "sessionid", "user_password", "sender_password")
_XML_SECRET = re.compile(
    r"(<(" + "|".join(_SENSITIVE_TAGS) + r")>)(.*?)(</\2>)", re.IGNORECASE | re.DOTALL
)


def register_secrets(values: list[str] | set[str] | tuple[str, ...]) -> None:
    """Remember secret values so that :func:`redact` masks them wherever they appear."""
    with _lock:
        _secrets.update(v for v in values if v and len(v) >= 4)


def forget_secret(value: str) -> None:
    with _lock:
        _secrets.discard(value)


def redact(text: str) -> str:
    """``text`` with every registered secret and every XML password/sessionid element masked."""
    text = _XML_SECRET.sub(lambda m: f"{m.group(1)}{MASK}{m.group(4)}", text)
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_log_line(text: str) -> str:
    """``text`` with CR, LF, ESC and other controls (and bidi overrides) shown as ``\\n``, ``\\x1b``…:
    a name from the store cannot forge a log line or drive the terminal that reads the log."""
    if text.isprintable():
        return text
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class RedactingFilter(logging.Filter):
    """Masks secrets in a log record's final message (arguments included) and keeps it on one line
    (:func:`one_log_line`; a traceback is still printed below it by the formatter)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = one_log_line(redact(message))
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


_FILTER = RedactingFilter()


def install_log_redaction(logger: logging.Logger | None = None) -> None:
    """Attach the redacting filter to every handler of ``logger`` (default: the root logger)."""
    logger = logger or logging.getLogger()
    for handler in logger.handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
