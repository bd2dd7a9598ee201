"""The two policies every Cairn database starts with: `2025` (the domain brief's catalogue
and its default numbers) and `2019` (a reconstruction of the practice of that time). The values
are written out here, not read from the code, so this migration means the same thing forever;
`tests/rules/test_policies.py` checks they still match `cairn.rules.policies.shipped()`."""

from django.db import migrations

SHIPPED = {
    "2025": {
        "parameters": {
            "repeat-referral": {"min_referrals": 2, "window_months": 24},
            "repeat-referral-gateway": {"min_referrals": 3, "window_months": 36},
            "child-complex-needs": {"age_limit": 18},
            "information-gathering": {
                "partners": ["police", "social_care", "education", "health", "youth_justice"],
                "require_dates": True,
            },
            "engagement-feedback": {"age_limit": 18},
            "closure-rationale": {"require_evidence": True, "countersign_flagged": True},
            "known-marker": {"retention_years": 6, "working_days": 1},
            "onward-referral-unacknowledged": {"working_days": 20},
            "reopen-review": {"window_years": 6},
            "support-plan-missing": {"working_days": 10},
            "panel-review-gap": {"weeks": 8},
            "intervention-delivery-gap": {"min_percent": 100},
            "post-exit-review": {"first_months": 6, "second_months": 12},
        },
        "enabled": [
            "identity-match",
            "repeat-referral",
            "repeat-referral-gateway",
            "ideology-not-sufficient",
            "violence-fixation",
            "child-complex-needs",
            "pending-assessment",
            "information-gathering",
            "engagement-feedback",
            "closure-rationale",
            "known-marker",
            "onward-referral-unacknowledged",
            "below-threshold-routing",
            "reopen-review",
            "support-plan-missing",
            "panel-review-gap",
            "intervention-delivery-gap",
            "post-exit-review",
            "consent-obstruction",
        ],
        "note": "The domain brief's catalogue with its default numbers.",
    },
    "2019": {
        "parameters": {
            "repeat-referral": {"min_referrals": 2, "window_months": 24},
            "repeat-referral-gateway": {"min_referrals": 3, "window_months": 36},
            "child-complex-needs": {"age_limit": 18},
            "information-gathering": {
                "partners": ["police", "social_care", "education", "health", "youth_justice"],
                "require_dates": False,
            },
            "engagement-feedback": {"age_limit": 18},
            "closure-rationale": {"require_evidence": False, "countersign_flagged": False},
            "known-marker": {"retention_years": 6, "working_days": 1},
            "onward-referral-unacknowledged": {"working_days": 20},
            "reopen-review": {"window_years": 6},
            "support-plan-missing": {"working_days": 10},
            "panel-review-gap": {"weeks": 8},
            "intervention-delivery-gap": {"min_percent": 100},
            "post-exit-review": {"first_months": 6, "second_months": 12},
        },
        "enabled": [
            "information-gathering",
            "closure-rationale",
            "support-plan-missing",
            "panel-review-gap",
            "post-exit-review",
        ],
        "note": "A reconstruction of 2019 practice: partner checks marked without dates, a rationale without countersignature, support plans, panel reviews and post-exit reviews; closure for no ideology allowed; no repeat-referral, violence-fixation, child, pending-assessment, marker or onward-referral rules.",
    },
}


def ship(apps, schema_editor):
    Policy = apps.get_model("rules", "Policy")
    for name, policy in SHIPPED.items():
        if not Policy.objects.filter(name=name).exists():
            Policy.objects.create(
                name=name,
                version=1,
                parameters=policy["parameters"],
                enabled=policy["enabled"],
                note=policy["note"],
            )


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
