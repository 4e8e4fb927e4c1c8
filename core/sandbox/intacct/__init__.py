"""An emulated Sage Intacct XML gateway (API 3.0) for tests, the demo and manual runs.

It is faithful to Sage's documented gateway (``docs/INTACCT-API.md``, the fixtures in
``../shared/fixtures/intacct``), never to our client, so it can catch client bugs; it imports nothing from
``core.intacct``. Behaviour that Sage has not documented is marked *synthetic* in ``docs/sandbox.md``.

Usage::

    from core.sandbox.intacct import IntacctSandbox

    sb = IntacctSandbox(sender_id="s", sender_password="sp", company_id="c", user_id="u",
                        user_password="up", schema_path=API_XSD, session_seconds=3600,
                        seed=None, inspection=True)
    with sb.run_in_thread() as url:          # http://127.0.0.1:PORT/ia/xml/xmlgw.phtml
        ... post XML to url ...
        sb.faults.fail_next(2, status=503)   # next two requests: HTTP 503, nothing processed
        sb.faults.fail_next(1, status=524)   # processed and committed, then 524
        sb.faults.lose_next()                # committed, then the connection drops mid-answer
        sb.faults.request_latency = 0.2      # seconds per request (controlids "in process" meanwhile)
        sb.faults.connection_latency = 0.1   # extra seconds on the first request of a new connection
        sb.faults.rate_limit_every = 3       # every 3rd request: HTTP 429 GW-0010
        sb.faults.concurrency_limit = 2      # 3rd concurrent request waits ...
        sb.faults.concurrency_hold_seconds = 0.5  # ... this long, then "too many operations (200024)"
        sb.expire_all_sessions()
        sb.state.records("VENDOR"); sb.state.login_count; sb.state.requests; sb.state.max_in_flight

``await sb.start()`` / ``await sb.stop()`` run it inside an existing event loop; ``sb.serve(host, port)``
blocks (for ``ml-connector sandbox``). ``schema_path`` may also come from ``$ML_CONNECTOR_INTACCT_SCHEMA_PATH``;
without one, structural checks replace schema validation. ``seed`` is a TOML or JSON file of reference data
(default: the packaged ``seed.toml``: GL accounts 1000–6900 incl. 2200, 5010, 6000, 6100, 6200; locations
100, 110; departments D100, D300; classes ONLINE, RETAIL; project P-2026). ``clock`` (epoch seconds) can be
injected to test session expiry without sleeping.

With ``inspection=True`` the same server answers ``GET /_sandbox/records/{OBJECT}``, ``GET /_sandbox/stats``,
``GET /_sandbox/requests``, ``POST /_sandbox/faults`` (JSON, see :meth:`Faults.configure`) and
``POST /_sandbox/expire-sessions``; with it off those paths are 404.
"""

from core.sandbox.intacct.asgi import GATEWAY_PATH
from core.sandbox.intacct.company import Credentials
from core.sandbox.intacct.faults import Faults
from core.sandbox.intacct.sandbox import IntacctSandbox, SandboxState

__all__ = ["GATEWAY_PATH", "Credentials", "Faults", "IntacctSandbox", "SandboxState"]
