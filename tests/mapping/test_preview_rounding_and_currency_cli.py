"""``ml-connector preview`` shows the rounding line of a round-at-subtotal order, and refuses a EUR order without
a base currency in one line naming ``[mapping] base_currency``.

Before: the first failed with "lines add up to 29.99 but WooCommerce says 30.00"; the second printed a bill
with BASECURR EUR.
"""

import json

from core.cli import main
from tests.mapping.fixtures import round_at_subtotal_order, woo


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_preview_of_a_round_at_subtotal_order_shows_the_rounding_line(tmp_path, capsys):
    config = write(tmp_path, "config.toml", '[mapping]\nbase_currency = "GBP"\nrounding_account = "6950"\n')
    order = write(tmp_path, "order.json", json.dumps(round_at_subtotal_order()))
    assert main(["--config", config, "preview", "--topic", "order.created", order]) == 0
    out = capsys.readouterr().out
    compact = "".join(line.strip() for line in out.splitlines())
    assert ("<APBILLITEM><ACCOUNTNO>6950</ACCOUNTNO><TRX_AMOUNT>0.01</TRX_AMOUNT>"
            "<ENTRYDESCRIPTION>Rounding</ENTRYDESCRIPTION></APBILLITEM>") in compact


def test_preview_of_a_round_at_subtotal_order_without_rounding_account_names_the_key(tmp_path, capsys):
    config = write(tmp_path, "config.toml", '[mapping]\nbase_currency = "GBP"\n')
    order = write(tmp_path, "order.json", json.dumps(round_at_subtotal_order()))
    assert main(["--config", config, "preview", "--topic", "order.created", order]) == 1
    err = capsys.readouterr().err.strip()
    assert "[mapping] rounding_account" in err and len(err.splitlines()) == 1


def test_preview_of_a_eur_order_without_base_currency_is_one_line_naming_the_key(tmp_path, capsys):
    config = write(tmp_path, "config.toml", '[mapping]\ndefault_account = "6000"\n')
    order = woo("order-727.json")
    order["currency"] = "EUR"
    path = write(tmp_path, "order.json", json.dumps(order))
    assert main(["--config", config, "preview", "--topic", "order.created", path]) == 1
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and "[mapping] base_currency" in err and "EUR" in err
    assert "<APBILL>" not in captured.out
