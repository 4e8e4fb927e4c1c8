"""``ml-connector init``: write a commented configuration template."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "init",
        help="write a commented configuration template",
        description="Write a commented configuration file with every key, its default and what it means. "
        "The file goes to --config PATH, else $ML_CONNECTOR_CONFIG, else the user config directory, and is "
        "readable by you only (it will hold secrets; each can also come from the environment as "
        "ML_CONNECTOR_<SECTION>_<KEY>). Fill in [woocommerce] and [intacct], then run `ml-connector ping`.",
        epilog="exit status: 0 written; 1 the file exists (use --force)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--stdout", action="store_true", help="print the template instead of writing a file")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import os

    from core.cli import CommandError
    from core.files import write_private
    from core.paths import default_config_path
    from core.settings_doc import render_template

    text = render_template()
    if args.stdout:
        print(text, end="")
        return 0
    env_path = os.environ.get("ML_CONNECTOR_CONFIG")
    path = Path(args.config) if args.config else Path(env_path) if env_path else default_config_path()
    if path.exists() and not args.force:
        raise CommandError(f"{path} exists; use --force to overwrite it")
    write_private(path, text)  # it will hold secrets: 0600 from the first byte
    print(f"wrote {path}; fill in [woocommerce] and [intacct], then run `ml-connector ping`")
    return 0
