"""Console benchmark: first paint, peak RSS and scroll-to-end with 100,000 events in the outbox.

    .venv/bin/python bench/console.py [--events 100000]

Targets (issue 5): first paint < 1.5 s, peak RSS < 250 MB. The outbox is filled directly with SQL in one
transaction (intake speed is bench/intake.py's business); the console then opens it headless at 120x40.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.app import ConsoleApp  # noqa: E402
from console.widgets.outbox_table import OutboxTable  # noqa: E402
from core.outbox import Outbox  # noqa: E402
from core.settings import settings_from_dict  # noqa: E402
from tests.console.seed import seed_many  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(db: Path) -> dict[str, float]:
    settings = settings_from_dict({"database": {"path": str(db)}}, env={})
    outbox = Outbox.open(db)
    app = ConsoleApp(settings, outbox, background=False, status_every=0, probe=lambda h, p: False)
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first_paint = time.perf_counter() - start
        table = app.main.query_one(OutboxTable)
        assert table.total > 0
        start = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        to_end = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(50):
            await pilot.press("pageup")
        await pilot.pause()
        page_ups = time.perf_counter() - start
        rows = table.total
    outbox.close()
    return {"rows": rows, "first_paint_s": first_paint, "scroll_to_end_s": to_end, "50_page_ups_s": page_ups}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "outbox.sqlite3"
        Outbox.open(db).close()
        started = time.perf_counter()
        seed_many(db, args.events)
        print(f"seeded {args.events} events in {time.perf_counter() - started:.1f} s")
        figures = asyncio.run(measure(db))
    rss = peak_rss_mb()
    print(f"rows in the Review tab: {int(figures['rows'])}")
    print(f"first paint:            {figures['first_paint_s']:.3f} s   (target < 1.5 s)")
    print(f"scroll to the end:      {figures['scroll_to_end_s']:.3f} s")
    print(f"50 × page up:           {figures['50_page_ups_s']:.3f} s")
    print(f"peak RSS:               {rss:.0f} MB   (target < 250 MB)")
    ok = figures["first_paint_s"] < 1.5 and rss < 250
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
