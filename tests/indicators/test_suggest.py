"""The indicator suggester: what each code's wording asserts and what it must not, the scopes
of negation, attribution, hypotheticals, states said to be over and set work, and spans that
always point into the text. No database: these tests never ask for one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cairn.indicators.codebook import CODEBOOK, CODES
from cairn.indicators.suggest import Suggestion, looks_foreign, suggest
from cairn.lib.vocab import INDICATORS


def codes(text: str) -> set[str]:
    return {s.code for s in suggest(text)}


def test_the_codebook_covers_every_indicator_of_the_domain_brief() -> None:
    assert set(CODES) == set(INDICATORS)
    assert all(entry.rules for entry in CODEBOOK)


# (code, a sentence asserting it, a sentence that mentions it without asserting it)
EXAMPLES = [
    (
        "weapon_carrying",
        "Staff found a lock knife in his blazer pocket at morning registration.",
        "He was searched at the gate and no weapons were found.",
    ),
    (
        "weapon_acquisition",
        "He ordered a machete online and had it delivered to a friend's house.",
        "His uncle lawfully owns a shotgun for clay shooting.",
    ),
    (
        "stated_intent_to_harm",
        "He told his mentor he wants to stab the boy who keeps taking his phone.",
        "He has intrusive thoughts about hurting people, which upset him; he denies any "
        "intention to hurt anyone.",
    ),
    (
        "mass_casualty_research",
        "His phone history shows he watched footage of the Christchurch attack most nights.",
        "The class read about the Manchester Arena attack as part of a citizenship project.",
    ),
    (
        "attack_approval",
        "He praised the Christchurch attacker in a class discussion.",
        "He said the attack was evil and that he felt sick watching the news.",
    ),
    (
        "identification_with_attackers",
        "He calls himself the next Columbine shooter in his online profile.",
        "Other pupils have started calling him a school shooter because he is quiet.",
    ),
    (
        "threat_made",
        "He threatened to stab a Year 10 pupil at the bus stop.",
        "He was threatened by older boys on the way home.",
    ),
    (
        "violence_history",
        "In 2022 he was cautioned for assault after punching another pupil.",
        "He was punched by another pupil and needed stitches.",
    ),
    (
        "fixation_on_violence",
        "He is obsessed with knives and talks constantly about killing.",
        "He enjoyed a history lesson about the First World War.",
    ),
    (
        "ideology_engagement",
        "He has voiced far-right views in lessons and drew swastikas on his books.",
        "His father holds extremist views, which he says he rejects.",
    ),
    (
        "extremist_material",
        "Police found Daesh propaganda videos saved on his laptop.",
        "A search of his devices found no extremist material.",
    ),
    (
        "grievance",
        "He holds a grudge against the school, which he says treated him unfairly.",
        "He denies any grudge against the school.",
    ),
    (
        "missing_episode",
        "She was reported missing from home twice last year.",
        "He comes home late but has never been missing.",
    ),
    (
        "neurodivergence_diagnosed",
        "He has a diagnosis of autism.",
        "An assessment in 2023 found that he is not autistic.",
    ),
    (
        "neurodivergence_suspected",
        "His teachers suspect he has ADHD.",
        "ADHD was ruled out last year.",
    ),
    (
        "assessment_pending",
        "She is on the waiting list for a CAMHS assessment.",
        "The assessment was completed in June.",
    ),
    (
        "mental_health_need",
        "She has been self-harming and says she feels suicidal.",
        "Mum has depression.",
    ),
    (
        "send_ehcp",
        "He has an EHCP for speech and language needs.",
        "There is no EHCP and he has never needed one.",
    ),
    (
        "exclusion",
        "He was permanently excluded from his secondary school in Year 9.",
        "He has never been excluded; he had one detention.",
    ),
    (
        "victim_of_bullying",
        "He is being bullied by older boys on the bus.",
        "The bullying stopped when he moved schools.",
    ),
    (
        "social_isolation",
        "He has no friends and spends lunchtimes alone in the library.",
        "Staff worry that he may become isolated after the move.",
    ),
    (
        "family_conflict",
        "There are daily rows at home between him and his stepfather.",
        "Relationships at home are described as warm and settled.",
    ),
    (
        "online_activity_concern",
        "He spends his nights on gore forums and 4chan.",
        "He has no social media accounts.",
    ),
]


@pytest.mark.parametrize(
    ("code", "asserted", "not_asserted"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_each_code_is_suggested_where_asserted_and_not_where_not(
    code: str, asserted: str, not_asserted: str
) -> None:
    assert code in codes(asserted)
    assert code not in codes(not_asserted)


def test_every_code_has_an_example() -> None:
    assert {code for code, _, _ in EXAMPLES} == set(INDICATORS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Found with a kitchen knife in his bag.", {"weapon_carrying"}),
        ("He was looking up the Columbine shooting in IT.", {"mass_casualty_research"}),
        (
            "He said he wanted to kill the boy who bullies him.",
            {"stated_intent_to_harm", "victim_of_bullying"},
        ),
    ],
)
def test_the_issues_own_examples_are_read(text: str, expected: set[str]) -> None:
    assert expected <= codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "No weapons were found.",
        "He denies any intention to hurt anyone.",
        "His brother was arrested for carrying a knife.",
        "Staff worry that if he were to get hold of a knife he would use it.",
        "There is no evidence that he has ever carried a knife.",
        "Nothing was found when his bag was searched for weapons.",
        "He has never been in a fight.",
        "A friend of his was excluded for fighting.",
        "IP was assaulted by an unknown male in the park.",
        "He might be at risk of exclusion if this continues.",
    ],
)
def test_negated_attributed_and_hypothetical_statements_suggest_nothing(text: str) -> None:
    assert codes(text) == set()


def test_a_denial_the_text_contradicts_does_not_cancel_what_was_found() -> None:
    text = "He denied having a knife but one was found in his bag."
    assert "weapon_carrying" in codes(text)
    [evidence] = [s for s in suggest(text) if s.code == "weapon_carrying"]
    assert "found in his bag" in evidence.text


def test_a_threat_against_himself_is_a_mental_health_need_not_a_threat() -> None:
    found = codes("He threatened to kill himself after the argument.")
    assert "mental_health_need" in found
    assert "threat_made" not in found
    assert "stated_intent_to_harm" not in found


def test_the_subjects_own_conditional_counts() -> None:
    found = codes('He told the boy "if you report me I\'ll stab you".')
    assert {"threat_made", "stated_intent_to_harm"} <= found


def test_states_said_to_be_over_are_not_suggested_but_past_acts_are() -> None:
    assert "victim_of_bullying" not in codes("He was bullied in Year 7 but that has stopped.")
    assert "victim_of_bullying" not in codes("He is no longer bullied.")
    assert "violence_history" in codes("Back in 2019 he was convicted of assault.")


def test_set_work_is_not_research_unless_done_beyond_it() -> None:
    assert "mass_casualty_research" not in codes(
        "He researched the Christchurch attack as part of a history project."
    )
    assert "mass_casualty_research" in codes(
        "After the project ended he kept watching footage of the Christchurch attack in his "
        "own time."
    )


def test_police_log_subject_and_injured_party() -> None:
    assert "violence_history" in codes("IP states S1 punched him in the face. S1 arrested.")
    assert "violence_history" not in codes("S1 was punched by IP outside the shop.")


def test_suggestions_carry_their_evidence_span() -> None:
    text = "Year 9 pupil. Staff found a lock knife in his blazer pocket."
    [found] = suggest(text)
    assert found == Suggestion(
        "weapon_carrying", found.start, found.end, text[found.start : found.end]
    )
    assert "knife" in found.text


def test_one_suggestion_per_code_at_the_earliest_evidence() -> None:
    text = "He carried a knife to school. Later he carried a machete to the park."
    found = suggest(text)
    assert [s.code for s in found] == ["weapon_carrying"]
    assert found[0].start < text.index("Later")


@pytest.mark.parametrize("text", ["", " ", "\n\n", "...", "\ud800", "\x00\x01"])
def test_empty_or_odd_text_gives_nothing(text: str) -> None:
    assert suggest(text) == []


def test_a_long_text_is_read_in_pieces_with_offsets_into_the_whole() -> None:
    filler = "He attends school regularly and enjoys football. " * 3000
    text = filler + "He was found with a knife in his bag."
    [found] = suggest(text)
    assert found.code == "weapon_carrying"
    assert text[found.start : found.end] == found.text
    assert found.start > len(filler) - 1


def test_foreign_text_needs_strong_evidence() -> None:
    german = (
        "Der Junge wurde mit einem Messer in seiner Tasche gefunden und sagte, er wolle den "
        "Jungen töten, der ihn schikaniert. Die Mutter sagt, es gebe zu Hause oft Streit."
    )
    police_log = (
        "SUBJ STOPPED S60 AREA 2130HRS. SEARCHED, LOCK KNIFE RECOVERED FROM WAISTBAND. "
        "ARRESTED S139. BWV ON. IP NIL. NFA PENDING CPS. SUBJ KNOWN TO YOS. MFH X2 LAST YR."
    )
    assert looks_foreign(german)
    assert not looks_foreign(police_log)
    assert not looks_foreign("Kein Messer.")  # too short to call
    assert "weapon_carrying" in codes(police_log)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                [
                    "knife",
                    "He",
                    "was",
                    "found",
                    "with",
                    "a",
                    "in",
                    "his",
                    "bag",
                    "not",
                    "no",
                    "bullied",
                    "self-harm",
                    ".",
                    ",",
                    "\n",
                    '"',
                    "I'll",
                    "kill",
                    "you",
                    "IP",
                    "S1",
                    "punched",
                    "him",
                    "autism",
                    "missing",
                    "from",
                    "home",
                ]
            ),
        ),
        max_size=40,
    ).map(" ".join)
)
def test_any_text_gives_valid_spans_and_known_codes(text: str) -> None:
    found = suggest(text)
    assert len({s.code for s in found}) == len(found)
    for s in found:
        assert s.code in INDICATORS
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
