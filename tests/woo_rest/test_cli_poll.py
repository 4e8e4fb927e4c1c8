"""``ml-connector poll``: one pass against a store over real HTTP on 127.0.0.1, counts printed per resource."""

from __future__ import annotations

from core.cli import main
from core.outbox import Outbox
from core.woo.poller import ORDERS_CURSOR
from tests.woo_rest.fakestore import KEY, SECRET, FakeStore, gmt, minutes
from tests.woo_rest.support import serve_in_thread


def _config(tmp_path, url: str, secret: str = SECRET):
    path = tmp_path / "config.toml"
    path.write_text(
        f'[woocommerce]\nurl = "{url}"\nconsumer_key = "{KEY}"\nconsumer_secret = "{secret}"\nauth = "basic"\n'
        'allow_insecure = true\n'  # a FakeStore on plain http://127.0.0.1
        f'timeout_seconds = 5\n[database]\npath = "{tmp_path / "outbox.sqlite3"}"\n'
    )
    return path


def test_poll_since_prints_new_duplicate_and_stale_counts_per_resource(tmp_path, capsys):
    store = FakeStore()
    store.add_customer(3, minutes(1))
    store.add_order(1, minutes(5), customer_id=3)
    store.add_order(2, minutes(6))
    with serve_in_thread(store.app()) as url:
        config = _config(tmp_path, url)
        assert main(["--config", str(config), "poll", "--since", "2024-05-01T12:00:00"]) == 0
        first = capsys.readouterr().out
        assert main(["--config", str(config), "poll", "--since", "2024-05-01T12:00:00Z"]) == 0
        second = capsys.readouterr().out
    assert "order: new=2 duplicate=0 stale=0" in first and "customer: new=1 duplicate=0 stale=0" in first
    assert "order: new=0 duplicate=2 stale=0" in second
    outbox = Outbox.open(tmp_path / "outbox.sqlite3")
    try:
        assert outbox.get_cursor(ORDERS_CURSOR) == gmt(minutes(6))
    finally:
        outbox.close()


def test_poll_with_a_wrong_secret_fails_with_one_line_naming_the_settings(tmp_path, capsys):
    store = FakeStore()
    with serve_in_thread(store.app()) as url:
        code = main(["--config", str(_config(tmp_path, url, secret="cs_wrong_secret_0000")), "poll"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "check [woocommerce] consumer_key and consumer_secret" in err and "cs_wrong_secret_0000" not in err


def test_poll_rejects_a_since_that_is_not_iso8601(tmp_path, capsys):
    try:
        main(["--config", str(_config(tmp_path, "http://127.0.0.1:9")), "poll", "--since", "yesterday"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "not an ISO 8601 time" in capsys.readouterr().err
