"""The asynchronous webhook sender: WooCommerce's Action Scheduler queue, in one worker thread.

Semantics copied from ``wc-webhook-functions.php`` and ``class-wc-webhook.php``:

- a store event queues one job per *active* webhook of that topic; paused/disabled webhooks queue
  nothing, so those events are never delivered;
- a job is keyed by (webhook id, resource id); while one is queued (not yet started) repeats merge
  into it; once it is in flight, a new event queues a new job;
- the payload is built when the job runs (current state), ``*.deleted`` sends ``{"id": N}``;
- no status re-check at send time: jobs queued before a disable still send; no retries;
- after each delivery, an active webhook still ``pending_delivery`` is pinged again (data store save).

Test controls: ``hold()``/``release(reverse=True)`` for out-of-order delivery, ``duplicate_next(n)``,
``fail_next(n)`` (a simulated transport error without sending), ``flush()``/``wait_idle()`` and the
``log`` of every attempt.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.sandbox.woo import phpjson
from core.sandbox.woo.delivery import Attempt, Request, delivery_request, ping_request, send
from core.sandbox.woo.registry import WebhookRegistry, is_success
from core.sandbox.woo.store import WooStore


@dataclass
class Job:
    webhook_id: int
    resource_id: int
    due: float
    seq: int


class WebhookSender:
    """Queues store events per webhook and delivers them from a background thread."""

    def __init__(self, store: WooStore, registry: WebhookRegistry, home_url: Callable[[], str],
                 delay: float = 0.05, timeout: float = 60.0, ping_timeout: float = 5.0) -> None:
        self.store, self.registry, self.home_url = store, registry, home_url
        self.delay, self.timeout, self.ping_timeout = delay, timeout, ping_timeout
        self.log: list[Attempt] = []
        self._cond = threading.Condition()
        self._queue: list[Job] = []
        self._seq = itertools.count().__next__
        self._held = False
        self._in_flight = 0
        self._duplicates = 0
        self._failures = 0
        self._stopped = False
        self._thread: threading.Thread | None = None
        self._on_disabled: list[Callable[[int], None]] = []
        store.listeners.append(self.on_event)

    # --- lifecycle ----------------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._stopped = False
            self._thread = threading.Thread(target=self._run, name="woo-webhook-sender", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    # --- queueing -----------------------------------------------------------------------------------
    def on_event(self, resource: str, event: str, resource_id: int) -> None:
        """Store listener: queue the event for every active webhook of the topic."""
        for hook in self.registry.active_for(f"{resource}.{event}"):
            self.enqueue(hook.id, resource_id)

    def enqueue(self, webhook_id: int, resource_id: int) -> None:
        with self._cond:
            if any(j.webhook_id == webhook_id and j.resource_id == resource_id for j in self._queue):
                return  # merged into the pending job, which will show the latest state
            self._queue.append(Job(webhook_id, resource_id, time.monotonic() + self.delay, self._seq()))
            self._cond.notify_all()

    def on_disabled(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(webhook_id)`` when failures disable a webhook (``..._disabled_due_delivery_failures``)."""
        self._on_disabled.append(callback)

    # --- test controls ------------------------------------------------------------------------------
    def hold(self) -> None:
        """Keep queued jobs from being sent until ``release``."""
        with self._cond:
            self._held = True

    def release(self, reverse: bool = False) -> None:
        """Send held jobs now; ``reverse=True`` sends them newest first (out of order)."""
        with self._cond:
            self._held = False
            if reverse:
                self._queue.reverse()
            now = time.monotonic()
            for job in self._queue:
                job.due = now
            self._cond.notify_all()

    def duplicate_next(self, n: int = 1) -> None:
        """The next ``n`` jobs are delivered twice in a row (as an in-flight job plus a re-queued one)."""
        with self._cond:
            self._duplicates += n

    def fail_next(self, n: int = 1) -> None:
        """The next ``n`` delivery attempts fail as transport errors without reaching the receiver."""
        with self._cond:
            self._failures += n

    def pending(self) -> int:
        with self._cond:
            return len(self._queue) + self._in_flight

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued or in flight; False on timeout (e.g. while held)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queue and not self._in_flight, timeout)

    def flush(self, timeout: float = 10.0) -> bool:
        """Make every queued job due now (ignoring the delay) and wait until all are sent."""
        with self._cond:
            now = time.monotonic()
            for job in self._queue:
                job.due = now
            self._cond.notify_all()
        return self.wait_idle(timeout)

    def deliveries(self, webhook_id: int | None = None, kind: str = "delivery") -> list[Attempt]:
        with self._cond:
            return [a for a in self.log if a.kind == kind and webhook_id in (None, a.webhook_id)]

    # --- the worker ---------------------------------------------------------------------------------
    def _next_job(self) -> tuple[Job, bool, bool] | None:
        with self._cond:
            while not self._stopped:
                now = time.monotonic()
                due = [] if self._held else [j for j in self._queue if j.due <= now]
                if due:
                    job = due[0]
                    self._queue.remove(job)
                    self._in_flight += 1
                    dup, fail = self._duplicates > 0, self._failures > 0
                    self._duplicates -= dup
                    self._failures -= fail
                    return job, dup, fail
                waits = [j.due - now for j in self._queue if not self._held]
                self._cond.wait(min(waits + [0.5]))
            return None

    def _run(self) -> None:
        while (picked := self._next_job()) is not None:
            job, dup, fail = picked
            try:
                self.deliver(job.webhook_id, job.resource_id, forced_failure=fail)
                if dup:
                    self.deliver(job.webhook_id, job.resource_id)
            finally:
                with self._cond:
                    self._in_flight -= 1
                    self._cond.notify_all()

    def deliver(self, webhook_id: int, resource_id: int, forced_failure: bool = False) -> Attempt | None:
        """``WC_Webhook::deliver()``: build the payload now, sign, send, keep the books, maybe re-ping."""
        with self.store.lock:
            hook = self.store.webhooks.get(webhook_id)
            if hook is None:
                return None
            topic, url, secret = hook.topic, hook.delivery_url, hook.secret
            resource, _, event = topic.partition(".")
            payload = {"id": resource_id} if event == "deleted" else self.store.resource_json(resource, resource_id)
        request = delivery_request(url, self.home_url(), topic, webhook_id, secret, phpjson.dumps(payload))
        attempt = self._attempt("delivery", webhook_id, topic, resource_id, request)
        if forced_failure:
            attempt.error = "forced failure (sandbox fail_next)"
        else:
            attempt.status_code, attempt.error, attempt.duration = send(request, self.timeout)
        attempt.success = is_success(attempt.status_code)
        attempt.disabled = self.registry.record_result(webhook_id, attempt.status_code)
        if attempt.disabled:
            for callback in list(self._on_disabled):
                callback(webhook_id)
        with self.store.lock:
            again = hook.status == "active" and hook.pending_delivery and webhook_id in self.store.webhooks
        if again:
            self.ping(webhook_id)
        return attempt

    def ping(self, webhook_id: int) -> bool:
        """``deliver_ping()``: True only on exactly 200, which clears ``pending_delivery``."""
        hook = self.registry.get(webhook_id)
        request = ping_request(hook.delivery_url, webhook_id)
        attempt = self._attempt("ping", webhook_id, hook.topic, 0, request)
        attempt.status_code, attempt.error, attempt.duration = send(request, self.ping_timeout, follow_redirects=True)
        attempt.success = attempt.status_code == 200
        if attempt.success:
            self.registry.ping_succeeded(webhook_id)
        return attempt.success

    def _attempt(self, kind: str, webhook_id: int, topic: str, resource_id: int, request: Request) -> Attempt:
        attempt = Attempt(kind, webhook_id, topic, resource_id, request, time.time())
        with self._cond:
            self.log.append(attempt)
        return attempt
