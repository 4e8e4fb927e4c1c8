"""``ml-connector demo``: the whole product on the built-in sandboxes, with the console or headless.

Set-up (:func:`environment`): both sandboxes on free 127.0.0.1 ports, a configuration and an outbox in a
temporary directory, our webhooks installed in the store through its REST API (as ``webhooks install``
does), then the receiver, poller, sync worker and watchdog (:class:`~core.demo.runtime.DemoRuntime`).

Headless (:func:`play_headless`): auto mode; the store plays its day (:mod:`core.demo.scenario`), the
operator's part is played too (:mod:`core.demo.operator`), and once the outbox is drained the summary
(:mod:`core.demo.summary`) says whether Intacct reconciles with the store.

With the console (:func:`run_with_console`): review mode; the day plays in a background thread while the
operator works in the console on the same outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.demo.collect import collect
from core.demo.config import connector_config, write_config
from core.demo.operator import Operator
from core.demo.runtime import DemoRuntime, free_port
from core.demo.sandboxes import Sandboxes, running_sandboxes
from core.demo.scenario import Day
from core.demo.summary import Snapshot, reconcile, render
from core.outbox import Outbox
from core.redact import register_secrets
from core.settings import Settings, load_settings
from core.watchdog import install_webhooks
from core.woo.rest import WooClient

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoOptions:
    seed: int = 0
    speed: float = 10.0
    """How much faster than the narrated pace the day plays."""
    headless: bool = True
    workdir: Path | None = None
    """Where the config and outbox go (default: a new temporary directory, removed afterwards)."""
    timeout: float = 30.0
    """Longest wait for any one thing the operator waits for."""
    say: Say = field(default=print, compare=False)


@dataclass
class Environment:
    boxes: Sandboxes
    config: dict[str, Any]
    config_path: Path
    settings: Settings
    outbox: Outbox
    runtime: DemoRuntime

    @property
    def receiver_url(self) -> str:
        return self.settings.delivery_url()

    def bill_exists(self, number: str) -> bool:
        return any(r.get("RECORDID") == number for r in self.boxes.intacct.state.records("APBILL"))


@contextlib.contextmanager
def _workdir(path: Path | None) -> Any:
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="ml-connector-demo-") as tmp:
        yield Path(tmp)


def demo_config(boxes: Sandboxes, workdir: Path, headless: bool) -> dict[str, Any]:
    return connector_config(boxes.woo_url, boxes.intacct_url, receiver_port=free_port(),
                            database=str(workdir / "outbox.sqlite3"), mode="auto" if headless else "review",
                            watchdog_seconds=1 if headless else 5, poll_seconds=60)


@contextlib.asynccontextmanager
async def environment(options: DemoOptions) -> AsyncIterator[Environment]:
    """Sandboxes, config, outbox, installed webhooks and the running connector; all stopped on exit."""
    with _workdir(options.workdir) as workdir, running_sandboxes(seed=options.seed) as boxes:
        config = demo_config(boxes, workdir, options.headless)
        config_path = write_config(workdir / "ml-connector.toml", config, "ml-connector demo (temporary)")
        settings = load_settings(config_path, env={})
        register_secrets(settings.secrets())
        async with WooClient(settings.woocommerce) as client:
            report = await install_webhooks(client, settings)
        options.say(f"Installed {len(report.created)} webhooks in the sandbox store: "
                    + ", ".join(h.topic for h in report.created))
        outbox = Outbox.open(settings.database_path(), auto_approve=options.headless)
        runtime = DemoRuntime(settings, config_path, outbox)
        try:
            await runtime.start()
            options.say(f"Connector running ({', '.join(runtime.task_names)}) on {settings.delivery_url()}; "
                        f"config {config_path}")
            yield Environment(boxes, config, config_path, settings, outbox, runtime)
        finally:
            await runtime.stop()
            outbox.close()


@dataclass
class Outcome:
    snapshot: Snapshot
    mismatches: list[str]

    @property
    def text(self) -> str:
        return render(self.snapshot, self.mismatches)

    @property
    def exit_code(self) -> int:
        return 1 if self.mismatches else 0


async def play_headless(options: DemoOptions) -> Outcome:
    """The whole day in auto mode, the operator included; the summary of how it ended."""
    async with environment(options) as env:
        day = Day(env.boxes.woo, env.runtime.gate, env.receiver_url, seed=options.seed, speed=options.speed,
                  say=options.say, posted=env.bill_exists, wait_seconds=options.timeout)
        await day.play()
        operator = Operator(env.settings, env.config, env.config_path, env.outbox, env.runtime.worker,
                            say=options.say, timeout=options.timeout)
        await operator.fix_mapping_and_retry()
        await operator.reenable_webhook()
        drained = await operator.wait_drained()
        await asyncio.to_thread(env.boxes.woo.sender.wait_idle, 5.0)
        snapshot = collect(env.boxes.woo, env.boxes.intacct, env.outbox, env.settings, drained)
    return Outcome(snapshot, reconcile(snapshot))


def run_with_console(options: DemoOptions) -> int:
    """The day in a background thread, the console in this one (review mode); stops both when it closes."""
    ready: dict[str, Any] = {}
    started, stop = threading.Event(), threading.Event()

    async def background() -> None:
        try:
            async with environment(options) as env:
                ready["env"] = env
                started.set()
                day = Day(env.boxes.woo, env.runtime.gate, env.receiver_url, seed=options.seed,
                          speed=options.speed, say=options.say)
                await day.play()
                while not stop.is_set():
                    await asyncio.sleep(0.2)
        except Exception as exc:  # noqa: BLE001 - reported to the main thread, which prints one line
            ready["error"] = exc
            started.set()

    thread = threading.Thread(target=lambda: asyncio.run(background()), name="demo-day", daemon=True)
    thread.start()
    started.wait(60)
    if "env" not in ready:
        raise RuntimeError(f"the demo could not start: {ready.get('error', 'timed out')}")
    try:
        return _open_console(ready["env"])
    finally:
        stop.set()
        thread.join(15)


def _open_console(env: Environment) -> int:
    from console.app import ConsoleApp  # Textual only here: ``import core`` never loads it

    outbox = Outbox.open(env.settings.database_path(), auto_approve=False)
    try:
        return ConsoleApp(env.settings, outbox).run() or 0
    finally:
        outbox.close()
