"""Settings: TOML first, then ML_CONNECTOR_* environment; wrong values name the file, key and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.secret import Secret
from core.settings import SettingsError, load_settings, settings_from_dict


def test_defaults_match_the_product_spec():
    s = settings_from_dict({})
    assert s.receiver.host == "127.0.0.1" and s.receiver.port == 8787
    assert s.sync.mode == "review" and s.sync.poll_interval_seconds == 900
    assert s.mapping.vendor_id_prefix == "WC-" and s.mapping.refunds == "adjustment"
    assert s.intacct.batch_size == 50 and s.intacct.max_concurrent_requests == 2


def test_environment_overrides_a_secret_from_the_file():
    s = settings_from_dict(
        {"intacct": {"user_password": "from-file"}},
        env={"ML_CONNECTOR_INTACCT_USER_PASSWORD": "from-env"},
    )
    assert s.intacct.user_password == Secret("from-env")


def test_secrets_never_print_themselves():
    s = settings_from_dict({"intacct": {"user_password": "hunter2-secret"}})
    assert "hunter2" not in repr(s) and "hunter2" not in str(s.intacct.user_password)
    assert "hunter2-secret" in s.secrets()


def test_wrong_value_names_the_file_the_key_and_the_fix(tmp_path: Path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[sync]\nmode = "sometimes"\n')
    with pytest.raises(SettingsError) as err:
        load_settings(cfg)
    message = str(err.value)
    assert str(cfg) in message and "sync.mode" in message and "'review'" in message


def test_unknown_key_is_refused():
    with pytest.raises(SettingsError, match="mapping.vendor_prefix"):
        settings_from_dict({"mapping": {"vendor_prefix": "X"}})


def test_gl_accounts_written_as_numbers_become_strings():
    s = settings_from_dict({"mapping": {"default_account": 6000, "category_accounts": {"Parts": 5010}}})
    assert s.mapping.default_account == "6000" and s.mapping.category_accounts == {"Parts": "5010"}


def test_explicit_missing_file_is_an_error(tmp_path: Path):
    with pytest.raises(SettingsError, match="ml-connector init"):
        load_settings(tmp_path / "nope.toml")
