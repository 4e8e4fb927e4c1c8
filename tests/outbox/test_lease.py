"""Specification: one worker holds the push lease; it expires without heartbeats and moves on."""

from __future__ import annotations


def test_second_owner_cannot_take_a_live_lease(outbox):
    assert outbox.acquire_lease("push", "a", ttl=30)
    assert not outbox.acquire_lease("push", "b", ttl=30)


def test_lease_can_be_taken_after_it_expires(outbox, clock):
    outbox.acquire_lease("push", "a", ttl=30)
    clock.now += 31
    assert outbox.acquire_lease("push", "b", ttl=30)


def test_heartbeat_keeps_the_lease_past_its_first_ttl(outbox, clock):
    outbox.acquire_lease("push", "a", ttl=30)
    clock.now += 20
    assert outbox.heartbeat("push", "a", ttl=30)
    clock.now += 20
    assert not outbox.acquire_lease("push", "b", ttl=30)


def test_heartbeat_fails_once_another_owner_took_the_expired_lease(outbox, clock):
    outbox.acquire_lease("push", "a", ttl=30)
    clock.now += 31
    outbox.acquire_lease("push", "b", ttl=30)
    assert not outbox.heartbeat("push", "a", ttl=30)


def test_released_lease_is_free_at_once(outbox):
    outbox.acquire_lease("push", "a", ttl=30)
    assert outbox.release("push", "a")
    assert outbox.acquire_lease("push", "b", ttl=30)


def test_only_the_owner_can_release(outbox):
    outbox.acquire_lease("push", "a", ttl=30)
    assert not outbox.release("push", "b")
    assert not outbox.acquire_lease("push", "b", ttl=30)
