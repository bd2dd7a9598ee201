"""The deterministic rules on top of the model: identifiers link only with a second field,
conflicting identifiers never auto-link, and some pairs always go to a person."""

from __future__ import annotations

from cairn.lib.identifiers import nhs_check_digit
from cairn.people.linkage.features import is_communal, prepare
from cairn.people.linkage.model import load_model
from cairn.people.linkage.rules import Thresholds
from cairn.people.linkage.scorer import Scorer


def _nhs(first_nine: str) -> str:
    check = nhs_check_digit(first_nine)
    assert check is not None
    return first_nine + str(check)


NHS_A = _nhs("999000001")
NHS_B = _nhs("999000002")

PERSON = {
    "record_id": "1",
    "given_name": "Amelia",
    "family_name": "Khan",
    "date_of_birth": "2011-05-17",
    "sex": "F",
    "postcode": "SW1A 1AA",
    "address": "12 High Street, Ashbury",
    "nhs_number": "",
    "upn": "",
    "pnc_id": "",
}


def test_identical_records_link() -> None:
    result = Scorer.shipped().score(PERSON, dict(PERSON, record_id="2", postcode="sw1a1aa"))
    assert result.outcome == "linked"
    assert result.probability >= 0.999


def test_conflicting_nhs_numbers_never_auto_link() -> None:
    a = dict(PERSON, nhs_number=NHS_A)
    b = dict(PERSON, record_id="2", nhs_number=NHS_B)
    result = Scorer.shipped().score(a, b)
    assert result.conflicts == ("nhs",)
    assert result.outcome != "linked"


def test_conflict_blocks_auto_link_even_at_a_low_threshold() -> None:
    scorer = Scorer(load_model(), thresholds=Thresholds(auto_link=0.0, review=0.0))
    a = dict(PERSON, nhs_number=NHS_A)
    b = dict(PERSON, record_id="2", nhs_number=NHS_B)
    assert scorer.score(a, b).outcome == "review"


def test_matching_identifier_and_a_second_field_link_deterministically() -> None:
    a = dict(PERSON, nhs_number=NHS_A)
    b = {
        "record_id": "2",
        "given_name": "Millie",
        "family_name": "Ahmed",
        "date_of_birth": "2011-05-17",
        "postcode": "M1 1AE",
        "address": "3 Mill Lane, Selham",
        "nhs_number": " ".join((NHS_A[:3], NHS_A[3:6], NHS_A[6:])),
    }
    result = Scorer.shipped().score(a, b)
    assert result.deterministic
    assert result.outcome == "linked"


def test_matching_identifier_alone_goes_to_review() -> None:
    a = dict(PERSON, nhs_number=NHS_A)
    b = {
        "record_id": "2",
        "given_name": "Zainab",
        "family_name": "Osei",
        "date_of_birth": "1980-01-02",
        "nhs_number": NHS_A,
    }
    result = Scorer.shipped().score(a, b)
    assert not result.deterministic
    assert result.outcome == "review"


def test_an_identifier_failing_its_checksum_is_not_used() -> None:
    bad = NHS_A[:9] + str((int(NHS_A[9]) + 1) % 10)
    prepared = prepare(dict(PERSON, nhs_number=bad))
    assert prepared.values["nhs"] is None
    assert prepared.problems == ["nhs_number: fails its checksum"]
    a = {"record_id": "1", "given_name": "Zainab", "nhs_number": bad}
    b = {"record_id": "2", "given_name": "Zainab", "nhs_number": bad}
    assert Scorer.shipped().score(a, b).outcome != "linked"


def test_twins_always_go_to_review() -> None:
    twin = dict(PERSON, record_id="2", given_name="Isla", nhs_number="")
    result = Scorer.shipped().score(PERSON, twin)
    assert result.forced_review_reason == "twins"
    assert result.outcome == "review"


def test_twins_go_to_review_when_one_record_misspells_the_family_name() -> None:
    a = dict(PERSON, family_name="Griffiths")
    twin = dict(a, record_id="2", given_name="Isla", family_name="Grqiffiths")
    result = Scorer.shipped().score(a, twin)
    assert result.forced_review_reason == "twins"
    assert result.outcome == "review"


def test_communal_address_goes_to_review() -> None:
    home = "Oakwood Children's Home, 5 Park Road, Ashbury"
    a = dict(PERSON, address=home)
    b = dict(PERSON, record_id="2", address=home)
    result = Scorer.shipped().score(a, b)
    assert result.forced_review_reason == "communal address"
    assert result.outcome == "review"


def test_same_address_different_date_of_birth_goes_to_review() -> None:
    b = dict(PERSON, record_id="2", date_of_birth="2011-05-18")
    result = Scorer.shipped().score(PERSON, b)
    assert result.forced_review_reason == "same address, different or missing date of birth"
    assert result.outcome != "linked"


def test_communal_terms() -> None:
    for address in (
        "Oakwood Children's Home",
        "St Mungo's Hostel, 3 Kings Road",
        "HMP Belmarsh",
        "Flat 3 (HMO), 12 Mill Lane",
        "Riverside Care Home",
        "Ashbury Women's Refuge",
        "Supported Housing, 4 Elm Close",
        "Greenway House in Multiple Occupation",
    ):
        assert prepare({"record_id": "1", "address": address}).values["communal"], address
    assert not is_communal("12 high street ashbury")
    assert is_communal("12 high street ashbury", frozenset({"12 high street ashbury"}))


def test_names_swapped_with_one_keyed_differently_have_their_own_level() -> None:
    a = dict(PERSON, given_name="Gary", family_name="Roberts", address="")
    b = dict(a, record_id="2", given_name="Rouberts", family_name="Gary", postcode="")
    result = Scorer.shipped().score(a, b)
    assert result.fields[0].label == "swapped, one name close"
    assert result.fields[0].weight > 0


def test_same_postcode_and_a_different_date_of_birth_still_goes_to_review() -> None:
    # A parent and a child named after them, the address keyed differently on one record.
    child = dict(PERSON, record_id="2", date_of_birth="1985-05-17", address="Flat 2, 7 Rye Row")
    result = Scorer.shipped().score(PERSON, child)
    labels = {f.field: f.label for f in result.fields}
    assert (labels["postcode"], labels["address"]) == ("exact", "different")
    assert result.forced_review_reason == "same address, different or missing date of birth"
    assert result.outcome != "linked"


def test_two_people_born_the_same_day_at_one_address_go_to_review() -> None:
    # Twins whose family name one agency keys quite differently, or a couple born the same
    # day: the date of birth and the address outweigh the names in the model.
    other = dict(PERSON, record_id="2", given_name="Zara", family_name="Kahan")
    result = Scorer.shipped().score(PERSON, other)
    assert result.forced_review_reason in {
        "twins",
        "same address and date of birth, names differ",
    }
    assert result.outcome != "linked"
    other = dict(PERSON, record_id="3", given_name="Zara", family_name="Osei")
    result = Scorer.shipped().score(PERSON, other)
    assert result.forced_review_reason == "same address and date of birth, names differ"
    assert result.outcome != "linked"


def test_names_swapped_at_one_address_and_birth_date_are_left_to_the_score() -> None:
    swapped = dict(PERSON, record_id="2", given_name="Khan", family_name="Amelia")
    assert Scorer.shipped().score(PERSON, swapped).forced_review_reason is None
