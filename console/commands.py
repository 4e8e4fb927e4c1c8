"""Command palette entries for every console action (ctrl+p), from the same table as the bindings."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from console.actions import ACTIONS


class ActionCommands(Provider):
    """Each action by its label; the help line is its tooltip."""

    async def discover(self) -> Hits:
        for spec in ACTIONS:
            yield DiscoveryHit(spec.label, partial(self.app.run_action, spec.action), help=spec.tooltip)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in ACTIONS:
            score = matcher.match(f"{spec.label} {spec.tooltip}")
            if score > 0:
                yield Hit(score, matcher.highlight(spec.label), partial(self.app.run_action, spec.action),
                          help=spec.tooltip)
