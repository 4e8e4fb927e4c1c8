"""The README's command table is the real command line: every command and subcommand has a row, every flag a
row names exists, and every option a command takes is in its row (the table is what users copy from)."""

from __future__ import annotations

import argparse
import re

import pytest

from core.cli import build_parser
from tests.shared import REPO


def leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    """``{"demo": parser, "outbox list": parser, …}``: every command line that runs a handler."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.update(leaf_commands(sub, f"{prefix}{name} "))
    return found or {prefix.strip(): parser}


def readme_usages() -> dict[str, str]:
    """Each backticked usage in the first column of the README's Commands table, by the command it names."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    usages: dict[str, str] = {}
    for row in (line for line in table.splitlines() if line.startswith("| `")):
        first_cell = re.split(r"(?<!\\)\|", row)[1]
        for usage in re.findall(r"`([^`]+)`", first_cell):
            words = usage.removeprefix("ml-connector ").split()
            name = " ".join(words[:2]) if " ".join(words[:2]) in LEAVES else words[0]
            usages[name] = usage
    return usages


LEAVES = leaf_commands(build_parser())


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--")} - {"--help"}


def test_the_table_has_a_row_for_every_command_and_no_other():
    assert set(readme_usages()) == set(LEAVES)


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_every_flag_in_a_row_is_one_the_command_takes(name):
    usage = readme_usages().get(name, "")
    assert set(re.findall(r"--[a-z][a-z-]*", usage)) <= options(LEAVES[name]), usage


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_every_option_the_command_takes_is_in_its_row(name):
    usage = readme_usages().get(name, "")
    missing = options(LEAVES[name]) - set(re.findall(r"--[a-z][a-z-]*", usage))
    assert not missing, f"README row for `{name}` lacks {sorted(missing)}"
