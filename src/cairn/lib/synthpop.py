"""A synthetic population of people and the records that agencies hold about them.

Identity resolution is judged against ground truth, which real agency data never has. This
module invents households at invented addresses, the people in them (siblings, twins,
parents and children sharing a first name, namesakes sharing a date of birth elsewhere,
residents of children's homes and hostels), and then writes each person as one to six
records the way different agencies would key them: with nicknames, typos, transliterations,
swapped date parts, old addresses, changed surnames, missing fields and identifiers that are
mostly absent and sometimes mistyped. Every record carries the person it belongs to and the
errors applied to it. The rates are `ERROR_RATES`; docs/synthetic-population.md explains them.

Nothing here describes a real person: names are drawn from common names, addresses from
invented streets and towns with postcodes in areas the Royal Mail does not use, and NHS
numbers from the range reserved for testing (999 000 0000 upwards).
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import TextIO

from cairn.lib.identifiers import nhs_check_digit, pnc_id_long, pnc_id_short, upn_check_letter
from cairn.lib.names import NICKNAMES, VARIANT_GROUPS, normalise_name, transliteration_key
from cairn.lib.records import RECORD_COLUMNS

COLUMNS = (*RECORD_COLUMNS, "person_id", "errors")

# The chance that each error is applied to a record it can apply to (a nickname needs a
# name that has one; a UPN keying error needs a UPN). docs/synthetic-population.md mirrors
# this table; `--error-scale` multiplies every rate, capped at 1.
ERROR_RATES: dict[str, float] = {
    "given_with_middle": 0.05,
    "middle_name_as_first": 0.08,
    "nickname": 0.10,
    "transliteration_given": 0.15,
    "transliteration_family": 0.15,
    "diacritics_stripped": 0.40,
    "initial_only": 0.02,
    "typo_given": 0.03,
    "typo_family": 0.03,
    "surname_changed": 0.05,
    "slavic_gender_form": 0.20,
    "double_barrel_one_part": 0.30,
    "particle_form": 0.30,
    "names_swapped": 0.02,
    "upper_case": 0.10,
    "dob_missing": 0.04,
    "dob_day_month_swapped": 0.03,
    "dob_digit_off": 0.02,
    "dob_within_year": 0.01,
    "sex_missing": 0.05,
    "sex_format": 0.10,
    "moved": 0.10,
    "postcode_missing": 0.07,
    "address_missing": 0.07,
    "postcode_format": 0.10,
    "address_format": 0.15,
    "nhs_spaced": 0.30,
    "nhs_keying": 0.02,
    "upn_keying": 0.02,
    "pnc_short_form": 0.40,
}

# The chance that a record carries an identifier the person has. These are not errors and
# `--error-scale` leaves them alone. Everyone has an NHS number; children (under 19) have a
# UPN; a fifth of people aged ten or over have a PNC id.
IDENTIFIER_PRESENCE: dict[str, float] = {"nhs_number": 0.40, "upn": 0.30, "pnc_id": 0.50}

# How many agencies hold a record about one person: most one, many two or three, some more.
RECORDS_PER_PERSON: dict[int, float] = {1: 0.50, 2: 0.22, 3: 0.13, 4: 0.07, 5: 0.05, 6: 0.03}

# How often the hard cases for matching occur.
HOUSEHOLD_RATES: dict[str, float] = {
    "communal": 0.03,  # a person living at a children's home, hostel, refuge, prison...
    "twins": 0.05,  # a household with children has a pair of twins
    "junior": 0.06,  # a son shares his father's first name, or a daughter her mother's
    "namesake": 0.005,  # an adult shares name and date of birth with someone elsewhere
    "double_barrelled": 0.04,  # an English household's surname is double-barrelled
    "step_family": 0.08,  # children have a different surname from one parent
}

REFERENCE_DATE = date(2026, 1, 1)
_SHUFFLE_BLOCK = 10_000


class _Pool:
    """Names drawn with Zipf-like frequencies: the first few are common, the rest rare."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, words: str) -> None:
        self._items = [w.replace("_", " ") for w in words.split()]
        self._cum = list(accumulate(1 / (i + 1) ** 0.8 for i in range(len(self._items))))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> str:
        index = bisect_right(self._cum, rng.random() * self._total)
        return self._items[min(index, len(self._items) - 1)]


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a household's names come from. Family names read "masculine/feminine"."""

    weight: float
    male: _Pool
    female: _Pool
    family: _Pool
    middle_rate: float
    devotional_first_rate: float = 0.0
    transliterated: bool = True  # written in other alphabets, or English spellings alone


_DEVOTIONAL_FIRST = _Pool("Mohammed Muhammad Mohammad Mohamed")

_ORIGINS: dict[str, _Origin] = {
    "english": _Origin(
        0.44,
        _Pool(
            "Oliver George Harry Jack Jacob Noah Charlie Thomas Oscar William James Leo Alfie "
            "Henry Joshua Freddie Archie Ethan Isaac Alexander Joseph Samuel Daniel Logan "
            "Edward Lucas Max Mason Benjamin Theo Dylan Jake Luke Matthew Ryan Adam Liam "
            "Lewis Robert Michael David John Richard Paul Mark Andrew Christopher Stephen "
            "Peter Anthony Kevin Gary Jonathan Nicholas Timothy Simon Ian Jamie Dean Craig "
            "Lee Wayne Darren Jordan Kyle Tyler Nathan Bradley Zachary Kenneth Raymond"
        ),
        _Pool(
            "Olivia Amelia Isla Ava Emily Sophia Grace Mia Poppy Ella Lily Evie Isabella "
            "Sophie Ivy Freya Harper Willow Charlotte Jessica Rosie Daisy Alice Phoebe "
            "Florence Elizabeth Sarah Emma Rebecca Laura Hannah Amy Lucy Katherine Victoria "
            "Rachel Samantha Jennifer Natalie Chloe Megan Lauren Bethany Abigail Danielle "
            "Stacey Kelly Michelle Nicola Claire Helen Susan Margaret Patricia Deborah Karen "
            "Julie Tracey Joanne Zoë Chloé Catherine Eleanor Madeleine Penelope Stephanie"
        ),
        _Pool(
            "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
            "Evans Walker White Roberts Green Hall Wood Jackson Clarke Harris Lewis Martin "
            "Cooper King Lee Baker Harrison Morgan Allen Hughes Young Scott Edwards Hill Moore "
            "Clark Turner Carter Phillips Mitchell Parker Ward Cook Morris Bell Collins Shaw "
            "Bennett Adams Cox Richardson Marshall Bailey Chapman Webb Rogers Gray Mason Hunt "
            "Holmes Mills Palmer Lloyd Barnes Knight Butler Russell Fisher Dixon Fletcher "
            "Harvey Pearson Kennedy Graham Ellis Reynolds Gibson Wells Stevens Fox Spencer "
            "Hudson Howard Bird Cole Grant Lane Atkinson Hart Rose Armstrong Dawson Brooks "
            "Smyth Francis Campbell St_John"
        ),
        middle_rate=0.6,
        transliterated=False,
    ),
    "celtic": _Origin(
        0.10,
        _Pool(
            "Seán Ciarán Pádraig Eoin Cormac Oisín Dafydd Rhys Gareth Iwan Hamish Angus "
            "Callum Euan Lachlan Conor Declan Aidan Kieran Owen Evan Llewellyn Tomás Fionn"
        ),
        _Pool(
            "Siobhán Niamh Aoife Caoimhe Róisín Saoirse Siân Cerys Rhiannon Ffion Eilidh "
            "Mhairi Isla Morag Catriona Bridget Orla Gwen Megan Nia Sinéad Áine Eimear"
        ),
        _Pool(
            "Jones Williams Davies Evans Thomas Roberts Hughes Lewis Morgan Griffiths Price "
            "Murphy Kelly O'Brien O'Neill O'Connor O'Sullivan MacDonald McLean MacLeod "
            "McKenzie Campbell Stewart Murray Fraser Byrne Ryan Walsh Doyle McCarthy "
            "Gallagher Ó_Briain Mac_Giolla Llywelyn Pryce"
        ),
        middle_rate=0.5,
        transliterated=False,
    ),
    "south_asian_muslim": _Origin(
        0.07,
        _Pool(
            "Imran Asif Zubair Tariq Bilal Hamza Usman Adnan Faisal Kamran Shahid Arif "
            "Rizwan Saqib Zain Ayaan Ibrahim Abdul_Rahman Yusuf Omar Ali Hassan Hussain "
            "Ahmed Sohail Junaid Waqas Nadeem Shakeel Rashid"
        ),
        _Pool(
            "Ayesha Fatima Zainab Maryam Sana Nadia Samina Rubina Shabana Nasreen Aisha "
            "Hira Iqra Amna Sadia Farzana Tasnim Ruksana Khadija Halima Noor Mariam"
        ),
        _Pool(
            "Khan Hussain Ahmed Ali Shah Iqbal Akhtar Mahmood Chaudhry Qureshi Siddiqui "
            "Rahman Islam Uddin Miah Hossain Rashid Malik Butt Sheikh Syed Mirza Choudhury "
            "Begum Aslam Anwar Javed Bashir"
        ),
        middle_rate=0.4,
        devotional_first_rate=0.3,
    ),
    "south_asian": _Origin(
        0.06,
        _Pool(
            "Harpreet Gurpreet Manpreet Jaswinder Rajinder Sukhvinder Ravinder Amarjit "
            "Baljit Kulwinder Rajesh Sanjay Vikram Arjun Rohan Amit Pradeep Sandeep Deepak "
            "Krishna Anil Suresh Vijay Ravi Nikhil Aarav Venkatesh Satnam Parminder"
        ),
        _Pool(
            "Priya Anjali Sunita Pooja Neha Deepa Kavita Lakshmi Meera Shreya Simran "
            "Harleen Jasleen Manjit Navdeep Rupinder Ananya Divya Asha Harpreet Gurpreet"
        ),
        _Pool(
            "Singh Patel Sharma Gupta Kumar Shah Mistry Joshi Mehta Sandhu Gill Dhillon "
            "Bains Sidhu Grewal Mukherjee Banerjee Chatterjee Bhattacharya Srinivasan Iyer "
            "Nair Reddy Rao Desai Chauhan Parmar Kapoor Kaur"
        ),
        middle_rate=0.3,
    ),
    "arabic": _Origin(
        0.04,
        _Pool(
            "Mohammed Ahmed Omar Yusuf Ibrahim Khalid Hassan Hussein Mustafa Ali Hamza "
            "Bilal Tariq Idris Zakaria Yahya Suleiman Faisal Abdullah Abdulaziz Mahmoud "
            "Karim Sami Nabil Rami Walid Adel Ismail Youssef"
        ),
        _Pool(
            "Fatima Aisha Khadija Zainab Maryam Amina Layla Nour Huda Rania Salma Yasmin "
            "Sara Hana Noura Lina Dalia Mona Rana Samira Leila"
        ),
        _Pool(
            "al-Rashid al-Hashimi el-Sayed al-Amin Haddad Khalil Mansour Nasser Saleh "
            "Hamdan Abdallah Hussein Hassan Ibrahim Mahmoud Mustafa al-Tamimi Qasim Darwish "
            "Khoury Aziz Ashour Bakr el-Masri al-Najjar Youssef"
        ),
        middle_rate=0.3,
        devotional_first_rate=0.1,
    ),
    "somali": _Origin(
        0.03,
        _Pool(
            "Abdirahman Abdullahi Mohamed Ahmed Abdikadir Hassan Ali Omar Yusuf Ismail "
            "Mustafe Said Abdi Farah Guled Liban Mahad Warsame Jama Nuur Abdiaziz Mohamud"
        ),
        _Pool(
            "Hodan Fadumo Hawa Amina Khadija Ayan Sahra Ubah Hibo Ifrah Nimco Ladan Sagal "
            "Deeqa Halima Maryan Idil Faadumo Hamdi"
        ),
        _Pool(
            "Abdi Ahmed Ali Farah Hassan Hussein Ismail Jama Mohamed Mohamud Osman Warsame "
            "Yusuf Omar Nur Aden Egal Elmi Dahir Guled Abdullahi Abdirahman Hersi Duale"
        ),
        middle_rate=0.5,
    ),
    "polish_czech": _Origin(
        0.05,
        _Pool(
            "Łukasz Piotr Krzysztof Tomasz Paweł Michał Marcin Jakub Wojciech Grzegorz "
            "Andrzej Mateusz Kamil Bartłomiej Szymon Jan Aleksander Jiří Tomáš Petr"
        ),
        _Pool(
            "Agnieszka Katarzyna Małgorzata Anna Magdalena Joanna Aleksandra Zofia Natalia "
            "Monika Ewa Karolina Dorota Weronika Lucie Tereza"
        ),
        _Pool(
            "Nowak Kowalski/Kowalska Wiśniewski/Wiśniewska Wójcik Kowalczyk "
            "Kamiński/Kamińska Lewandowski/Lewandowska Zieliński/Zielińska "
            "Szymański/Szymańska Woźniak Dąbrowski/Dąbrowska Kozłowski/Kozłowska "
            "Jankowski/Jankowska Mazur Krawczyk Wysocki/Wysocka Novák/Nováková "
            "Horváth/Horváthová Dvořák/Dvořáková Černý/Černá"
        ),
        middle_rate=0.1,
    ),
    "east_european": _Origin(
        0.03,
        _Pool(
            "Aleksandr Dmitri Sergei Andrei Ivan Mikhail Nikolai Vladimir Yuri Oleksandr "
            "Dmytro Serhiy Mykola Volodymyr Yevgeny Aleksei Georgi Tomas Mindaugas"
        ),
        _Pool(
            "Yekaterina Olga Tatiana Anastasia Yulia Yelena Olena Svetlana Iryna Oksana "
            "Lyudmila Maria Daria Kateryna Natalia Aleksandra Ruta"
        ),
        _Pool(
            "Ivanov/Ivanova Petrov/Petrova Smirnov/Smirnova Kuznetsov/Kuznetsova "
            "Shevchenko Kovalenko Bondarenko Sokolov/Sokolova Volkov/Volkova Tkachenko "
            "Morozov/Morozova Lebedev/Lebedeva Melnyk Kovalchuk Georgiev/Georgieva "
            "Dimitrov/Dimitrova Kazlauskas/Kazlauskienė Vysotsky/Vysotskaya "
            "Petrovich/Petrovna"
        ),
        middle_rate=0.1,
    ),
    "chinese": _Origin(
        0.03,
        _Pool(
            "Wei Jun Hao Ming Jie Lei Tao Yi Xin Jian Hong Qiang Bo Chen Kai Zhi_Hao "
            "Jia_Hao Yu_Xuan Kevin Jason"
        ),
        _Pool(
            "Li Jing Hui Yan Fang Ying Mei Ling Xiu Qing Zhen Xue Yu_Ting Jia_Hui Xiao_Min "
            "Jenny Grace"
        ),
        _Pool(
            "Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin "
            "Luo Zheng Liang Xie Cai Wong Chan Cheung Lee Lau Ng Ho Yeung Tsang"
        ),
        middle_rate=0.05,
    ),
    "west_african": _Origin(
        0.07,
        _Pool(
            "Oluwaseun Oluwatobi Oluwafemi Adebayo Chukwuemeka Chinedu Nnamdi Emeka Kwame "
            "Kwabena Kofi Kwaku Yaw Tunde Segun Babajide Ikenna Obinna Femi Tobi Samuel "
            "Emmanuel David Daniel Joshua"
        ),
        _Pool(
            "Olufunmilayo Oluwatoyin Ngozi Chioma Adaeze Folake Funmilayo Yewande Abena "
            "Akosua Ama Efua Adwoa Blessing Grace Precious Esther Favour Deborah"
        ),
        _Pool(
            "Adeyemi Okafor Okonkwo Adebayo Olawale Oluwole Balogun Ogunleye Nwosu Eze Obi "
            "Mensah Owusu Boateng Asante Osei Appiah Danso Adjei Ofori Akinola Babatunde "
            "Okeke Chukwu"
        ),
        middle_rate=0.6,
    ),
    "southern_european": _Origin(
        0.05,
        _Pool(
            "João José António Gonçalo Luís Tiago Rui Ştefan Mihai Alexandru Ion Andrei "
            "Giuseppe Matteo Francesco Marco André"
        ),
        _Pool(
            "Conceição Inês Mariana Beatriz Ana Joana Andreea Ioana Elena Mădălina "
            "Francesca Chiara Giulia Maria Sofia Raluca"
        ),
        _Pool(
            "Silva Santos Ferreira Pereira Gonçalves Rodrigues da_Silva D'Souza De_Souza "
            "Fernandes Popescu Ionescu Popa Rădulescu Rossi Russo Esposito Romano Conti "
            "Costa Oliveira Lopes"
        ),
        middle_rate=0.5,
        transliterated=False,
    ),
}
_ENGLISH = _ORIGINS["english"]
_ORIGIN_NAMES = list(_ORIGINS)
_ORIGIN_CUM = list(accumulate(o.weight for o in _ORIGINS.values()))

_TOWNS = _Pool(
    "Ashbury Kelmford Bromleigh Thornwick Wenbury Marlcombe Holbeck Selham Crowmere "
    "Belstead Fenwick Oakhurst Redmarsh Stonebridge Aldwick Harrowby Linwell Moorcott "
    "Pendleford Quenby Rushcombe Saltmere Tarnford Wyvenham"
)
_STREET_NAMES = _Pool(
    "Oak Elm Mill Church Station Ashgrove Brook Heather Kestrel Willow Foxglove Beech "
    "Chapel Orchard Meadow Hawthorn Rowan Larch Cedar Bramble Primrose Clover Linden Poplar "
    "Alder Maple Hazel Juniper Sorrel Bluebell Kingfisher Heron Lark Wren Swallow Falcon "
    "Badger Otter Fern Thistle Harebell Sycamore Chestnut Birch Laurel Holly Ivy Quarry "
    "Forge Tannery Weaver Cooper Ropewalk Wharf Bridge Canal Market Castle Abbey Priory"
)
_STREET_KINDS = _Pool(
    "Street Road Lane Avenue Close Crescent Drive Way Gardens Terrace Place Grove Row Walk"
)
_ABBREVIATIONS = {
    "Street": "St",
    "Road": "Rd",
    "Lane": "Ln",
    "Avenue": "Ave",
    "Close": "Cl",
    "Crescent": "Cres",
    "Drive": "Dr",
    "Gardens": "Gdns",
    "Terrace": "Ter",
    "Place": "Pl",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b")
# Postcode areas that begin with Q, V or X are never issued, so these can belong to no one.
_POSTCODE_AREAS = [a + b for a in "QVX" for b in "ABCDEFGHKLMNOPRSTUWY"]
_POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_COMMUNAL_KINDS = (
    ("Children's Home", 0, 17),
    ("Hostel", 16, 40),
    ("Supported Housing", 16, 30),
    ("Care Home", 70, 95),
    ("Refuge", 18, 50),
    ("House in Multiple Occupation", 18, 60),
    ("Prison", 18, 60),
)
_COMMUNAL_NAMES = _Pool("Oakfield Riverside Beacon Hillview Meadowbank Elmwood Harbour Greystones")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SEX_WORDS = {"M": ("Male", "male", "MALE", "m"), "F": ("Female", "female", "FEMALE", "f")}


@dataclass(frozen=True, slots=True)
class _Address:
    line: str
    postcode: str


@dataclass(slots=True)
class _Person:
    """One person's true particulars: what every record about them starts from."""

    person_id: str
    origin: _Origin
    given: str
    middle: str
    family: str
    family_other_form: str  # the other gender's form of a Slavic surname, or ""
    family_changed: str  # a married or step-parent's surname they may be recorded under, or ""
    dob: date
    sex: str
    address: _Address
    former: _Address
    nhs: str
    upn: str
    pnc: tuple[int, int] | None


@dataclass
class Tally:
    """The generator's own accounting of what it made.

    For each error, the records it could apply to (`eligible`) and those it was applied to
    (`applied`); for each hard case in `HOUSEHOLD_RATES`, how many times it occurred
    (`cases`); and the persons and records written.
    """

    eligible: Counter[str] = field(default_factory=Counter)
    applied: Counter[str] = field(default_factory=Counter)
    cases: Counter[str] = field(default_factory=Counter)
    persons: int = 0
    records: int = 0


_GROUP_OF: dict[str, tuple[str, ...]] = {v: group for group in VARIANT_GROUPS for v in group}


@cache
def _variants_of(name: str) -> tuple[str, ...]:
    normal = normalise_name(name)
    return tuple(v.title() for v in _GROUP_OF.get(normal, ()) if v != normal)


@cache
def _nicknames_of(name: str) -> tuple[str, ...]:
    return tuple(n.title() for n in sorted(NICKNAMES.get(transliteration_key(name), ())))


@cache
def _strip_diacritics(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PARTICLE = re.compile(r"^(Mc|Mac|O'|Ó |al-|el-|Al-|El-|D'|De |da |Da )(.+)$")


@cache
def _particle_forms(family: str) -> tuple[str, ...]:
    """Other ways clerks write a surname with a prefix: "McLean" as "Mc Lean", "MacLean"."""
    match = _PARTICLE.match(family)
    if match is None:
        return ()
    prefix, rest = match.groups()
    if prefix in ("Mc", "Mac"):
        other = "Mac" if prefix == "Mc" else "Mc"
        return (f"{prefix} {rest}", f"{other}{rest}", f"{prefix}{rest.lower()}")
    if prefix in ("O'", "Ó "):
        return (f"O{rest}", f"O {rest}", f"O\u2019{rest}", f"O{rest.lower()}")
    if prefix.lower() in ("al-", "el-"):
        article = prefix[:-1].title()
        return (f"{article} {rest}", f"{article}{rest.lower()}", f"El-{rest}", f"Al-{rest}", rest)
    return (f"{prefix.strip()}{rest}", f"{prefix.strip()} {rest}", rest)


class _Population:
    """Draws households, people and their records from one seeded random generator."""

    def __init__(self, seed: int, error_scale: float, tally: Tally) -> None:
        # Reproducible, not secret: the data is invented and the seed is published.
        self.rng = random.Random(seed)  # noqa: S311
        self.rates = {k: min(1.0, v * error_scale) for k, v in ERROR_RATES.items()}
        self.tally = tally
        self.nhs_counter = 0
        self.upn_counter = 0
        self.pnc_counter = 0
        self.communal: list[tuple[_Address, int, int]] = []
        self.namesakes: list[_Person] = []

    # Places.

    def _postcode(self) -> str:
        rng = self.rng
        area = _POSTCODE_AREAS[rng.randrange(len(_POSTCODE_AREAS))]
        letters = _POSTCODE_UNIT_LETTERS
        unit = letters[rng.randrange(20)] + letters[rng.randrange(20)]
        return f"{area}{rng.randint(1, 29)} {rng.randrange(10)}{unit}"

    def _street(self) -> str:
        rng = self.rng
        name, kind = _STREET_NAMES.pick(rng), _STREET_KINDS.pick(rng)
        return f"{rng.randint(1, 180)} {name} {kind}, {_TOWNS.pick(rng)}"

    def _home(self) -> _Address:
        street = self._street()
        if self.rng.random() < 0.15:
            street = f"Flat {self.rng.randint(1, 24)}, {street}"
        return _Address(street, self._postcode())

    def _communal_address(self) -> tuple[_Address, int, int]:
        """A children's home, hostel, refuge, prison...: usually one already in use."""
        rng = self.rng
        if self.communal and rng.random() < 0.8:
            return self.communal[rng.randrange(len(self.communal))]
        kind, youngest, oldest = _COMMUNAL_KINDS[rng.randrange(len(_COMMUNAL_KINDS))]
        street = self._street()
        if kind == "Prison":
            line = f"HMP {street.rsplit(', ', 1)[1]}, {street}"
        elif kind == "House in Multiple Occupation":
            line = f"{kind}, {street}"
        else:
            line = f"{_COMMUNAL_NAMES.pick(rng)} {kind}, {street}"
        communal = (_Address(line, self._postcode()), youngest, oldest)
        self.communal.append(communal)
        return communal

    # Identifiers.

    def _nhs_number(self) -> str:
        """The next unused number in the NHS's test range, 999 000 0000 upwards.

        The range holds about 909,000 valid numbers; beyond that many people they repeat.
        """
        while True:
            self.nhs_counter += 1
            first_nine = f"999{(self.nhs_counter * 7919) % 1_000_000:06d}"
            check = nhs_check_digit(first_nine)
            if check is not None:
                return f"{first_nine}{check}"

    def _upn(self, dob: date) -> str:
        self.upn_counter += 1
        digits = f"999{self.upn_counter % 10_000:04d}{(dob.year + 4) % 100:02d}"
        digits += f"{(self.upn_counter // 10_000) % 1000:03d}"
        return upn_check_letter(digits) + digits

    # People.

    def _dob(self, age: int) -> date:
        return REFERENCE_DATE - timedelta(days=age * 365 + self.rng.randrange(1, 365))

    def _person(
        self,
        origin: _Origin,
        family: str,
        sex: str,
        age: int,
        home: tuple[_Address, _Address],
        *,
        dob: date | None = None,
        changed: str = "",
    ) -> _Person:
        """A person of this origin, age and sex with the household's surname.

        A surname reads "Kowalski/Kowalska" where it has a masculine and a feminine form.
        `changed` is a surname the person may also be recorded under.
        """
        rng = self.rng
        masculine, _, feminine = family.partition("/")
        if sex == "M":
            recorded, other = masculine, feminine
        else:
            recorded, other = (feminine, masculine) if feminine else (masculine, "")
        changed_masculine, _, changed_feminine = changed.partition("/")
        pool = origin.male if sex == "M" else origin.female
        given = pool.pick(rng)
        middle = pool.pick(rng) if rng.random() < origin.middle_rate else ""
        if sex == "M" and rng.random() < origin.devotional_first_rate:
            given, middle = _DEVOTIONAL_FIRST.pick(rng), given
        if dob is None:
            dob = self._dob(age)
        else:
            age = (REFERENCE_DATE - dob).days // 365
        pnc = None
        if dob.year + 10 < REFERENCE_DATE.year and rng.random() < 0.2:
            year = rng.randint(max(dob.year + 10, 1995), REFERENCE_DATE.year - 1)
            self.pnc_counter += 1
            pnc = (year, (self.pnc_counter * 7919) % 1_000_000)
        return _Person(
            person_id="",
            origin=origin,
            given=given,
            middle="" if middle == given else middle,
            family=recorded,
            family_other_form=other,
            family_changed=(changed_feminine if sex == "F" else "") or changed_masculine,
            dob=dob,
            sex=sex,
            address=home[0],
            former=home[1],
            nhs=self._nhs_number(),
            upn=self._upn(dob) if age < 19 else "",
            pnc=pnc,
        )

    def _origin(self) -> _Origin:
        index = bisect_right(_ORIGIN_CUM, self.rng.random() * _ORIGIN_CUM[-1])
        return _ORIGINS[_ORIGIN_NAMES[min(index, len(_ORIGIN_NAMES) - 1)]]

    def _surname(self, origin: _Origin) -> str:
        family = origin.family.pick(self.rng)
        if origin is _ENGLISH and self.rng.random() < HOUSEHOLD_RATES["double_barrelled"]:
            self.tally.cases["double_barrelled"] += 1
            family = f"{family}-{origin.family.pick(self.rng)}"
        return family

    def _sex(self) -> str:
        return "M" if self.rng.random() < 0.5 else "F"

    def household(self) -> list[_Person]:
        """The people living at one address: a family, or one resident of a communal home."""
        rng = self.rng
        origin = self._origin()
        if rng.random() < HOUSEHOLD_RATES["communal"]:
            self.tally.cases["communal"] += 1
            address, youngest, oldest = self._communal_address()
            age = rng.randint(youngest, oldest)
            home = (address, self._home())
            return [self._person(origin, self._surname(origin), self._sex(), age, home)]
        home = (self._home(), self._home())
        family = self._surname(origin)
        children = 0 if rng.random() < 0.45 else min(1 + int(rng.expovariate(0.8)), 6)
        eldest = rng.randint(0, 17) if children else 0
        parent_age = eldest + rng.randint(20, 40) if children else rng.randint(18, 85)
        people = [self._adult(origin, family, self._sex(), parent_age, home)]
        if rng.random() < (0.7 if children else 0.5):
            first_sex = people[0].sex
            sex = first_sex if rng.random() < 0.05 else ("F" if first_sex == "M" else "M")
            partner_origin = self._origin() if rng.random() < 0.08 else origin
            married = partner_origin is origin and rng.random() < 0.6
            partner_family = family if married else self._surname(partner_origin)
            age = max(18, parent_age + rng.randint(-6, 6))
            people.append(self._adult(partner_origin, partner_family, sex, age, home))
        step = len(people) == 2 and rng.random() < HOUSEHOLD_RATES["step_family"]
        if step:
            self.tally.cases["step_family"] += 1
        child_family = self._surname(origin) if step else family
        ages = [eldest, *sorted(rng.randint(0, eldest) for _ in range(children - 1))]
        for age in ages[:children]:
            child = self._person(
                origin, child_family, self._sex(), age, home, changed=family if step else ""
            )
            parent = next((p for p in people[:2] if p.sex == child.sex), None)
            if parent is not None and rng.random() < HOUSEHOLD_RATES["junior"]:
                self.tally.cases["junior"] += 1
                child.given = parent.given
            people.append(child)
        if children and rng.random() < HOUSEHOLD_RATES["twins"]:
            self.tally.cases["twins"] += 1
            people.append(self._twin(origin, child_family, people[-1], home))
        return people

    def _twin(
        self, origin: _Origin, family: str, sibling: _Person, home: tuple[_Address, _Address]
    ) -> _Person:
        """A twin of `sibling`: same birthday, surname and home; often a name alike."""
        twin = self._person(origin, family, self._sex(), 0, home, dob=sibling.dob)
        alike = self.rng.random() < 0.3
        pool = origin.male if twin.sex == "M" else origin.female
        for _ in range(20):
            if twin.given != sibling.given and (not alike or twin.given[0] == sibling.given[0]):
                break
            twin.given = pool.pick(self.rng)
        return twin

    def _adult(
        self, origin: _Origin, family: str, sex: str, age: int, home: tuple[_Address, _Address]
    ) -> _Person:
        """An adult; now and then a namesake of someone elsewhere, down to the birthday."""
        rng = self.rng
        if self.namesakes and rng.random() < HOUSEHOLD_RATES["namesake"]:
            self.tally.cases["namesake"] += 1
            other = self.namesakes[rng.randrange(len(self.namesakes))]
            person = self._person(origin, family, other.sex, age, home, dob=other.dob)
            person.given, person.middle, person.family = other.given, other.middle, other.family
            person.family_other_form, person.family_changed = other.family_other_form, ""
            person.origin = other.origin
            return person
        changed = self._surname(origin) if sex == "F" and rng.random() < 0.4 else ""
        person = self._person(origin, family, sex, age, home, changed=changed)
        if len(self.namesakes) < 1000:
            self.namesakes.append(person)
        else:
            self.namesakes[rng.randrange(1000)] = person
        return person

    # Records.

    def record_count(self) -> int:
        """How many agencies hold a record about the next person."""
        index = bisect_right(_RECORDS_CUM, self.rng.random() * _RECORDS_CUM[-1])
        return _RECORD_COUNTS[min(index, len(_RECORD_COUNTS) - 1)]

    def record(self, person: _Person) -> list[str]:
        """One agency's record of a person: the truth, with each error drawn at its rate.

        Returns every column but `record_id`, which is numbered as records are written.
        """
        rng, rates, tally = self.rng, self.rates, self.tally
        errors: list[str] = []

        def happens(kind: str) -> bool:
            tally.eligible[kind] += 1
            if rng.random() < rates[kind]:
                tally.applied[kind] += 1
                errors.append(kind)
                return True
            return False

        given, family = self._names(person, happens)
        dob = self._date_of_birth(person.dob, happens)
        sex = person.sex
        if happens("sex_missing"):
            sex = rng.choice(("", "", "", "Unknown"))
        elif happens("sex_format"):
            sex = rng.choice(_SEX_WORDS[sex])
        address = person.former if happens("moved") else person.address
        line, postcode = address.line, address.postcode
        if happens("postcode_missing"):
            postcode = ""
        elif happens("postcode_format"):
            spaceless = postcode.replace(" ", "")
            postcode = rng.choice((postcode.lower(), spaceless, spaceless.lower()))
        if happens("address_missing"):
            line = ""
        elif happens("address_format"):
            line = self._reformat_address(line)
        nhs = upn = pnc = ""
        if rng.random() < IDENTIFIER_PRESENCE["nhs_number"]:
            nhs = person.nhs
            if happens("nhs_keying"):
                nhs = self._mistype_digit(nhs, 0, 9)
            if happens("nhs_spaced"):
                nhs = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
        if person.upn and rng.random() < IDENTIFIER_PRESENCE["upn"]:
            upn = person.upn
            if happens("upn_keying"):
                upn = self._mistype_digit(upn, 1, 13)
        if person.pnc and rng.random() < IDENTIFIER_PRESENCE["pnc_id"]:
            pnc = (
                pnc_id_short(*person.pnc) if happens("pnc_short_form") else pnc_id_long(*person.pnc)
            )
        return [
            given,
            family,
            dob,
            sex,
            postcode,
            line,
            nhs,
            upn,
            pnc,
            person.person_id,
            ";".join(errors),
        ]

    def _names(self, person: _Person, happens: Callable[[str], bool]) -> tuple[str, str]:
        rng = self.rng
        given, family = person.given, person.family
        if person.middle:
            if happens("given_with_middle"):
                given = f"{given} {person.middle}"
            elif happens("middle_name_as_first"):
                given = person.middle
        nicknames = _nicknames_of(given)
        if nicknames and happens("nickname"):
            given = nicknames[rng.randrange(len(nicknames))]
        transliterated = person.origin.transliterated
        variants = _variants_of(given) if transliterated else ()
        if variants and happens("transliteration_given"):
            given = variants[rng.randrange(len(variants))]
        variants = _variants_of(family) if transliterated else ()
        if variants and happens("transliteration_family"):
            family = variants[rng.randrange(len(variants))]
        if person.family_changed and happens("surname_changed"):
            family = person.family_changed
        elif person.family_other_form and family == person.family and happens("slavic_gender_form"):
            family = person.family_other_form
        if "-" in family and happens("double_barrel_one_part"):
            family = rng.choice(family.split("-"))
        forms = _particle_forms(family)
        if forms and happens("particle_form"):
            family = forms[rng.randrange(len(forms))]
        plain_given, plain_family = _strip_diacritics(given), _strip_diacritics(family)
        if (plain_given != given or plain_family != family) and happens("diacritics_stripped"):
            given, family = plain_given, plain_family
        if len(given) > 1 and happens("initial_only"):
            given = given[0] + rng.choice(("", "."))
        if len(given) >= 3 and happens("typo_given"):
            given = self._typo(given)
        if len(family) >= 3 and happens("typo_family"):
            family = self._typo(family)
        if happens("names_swapped"):
            given, family = family, given
        if happens("upper_case"):
            given, family = given.upper(), family.upper()
        return given, family

    def _date_of_birth(self, dob: date, happens: Callable[[str], bool]) -> str:
        if happens("dob_missing"):
            return ""
        if dob.day <= 12 and dob.day != dob.month and happens("dob_day_month_swapped"):
            dob = dob.replace(month=dob.day, day=dob.month)
        elif happens("dob_digit_off"):
            dob = self._digit_off(dob)
        elif happens("dob_within_year"):
            shifted = dob + timedelta(days=self.rng.choice((-1, 1)) * self.rng.randint(1, 365))
            dob = shifted if shifted < REFERENCE_DATE else dob - (shifted - dob)
        return dob.isoformat()

    def _digit_off(self, dob: date) -> date:
        """The date with one digit of its day, month or year's decade keyed one off."""
        text = dob.isoformat()
        candidates = [(i, step) for i in (2, 3, 5, 6, 8, 9) for step in (-1, 1)]
        self.rng.shuffle(candidates)
        for i, step in candidates:
            digit = int(text[i]) + step
            if 0 <= digit <= 9:
                try:
                    keyed = date.fromisoformat(f"{text[:i]}{digit}{text[i + 1 :]}")
                except ValueError:
                    continue
                if keyed < REFERENCE_DATE:
                    return keyed
        raise AssertionError(text)

    def _typo(self, name: str) -> str:
        """One keying slip after the first letter: a letter added, lost, changed or swapped."""
        rng = self.rng
        i = rng.randrange(1, len(name))
        letter = _LETTERS[rng.randrange(26)]
        kind = rng.randrange(4)
        if kind == 0:
            return name[:i] + letter + name[i:]
        if kind == 1:
            return name[:i] + name[i + 1 :]
        if kind == 2 and i < len(name) - 1 and name[i] != name[i + 1]:
            return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        if letter == name[i].lower():
            letter = _LETTERS[(_LETTERS.index(letter) + 1) % 26]
        return name[:i] + letter + name[i + 1 :]

    def _mistype_digit(self, identifier: str, start: int, stop: int) -> str:
        """One digit keyed wrong; the check character then never agrees."""
        i = self.rng.randrange(start, stop)
        digit = (int(identifier[i]) + self.rng.randint(1, 9)) % 10
        return f"{identifier[:i]}{digit}{identifier[i + 1 :]}"

    def _reformat_address(self, line: str) -> str:
        """The same address written another way: abbreviated, without the town, or in capitals."""
        kind = self.rng.randrange(4)
        if kind == 0 and _ABBREVIATION.search(line):
            return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m[1]], line)
        if kind == 1:
            return line.rsplit(", ", 1)[0]
        if kind == 2:
            return line.replace(",", "")
        return line.upper()


_RECORD_COUNTS = list(RECORDS_PER_PERSON)
_RECORDS_CUM = list(accumulate(RECORDS_PER_PERSON.values()))


def generate_records(
    n: int, *, seed: int = 0, error_scale: float = 1.0, tally: Tally | None = None
) -> Iterator[tuple[str, ...]]:
    """`n` records, in `COLUMNS` order, about a population of households.

    The same seed and error scale give the same records. Records are shuffled within blocks
    of ten thousand so that one person's records are not always neighbours. `tally`, when
    given, counts for each error the records it could apply to and those it was applied to.
    """
    tally = tally if tally is not None else Tally()
    population = _Population(seed, error_scale, tally)
    width = len(str(n))
    buffer: list[list[str]] = []
    made = 0
    while made < n:
        for person in population.household():
            if made >= n:
                break
            tally.persons += 1
            person.person_id = f"P{tally.persons:0{width}d}"
            for _ in range(min(population.record_count(), n - made)):
                buffer.append(population.record(person))
                made += 1
        if len(buffer) >= _SHUFFLE_BLOCK or made >= n:
            population.rng.shuffle(buffer)
            for row in buffer:
                tally.records += 1
                yield (f"R{tally.records:0{width}d}", *row)
            buffer.clear()


def write_population(out: TextIO, n: int, *, seed: int = 0, error_scale: float = 1.0) -> Tally:
    """Write `n` records as CSV with a header row, and return the tally of errors applied."""
    tally = Tally()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(generate_records(n, seed=seed, error_scale=error_scale, tally=tally))
    return tally
