"""Ships the default assessment template: the three dimensions of the published framework
(engagement, intent, capability) with the violence-fixation dimension the domain brief adds,
and the person's vulnerability and needs. Deployments change it by adding versions."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone

NAME = "Cairn default"

SECTIONS = [
    {
        "key": "engagement",
        "heading": "Engagement with a group, cause or ideology",
        "guidance": (
            "How far the person identifies with a group, cause or ideology, and what that gives "
            "them (belonging, meaning, grievance, excitement). Say so if there is none: that "
            "alone is no reason to close."
        ),
    },
    {
        "key": "intent",
        "heading": "Intent to cause harm",
        "guidance": (
            "Whether the person has said or shown that they want, plan or are ready to harm "
            "others, in their own words or acts; threats, approval of attacks, "
            "identification with attackers."
        ),
    },
    {
        "key": "capability",
        "heading": "Capability to cause harm",
        "guidance": (
            "What the person could do: access to weapons or the means of harm, skills, "
            "research, contacts, and any past violence."
        ),
    },
    {
        "key": "violence_fixation",
        "heading": "Fixation on violence",
        "guidance": (
            "A persistent preoccupation with violence, mass-casualty attacks or attackers, "
            "whether or not an ideology is present; how long, how intense, how it shows."
        ),
    },
    {
        "key": "vulnerability",
        "heading": "Vulnerability and needs",
        "guidance": (
            "Age, neurodivergence (diagnosed or suspected), mental health, special educational "
            "needs, family, isolation, bullying, exclusion, pending assessments: what support "
            "the person needs whatever the risk."
        ),
    },
]


def ship(apps: Any, schema_editor: Any) -> None:
    template = apps.get_model("cases", "AssessmentTemplate")
    if not template.objects.filter(name=NAME).exists():
        template.objects.create(
            name=NAME,
            version=1,
            sections=SECTIONS,
            note="Shipped with Cairn",
            created_at=timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_assessments_and_conflicts")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
