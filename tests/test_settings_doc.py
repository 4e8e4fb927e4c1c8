"""The configuration docs and the init template come from the settings model and stay current."""

from __future__ import annotations

import tomllib
import typing
from dataclasses import fields

from core.cli import main
from core.settings import SECTIONS, settings_from_dict
from core.settings_doc import field_docs, render_reference, render_template
from tests.shared import REPO


def test_every_settings_field_has_a_docstring():
    docs = field_docs()
    for section_type in SECTIONS.values():
        missing = [f.name for f in fields(section_type) if not docs[section_type.__name__].get(f.name)]
        assert missing == [], f"{section_type.__name__} fields without a docstring: {missing}"


def test_configuration_reference_in_docs_is_current():
    assert (REPO / "docs" / "configuration.md").read_text(encoding="utf-8") == render_reference()


def test_template_is_valid_toml_that_loads_as_settings():
    data = tomllib.loads(render_template())
    settings = settings_from_dict(data)
    assert settings.woocommerce.url == "https://shop.example.com"
    assert settings.mapping.default_account == "6000"


def test_template_names_every_key_of_every_section():
    text = render_template()
    for name, section_type in SECTIONS.items():
        assert f"[{name}]" in text
        for key, hint in typing.get_type_hints(section_type).items():
            marker = f"[{name}.{key}]" if typing.get_origin(hint) is dict else f"\n{key} = "
            assert marker in text, (name, key)


def test_init_writes_a_private_template_and_refuses_to_overwrite(tmp_path, capsys):
    cfg = tmp_path / "config.toml"
    assert main(["--config", str(cfg), "init"]) == 0
    assert cfg.stat().st_mode & 0o077 == 0
    assert main(["--config", str(cfg), "init"]) == 1
    assert "exists" in capsys.readouterr().err
