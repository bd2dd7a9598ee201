from __future__ import annotations

import pytest

from cairn.reporting.synth import SynthResult, synth_referrals

THIS_YEAR = 500
YEAR_BEFORE = 250


@pytest.fixture
def synth_years(db: None) -> dict[int, SynthResult]:
    """Two financial years of synthetic referrals with their decisions (2023/24, 2024/25)."""
    return {
        2024: synth_referrals(count=THIS_YEAR, fy=2024, seed=3),
        2023: synth_referrals(count=YEAR_BEFORE, fy=2023, seed=4),
    }
