"""``ml-connector demo --headless`` plays the whole day against both sandboxes and reconciles.

The day is played once per test session (a subprocess with a timeout, ``headless_demo`` in conftest.py); each
test reads one behaviour from what it printed. The Intacct sandbox validates every request against Sage's
api.xsd during the run.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.demo.conftest import DemoRun

pytestmark = pytest.mark.timeout(150)


@pytest.fixture
def demo(headless_demo: DemoRun) -> subprocess.CompletedProcess[str]:
    return headless_demo.process


def test_headless_demo_exits_0_and_says_the_totals_reconcile(demo):
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "Reconciled:" in demo.stdout
    assert "NOT RECONCILED" not in demo.stdout


def test_every_event_ends_posted(demo):
    states = re.search(r"Events by state: +(.*)", demo.stdout)
    assert states is not None
    assert [s.split()[0] for s in states.group(1).split(", ")] == ["posted"]


def test_the_disabled_webhook_raises_one_alert_that_is_resolved(demo):
    assert "WooCommerce disabled webhook" in demo.stdout
    assert "Alerts:              1 raised, 1 resolved" in demo.stdout


def test_the_outage_window_is_backfilled(demo):
    received = re.search(r"Events received: +\d+ \((.*)\)", demo.stdout)
    assert received is not None and "backfill" in received.group(1)


def test_the_mapping_error_is_fixed_in_settings_and_retried(demo):
    assert "GL account 2450 does not exist in Intacct" in demo.stdout
    assert re.search(r"Operator: retried [1-9]\d* event", demo.stdout)


def test_the_stray_unsigned_request_is_quarantined(demo):
    assert re.search(r"Quarantined: +[1-9]", demo.stdout)


def test_the_duplicate_delivery_is_delivered_and_collapsed(demo):
    deliveries = re.search(r"Webhook deliveries: +(.*)", demo.stdout)
    assert deliveries is not None and re.search(r"duplicate [1-9]", deliveries.group(1))


def test_refunds_become_adjustments_in_intacct(demo):
    assert re.search(r"In Intacct: .* [1-9]\d* adjustments", demo.stdout)
