"""The synthetic demo data set: agencies, one user per role, and a few dozen people with
referrals. Every name, place and narrative here is invented."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.accounts.services import user_create
from cairn.agencies.models import Agency, AgencyKind, Sector
from cairn.agencies.services import agency_create
from cairn.chronology.services import casefile_import
from cairn.lib import casefile
from cairn.people.models import Person
from cairn.people.services import IdentityInput
from cairn.referrals.services import ReferralInput, referral_submit

DEMO_PASSWORD = "cairn-demo-password"  # noqa: S105 - synthetic demo accounts only
PROGRAMME_AGENCY = "Northdale Council"

AGENCIES = [
    (PROGRAMME_AGENCY, AgencyKind.LOCAL_AUTHORITY, Sector.LOCAL_AUTHORITY),
    ("Northdale Police", AgencyKind.POLICE_FORCE, Sector.POLICE),
    ("Kestrel Hill Academy", AgencyKind.SCHOOL, Sector.EDUCATION),
    ("Northdale Health NHS Trust", AgencyKind.NHS_BODY, Sector.HEALTH),
    ("Northdale Youth Justice Service", AgencyKind.YOUTH_JUSTICE, Sector.OTHER),
    ("Open Line Helpline", AgencyKind.HELPLINE, Sector.HELPLINE),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    agency: str
    role: Role


USERS = [
    DemoUser("officer", "Ada", "Quinlan", PROGRAMME_AGENCY, Role.CASE_OFFICER),
    DemoUser("senior", "Bram", "Okafor", PROGRAMME_AGENCY, Role.SENIOR_OFFICER),
    DemoUser("chair", "Cleo", "Marsh", PROGRAMME_AGENCY, Role.PANEL_CHAIR),
    DemoUser("panel", "Dev", "Hartley", "Northdale Police", Role.PANEL_MEMBER),
    DemoUser("partner", "Esme", "Varga", "Northdale Health NHS Trust", Role.PARTNER_PRACTITIONER),
    DemoUser("referrer", "Finn", "Achebe", "Kestrel Hill Academy", Role.REFERRER),
    DemoUser("analyst", "Gita", "Lowe", PROGRAMME_AGENCY, Role.ANALYST),
    DemoUser("auditor", "Hal", "Brennan", PROGRAMME_AGENCY, Role.AUDITOR),
    DemoUser("admin", "Iris", "Sato", PROGRAMME_AGENCY, Role.ADMINISTRATOR),
]

GIVEN = {
    "male": [
        "Aaron",
        "Bilal",
        "Callum",
        "Dominik",
        "Ethan",
        "Farhan",
        "Jayden",
        "Kacper",
        "Liam",
        "Mason",
        "Noah",
        "Oskar",
        "Reuben",
        "Tariq",
        "Zane",
    ],
    "female": [
        "Amira",
        "Bella",
        "Chloe",
        "Daria",
        "Ella",
        "Freya",
        "Hana",
        "Isla",
        "Keira",
        "Maya",
        "Nadia",
        "Poppy",
        "Ruby",
        "Sana",
        "Zofia",
    ],
}
FAMILY = [
    "Ashdown",
    "Barrow",
    "Calder",
    "Dunmore",
    "Ellery",
    "Fenwick",
    "Garside",
    "Holloway",
    "Iqbal",
    "Jablonski",
    "Kerrigan",
    "Lindqvist",
    "Moreau",
    "Nwosu",
    "Oakley",
    "Pryce",
    "Quayle",
    "Rowntree",
    "Sadiq",
    "Thorne",
]
POSTCODE_DISTRICTS = ["NX1", "NX2", "NX3", "NX4", "NX7"]

CONCERNS = [
    (
        "no_ideology_violence_fascination",
        ["mass_casualty_research", "fixation_on_violence"],
        "Was looking up school shooting footage in the IT suite and talked about it at length "
        "with classmates.",
    ),
    (
        "extreme_right_wing",
        ["extremist_material", "ideology_engagement"],
        "Shared extremist stickers and videos in a group chat and repeated slogans in class.",
    ),
    (
        "islamist",
        ["extremist_material"],
        "Family report he has been watching videos from a proscribed group and has stopped "
        "seeing friends.",
    ),
    (
        "no_ideology_vulnerability",
        ["social_isolation", "victim_of_bullying"],
        "Isolated, bullied online, says nobody would care if something happened.",
    ),
    (
        "mixed_unclear",
        ["grievance", "online_activity_concern"],
        "Posts angry messages about teachers on a forum with attack footage channels.",
    ),
    (
        "no_ideology_school_massacre",
        ["weapon_carrying", "stated_intent_to_harm"],
        "Found with a kitchen knife in his bag; said he brought it 'to use it' on the boys who "
        "bully him.",
    ),
    (
        "no_ideology_incel",
        ["grievance", "online_activity_concern"],
        "Uses incel language about girls in his year and follows forums that praise attackers.",
    ),
]
DEMO_ETHNICITIES = [
    "white_british",
    "white_british",
    "white_british",
    "asian_pakistani",
    "black_african",
    "mixed_white_asian",
    "white_other",
    "not_stated",
]
SOURCES = [
    "Kestrel Hill Academy",
    "Northdale Police",
    "Northdale Health NHS Trust",
    "Open Line Helpline",
]


def _postcode(rng: random.Random) -> str:
    inward = f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLN')}{rng.choice('PQRSTUWXYZ')}"
    return f"{rng.choice(POSTCODE_DISTRICTS)} {inward}"


def demo_is_loaded() -> bool:
    return Agency.objects.filter(name=PROGRAMME_AGENCY).exists()


@transaction.atomic
def demo_load(*, people: int = 36, seed: int = 2026) -> list[DemoUser]:
    """Load the demo data set once; a second call changes nothing."""
    if demo_is_loaded():
        return USERS
    agencies = {
        name: agency_create(
            actor=None,
            name=name,
            kind=kind,
            sector=sector,
            region="yorkshire_humber" if kind == AgencyKind.LOCAL_AUTHORITY else "",
        )
        for name, kind, sector in AGENCIES
    }
    for spec in USERS:
        user, _ = user_create(
            actor=None,
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@example.org",
            agency=agencies[spec.agency],
            roles=[spec.role],
            password=DEMO_PASSWORD,
        )
        TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    referrer = User.objects.get(username="referrer")
    rng = random.Random(seed)
    today = timezone.localdate()
    owner = agencies[PROGRAMME_AGENCY]
    for _ in range(people):
        sex = rng.choice(["male", "male", "female"])
        age_days = rng.randint(11 * 365, 19 * 365)
        identity = IdentityInput(
            given_name=rng.choice(GIVEN[sex]),
            family_name=rng.choice(FAMILY),
            date_of_birth=today - timedelta(days=age_days),
            sex=sex,
            postcode=_postcode(rng),
        )
        ethnicity = rng.choice(DEMO_ETHNICITIES)
        person: Person | None = None
        for n in range(rng.choice([1, 1, 1, 2, 2, 3])):
            concern_type, indicators, summary = rng.choice(CONCERNS)
            source = agencies[rng.choice(SOURCES)]
            received = timezone.now() - timedelta(days=rng.randint(n * 200, n * 200 + 180))
            data = ReferralInput(
                person=identity,
                concern_type=concern_type,
                summary=summary,
                owning_agency_id=owner.pk,
                gender=sex,
                ethnicity=ethnicity,
                indicators=indicators,
                received_at=received,
            )
            actor = referrer if source.name == "Kestrel Hill Academy" else None
            referral = referral_submit(
                actor=actor, referring_agency=source, data=data, person=person
            )
            person = referral.source_record.person
    _showcase_identity_resolution(agencies, owner.pk)
    _example_case_files(owner)
    return USERS


def _example_case_files(owner: Agency) -> None:
    """The fictional multi-agency histories in `examples/`, loaded as the programme's own, so
    the demo has long chronologies to read (and the learning-review replay has cases)."""
    for path in sorted((settings.PROJECT_DIR / "examples").glob("*.casefile.json")):
        data = path.read_bytes()
        casefile_import(
            actor=None,
            owning_agency=owner,
            case_file=casefile.loads(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )


# Synthetic cases that show identity resolution at work: each pair is submitted without
# saying who it is about, so the matching model decides. NHS numbers are from the range
# reserved for testing (999...).
SHOWCASE: list[tuple[str, dict[str, str], str]] = [
    (
        "Kestrel Hill Academy",
        {
            "given_name": "William",
            "family_name": "Kowalski",
            "nhs_number": "9990000018",
            "date_of_birth": "2010-06-01",
            "postcode": "NX3 4QP",
        },
        "Told classmates he had bought a hunting knife online and would 'sort out' a teacher.",
    ),
    (
        "Northdale Police",
        {
            "given_name": "Bill",
            "family_name": "Kowalski",
            "nhs_number": "999 000 0018",
            "date_of_birth": "2010-06-01",
            "postcode": "NX3 4QP",
        },
        "Stopped with a lock knife in the town centre; said he carries it for protection.",
    ),
    (
        "Kestrel Hill Academy",
        {
            "given_name": "Chidi",
            "family_name": "Okafor",
            "date_of_birth": "2012-05-05",
            "postcode": "NX2 2BB",
            "address": "7 Lark Rise",
        },
        "Drawing pictures of the school on fire and naming pupils he wants to hurt.",
    ),
    (
        "Open Line Helpline",
        {
            "given_name": "Chinedu",
            "family_name": "Okafor",
            "date_of_birth": "2012-05-05",
            "postcode": "NX2 2BB",
            "address": "7 Lark Rise",
        },
        "Parent worried about time spent on forums that celebrate school attackers.",
    ),
]


def _showcase_identity_resolution(agencies: dict[str, Agency], owner_id: int) -> None:
    for agency_name, identity, summary in SHOWCASE:
        fields: dict[str, Any] = {**identity, "sex": "male"}
        fields["date_of_birth"] = date.fromisoformat(identity["date_of_birth"])
        referral_submit(
            actor=None,
            referring_agency=agencies[agency_name],
            data=ReferralInput(
                person=IdentityInput(**fields),
                concern_type="no_ideology_school_massacre",
                summary=summary,
                owning_agency_id=owner_id,
                gender="male",
            ),
        )
