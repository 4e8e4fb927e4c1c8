"""A rule keyed ``"Parts & Tools"`` routes, although REST sends the category as ``Parts &amp; Tools``.

WordPress stores term names HTML-escaped and the REST API returns them so (woocommerce#40029); the sandbox
store does the same. Before: the name was compared escaped and the line silently fell to the default account.
"""

from __future__ import annotations

import httpx

from tests.oauth1 import OAuth1
from tests.sync.conftest import STORE_KEY, STORE_SECRET, bills, event


async def test_rule_keyed_with_an_ampersand_routes_the_line_to_its_account(store, outbox, sandbox,
                                                                          make_store_engine):
    tools = store.add_category("Parts & Tools")
    wrench = store.add_category("Wrenches & Keys", tools)
    pid = store.add_product("Torque wrench", "89.00", (wrench,), sku="TW")["id"]
    raw = httpx.get(f"{store.url}/wp-json/wc/v3/products/categories/{wrench}", auth=OAuth1(STORE_KEY, STORE_SECRET),
                    timeout=5)
    assert raw.json()["name"] == "Wrenches &amp; Keys"  # the real thing, as WooCommerce sends it
    order = store.create_order([(pid, 1)], shipping=None, taxed=False,
                               billing={"first_name": "Ada", "last_name": "Byrne", "email": "ada@example.com",
                                        "country": "US"})
    ingested = outbox.ingest(event(order, "order.created")).event_id
    report = await make_store_engine(category_accounts={"Parts & Tools": "5010"},
                                     category_dimensions={"Wrenches & Keys": {"LOCATIONID": "110"}}).push()
    assert report.posted == [ingested], outbox.get_event(ingested).last_error
    (bill,) = bills(sandbox)
    (line,) = bill["APBILLITEMS"]["APBILLITEM"]
    assert (line["ACCOUNTNO"], line.get("LOCATIONID")) == ("5010", "110")
