"""Console benchmark: first paint, peak RSS, scroll-to-end and per-page time with 100,000 events.

    .venv/bin/python bench/console.py [--events 100000]

Targets (issues 5 and 13): first paint < 1.5 s, peak RSS < 250 MB, page down / page up under one frame
(16 ms) per page, median and 95th percentile: each page timed from the key's action to every line of the
new window drawn (the widget's share of a frame; the terminal write is Textual's and the same for any
widget). The outbox is filled directly with SQL in one transaction (intake speed is bench/intake.py's
business); the console then opens it headless at 120x40.
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
        await pilot.press("home")
        await pilot.pause()
        pages = []
        for direction in [1] * 200 + [-1] * 200 + [1] * 100:  # across uncached pages, back, then onwards
            start = time.perf_counter()
            table.action_page(direction)  # what the key runs: move the cursor, scroll
            table.scroll_to(y=table.cursor, animate=False, immediate=True)
            for y in range(table.size.height):  # and what the frame draws: every line of the new window
                table.render_line(y)
            pages.append(time.perf_counter() - start)
        rows = table.total
    outbox.close()
    pages.sort()
    return {"rows": rows, "first_paint_s": first_paint, "scroll_to_end_s": to_end, "50_page_ups_s": page_ups,
            "page_median_s": pages[len(pages) // 2], "page_p95_s": pages[int(len(pages) * 0.95)],
            "page_max_s": pages[-1]}


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
    print(f"50 × page up via Pilot: {figures['50_page_ups_s']:.3f} s   (includes Pilot's own wait per key)")
    print(f"per page (median):      {figures['page_median_s'] * 1000:.1f} ms   (target < 16 ms)")
    print(f"per page (95th pct):    {figures['page_p95_s'] * 1000:.1f} ms   (target < 16 ms)")
    print(f"per page (worst):       {figures['page_max_s'] * 1000:.1f} ms")
    print(f"peak RSS:               {rss:.0f} MB   (target < 250 MB)")
    ok = figures["first_paint_s"] < 1.5 and rss < 250 and figures["page_p95_s"] < 0.016
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
