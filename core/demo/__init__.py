"""``ml-connector demo``: the whole product on the built-in sandboxes, playing a realistic day.

Public API::

    from core.demo import DemoOptions, play_headless, run_with_console, reconcile, render, Snapshot

    outcome = asyncio.run(play_headless(DemoOptions(seed=7, speed=20)))   # auto mode, operator included
    print(outcome.text); sys.exit(outcome.exit_code)                      # 0 only when Intacct reconciles
    run_with_console(DemoOptions(headless=False))                          # review mode, in the console

    mismatches = reconcile(snapshot)                                       # pure: a Snapshot in, lines out

Modules: ``config`` (the TOML the demo and ``sandbox`` write), ``sandboxes`` (both emulators),
``runtime`` (receiver + tasks), ``gate`` (the outage), ``worker`` (reloads settings), ``cast`` and
``scenario`` (the day), ``operator`` (the operator's part, headless), ``collect`` and ``summary``.
"""

from core.demo.runner import DemoOptions, Outcome, play_headless, run_with_console
from core.demo.summary import IntacctDoc, Snapshot, StoreOrder, reconcile, render

__all__ = ["DemoOptions", "IntacctDoc", "Outcome", "Snapshot", "StoreOrder", "play_headless", "reconcile", "render",
           "run_with_console"]
