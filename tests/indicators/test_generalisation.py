"""The indicator suggester on wordings written from DOMAIN.md's meaning table, not taken from
the evaluation sets: verb and object families the lexicon is meant to generalise to (slang,
police-log shorthand, reported speech), and the traps each code must not fall into. The phrasings
that dev2 taught the lexicon are checked at the end, each with its near miss."""

from __future__ import annotations

import pytest

from cairn.indicators.suggest import suggest


def codes(text: str) -> set[str]:
    return {s.code for s in suggest(text)}


# (code, a sentence that asserts it)
ASSERTED = [
    ("family_conflict", "His dad hits him when he has been drinking."),
    ("family_conflict", "Mum's partner is violent towards her and the children."),
    ("family_conflict", "Home life is chaotic and there is constant shouting."),
    ("family_conflict", "She was kicked out by her mum last month and is sofa surfing."),
    ("family_conflict", "He has a volatile relationship with his stepfather."),
    ("family_conflict", "He has not spoken to his father in two years."),
    ("family_conflict", "There is a history of domestic abuse in the household."),
    (
        "online_activity_concern",
        "He follows extremist accounts on TikTok and comments on their videos.",
    ),
    ("online_activity_concern", "She is being groomed online by an older man."),
    ("online_activity_concern", "He subscribes to YouTube channels that post attack footage."),
    ("online_activity_concern", "He joined a Discord server where members share gore."),
    ("online_activity_concern", "He spends hours every night on incel forums."),
    ("online_activity_concern", "He is in a Telegram group that shares neo-Nazi propaganda."),
    ("stated_intent_to_harm", "He said he wanted to hurt the teacher who excluded him."),
    (
        "stated_intent_to_harm",
        "He told police in custody that he would kill his neighbour when released.",
    ),
    ("stated_intent_to_harm", "He admitted he has a plan to attack the mosque."),
    ("stated_intent_to_harm", "He wrote a list of pupils he wants to shoot."),
    ("attack_approval", "He said the Southport attacker was a hero."),
    ("attack_approval", "She celebrated the Manchester bombing online."),
    ("attack_approval", 'He said the victims of the Christchurch attack "deserved to die".'),
    ("attack_approval", "He justified the Buffalo shooting in a class discussion."),
    (
        "identification_with_attackers",
        "He has been wearing a trench coat like the Columbine shooters.",
    ),
    ("identification_with_attackers", "He says he wants to be like the Christchurch shooter."),
    (
        "identification_with_attackers",
        "He idolises Elliot Rodger and calls himself a supreme gentleman.",
    ),
    ("fixation_on_violence", "He is fascinated by serial killers and watches gore videos daily."),
    ("fixation_on_violence", "He constantly talks about killing people and blood."),
    ("threat_made", "He told his teacher he would stab her."),
    ("threat_made", "He sent a message to a classmate saying he would shoot him."),
    ("threat_made", "He shouted at the head that he would burn the school down."),
    ("weapon_acquisition", "He bought a zombie knife online last week."),
    ("weapon_acquisition", "He has been stockpiling knives in his bedroom."),
    ("weapon_carrying", "He brought a knife into school in his bag."),
    ("weapon_carrying", "He was found with a blade on him at the park."),
    ("extremist_material", "He downloaded the Christchurch attacker's manifesto."),
    ("extremist_material", "He had Atomwaffen propaganda posters on his bedroom wall."),
    ("ideology_engagement", "He says Jews control the government and we need a race war."),
    ("victim_of_bullying", "Older pupils steal his lunch and push him around daily."),
    (
        "weapon_carrying",
        "Staff confiscated a sharpened screwdriver from Leon's waistband at break.",
    ),
    ("weapon_carrying", "He pulled a blade on another boy outside the chicken shop."),
    (
        "weapon_carrying",
        "Officers stopped Dean under s.60 and found a knuckleduster in his jacket pocket.",
    ),
    (
        "weapon_carrying",
        "Marcus admitted he takes a kitchen knife to school every day for protection.",
    ),
    ("weapon_carrying", "She was seen with an imitation firearm at the bus station."),
    ("weapon_carrying", "Subj produced a machete during the argument."),
    ("weapon_acquisition", "He ordered a combat knife from Amazon using his mum's card."),
    ("weapon_acquisition", "He has been asking older lads where he can get a gun."),
    ("weapon_acquisition", "Police found three knives and a BB gun hidden under his mattress."),
    ("weapon_acquisition", "He tried to buy a crossbow but the shop refused because of his age."),
    ("stated_intent_to_harm", "He told staff he wanted to stab the boy who grassed on him."),
    ("stated_intent_to_harm", "She said she is going to batter her stepmum when she gets home."),
    ("stated_intent_to_harm", "He wrote in his planner that he will kill everyone in 9B."),
    ("stated_intent_to_harm", "He told his youth worker he plans to shoot his old PE teacher."),
    ("stated_intent_to_harm", 'He told me "I\'m going to do him in next time I see him".'),
    ("threat_made", 'He texted the girl "you\'re dead tomorrow".'),
    ("threat_made", "He threatened to stab his form tutor."),
    ("threat_made", "He posted on Snapchat that he would shoot up the school on Friday."),
    (
        "mass_casualty_research",
        "His search history shows repeated searches for the Columbine massacre.",
    ),
    ("mass_casualty_research", "He has been watching videos about school shootings every night."),
    ("attack_approval", 'He said the Christchurch gunman "did nothing wrong".'),
    ("attack_approval", "He praised the Manchester Arena bomber in class."),
    ("identification_with_attackers", "He calls himself the next Breivik."),
    (
        "identification_with_attackers",
        "His username is a reference to the Columbine killers and he dresses like them.",
    ),
    ("fixation_on_violence", "He is obsessed with knives and talks about stabbing constantly."),
    ("fixation_on_violence", "For months his drawings have all been of people being killed."),
    (
        "ideology_engagement",
        "He has expressed neo-Nazi views in tutor time and performs Nazi salutes.",
    ),
    ("ideology_engagement", "She told her mentor she supports ISIS and wants to travel to Syria."),
    ("extremist_material", "His phone contained ISIS propaganda videos and a copy of a manifesto."),
    ("extremist_material", "He has been sharing far-right propaganda on Telegram."),
    ("online_activity_concern", "He spends hours on extremist forums at night."),
    (
        "online_activity_concern",
        "She has been talking to an unknown adult man on Snapchat who sends her gifts.",
    ),
    ("victim_of_bullying", "Other pupils have been bullying him about his weight for months."),
    ("victim_of_bullying", "She is being cyberbullied on Instagram by girls in her class."),
    ("family_conflict", "There are constant rows at home between him and his dad."),
    ("family_conflict", "Police were called to a domestic incident at the family home last week."),
    ("social_isolation", "He has no friends at school and spends lunchtimes alone."),
    ("violence_history", "He punched a Year 8 pupil in the face in March."),
    ("violence_history", "He has a caution for common assault from 2022."),
    ("grievance", "He feels the school has treated him unfairly and wants revenge."),
    ("mental_health_need", "She has been self-harming and has talked about suicide."),
    ("missing_episode", "He was reported missing twice last month."),
]


# (code, a sentence that mentions it without asserting it)
NOT_ASSERTED = [
    ("family_conflict", "He lives with mum and they get on well."),
    (
        "online_activity_concern",
        "He plays Minecraft online with school friends; nothing concerning was found.",
    ),
    (
        "attack_approval",
        "Other boys in his class praised the Christchurch shooter; he walked away.",
    ),
    ("identification_with_attackers", "Pupils keep calling him 'the next school shooter'."),
    ("stated_intent_to_harm", "If he were ever pushed too far he might hurt someone, mum worries."),
    ("threat_made", "A boy threatened to stab him on the way home."),
    ("weapon_carrying", "A knife was found at home in the kitchen drawer where it belongs."),
    (
        "extremist_material",
        "The history class studied Nazi propaganda as part of the GCSE curriculum.",
    ),
    ("fixation_on_violence", "He likes war films like most boys his age."),
    ("victim_of_bullying", "He was bullied in Year 7, but that has stopped since he moved form."),
    ("weapon_carrying", "He was searched and nothing was found."),
    ("weapon_carrying", "His older brother was caught carrying a knife last year."),
    ("weapon_acquisition", "His dad owns a licensed shotgun which is locked away."),
    ("stated_intent_to_harm", "He has never said he wants to hurt anyone."),
    ("stated_intent_to_harm", "He said he wants to kill himself."),
    ("threat_made", "He was threatened by a boy from another school."),
    ("threat_made", "He said he would kill himself if they took his phone."),
    (
        "mass_casualty_research",
        "The class watched a documentary about the Columbine shooting as part of their media "
        "studies coursework.",
    ),
    ("attack_approval", "He said the Manchester bomber was evil and cried about the victims."),
    ("identification_with_attackers", "Boys in his year call him the school shooter."),
    ("fixation_on_violence", "He enjoys history lessons about the Second World War."),
    ("ideology_engagement", "He is studying the rise of fascism for his history coursework."),
    ("extremist_material", "No extremist material was found on his devices."),
    ("online_activity_concern", "He has no social media accounts."),
    ("victim_of_bullying", "The bullying stopped when he moved schools last year."),
    ("family_conflict", "Relationships at home are good and he gets on well with his mum."),
    ("social_isolation", "Mum worries he may become isolated if he changes school."),
    ("violence_history", "He was punched by another pupil at lunch."),
    ("mental_health_need", "His mum has depression."),
    ("missing_episode", "He was out late but has never been missing."),
]


@pytest.mark.parametrize(("code", "text"), ASSERTED)
def test_a_wording_from_the_meaning_table_is_read(code: str, text: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(("code", "text"), NOT_ASSERTED)
def test_a_trap_from_the_meaning_table_is_not_read(code: str, text: str) -> None:
    assert code not in codes(text)


def test_a_parent_writing_is_not_the_subject() -> None:
    # "me" is the parent: she calls her mother names, nobody bullies her
    text = (
        "My daughter is 15. Every day ends in rows at home and she's called me every name "
        "under the sun."
    )
    assert "victim_of_bullying" not in codes(text)
    assert "family_conflict" in codes(text)


def test_words_quoted_from_someone_else_are_theirs() -> None:
    text = (
        'Ewan reported that his brother sent him a message saying "I\'ll stab you". '
        "Ewan has not replied."
    )
    assert {"threat_made", "stated_intent_to_harm"}.isdisjoint(codes(text))


def test_an_older_girl_who_said_she_would_is_not_the_subject() -> None:
    text = 'Saffron was threatened by an older girl who said she\'d "slash her face".'
    assert "stated_intent_to_harm" not in codes(text)


def test_a_message_to_the_target_is_a_threat_and_the_injured_party_is_not_its_author() -> None:
    text = (
        "Subj sent a text to his ex-partner (IP) saying \"I've got a gun now and I'm "
        'going to use it on you".'
    )
    assert {"threat_made", "stated_intent_to_harm"} <= codes(text)


def test_a_note_or_call_about_a_bomb_is_a_threat() -> None:
    assert "threat_made" in codes(
        'A note on his desk read "BOMB IN YOUR CLASS FRIDAY". Aiden wrote it.'
    )
    assert "threat_made" in codes('He rang the school: "there\'s a device in the hall".')


def test_an_age_in_brackets_does_not_end_a_hypothetical() -> None:
    text = "Mum fears that if Kai (14) ever got hold of a knife he would use it."
    assert codes(text) & {"weapon_acquisition", "weapon_carrying"} == set()


def test_livestreams_and_manifestos_are_extremist_material_not_research() -> None:
    found = codes("He saved the Christchurch attacker's livestream and manifesto on his phone.")
    assert "extremist_material" in found
    assert "mass_casualty_research" not in found


def test_a_copy_of_a_manifesto_is_not_copying_an_attacker() -> None:
    text = "I found a printed copy of that terrorist's manifesto in my daughter's drawer."
    assert "identification_with_attackers" not in codes(text)


def test_persistent_violence_is_fixation_but_a_denied_preoccupation_is_not() -> None:
    assert "fixation_on_violence" in codes(
        "Over six months his conversation has been dominated by killing and massacres."
    )
    assert "fixation_on_violence" not in codes(
        "Assessment found an ordinary interest; no preoccupation with violence, gore or killing."
    )


def test_a_symptom_that_stopped_something_else_is_not_over() -> None:
    text = "She has panic attacks daily and has stopped eating lunch."
    assert "mental_health_need" in codes(text)


def test_gang_that_corners_him_is_bullying_not_his_violence() -> None:
    text = "A gang of Year 9s corner him at the bus stop, take his money and kick him."
    found = codes(text)
    assert "victim_of_bullying" in found
    assert "violence_history" not in found


# Single quotation marks, as most British writers use them, are quotations too; the words
# that introduce a quotation can deny it or make it a fear.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In the changing rooms he told another boy 'ill bring my stepdads gun and blow your "
            "head off'.",
            {"stated_intent_to_harm", "threat_made"},
        ),
        (
            "Then he said to my face 'next time ill stab you'.",
            {"stated_intent_to_harm", "threat_made"},
        ),
        (
            "He has been messaging a girl in his year saying 'ur dead tomorrow, watch ur back'.",
            {"threat_made"},
        ),
        (
            "Logan did not send IP a Snapchat captioned 'after school tmrw im cutting u'; the "
            "account was not his.",
            set(),
        ),
        (
            "Mum worries that Logan might one day send someone a message saying 'im cutting u'.",
            set(),
        ),
        ("Graffiti in the boys' toilets said nothing about him.", set()),
    ],
)
def test_single_quoted_words_are_read_as_quotations(text: str, expected: set[str]) -> None:
    found = codes(text) & {"stated_intent_to_harm", "threat_made"}
    assert found >= expected
    if not expected:
        assert not found
