import pytest

from core.cli import main
from core.intacct.schema import validate_request
from tests.shared import API_XSD, WOO_FIXTURES


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[mapping]\ndefault_account = "6000"\nbase_currency = "USD"\n', encoding="utf-8")
    return ["--config", str(path)]


def test_customer_created_prints_a_vendor_create_function(config, capsys):
    assert main([*config, "preview", "--topic", "customer.created", str(WOO_FIXTURES / "customer-25.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith('<function controlid="customer-25-create-vendor-')
    assert "<VENDORID>WC-25</VENDORID>" in out and "<create>" in out


def test_order_preview_says_products_use_the_default_account(config, capsys):
    assert main([*config, "preview", "--topic", "order.created", str(WOO_FIXTURES / "order-727.json")]) == 0
    captured = capsys.readouterr()
    assert "<APBILL>" in captured.out
    assert captured.err.startswith("# products are not looked up offline")


def test_request_envelope_masks_credentials_and_is_valid(tmp_path, capsys):
    path = tmp_path / "config.toml"
    path.write_text('[intacct]\nsender_id = "acme"\nsender_password = "s3cret-pw"\nuser_password = "u-pw"\n'
                    '[mapping]\nbase_currency = "USD"\n')
    args = ["--config", str(path), "preview", "--topic", "order.updated",
            str(WOO_FIXTURES / "order-723-with-refunds.json"), "--refunds",
            str(WOO_FIXTURES / "refunds-order-723.json"), "--request"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "s3cret-pw" not in out and "u-pw" not in out
    assert out.count("<password>********</password>") == 2
    assert validate_request(out.encode("utf-8"), API_XSD) == []


def test_missing_file_fails_with_one_line(config, capsys):
    assert main([*config, "preview", "--topic", "order.created", "/nonexistent.json"]) == 2
    err = capsys.readouterr().err.strip()
    assert "does not exist" in err and len(err.splitlines()) == 1
