"""Cairn's own display helpers."""

from __future__ import annotations

from cairn.web.templatetags.cairn_tags import entry_refs


def test_entry_refs_reads_workflow_event_ids_as_entry_numbers() -> None:
    assert entry_refs("c5: no reply from Brookfield by 2026-12-24") == (
        "entry 5: no reply from Brookfield by 2026-12-24"
    )
    assert entry_refs("e16 and c12, c7") == "e16 and entry 12, entry 7"
    assert entry_refs("cc5 abc12") == "cc5 abc12"
