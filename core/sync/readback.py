"""Reading back what Intacct holds, to settle a write whose outcome is unknown (INTACCT-API.md §3, §5.7).

A lost response, a 524, a crash after sending, or a refusal "controlid already used / in process" all leave
us not knowing whether a create happened. We never guess and never post a second copy: we ask Intacct with
``query`` — VENDOR by VENDORID, APBILL by RECORDID + VENDORID, APADJUSTMENT by its number (RECORDID) +
VENDORID — and record the RECORDNO found. Lookups are batched (``in`` filters, ≤ 1000 values, pages of
2000), so settling a whole crashed batch costs one request per object, not one per document.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.intacct.client import IntacctClient
from core.intacct.functions import In, Query

DOCUMENT_OBJECTS = {"VENDOR": "VENDORID", "APBILL": "RECORDID", "APADJUSTMENT": "RECORDID"}
"""Object → the field a document is identified by (besides VENDORID for bills and adjustments)."""
CHUNK = 1000


async def find_documents(
    client: IntacctClient, obj: str, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """``(doc_key, vendor_id) → RECORDNO`` for the documents of ``obj`` that exist in Intacct.

    For VENDOR the key is the VENDORID and ``vendor_id`` is the same value.
    """
    wanted = sorted(set(keys))
    key_field = DOCUMENT_OBJECTS[obj]
    found: dict[tuple[str, str], str] = {}
    doc_keys = sorted({k for k, _ in wanted})
    for start in range(0, len(doc_keys), CHUNK):
        chunk = doc_keys[start : start + CHUNK]
        query = Query(f"readback-{obj.lower()}-{start}", obj, _select(obj), filter=In(key_field, chunk),
                      pagesize=2000)
        async for record in client.query_all(query):
            key = (record.findtext(key_field) or "").strip()
            vendor = (record.findtext("VENDORID") or "").strip()
            found.setdefault((key, vendor), (record.findtext("RECORDNO") or "").strip())
    return {k: found[k] for k in wanted if k in found}


def _select(obj: str) -> tuple[str, ...]:
    return ("RECORDNO", "VENDORID") if obj == "VENDOR" else ("RECORDNO", DOCUMENT_OBJECTS[obj], "VENDORID")


async def existing_vendors(client: IntacctClient, vendor_ids: Iterable[str]) -> dict[str, str]:
    """VENDORID → RECORDNO for the given vendors that exist in Intacct."""
    found = await find_documents(client, "VENDOR", ((v, v) for v in vendor_ids))
    return {key: record_no for (key, _), record_no in found.items()}
