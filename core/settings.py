"""Typed settings: one TOML file, then the environment.

The file is found by ``--config PATH``, else ``$ML_CONNECTOR_CONFIG``, else the platformdirs user config dir
(:mod:`core.paths`). Every scalar key can be overridden from the environment as
``ML_CONNECTOR_<SECTION>_<KEY>`` (``ML_CONNECTOR_INTACCT_USER_PASSWORD``), which is how secrets are meant to
arrive in production.

Each field carries a docstring; ``docs/configuration.md`` is generated from them
(:func:`core.settings_doc.render_reference`) and a test keeps it current. A wrong value raises
:class:`SettingsError`, which names the file, the key and the fix.
"""

from __future__ import annotations

import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

from core.secret import Secret

ENV_PREFIX = "ML_CONNECTOR_"


class SettingsError(ValueError):
    """A setting is missing or wrong. The message names the file, the key and the fix."""

    def __init__(self, source: str, key: str, problem: str, fix: str) -> None:
        self.source, self.key, self.problem, self.fix = source, key, problem, fix
        super().__init__(f"{source}: [{key}] {problem} — {fix}")


@dataclass(frozen=True)
class WooCommerceSettings:
    url: str = ""
    """Store base URL, e.g. ``https://shop.example.com``; the REST API is at ``{url}/wp-json/wc/v3``."""
    consumer_key: Secret = Secret("")
    """REST API consumer key (``ck_…``) with read permission (read/write for ``webhooks install``)."""
    consumer_secret: Secret = Secret("")
    """REST API consumer secret (``cs_…``)."""
    webhook_secret: Secret = Secret("")
    """The secret set on the WooCommerce webhooks; signs every delivery (not the REST consumer secret)."""
    auth: Literal["auto", "basic", "oauth1", "query"] = "auto"
    """How REST calls authenticate: ``auto`` = Basic over HTTPS, OAuth 1.0a one-legged over plain HTTP
    (as WooCommerce requires); ``query`` puts the keys in the query string (opt-in fallback for hosts that
    strip the Authorization header)."""
    allow_insecure: bool = False
    """Allow ``auth = "basic"`` or ``"query"`` over a plain ``http://`` store URL, which sends the consumer
    secret in clear text (a warning is logged). Off: such a configuration is refused."""
    timezone: str = ""
    """The store's timezone (IANA name, e.g. ``Europe/Berlin``) used for bill dates. Empty: derive it per
    order from the difference between ``date_created`` and ``date_created_gmt``."""
    timeout_seconds: float = 30.0
    """Timeout for one REST call."""
    verify_tls: bool = True
    """Verify the store's TLS certificate."""
    product_cache_seconds: int = 3600
    """How long product categories read from ``/products`` stay cached."""


@dataclass(frozen=True)
class IntacctSettings:
    endpoint: str = "https://api.intacct.com/ia/xml/xmlgw.phtml"
    """XML gateway endpoint; the session endpoint returned by ``getAPISession`` is used after login."""
    sender_id: str = ""
    """Web Services sender ID (case sensitive)."""
    sender_password: Secret = Secret("")
    """Web Services sender password."""
    company_id: str = ""
    """Intacct company ID."""
    user_id: str = ""
    """Web Services user ID."""
    user_password: Secret = Secret("")
    """Web Services user password."""
    entity_id: str = ""
    """Entity (``locationid``) for multi-entity companies; empty for the top level."""
    timeout_seconds: float = 120.0
    """Timeout for each step of one gateway request (connect, send, each read); the whole request is also
    bounded by ``request_deadline_seconds``."""
    request_deadline_seconds: float = 0.0
    """The most one HTTP request to the gateway may take in total, answer included (a gateway dripping
    bytes cannot hold it longer); below ``sync.lease_seconds``. 0: two thirds of ``sync.lease_seconds``."""
    max_response_bytes: int = 64 * 1024 * 1024
    """A gateway answer larger than this is refused (transient error) instead of being read into memory."""
    allow_loopback_session_endpoint: bool = False
    """Accept an ``http://127.0.0.1`` session endpoint from ``getAPISession`` even when ``endpoint`` is not
    loopback (never needed in production; the sandbox's loopback endpoint is accepted when ``endpoint`` is)."""
    max_concurrent_requests: int = 2
    """Concurrent requests per company (the standard level of service allows two)."""
    batch_size: int = 50
    """Functions per request (``transaction="false"``; each function succeeds or fails on its own)."""
    session_max_age_seconds: int = 3000
    """A session is reused for at most this long (and never past the ``sessiontimeout`` Intacct returns)."""
    max_retries: int = 5
    """Retries for transient failures (5xx except 524, timeouts, rate limits), with exponential backoff."""
    schema_path: str = ""
    """Path to Sage's ``api.xsd``. When set, every request is validated against it before sending
    (the sandbox validates incoming requests with it too). Also ``$ML_CONNECTOR_INTACCT_SCHEMA_PATH``."""


@dataclass(frozen=True)
class ReceiverSettings:
    host: str = "127.0.0.1"
    """Address the webhook receiver binds; keep 127.0.0.1 behind a TLS reverse proxy."""
    port: int = 8787
    """Port the webhook receiver listens on."""
    path: str = "/webhooks/woocommerce"
    """Path WooCommerce delivers to."""
    alert_path: str = "/webhooks/companion-alert"
    """Path the WordPress companion plugin posts its signed alerts to."""
    public_url: str = ""
    """The delivery URL as the store sees it (e.g. ``https://connector.example.com/webhooks/woocommerce``).
    Used to recognise our webhooks and to install them. Empty: ``http://{host}:{port}{path}``."""
    max_body_bytes: int = 10 * 1024 * 1024
    """Larger bodies are answered 413 and quarantined."""
    header_timeout_seconds: float = 10.0
    """A connection must send a request's headers within this long (from connect, or from the previous
    answer) or it is closed: slow senders cannot hold the receiver's connections."""
    body_timeout_seconds: float = 30.0
    """The whole body must arrive within this long, or the request is answered 408 (and quarantined)."""
    keep_alive_seconds: float = 5.0
    """An idle keep-alive connection is closed after this long."""
    max_connections: int = 100
    """Connections (and requests) served at once; more are answered 503 at once."""
    quarantine_prefix_bytes: int = 4096
    """Of an unauthenticated refusal (no or wrong signature, too large, too slow) only this many bytes of the
    body are kept, with the SHA-256 and size of the whole; signed refusals keep the whole body."""
    quarantine_max_rows: int = 1000
    """The quarantine keeps at most this many refusals (and the pings table as many pings); the oldest are
    dropped and counted (``outbox_counters``), so refusals cannot fill the disk."""
    quarantine_max_bytes: int = 16 * 1024 * 1024
    """Stored bodies and headers of the quarantine, in total, stay under this many bytes (oldest dropped)."""


@dataclass(frozen=True)
class SyncSettings:
    mode: Literal["review", "auto"] = "review"
    """``review``: an operator approves each event before it is pushed; ``auto``: push at once."""
    poll_interval_seconds: int = 900
    """How often the scheduled REST poll runs; 0 disables it."""
    poll_overlap_seconds: int = 300
    """The poll re-reads this much before its watermark, so late commits are not missed."""
    watchdog_interval_seconds: int = 300
    """How often webhook health is checked; 0 disables the watchdog."""
    silence_warning_minutes: int = 120
    """Warn when no delivery arrived for this long while the poller keeps finding changes; 0 disables."""
    order_statuses: list[str] = field(default_factory=lambda: ["processing", "completed"])
    """Only orders in these statuses become bills."""
    max_attempts: int = 8
    """Transient failures are retried with backoff up to this many attempts, then the event fails."""
    lease_seconds: int = 30
    """A worker's lease on the outbox expires this long after its last heartbeat."""


@dataclass(frozen=True)
class DatabaseSettings:
    path: str = ""
    """Outbox database file. Empty: ``outbox.sqlite3`` in the platformdirs user data dir."""


@dataclass(frozen=True)
class MappingSettings:
    vendor_id_prefix: str = "WC-"
    """VENDORID = prefix + WooCommerce customer id."""
    guest_vendor: str = "email"
    """Guest orders (``customer_id`` 0): ``email`` derives a stable vendor from the billing email;
    any other value is the VENDORID of one catch-all vendor."""
    default_account: str = "6000"
    """GL account for line items no rule matches."""
    shipping_account: str = "6100"
    """GL account for shipping lines."""
    fee_account: str = "6200"
    """GL account for fee lines (negative fees too)."""
    tax_account: str = "2200"
    """GL account for tax."""
    discount_account: str = ""
    """GL account for coupon discounts when they are booked on their own line; empty: line totals are
    already after discounts, so no discount line is written."""
    account_meta_key: str = "_intacct_account"
    """Line-item or product meta key whose value, when present, is the GL account (highest precedence)."""
    per_line_tax: bool = False
    """Book each line's tax next to it instead of one tax line per order tax rate."""
    due_days: int = 30
    """WHENDUE = bill date + this many days (ignored when ``term_name`` is set)."""
    term_name: str = ""
    """Intacct payment term (TERMNAME) to send instead of WHENDUE."""
    base_currency: str = ""
    """The Intacct company's base currency (BASECURR), e.g. ``USD``; every bill and adjustment carries it, so it
    must be set before any order with a currency is posted (empty: such orders fail naming this key — the
    connector never takes the order's own currency for the company's)."""
    exchange_rate_type: str = "Intacct Daily Rate"
    """EXCH_RATE_TYPE_ID sent when the order currency differs from the base currency."""
    rounding_account: str = ""
    """GL account for the rounding difference between an order's lines and its total (tax rounded at
    subtotal, WooCommerce #25720), up to ``rounding_tolerance_per_line``; empty: such an order fails naming
    this key."""
    rounding_tolerance_per_line: int = 1
    """Largest difference booked as rounding, in the currency's minor unit (cents; yen for JPY) per bill line."""
    order_adjustment_account: str = ""
    """GL account for an order-level difference beyond the rounding tolerance (gift cards or store credit
    lowering the total outside the line arrays); empty: such an order fails naming this key."""
    iso_country_codes: bool = False
    """Also send the ISO country code element (for companies with ISO country codes enabled)."""
    refunds: Literal["adjustment", "negative_bill"] = "adjustment"
    """``adjustment``: each refund becomes an AP adjustment (credit memo); ``negative_bill``: an APBILL with
    negative lines and RECORDID ``<order>-R<refund id>``."""
    adjustment_sign: Literal["negative", "positive"] = "negative"
    """Sign of AP adjustment amounts for a refund: ``negative`` reduces what the bill leaves owed
    (INTACCT-API.md §5.6: positive adjustments are credit memos, negative ones debit memos)."""
    store_admin_url: str = ""
    """Base of links to orders in the bill DESCRIPTION; empty: ``{woocommerce.url}/wp-admin``."""
    category_accounts: dict[str, str] = field(default_factory=dict)
    """Product category name → GL account. The most specific (deepest) category wins."""
    dimensions: dict[str, str] = field(default_factory=dict)
    """Defaults for every line: Intacct field (LOCATIONID, DEPARTMENTID, CLASSID, PROJECTID, …) → value."""
    category_dimensions: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per-category dimension overrides: category name → {Intacct field → value}."""


@dataclass(frozen=True)
class BooksSettings:
    """What happens when an order's books change after its bill is in Intacct (docs/mapping.md, "Corrections
    after posting"). ``hold`` posts nothing and keeps an open *needs action* item with the exact difference per
    GL account until an operator approves the correction or marks it handled; the other values post the
    correction as AP adjustments against the bill (one per sign: Intacct wants an adjustment's lines all one
    sign). A posted bill is never updated in place for money, so a paid bill is never touched."""

    money_edits: Literal["hold", "adjust"] = "hold"
    """Line, shipping, fee, tax or total edits after posting: ``hold`` (needs action) or ``adjust`` (post an
    adjustment for the difference, per account)."""
    cancellations: Literal["hold", "reverse"] = "hold"
    """An order cancelled, failed or trashed after posting: ``hold`` (needs action) or ``reverse`` (post an
    adjustment that brings the order's net in Intacct to zero)."""
    deleted_refunds: Literal["hold", "reverse"] = "hold"
    """A posted refund later deleted in the store: ``hold`` (needs action) or ``reverse`` (post an adjustment
    that undoes it)."""
    book_refunded_orders: bool = True
    """An order first seen already ``refunded`` is booked as its bill plus its refunds, so Intacct keeps the
    trace (net zero); false: such an order is left out."""


@dataclass(frozen=True)
class ReconcileSettings:
    """``serve`` runs ``ml-connector reconcile`` on a schedule (docs/operations.md, "Reconcile"): new
    differences raise one alert, and one "resolved" alert follows when they have all cleared or were
    acknowledged. It reads both systems and never writes to Intacct."""

    interval_hours: float = 24.0
    """Hours between scheduled reconciles (the first runs one interval after ``serve`` starts); 0: off."""
    window_days: int = 30
    """Each scheduled run compares the orders created in the last this many days (a rolling window)."""


@dataclass(frozen=True)
class AlertSettings:
    urls: list[Secret] = field(default_factory=list)
    """Apprise URLs (``mailto://``, ``slack://``, ``json://host/path``, …); each alert is sent to all."""
    webhook_url_match: str = ""
    """Substring that marks a store webhook as ours; empty: the receiver's delivery URL."""


@dataclass(frozen=True)
class Settings:
    woocommerce: WooCommerceSettings = field(default_factory=WooCommerceSettings)
    """The store."""
    intacct: IntacctSettings = field(default_factory=IntacctSettings)
    """The Intacct company and Web Services credentials."""
    receiver: ReceiverSettings = field(default_factory=ReceiverSettings)
    """The webhook receiver."""
    sync: SyncSettings = field(default_factory=SyncSettings)
    """The outbox worker, poller and watchdog."""
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    """The outbox database."""
    mapping: MappingSettings = field(default_factory=MappingSettings)
    """How WooCommerce records become Intacct records."""
    books: BooksSettings = field(default_factory=BooksSettings)
    """Corrections after posting: money edits, cancellations, deleted refunds."""
    alerts: AlertSettings = field(default_factory=AlertSettings)
    """Where alerts go."""
    reconcile: ReconcileSettings = field(default_factory=ReconcileSettings)
    """Scheduled reconciles of Intacct against the store."""
    source: str = field(default="<defaults>", compare=False)
    """Where these settings were read from (for error messages); not a TOML key."""

    def database_path(self) -> Path:
        from core.paths import default_database_path

        return Path(self.database.path).expanduser() if self.database.path else default_database_path()

    def delivery_url(self) -> str:
        r = self.receiver
        return r.public_url or f"http://{r.host}:{r.port}{r.path}"

    def secrets(self) -> list[str]:
        """Every secret value in these settings, for redaction."""
        out: list[str] = []
        for section in (self.woocommerce, self.intacct, self.alerts):
            for f in fields(section):
                value = getattr(section, f.name)
                values = value if isinstance(value, list) else [value]
                out.extend(v.reveal() for v in values if isinstance(v, Secret) and v.reveal())
        return out


S = TypeVar("S")
SECTIONS: dict[str, type] = {k: v for k, v in typing.get_type_hints(Settings).items() if k != "source"}


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read settings from ``path`` (or the default location) and the environment.

    A missing file is not an error when ``path`` was not given explicitly: defaults plus environment apply.
    """
    from core.paths import default_config_path

    env = os.environ if env is None else env
    explicit = path is not None or bool(env.get(f"{ENV_PREFIX}CONFIG"))
    path = path or (Path(env[f"{ENV_PREFIX}CONFIG"]) if env.get(f"{ENV_PREFIX}CONFIG") else default_config_path())
    data: dict[str, Any] = {}
    source = str(path)
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(source, "-", f"is not valid TOML ({exc})", "fix the syntax at that line") from exc
    elif explicit:
        raise SettingsError(source, "-", "does not exist", "run `ml-connector init` to write a template")
    return settings_from_dict(data, env=env, source=source)


def settings_from_dict(
    data: Mapping[str, Any], env: Mapping[str, str] | None = None, source: str = "<dict>"
) -> Settings:
    """Build settings from a parsed TOML mapping plus ``ML_CONNECTOR_*`` environment overrides."""
    env = {} if env is None else env
    sections: dict[str, Any] = {}
    for name, section_type in SECTIONS.items():
        raw = data.get(name, {})
        if not isinstance(raw, Mapping):
            raise SettingsError(source, name, "must be a table", f"write it as [{name}]")
        sections[name] = _build_section(section_type, name, raw, env, source)
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise SettingsError(source, sorted(unknown)[0], "is not a known section", f"use one of {sorted(SECTIONS)}")
    settings = Settings(**sections, source=source)
    validate(settings)
    if not settings.intacct.request_deadline_seconds:  # the worker heartbeats between requests
        settings = with_overrides(settings, intacct={"request_deadline_seconds": settings.sync.lease_seconds * 2 / 3})
    return settings


def _build_section(cls: type[S], name: str, raw: Mapping[str, Any], env: Mapping[str, str], source: str) -> S:
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    for key in raw:
        if key not in known:
            fix = f"remove it; known keys: {sorted(known)}"
            raise SettingsError(source, f"{name}.{key}", "is not a known key", fix)
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key in known:
        env_key = f"{ENV_PREFIX}{name}_{key}".upper()
        if env_key in env:
            values[key] = _coerce(hints[key], env[env_key], f"{name}.{key}", f"${env_key}", from_env=True)
        elif key in raw:
            values[key] = _coerce(hints[key], raw[key], f"{name}.{key}", source, from_env=False)
    return cls(**values)


def _coerce(hint: Any, value: Any, key: str, source: str, from_env: bool) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if hint is Secret:
        return Secret(str(value))
    if origin is Literal:
        if value not in args:
            raise SettingsError(source, key, f"is {value!r}", f"use one of {', '.join(map(repr, args))}")
        return value
    if hint is bool:
        if isinstance(value, bool):
            return value
        if from_env and str(value).lower() in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
            return str(value).lower() in {"1", "true", "yes", "on"}
        raise SettingsError(source, key, f"is {value!r}", "use true or false")
    if hint in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise SettingsError(source, key, f"is {value!r}", f"use a number ({hint.__name__})")
        try:
            return hint(value)
        except ValueError:
            raise SettingsError(source, key, f"is {value!r}", f"use a number ({hint.__name__})") from None
    if hint is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # GL accounts written as numbers: 6000 → "6000"
        if not isinstance(value, str):
            raise SettingsError(source, key, f"is {value!r}", "use a quoted string")
        return value
    if origin is list:
        if from_env:
            value = [v.strip() for v in str(value).split(",") if v.strip()]
        if not isinstance(value, list):
            raise SettingsError(source, key, f"is {value!r}", "use a list, e.g. [\"a\", \"b\"]")
        return [_coerce(args[0], v, key, source, from_env=False) for v in value]
    if origin is dict:
        if not isinstance(value, Mapping):
            raise SettingsError(source, key, f"is {value!r}", f"write it as a [{key}] table")
        return {str(k): _coerce(args[1], v, f"{key}.{k}", source, from_env=False) for k, v in value.items()}
    if isinstance(origin, type) and issubclass(origin, types.UnionType):  # pragma: no cover - unused today
        return value
    raise TypeError(f"unsupported settings type {hint!r} for {key}")


def validate(settings: Settings) -> None:
    """Cross-field checks that a type alone cannot express."""
    src = settings.source
    if not 1 <= settings.intacct.batch_size <= 100:
        raise SettingsError(src, "intacct.batch_size", f"is {settings.intacct.batch_size}", "use 1 to 100")
    if settings.intacct.max_concurrent_requests < 1:
        raise SettingsError(src, "intacct.max_concurrent_requests", "must be at least 1", "use 2 (standard tier)")
    if not 0 < settings.intacct.session_max_age_seconds <= 3000:
        raise SettingsError(
            src, "intacct.session_max_age_seconds", "must be 1 to 3000", "sessions are reused for at most 50 minutes"
        )
    if not 0 <= settings.intacct.request_deadline_seconds < settings.sync.lease_seconds:
        raise SettingsError(src, "intacct.request_deadline_seconds", f"is {settings.intacct.request_deadline_seconds}",
                            f"use more than 0 and less than sync.lease_seconds ({settings.sync.lease_seconds})")
    w = settings.woocommerce
    if w.url and w.auth in ("basic", "query") and not w.url.lower().startswith("https://") and not w.allow_insecure:
        raise SettingsError(src, "woocommerce.auth", f"is {w.auth!r} for a plain-HTTP url (the consumer secret "
                            "would cross the network in clear)", "use https, auth = \"auto\", or allow_insecure = true")
    if not settings.receiver.path.startswith("/"):
        raise SettingsError(src, "receiver.path", f"is {settings.receiver.path!r}", "start it with /")
    if settings.mapping.due_days < 0:
        raise SettingsError(src, "mapping.due_days", "is negative", "use 0 or more days")
    if settings.reconcile.interval_hours < 0:
        raise SettingsError(src, "reconcile.interval_hours", "is negative", "use 0 (off) or more hours")
    if settings.reconcile.window_days < 1:
        raise SettingsError(src, "reconcile.window_days", f"is {settings.reconcile.window_days}",
                            "use 1 or more days")
    for name in ("default_account", "shipping_account", "fee_account", "tax_account"):
        if not getattr(settings.mapping, name):
            raise SettingsError(src, f"mapping.{name}", "is empty", "name a GL account number from Intacct")


def with_overrides(settings: Settings, **sections: Mapping[str, Any]) -> Settings:
    """A copy of ``settings`` with some fields of some sections replaced (tests, demo)."""
    changes: dict[str, Any] = {}
    for name, values in sections.items():
        current = getattr(settings, name)
        assert is_dataclass(current)
        changes[name] = replace(current, **values)  # type: ignore[type-var]
    return replace(settings, **changes)
