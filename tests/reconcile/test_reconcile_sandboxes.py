"""``ml-connector reconcile`` against both sandboxes: each kind of difference planted, exactly its rows, exit 4;
a clean run exits 0; the JSON and CSV outputs read back to the same rows."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from core.cli import main
from core.outbox import Outbox
from core.reconcile.report import differences_from_csv, differences_from_json


def reconcile_json(world, capsys, *extra: str) -> tuple[int, list[dict], dict]:
    capsys.readouterr()
    code = main(["--config", str(world.config), "-v", "reconcile", "--json", *extra])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    return code, [r for r in lines if r["type"] == "difference"], lines[-1]


def rows(found: list[dict]) -> set[tuple[str, str, str]]:
    return {(r["kind"], r["order_number"], r["document"]) for r in found}


def test_a_clean_run_exits_0_with_every_order_compared(world, capsys):
    ids = [world.order(), world.order(status="completed"), world.order(status="pending")]
    world.store.store.refund_order(ids[0], amount=Decimal("2.00"), reason="Goodwill")
    world.sync()
    code, found, summary = reconcile_json(world, capsys)
    assert found == [] and code == 0
    assert summary["orders"] == 3 and summary["differences"] == 0
    assert summary["store_totals"] == summary["intacct_totals"] and summary["store_totals"]["USD"] != "0"


def test_each_planted_difference_is_exactly_one_row_and_the_run_exits_4(world, capsys):
    deleted, doubled, edited, cancelled, refunded, fine = (world.order() for _ in range(6))
    world.store.store.refund_order(refunded, amount=Decimal("3.00"), reason="Goodwill")
    world.sync()
    world.delete_bill(str(deleted))
    twin = world.duplicate_bill(str(doubled))
    world.change_line(str(edited), Decimal("5.00"))
    with world.intacct.runtime.lock:  # the refund's adjustment is deleted in Intacct
        table = world.intacct_table("APADJUSTMENT")
        table.pop(next(k for k, a in table.items() if a["RECORDID"].startswith(f"{refunded}-R")))
    # an orphan: a bill with our prefix for an order the store never had
    world.duplicate_bill(str(fine))
    with world.intacct.runtime.lock:
        orphan = max(world.intacct_table("APBILL").values(), key=lambda b: int(b["RECORDNO"]))
        orphan["RECORDID"] = "990001"
    world.intacct.runtime.company.store._reindex("APBILL")
    # a pending event: the store changed and the connector has received it but not posted it
    pending = world.order()
    import asyncio
    from datetime import UTC, datetime, timedelta

    from core.woo.poller import Poller
    from core.woo.rest import WooClient

    async def poll_only() -> None:
        box = Outbox.open(world.settings.database_path(), auto_approve=False)
        try:
            async with WooClient(world.settings.woocommerce) as woo:
                await Poller(world.settings, box, woo).run_once(since=datetime.now(UTC) - timedelta(days=90))
        finally:
            box.close()

    asyncio.run(poll_only())
    world.store.store.update_order(cancelled, status="cancelled")  # after posting; its webhook was lost
    code, found, summary = reconcile_json(world, capsys)
    assert rows(found) == {
        ("missing", str(deleted), f"bill {deleted}"),
        ("duplicate", str(doubled), f"APBILL {doubled}"),
        ("amount", str(edited), f"order {edited}"),
        ("status", str(cancelled), f"order {cancelled}"),
        ("missing", str(refunded), f"refund {refunded}-R{world.store.store.refunds[refunded][0].id}"),
        ("orphan", "990001", "APBILL 990001"),
        ("pending", str(pending), f"order {pending}"),
    }
    assert len(found) == 7 and code == 4
    by_kind = {r["kind"]: r for r in found if r["kind"] != "missing"}
    assert by_kind["duplicate"]["record_nos"] == [twin]
    assert [d[0] for d in by_kind["amount"]["delta"]] and sum(Decimal(d[2]) for d in by_kind["amount"]["delta"]) == -5
    assert by_kind["pending"]["state"] == "awaiting_review"  # received, waiting for a person to approve it
    assert summary["by_kind"] == {"missing": 2, "duplicate": 1, "amount": 1, "status": 1, "orphan": 1, "pending": 1}


def test_the_json_and_csv_reports_read_back_to_the_same_rows(world, capsys, tmp_path):
    a, b = world.order(), world.order()
    world.sync()
    world.delete_bill(str(a))
    world.change_line(str(b), Decimal("-1.50"))
    code, _, _ = reconcile_json(world, capsys)
    assert code == 4
    capsys.readouterr()
    main(["--config", str(world.config), "reconcile", "--json"])
    from_json = differences_from_json(io.StringIO(capsys.readouterr().out))
    csv_path = tmp_path / "report.csv"
    assert main(["--config", str(world.config), "reconcile", "--csv", str(csv_path)]) == 4
    with csv_path.open(encoding="utf-8", newline="") as fh:
        from_csv = differences_from_csv(fh)
    assert from_json == from_csv and len(from_csv) == 2
    assert {d.kind for d in from_csv} == {"missing", "amount"}
