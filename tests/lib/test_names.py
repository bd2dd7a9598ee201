"""Name normal forms, nicknames, transliteration keys and Slavic surname stems."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cairn.lib.names import (
    NICKNAMES,
    VARIANT_GROUPS,
    are_nicknames,
    name_tokens,
    nickname_group,
    normalise_name,
    slavic_surname_stem,
    transliteration_key,
)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Seán", "sean"),
        ("ZOË", "zoe"),
        ("Łukasz", "lukasz"),
        ("Søren", "soren"),
        ("Straße", "strasse"),
        ("O'Brien", "obrien"),
        ("O\u2019Brien", "obrien"),
        ("O Brien", "obrien"),
        ("OBrien", "obrien"),
        ("McDonald", "macdonald"),
        ("Mc Donald", "macdonald"),
        ("MacDonald", "macdonald"),
        ("Mac Donald", "macdonald"),
        ("al-Rashid", "alrashid"),
        ("Al Rashid", "alrashid"),
        ("El-Rashid", "alrashid"),
        ("Alrashid", "alrashid"),
        ("Smith-Jones", "smith jones"),
        ("  Smith   Jones ", "smith jones"),
        ("D'Souza", "dsouza"),
        ("van der Berg", "vanderberg"),
        ("St. John", "stjohn"),
        ("Saint John", "stjohn"),
        ("J.", "j"),
        ("Abdul Rahman", "abdulrahman"),
        ("", ""),
        ("---", ""),
    ],
)
def test_normalise_name(raw: str, normal: str) -> None:
    assert normalise_name(raw) == normal


def test_a_particle_alone_or_last_is_kept() -> None:
    assert normalise_name("Al") == "al"
    assert normalise_name("Smith O") == "smith o"


@given(st.text())
def test_normalise_name_is_idempotent(raw: str) -> None:
    once = normalise_name(raw)
    assert normalise_name(once) == once


@given(st.text())
def test_normalise_name_gives_lower_case_letters_and_single_spaces(raw: str) -> None:
    normal = normalise_name(raw)
    assert all(c == " " or "a" <= c <= "z" for c in normal)
    assert "  " not in normal
    assert normal == normal.strip()


def test_name_tokens_split_double_barrelled_names() -> None:
    assert name_tokens("Smith-Jones") == ["smith", "jones"]
    assert name_tokens("Ní Bhriain") == ["ni", "bhriain"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bill", "William"),
        ("Liam", "Billy"),
        ("Bob", "Robert"),
        ("Lizzie", "Elizabeth"),
        ("Betty", "Beth"),
        ("Sandy", "Alexander"),
        ("Xander", "Alex"),
        ("Mo", "Muhammad"),
        ("Moe", "Mohamed"),
        ("Abdi", "Abdullah"),
        ("Kat", "Catherine"),
        ("Katie", "Kathryn"),
        ("Jack", "John"),
        ("Jon", "Jonathan"),
        ("Jimmy", "James"),
        ("Sasha", "Aleksandr"),
        ("Sanya", "Aleksander"),
        ("Katya", "Ekaterina"),
        ("Dima", "Dmitry"),
        ("Sam", "Samuel"),
        ("Sam", "Samantha"),
        ("Kasia", "Katarzyna"),
        ("Femi", "Oluwafemi"),
        ("william", "WILLIAM"),
    ],
)
def test_are_nicknames(a: str, b: str) -> None:
    assert are_nicknames(a, b)
    assert are_nicknames(b, a)


@pytest.mark.parametrize(("a", "b"), [("Bob", "William"), ("Samuel", "Samantha"), ("Jo", "Jim")])
def test_are_not_nicknames(a: str, b: str) -> None:
    assert not are_nicknames(a, b)


def test_nickname_group_is_shared_by_a_name_and_its_nicknames() -> None:
    assert {nickname_group(n) for n in ("William", "Bill", "Will", "Billy", "Liam")} == {"william"}
    assert {nickname_group(n) for n in ("Mohammed", "Muhammad", "Mohamad", "Mo")} == {"mohammed"}


def test_nickname_group_of_an_unknown_name_is_its_transliteration_key() -> None:
    assert nickname_group("Zephyrine") == transliteration_key("Zephyrine") == "zephyrine"


def test_the_nickname_table_is_large_and_keyed_by_normal_forms() -> None:
    assert len(NICKNAMES) >= 150
    for name, nicknames in NICKNAMES.items():
        assert normalise_name(name) == name
        assert nicknames
        assert all(normalise_name(n) == n for n in nicknames)


def test_nickname_table_names_each_variant_group_by_its_first_spelling() -> None:
    later_spellings = {v for group in VARIANT_GROUPS for v in group[1:]}
    assert not later_spellings & NICKNAMES.keys()


def test_variant_groups_are_disjoint_and_normal() -> None:
    counts = Counter(v for group in VARIANT_GROUPS for v in group)
    assert [v for v, n in counts.items() if n > 1] == []
    assert all(normalise_name(v) == v for v in counts)


@pytest.mark.parametrize(
    "variants",
    [
        ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad", "Muhammed"),
        ("Yusuf", "Yousef", "Youssef"),
        ("Hussein", "Husain", "Hussain"),
        ("Abdirahman", "Abdurahman", "Abdul Rahman", "Abdul-Rahman"),
        ("Ahmed", "Ahmad"),
        ("Chaudhry", "Chaudhary", "Choudhury"),
        ("Zhang", "Chang"),
        ("Xu", "Hsu"),
        ("Aleksandra", "Alexandra"),
        ("Olena", "Elena", "Helen"),
        ("Hussein", "Husein"),
    ],
)
def test_transliteration_variants_share_a_key(variants: tuple[str, ...]) -> None:
    assert len({transliteration_key(v) for v in variants}) == 1


def test_transliteration_key_keeps_different_names_apart() -> None:
    assert transliteration_key("Hassan") != transliteration_key("Hussein")
    assert transliteration_key("Smith") != transliteration_key("Smyth")


def test_every_variant_group_shares_one_key() -> None:
    for group in VARIANT_GROUPS:
        assert {transliteration_key(v) for v in group} == {group[0]}


@pytest.mark.parametrize(
    "forms",
    [
        ("Nowak", "Nowakowa", "Nowakówna"),
        ("Kowalski", "Kowalska"),
        ("Wysocki", "Wysocka"),
        ("Ivanov", "Ivanova"),
        ("Sergeev", "Sergeeva"),
        ("Petrovich", "Petrovna", "Petrovych", "Petrivna"),
        ("Novák", "Nováková"),
        ("Pushkin", "Pushkina"),
        ("Vysotsky", "Vysotskaya", "Vysotskiy"),
        ("Tolstoy", "Tolstaya"),
        ("Kazlauskas", "Kazlauskienė", "Kazlauskaitė"),
    ],
)
def test_gendered_slavic_surnames_share_a_stem(forms: tuple[str, ...]) -> None:
    assert len({slavic_surname_stem(f) for f in forms}) == 1


def test_patronymics_keep_apart_from_the_surname_they_derive_from() -> None:
    assert slavic_surname_stem("Petrov") != slavic_surname_stem("Petrovich")


def test_other_surnames_pass_through() -> None:
    assert slavic_surname_stem("Smith") == "smith"
    assert slavic_surname_stem("Smith-Kowalska") == "smith kowalsk"
