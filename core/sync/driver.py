"""Sending written-ahead writes to Intacct and settling each one: done, failed, or still unknown.

A wave's writes go through :meth:`IntacctClient.execute` (batches of ``batch_size``, at most
``max_concurrent_requests`` at once). Each result is classified (:func:`classify`); every write whose
outcome is unknown — a lost response, a 524, a "controlid already used / in process" refusal, BL34000061
"already exists" — is settled by reading back (:mod:`.readback`) before the next wave, so a bill is never
sent before its vendor is known to exist and nothing is ever posted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from core.intacct.client import IntacctClient
from core.intacct.errors import IntacctError, describe
from core.intacct.response import FunctionResult, is_duplicate, is_transient
from core.sync.ledger import WriteRow
from core.sync.readback import DOCUMENT_OBJECTS, find_documents
from core.sync.stored import StoredFunction

Status = Literal["done", "failed", "unknown", "transient"]
ALREADY_EXECUTED = "already been executed"


@dataclass(frozen=True)
class WriteOutcome:
    status: Status
    record_no: str | None = None
    detail: str = ""


def classify(write: WriteRow, result: FunctionResult) -> WriteOutcome:
    """What one function result means for its write (module doc)."""
    if result.ok:
        return WriteOutcome("done", result.record_no)
    if result.status == "unknown":
        return WriteOutcome("unknown", detail=str(result.error or "outcome unknown"))
    if result.status == "error":
        return WriteOutcome("transient", detail=str(result.error or "transport error"))
    text = describe(result.errors)
    if is_duplicate(result.errors):
        if not write.operation.startswith("create-") and ALREADY_EXECUTED in text:
            return WriteOutcome("done", write.record_no, "already executed (uniqueid replay refused)")
        return WriteOutcome("unknown", detail=text)
    if is_transient(result.errors) or result.status == "aborted":
        return WriteOutcome("transient", detail=text)
    return WriteOutcome("failed", detail=text)


async def send(client: IntacctClient, writes: Sequence[WriteRow]) -> dict[int, WriteOutcome]:
    """Send ``writes`` (one wave) and classify each; unknown creates are read back right away."""
    if not writes:
        return {}
    functions = [StoredFunction(w.control_id, w.function_xml) for w in writes]
    try:
        results = await client.execute(functions)
    except IntacctError as exc:  # shared by every function: credentials, control block, invalid request
        return {w.id: WriteOutcome("transient", detail=str(exc)) for w in writes}
    outcomes = {w.id: classify(w, r) for w, r in zip(writes, results, strict=True)}
    unknown = [w for w in writes if outcomes[w.id].status == "unknown"]
    outcomes.update(await settle(client, unknown, {w.id: outcomes[w.id].detail for w in unknown}))
    return outcomes


async def settle(client: IntacctClient, writes: Sequence[WriteRow], why: dict[int, str] | None = None,
                 ) -> dict[int, WriteOutcome]:
    """Read back creates whose outcome is unknown; found → done with the RECORDNO, else retry later."""
    outcomes: dict[int, WriteOutcome] = {}
    by_object: dict[str, list[WriteRow]] = defaultdict(list)
    for w in writes:
        if w.operation.startswith("create-") and w.object in DOCUMENT_OBJECTS:
            by_object[w.object].append(w)
        else:  # an update: re-sending the same controlid is the safe way to settle it
            outcomes[w.id] = WriteOutcome("transient", detail=(why or {}).get(w.id, "") + "; will re-send")
    for obj, group in by_object.items():
        try:
            found = await find_documents(client, obj, ((w.doc_key, w.vendor_id) for w in group))
        except IntacctError as exc:
            outcomes.update({w.id: WriteOutcome("transient", detail=f"read-back failed: {exc}") for w in group})
            continue
        for w in group:
            record_no = found.get((w.doc_key, w.vendor_id))
            if record_no is not None:
                outcomes[w.id] = WriteOutcome("done", record_no, "confirmed by read-back")
            else:
                reason = (why or {}).get(w.id) or "not sent yet"
                outcomes[w.id] = WriteOutcome("transient", detail=f"{reason}; not in Intacct yet, will re-send")
    return outcomes
