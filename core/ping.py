"""``ping``: check the real systems with the configured credentials, and say what to fix in words a user can act on.

One :class:`Check` per question an installer asks, in the order they depend on each other: is the store
reachable, are the REST keys valid, may they read, are our webhooks present and active; is the Intacct
gateway reachable, is the sender authorised for the company (a control-level failure names
``sender_id``/``sender_password``), does the user log in (``getAPISession``; names ``user_id``/
``user_password``), can reference data be read, do the configured GL accounts and dimensions exist.
A check whose prerequisite failed is not listed (it could only repeat the same failure). The console's
connection screen shows the same list; ``ml-connector ping`` prints it and exits non-zero on any failure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from core.intacct.client import IntacctClient
from core.intacct.errors import AuthenticationError, FunctionFailed, IntacctError, TransportError
from core.intacct.functions.query import Query
from core.settings import Settings
from core.watchdog.health import assess
from core.woo.errors import WooAuthError, WooError, WooHTTPError, WooNotFoundError, WooPermissionError
from core.woo.rest import WooClient

REST_KEYS_PAGE = "WooCommerce → Settings → Advanced → REST API"
DIMENSION_OBJECTS = {"LOCATIONID": "LOCATION", "DEPARTMENTID": "DEPARTMENT", "CLASSID": "CLASS",
                     "PROJECTID": "PROJECT", "CUSTOMERID": "CUSTOMER", "VENDORID": "VENDOR",
                     "EMPLOYEEID": "EMPLOYEE", "ITEMID": "ITEM"}
"""Intacct line field → the object whose ``<field>`` ids it references."""


@dataclass(frozen=True)
class Check:
    """One answer: ``fix`` says what to change (setting names, never values) when ``ok`` is False."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


def failed(checks: Iterable[Check]) -> list[Check]:
    return [c for c in checks if not c.ok]


async def run_ping(settings: Settings, *, woo_transport: httpx.AsyncBaseTransport | None = None,
                   intacct_transport: httpx.AsyncBaseTransport | None = None) -> list[Check]:
    """Every check, store first, then Intacct (transports are for tests)."""
    return [*await woo_checks(settings, woo_transport), *await intacct_checks(settings, intacct_transport)]


# -- WooCommerce -------------------------------------------------------------------------------------------


async def woo_checks(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> list[Check]:
    url = settings.woocommerce.url
    if not url:
        return [Check("store reachable", False, "[woocommerce] url is empty", "set [woocommerce] url to the "
                      "store's base URL, e.g. https://shop.example.com")]
    async with WooClient(settings.woocommerce, transport=transport, max_attempts=2, backoff_cap=1.0) as client:
        try:
            await client.request("GET", "/orders", params={"per_page": 1})
        except WooError as exc:
            return _first_call_failed(exc, url)
        checks = [Check("store reachable", True, f"{url} answers"),
                  Check("REST API keys valid", True, "the consumer key and secret were accepted")]
        checks.append(await _read_permission(client))
        checks.append(await _webhooks(client, settings))
    return checks


def _first_call_failed(exc: WooError, url: str) -> list[Check]:
    reachable = Check("store reachable", True, f"{url} answers")
    if isinstance(exc, WooAuthError):
        return [reachable, Check("REST API keys valid", False, f"the store refused the REST API keys: {exc}",
                                 f"check [woocommerce] consumer_key and consumer_secret ({REST_KEYS_PAGE}); "
                                 "on plain http the store needs [woocommerce] auth = \"oauth1\" or \"auto\"")]
    if isinstance(exc, WooPermissionError):
        return [reachable, Check("REST API keys valid", True, "the keys exist"),
                Check("REST API read permission", False, str(exc),
                      f"give the key Read (or Read/Write for webhooks install) permission in {REST_KEYS_PAGE}")]
    if isinstance(exc, WooNotFoundError):
        return [reachable, Check("WooCommerce REST API found", False, str(exc),
                                 "check [woocommerce] url, that WooCommerce is active, and that permalinks "
                                 "are not Plain (Settings → Permalinks)")]
    if isinstance(exc, WooHTTPError):
        return [reachable, Check("WooCommerce REST API answers", False, str(exc),
                                 "look at the store's error log; retry later if it is overloaded")]
    return [Check("store reachable", False, str(exc), "check [woocommerce] url, DNS, the TLS certificate "
                  "([woocommerce] verify_tls) and any firewall between this machine and the store")]


async def _read_permission(client: WooClient) -> Check:
    for path in ("/customers", "/products"):
        try:
            await client.request("GET", path, params={"per_page": 1})
        except WooError as exc:
            return Check("REST API read permission", False, f"reading {path} failed: {exc}",
                         f"give the key Read permission in {REST_KEYS_PAGE}")
    return Check("REST API read permission", True, "orders, customers and products are readable")


async def _webhooks(client: WooClient, settings: Settings) -> Check:
    name = "webhooks present and active"
    try:
        health = assess(await client.list_webhooks("all"), settings)
    except WooError as exc:
        return Check(name, False, f"listing webhooks failed: {exc}", f"give the key Read permission in "
                     f"{REST_KEYS_PAGE}")
    if health.ok:
        listed = ", ".join(f"{h.topic} #{h.id}" for h in health.ours if h.status == "active")
        return Check(name, True, f"active: {listed}")
    problems = "; ".join(f.title for f in health.findings)
    return Check(name, False, problems, "run `ml-connector webhooks check` for details, then `ml-connector "
                 "webhooks install` (missing) or `ml-connector webhooks enable ID` (disabled/paused)")


# -- Intacct -----------------------------------------------------------------------------------------------


async def intacct_checks(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> list[Check]:
    s = settings.intacct
    missing = [k for k in ("sender_id", "company_id", "user_id") if not getattr(s, k)]
    missing += [k for k in ("sender_password", "user_password") if not getattr(s, k).reveal()]
    if missing:
        return [Check("Intacct credentials configured", False, "empty: " + ", ".join(f"[intacct] {k}" for k in
                      missing), "set them in the configuration file or as ML_CONNECTOR_INTACCT_<KEY>")]
    quick = dataclasses.replace(s, max_retries=1, timeout_seconds=min(s.timeout_seconds, 30.0))
    async with IntacctClient(quick, transport=transport, backoff_base=0.2, backoff_cap=1.0) as client:
        checks = await _login(client, settings)
        if failed(checks):
            return checks
        return checks + await _references(client, settings)


async def _login(client: IntacctClient, settings: Settings) -> list[Check]:
    s = settings.intacct
    reachable = Check("Intacct gateway reachable", True, s.endpoint)
    sender = Check("Intacct sender authorised", True, f"sender {s.sender_id} may call company {s.company_id}")
    try:
        session = await client.sessions.get()
    except AuthenticationError as exc:
        if exc.which == "sender":
            return [reachable, Check(sender.name, False, str(exc), "check [intacct] sender_id / sender_password, "
                                     f"and that company {s.company_id} lists this sender under Company → "
                                     "Setup → Company → Security → Web Services authorizations")]
        return [reachable, sender, Check("Intacct user login", False, str(exc),
                                         "check [intacct] user_id / user_password (and company_id); the user "
                                         "must be a Web Services user of the company")]
    except TransportError as exc:
        return [Check(reachable.name, False, str(exc), "check [intacct] endpoint and the network")]
    except IntacctError as exc:
        return [reachable, Check(sender.name, False, str(exc), "check [intacct] sender_id, sender_password "
                                 "and company_id (the control block was refused)")]
    return [reachable, sender, Check("Intacct user login", True, f"getAPISession as {s.user_id}: session at "
                                     f"{session.endpoint}")]


async def _ids(client: IntacctClient, obj: str, field: str) -> dict[str, str]:
    """Every ``field`` of ``obj`` → its STATUS (``active`` when the object has none)."""
    query = Query(f"ping-{obj.lower()}", obj, [field, "STATUS"], pagesize=1000)
    return {(r.findtext(field) or "").strip(): (r.findtext("STATUS") or "active").strip().lower()
            async for r in client.query_all(query)}


async def _references(client: IntacctClient, settings: Settings) -> list[Check]:
    try:
        accounts = await _ids(client, "GLACCOUNT", "ACCOUNTNO")
    except (FunctionFailed, IntacctError) as exc:
        return [Check("reference data readable", False, str(exc), "give the Web Services user read permission "
                      "on General Ledger accounts and the dimensions (LOCATION, DEPARTMENT, CLASS, …)")]
    checks = [Check("reference data readable", True, f"{len(accounts)} GL accounts read")]
    checks.append(_accounts_check(configured_accounts(settings), accounts))
    checks.append(await _dimensions_check(client, settings))
    return checks


def configured_accounts(settings: Settings) -> dict[str, str]:
    """Setting name → GL account, for every account the mapping may post to."""
    m = settings.mapping
    found = {f"mapping.{k}": getattr(m, k) for k in ("default_account", "shipping_account", "fee_account",
                                                     "tax_account", "discount_account") if getattr(m, k)}
    found.update({f"mapping.category_accounts.{c}": a for c, a in m.category_accounts.items()})
    return found


def _accounts_check(configured: dict[str, str], known: dict[str, str]) -> Check:
    problems = [f"GL account {a} ([{k}]) {'does not exist' if a not in known else 'is ' + known[a]} in Intacct"
                for k, a in configured.items() if known.get(a) != "active"]
    if problems:
        return Check("GL accounts exist", False, "; ".join(problems),
                     "create or activate the account in Intacct, or change the named setting")
    return Check("GL accounts exist", True, f"{len(configured)} configured accounts are active")


async def _dimensions_check(client: IntacctClient, settings: Settings) -> Check:
    m = settings.mapping
    wanted = [(f"mapping.dimensions.{f}", f, v) for f, v in m.dimensions.items()]
    wanted += [(f"mapping.category_dimensions.{c}.{f}", f, v) for c, d in m.category_dimensions.items()
               for f, v in d.items()]
    problems: list[str] = []
    cache: dict[str, dict[str, str]] = {}
    for key, field, value in wanted:
        obj = DIMENSION_OBJECTS.get(field.upper())
        if obj is None:
            continue  # a custom field: Intacct checks it when the bill is posted
        try:
            cache[obj] = cache.get(obj) or await _ids(client, obj, field.upper())
        except IntacctError as exc:
            problems.append(f"{obj} could not be read ({exc})")
            continue
        if cache[obj].get(value) != "active":
            problems.append(f"{field} {value} ([{key}]) does not exist or is inactive in Intacct")
    if problems:
        return Check("dimensions exist", False, "; ".join(problems),
                     "create the dimension value in Intacct, or change the named setting")
    return Check("dimensions exist", True, f"{len(wanted)} configured dimension values checked")
