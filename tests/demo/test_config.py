"""The configuration the demo and ``ml-connector sandbox`` write is one the connector loads as written."""

from __future__ import annotations

import tomllib

from core.demo.config import FIXED_ACCOUNT, MISSING_ACCOUNT, connector_config, fixed_mapping, toml_text, write_config
from core.settings import load_settings


def config() -> dict:
    return connector_config("http://127.0.0.1:1", "http://127.0.0.1:2/ia/xml/xmlgw.phtml", receiver_port=3,
                            database="/tmp/x.sqlite3", mode="auto")


def test_the_written_toml_parses_back_to_the_same_data():
    assert tomllib.loads(toml_text(config(), "a header\nof two lines")) == config()


def test_the_written_file_loads_as_settings_with_every_value(tmp_path):
    settings = load_settings(write_config(tmp_path / "c.toml", config()), env={})
    assert settings.woocommerce.url == "http://127.0.0.1:1"
    assert settings.receiver.port == 3
    assert settings.sync.mode == "auto"
    assert settings.mapping.category_accounts["Gift Cards"] == MISSING_ACCOUNT
    assert settings.mapping.category_dimensions == {"Clothing": {"CLASSID": "RETAIL"}}


def test_keys_and_strings_with_spaces_quotes_and_non_ascii_survive():
    data = {"mapping": {"category_accounts": {"Gift Cards": "1", 'Zoë "quoted"': "2\\3"}}}
    assert tomllib.loads(toml_text(data)) == data


def test_the_operators_fix_changes_only_the_gift_card_rule():
    before, after = config(), fixed_mapping(config())
    assert after["mapping"]["category_accounts"]["Gift Cards"] == FIXED_ACCOUNT
    after["mapping"]["category_accounts"]["Gift Cards"] = MISSING_ACCOUNT
    assert after == before
