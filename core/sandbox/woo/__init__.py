"""A fake WooCommerce store over HTTP on 127.0.0.1, faithful to WooCommerce's code (not to our client).

For tests, the demo and ``ml-connector sandbox``. Nothing here imports ``core.woo``: the sandbox is an
independent model of WooCommerce, so the connector's client and receiver are tested against it.

Python API::

    from core.sandbox.woo import WooSandbox

    store = WooSandbox(seed=7, consumer_key="ck_x", consumer_secret="cs_x", timezone="America/New_York",
                       latency=0.0, inspection=True)
    store.generate(customers=50, orders=150, refunds=20)        # deterministic from the seed
    with store.run_in_thread() as base_url:                       # REST at base_url + "/wp-json/wc/v3"
        hook = store.add_webhook("order.updated", receiver_url, "secret", name="Orders")  # pings first
        cid = store.create_customer("Zoë", "Åberg", billing={"country": "DE"})["id"]
        oid = store.create_order([(product_id, 2)], customer_id=cid, fees=[("Discount", Decimal("-2"))],
                                 coupon=("summer10", 10))["id"]
        store.update_order(oid, status="completed")
        store.refund_order(oid, lines={line_item_id: 1})           # or amount=..., or neither: full refund
        store.trash_order(oid); store.restore_order(oid)
        store.sender.duplicate_next(1); store.sender.hold(); store.sender.release(reverse=True)
        store.sender.fail_next(3)                                   # simulated transport errors
        store.sender.flush(); store.sender.wait_idle(timeout=5)
        store.sender.deliveries(hook.id)                            # the attempt log (status code, time, body)
        store.set_webhook_status(hook.id, "active")                 # like PUT {"status":"active"}
    store.serve(port=8788)                                          # blocking, for the CLI

Other knobs: ``delivery_delay`` (seconds before a queued job is due), ``delivery_timeout`` (60 s),
``max_failures`` (5: disabled on the 7th consecutive failure), ``behind_tls`` (False: over plain http only
OAuth 1.0a authenticates, as in WooCommerce; True: the store sits behind a TLS proxy, ``HTTPS=on``, so
HTTP Basic and ``consumer_key`` query credentials work too), ``clock`` (a callable returning naive
UTC, for deterministic dates), ``store.latency`` (the store's response time per REST request, its own
work included; changeable at run time), ``store.sender.on_disabled(callback)``.

REST routes: ``GET /orders``, ``/orders/<id>``, ``/orders/<id>/refunds[/<rid>]``, ``/customers[/<id>]``,
``/products[/<id>]``, ``/products/categories[/<id>]``, ``GET/POST /webhooks``,
``GET/PUT/POST/PATCH/DELETE /webhooks/<id>``. Inspection routes (``/_sandbox/...``, only with
``inspection=True``) are listed in ``inspection.py``.

Modules: ``store`` (records, mutations, events), ``orders``/``totals``/``money`` (Decimal arithmetic),
``payloads`` (REST JSON), ``phpjson`` (``wp_json_encode`` bytes), ``webhooks``/``registry`` (webhook records
and failure bookkeeping), ``sender``/``delivery`` (async delivery, signing, ping), ``auth``, ``params``,
``listing``, ``rest``, ``inspection``, ``generator``, ``server``, ``errors``.
"""

from core.sandbox.woo.delivery import Attempt, signature
from core.sandbox.woo.errors import NotFound, RestError, SandboxError
from core.sandbox.woo.orders import OrderSpec
from core.sandbox.woo.phpjson import dumps as php_json_dumps
from core.sandbox.woo.sandbox import WooSandbox
from core.sandbox.woo.webhooks import Webhook

__all__ = ["Attempt", "NotFound", "OrderSpec", "RestError", "SandboxError", "Webhook", "WooSandbox",
           "php_json_dumps", "signature"]
