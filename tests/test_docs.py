"""Docs are tested: every command is documented and has help, as sqlite-utils does in tests/test_docs.py."""

from __future__ import annotations

import argparse
import re

import pytest

from core.cli import build_parser
from tests.shared import REPO


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices) if actions else {}


def _documentation() -> str:
    texts = [(REPO / "README.md").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md"))]
    return "\n".join(texts)


COMMANDS = sorted(_subcommands())


def test_there_are_commands_to_document():
    assert {"init", "preview"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name):
    assert re.search(rf"ml-connector {re.escape(name)}\b", _documentation()), f"`ml-connector {name}` undocumented"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_text(name):
    sub = _subcommands()[name]
    assert sub.description and len(sub.description) > 20
    assert "usage: ml-connector" in sub.format_help()
