"""`cairn synth referrals`: a year of referrals with their decisions, in the published shape,
as the same records the services write."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cairn.cases.models import CaseReferral
from cairn.chronology.models import Entry
from cairn.referrals.models import Referral
from cairn.reporting.models import ReferralFact


@pytest.mark.django_db
def test_synth_referrals_writes_records_and_facts() -> None:
    out = io.StringIO()
    call_command("synth", "referrals", "300", "--year", "2024", "--seed", "5", stdout=out)
    assert "wrote 300 referrals in 2024/25" in out.getvalue()
    assert Referral.objects.count() == 300
    assert CaseReferral.objects.count() == 300
    assert Entry.objects.filter(kind="referral", referral__isnull=False).count() == 300
    decisions = Entry.objects.filter(kind="decision")
    assert decisions.exists()
    assert all(d.refers_to_id is not None for d in decisions)
    facts = ReferralFact.objects.filter(fy=2024)
    assert facts.count() == 300
    education = facts.filter(sector="education").count() / 300
    assert 0.25 < education < 0.47  # 36% published
    under_18 = facts.filter(age_band__in=["10_under", "11_15", "16_17"]).count() / 300
    assert 0.4 < under_18 < 0.66  # 53% published


@pytest.mark.django_db
def test_synth_refuses_bad_arguments() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("synth", "referrals", "0")
    with pytest.raises(CommandError, match="--year 1990"):
        call_command("synth", "referrals", "5", "--year", "1990")
    with pytest.raises(CommandError, match="--output is required"):
        call_command("synth", "people", "5")


@pytest.mark.usefixtures("world")
def test_bulk_records_have_the_shape_the_services_write() -> None:
    from cairn.reporting.synth import synth_referrals

    served = Entry.objects.filter(kind="referral", referral__isnull=False).first()
    assert served is not None
    synth_referrals(count=20, fy=2024, seed=9)
    bulk = Entry.objects.filter(kind="referral", referral__reference__startswith="SYN").first()
    assert bulk is not None
    assert set(bulk.details) == set(served.details)
    for name in ("kind", "sector", "source_agency", "summary"):
        assert bool(getattr(bulk, name)) == bool(getattr(served, name)), name
    assert bulk.referral is not None
    assert bulk.source_record_id == bulk.referral.source_record_id
    assert bulk.owning_agency_id == bulk.referral.owning_agency_id
    assert CaseReferral.objects.filter(referral=bulk.referral).exists()
    assert CaseReferral.objects.filter(referral=served.referral).exists()
