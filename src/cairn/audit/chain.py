"""Verifying the audit log's hash chain."""

from __future__ import annotations

from dataclasses import dataclass

from cairn.audit.models import AuditEntry
from cairn.lib.hashchain import GENESIS, link_hash


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def audit_chain_verify() -> ChainReport:
    """Walk the log from the first entry, recomputing every hash; stop at the first break.

    A changed field breaks that entry's own hash; a removed or reordered entry breaks the link
    from the entry after it to the one before it.
    """
    expected_prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return ChainReport(checked, entry.pk, "does not link to the entry before it")
        if link_hash(entry.prev_hash, entry.chained_fields()) != entry.hash:
            return ChainReport(checked, entry.pk, "its fields do not match its hash")
        expected_prev = entry.hash
        checked += 1
    return ChainReport(checked, None, "")
