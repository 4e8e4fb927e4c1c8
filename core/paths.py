"""Where files live by default: one module, as posting's ``locations.py``."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "ml-connector"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def default_database_path() -> Path:
    return data_dir() / "outbox.sqlite3"
