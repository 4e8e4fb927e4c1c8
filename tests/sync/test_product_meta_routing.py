""""GL account by product meta" works in a real push: the engine reads the product's ``meta_data`` from the store
over HTTP and the line goes to the account the meta names.

Before: planning built ProductInfo from categories only, so the rule worked in a unit test and never in
production; the line fell to the category or default account.
"""

from __future__ import annotations

from tests.sync.conftest import bills, event


async def test_a_product_with_the_account_meta_key_routes_its_line_to_that_account(store, outbox, sandbox,
                                                                                    make_store_engine):
    parts = store.add_category("Parts")
    plain = store.add_product("Hex bolt", "2.00", (parts,), sku="HB")["id"]
    routed = store.add_product("Brake pads", "30.00", (parts,), sku="BP", meta={"_intacct_account": "5020"})["id"]
    assert store.store.product_json(routed)["meta_data"][0]["value"] == "5020"
    order = store.create_order([(plain, 1), (routed, 1)], shipping=None, taxed=False,
                               billing={"first_name": "Ada", "last_name": "Byrne", "email": "ada@example.com",
                                        "country": "US"})
    ingested = outbox.ingest(event(order, "order.created")).event_id
    report = await make_store_engine(category_accounts={"Parts": "5010"}).push()
    assert report.posted == [ingested], outbox.get_event(ingested).last_error
    (bill,) = bills(sandbox)
    lines = {line["ENTRYDESCRIPTION"]: line["ACCOUNTNO"] for line in bill["APBILLITEMS"]["APBILLITEM"]}
    assert lines == {"Hex bolt × 1 (HB)": "5010", "Brake pads × 1 (BP)": "5020"}
