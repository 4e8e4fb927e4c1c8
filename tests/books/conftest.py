"""The books tests drive the sync engine against the Intacct sandbox on 127.0.0.1, as tests/sync does."""

from tests.sync.conftest import make_engine, outbox, sandbox

__all__ = ["make_engine", "outbox", "sandbox"]
