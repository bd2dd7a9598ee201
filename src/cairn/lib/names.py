"""Personal names as UK agency records hold them: normal forms, nicknames, transliterations.

Identity resolution compares a person's names across records that different agencies keyed
at different times. The same person appears as "Seán O'Neill" and "Sean ONeill", as
"Muhammad al-Rashid" and "Mohammed Alrashid", as "Bill" and "William", as "Kowalska" and
"Kowalski". The functions here turn such spellings into keys that agree when the names
plausibly denote the same person, so the matching model can treat agreement on a key as
evidence. None of them decides a match on its own.

Each function takes one name field (a given name or a family name), not a full name: the
article "Al" in "Al Rashid" and the given name "Al" cannot be told apart otherwise.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "\u0131": "i",  # dotless i
        "ħ": "h",
        "Ħ": "h",
        "ŧ": "t",
        "Ŧ": "t",
    }
)
# Apostrophes vanish ("O'Brien" is "obrien"); every other non-letter separates words.
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u02bb\u0060\u00b4\u2032]")
_NOT_LETTER = re.compile("[^a-z]+")

# Particles that belong to the word after them. Each maps to its one written form, so that
# "Mc Donald", "MacDonald" and "McDonald" all read "macdonald", and "El-Sayed", "al Sayed"
# and "Al-Sayed" all read "alsayed".
_PARTICLES = {
    "mc": "mac",
    "mac": "mac",
    "o": "o",
    "al": "al",
    "el": "al",
    "abd": "abd",
    "abdul": "abdul",
    "abdel": "abdul",
    "abdal": "abdul",
    "abdur": "abdur",
    "abu": "abu",
    "van": "van",
    "von": "von",
    "der": "der",
    "den": "den",
    "de": "de",
    "da": "da",
    "di": "di",
    "du": "du",
    "del": "del",
    "della": "della",
    "la": "la",
    "le": "le",
    "st": "st",
    "saint": "st",
}


def _fold(text: str) -> str:
    """Lower-case letters and other characters, accents and ligatures removed."""
    lowered = unicodedata.normalize("NFKD", text).casefold().translate(_UNDECOMPOSED)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(s: str) -> str:
    """The comparable form of one name field: lower-case ASCII letters and single spaces.

    Accents are stripped ("Zoë" reads "zoe", "Łukasz" reads "lukasz"), apostrophes vanish
    ("D'Souza" reads "dsouza"), hyphens and other punctuation separate words
    ("Smith-Jones" reads "smith jones"), "Mc" and "Mac" become "mac", and a particle such as
    "O", "al", "el", "van" or "de" joins the word after it ("O Brien" reads "obrien",
    "El-Sayed" reads "alsayed"). Applying it twice changes nothing.
    """
    folded = _APOSTROPHES.sub("", _fold(s))
    words = [
        "mac" + word[2:] if word.startswith("mc") else word
        for word in _NOT_LETTER.split(folded)
        if word
    ]
    # Joining can make a particle ("De L" reads "del"), so join until nothing changes.
    while True:
        joined = _join_particles(words)
        if joined == words:
            return " ".join(words)
        words = joined


def _join_particles(words: list[str]) -> list[str]:
    joined: list[str] = []
    prefix = ""
    for index, word in enumerate(words):
        if word in _PARTICLES and index < len(words) - 1:
            prefix += _PARTICLES[word]
        else:
            joined.append(prefix + word)
            prefix = ""
    return joined


def name_tokens(s: str) -> list[str]:
    """The parts of a name field, normalised: "Smith-Jones" gives ["smith", "jones"].

    Double-barrelled and multi-part names are often recorded as one part only, so a
    comparison can ask whether the parts of two names overlap.
    """
    return normalise_name(s).split()


# Given names and the nicknames and diminutives by which the same person is known. A name
# that has spelling or transliteration variants (see `VARIANT_GROUPS`) is listed once, by its
# group's first spelling.
NICKNAMES: dict[str, frozenset[str]] = {
    name: frozenset(nicknames.split())
    for name, nicknames in {
        # English, Welsh, Scottish and Irish.
        "william": "bill will billy willie willy liam wills",
        "robert": "bob rob bobby robbie bert rab",
        "richard": "rich rick ricky dick richie",
        "edward": "ed eddie ted teddy ned",
        "james": "jim jimmy jamie jimbo",
        "john": "jon johnny jack jonny",
        "jonathan": "jon jonny johnny jonty",
        "joseph": "joe joey jos jozek",
        "thomas": "tom tommy thom",
        "michael": "mike mikey mick micky mickey",
        "christopher": "chris kit topher",
        "christine": "chris chrissie tina",
        "christina": "chris tina chrissy",
        "daniel": "dan danny",
        "david": "dave davey davy dai",
        "matthew": "matt matty",
        "andrew": "andy drew",
        "anthony": "tony ant",
        "nicholas": "nick nicky nico",
        "benjamin": "ben benny benji",
        "samuel": "sam sammy",
        "samantha": "sam sammy",
        "alexander": "alex sandy xander sasha sanya shura lex",
        "alexandra": "alex sandra sasha lexi lexie sandy ola",
        "stephen": "steve stevie",
        "timothy": "tim timmy",
        "peter": "pete",
        "patrick": "pat paddy",
        "patricia": "pat patty tricia trish",
        "charles": "charlie chas chuck",
        "charlotte": "lottie charlie lotte",
        "henry": "harry hal hank",
        "frederick": "fred freddie freddy",
        "gregory": "greg",
        "harold": "harry hal",
        "jacob": "jake jakey",
        "joshua": "josh",
        "kenneth": "ken kenny",
        "lawrence": "larry laurie",
        "leonard": "len lenny leo",
        "nathan": "nat nate",
        "nathaniel": "nat nate",
        "oliver": "ollie olly",
        "phillip": "phil pip",
        "raymond": "ray",
        "ronald": "ron ronnie",
        "donald": "don donnie",
        "douglas": "doug dougie",
        "gerald": "gerry jerry",
        "zachary": "zac zack zach",
        "theodore": "theo ted teddy",
        "vincent": "vince vinny",
        "terence": "terry",
        "bradley": "brad",
        "callum": "cal",
        "cameron": "cam",
        "dominic": "dom",
        "gabriel": "gabe gabby",
        "isaac": "ike zac",
        "jeremy": "jez jerry",
        "maximilian": "max",
        "maxwell": "max",
        "reginald": "reg reggie",
        "sebastian": "seb",
        "tobias": "toby",
        "gareth": "gaz gary",
        "llewellyn": "llew lew",
        "angus": "gus",
        "seamus": "shay",
        "padraig": "paddy",
        "elizabeth": "liz lizzie lizzy beth betty betsy bess eliza libby lisa",
        "katherine": "kate katie kath cathy kat kathy kitty kay",
        "margaret": "maggie meg peggy marge madge greta",
        "jennifer": "jen jenny jenna",
        "rebecca": "becky becca bex",
        "victoria": "vicky vicki tori",
        "deborah": "debbie deb debs",
        "susan": "sue susie suzy",
        "jessica": "jess jessie",
        "amanda": "mandy",
        "abigail": "abby abi gail",
        "rachel": "rach",
        "sarah": "sally sadie",
        "eleanor": "ellie nell nora lenny",
        "emily": "em emmy",
        "emma": "em emmie",
        "frances": "fran frankie fanny",
        "francis": "frank frankie",
        "gillian": "gill jill",
        "harriet": "hattie harry",
        "jacqueline": "jackie jacqui",
        "josephine": "jo josie",
        "joanne": "jo jojo",
        "louise": "lou lulu",
        "madeleine": "maddie maddy",
        "natalie": "nat tally",
        "olivia": "liv livvy",
        "penelope": "penny",
        "philippa": "pippa pip",
        "stephanie": "steph",
        "sophie": "soph",
        "theresa": "tess tessa terri",
        "valerie": "val",
        "wilhelmina": "mina willa",
        "dorothy": "dot dotty dolly",
        "mary": "molly polly mae",
        "ann": "annie nan nancy",
        "isabella": "bella izzy issy",
        "isobel": "izzy issy",
        "georgina": "george gina",
        "siobhan": "shiv",
        "bridget": "bridie biddy",
        # Arabic and Somali.
        "mohammed": "mo moe mohd hamoudi",
        "abdullahi": "abdi",
        "abdirahman": "abdi",
        "abdulkadir": "abdi kadir",
        "abdulaziz": "aziz",
        "fatima": "fati fatma",
        # South Asian.
        "rajesh": "raj",
        "rajinder": "raj",
        "rajendra": "raj",
        "harpreet": "harry",
        "gurpreet": "gurp",
        "manpreet": "manny",
        "sandeep": "sandy",
        "satnam": "sat",
        "jaswinder": "jas",
        "jasvinder": "jas",
        "parminder": "parm",
        "baljit": "bal",
        "sukhvinder": "sukhi",
        "ravinder": "ravi",
        "vikram": "vik vicky",
        "venkatesh": "venky",
        # Slavic and Baltic.
        "yekaterina": "katya katia katyusha",
        "dmitri": "dima mitya",
        "mikhail": "misha",
        "ivan": "vanya",
        "vladimir": "vova volodya",
        "nikolai": "kolya",
        "sergei": "seryozha",
        "yevgeny": "zhenya",
        "yevgenia": "zhenya",
        "anastasia": "nastya stacey",
        "tatiana": "tanya",
        "natalia": "natasha",
        "olga": "olya",
        "maria": "masha",
        "anna": "anya",
        "svetlana": "sveta",
        "lyudmila": "lyuda mila",
        "yelena": "lena",
        "aleksei": "alyosha lyosha",
        "pavel": "pasha",
        "andrei": "andryusha",
        "grzegorz": "grzes",
        "malgorzata": "gosia malgosia",
        "katarzyna": "kasia",
        "agnieszka": "aga",
        "wojciech": "wojtek voytek",
        "krzysztof": "krzys",
        "stanislaw": "stasiek stas",
        "tomasz": "tomek",
        "bartlomiej": "bartek",
        "jakub": "kuba",
        "zofia": "zosia",
        # West African.
        "oluwaseun": "seun",
        "oluwatobi": "tobi",
        "oluwafemi": "femi",
        "olufunmilayo": "funmi",
        "adebayo": "bayo",
        "oluwadamilare": "dami",
        "chukwuemeka": "emeka",
        "chinedu": "nedu",
        "oluwatoyin": "toyin",
        "adeyemi": "yemi",
        "kwabena": "kobby",
    }.items()
}

# Spelling and transliteration variants of the same name, first spelling first. A name
# appears in at most one group.
VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    # Arabic, Somali and Muslim South Asian given names.
    (
        "mohammed",
        "muhammad",
        "mohamed",
        "mohammad",
        "mohamad",
        "muhammed",
        "mohamud",
        "maxamed",
        "mahomed",
        "mehmet",
        "muhamed",
        "mohd",
    ),
    ("ahmed", "ahmad", "ahmet", "axmed"),
    ("mahmoud", "mahmud", "mahmood", "mehmood", "mahamud", "maxamuud"),
    ("yusuf", "yousef", "youssef", "yousuf", "yousif", "yusef", "yussuf"),
    ("hussein", "husain", "hussain", "husein", "hossein", "huseyin", "hossain", "xuseen"),
    ("hassan", "hasan", "xasan", "hassen"),
    ("abdirahman", "abdurahman", "abdulrahman", "abdurrahman", "abdiraxmaan", "cabdiraxmaan"),
    ("abdullahi", "abdullah", "abdulla", "abdallah", "abdellah", "cabdullahi"),
    ("abdulkadir", "abdikadir", "abdulqadir", "abdelkader", "abdiqadir", "cabdulqaadir"),
    ("abdulaziz", "abdelaziz", "abdiaziz", "cabdicasiis"),
    ("ibrahim", "ebrahim", "ibraheem", "ibrahiim"),
    ("ismail", "ismael", "ismaeel", "ismaaciil"),
    ("mustafa", "mustapha", "moustafa", "mostafa", "mustafe"),
    ("omar", "umar", "omer", "cumar"),
    ("osman", "othman", "usman", "uthman", "cusmaan"),
    ("ali", "aly", "cali"),
    ("khalid", "khaled", "khaalid", "xaalid"),
    ("hamza", "hamzah"),
    ("bilal", "belal"),
    ("tariq", "tarik", "tareq"),
    ("idris", "idrees", "idriss"),
    ("zakaria", "zakariya", "zakariyya", "zakariye"),
    ("yahya", "yahia", "yaxye"),
    ("suleiman", "sulaiman", "suleyman", "sulayman", "suleman"),
    ("faisal", "faysal", "feisal"),
    ("fatima", "fatimah", "faatima", "fathima", "fadumo", "fatuma"),
    ("khadija", "khadijah", "khadeeja", "hadija", "khadiija"),
    ("aisha", "ayesha", "aysha", "aishah", "caasha"),
    ("zainab", "zaynab", "zeinab"),
    ("maryam", "mariam", "maryan", "mariyam"),
    ("amina", "aminah", "ameena", "aamina"),
    ("halima", "halimah", "xaliimo", "haleema"),
    ("nur", "noor", "nour"),
    ("layla", "leila", "laila", "leyla", "lailah"),
    ("hodan", "xodan"),
    ("hawa", "xawa"),
    # Arabic and South Asian family names.
    ("rahman", "rehman", "raxmaan"),
    ("rahim", "raheem", "rehim"),
    ("qureshi", "quraishi", "qureishi", "kureshi"),
    ("chaudhry", "chaudhary", "choudhury", "chowdhury", "choudhary", "chaudry", "chowdhry"),
    ("siddiqui", "siddiqi", "siddique", "sidiqui"),
    ("shaikh", "sheikh", "shaykh", "sheik"),
    ("syed", "sayed", "sayyid", "sayyed"),
    ("saeed", "said", "saed"),
    ("mirza", "merza"),
    ("begum", "begam"),
    ("iqbal", "ikbal"),
    # Other South Asian names.
    ("singh", "sing"),
    ("kaur", "kour"),
    ("patel", "pattel"),
    ("gurpreet", "gurprit"),
    ("harpreet", "harprit"),
    ("manpreet", "manprit"),
    ("sandeep", "sundeep", "sandip"),
    ("pradeep", "pradip"),
    ("jaswinder", "jaswindar"),
    ("sukhvinder", "sukhwinder"),
    ("rajinder", "rajender", "rajindar"),
    ("ravinder", "ravindra", "rabinder"),
    ("lakshmi", "laxmi"),
    ("deepak", "dipak"),
    ("krishna", "krisna"),
    ("srinivasan", "sreenivasan", "shrinivasan"),
    ("mukherjee", "mukerjee", "mukherji", "mukerji"),
    ("banerjee", "banerji", "bannerjee"),
    ("chatterjee", "chatterji", "chaterjee"),
    ("bhattacharya", "bhattacharyya", "bhattacharjee"),
    # Slavic given names and their English spellings.
    ("alexander", "aleksandr", "aleksander", "alexandr", "oleksandr"),
    ("alexandra", "aleksandra", "oleksandra"),
    ("yekaterina", "ekaterina", "katerina", "jekaterina", "kateryna"),
    ("dmitri", "dmitry", "dmitriy", "dmytro", "dimitri"),
    ("mikhail", "mikhael", "mykhailo"),
    ("nikolai", "nikolay", "mykola", "mikolaj", "nicolai"),
    ("sergei", "sergey", "serhiy", "serhii", "sergiy"),
    ("yevgeny", "evgeny", "yevgeniy", "evgeniy", "yevhen"),
    ("yevgenia", "evgenia", "yevheniia"),
    ("aleksei", "alexei", "alexey", "aleksey", "oleksiy", "oleksii"),
    ("andrei", "andrey", "andriy", "andrii"),
    ("yelena", "elena", "olena", "helena", "helen", "jelena"),
    ("yulia", "julia", "yuliya", "iuliia"),
    ("tatiana", "tatyana", "tetiana", "tetyana", "tatjana"),
    ("natalia", "natalya", "nataliya", "natalija"),
    ("anastasia", "anastasiya", "anastasija"),
    ("lyudmila", "ludmila", "liudmyla", "ludmilla"),
    ("yuri", "yury", "yuriy", "yurii", "iurii"),
    ("vladimir", "volodymyr", "wladimir"),
    ("olga", "olha"),
    ("maria", "mariya", "marija", "mariia"),
    ("anna", "ana", "hanna"),
    ("pavel", "pavlo", "pawel"),
    ("joseph", "josef", "jozef", "yosyp"),
    ("lukasz", "lukas", "lucas"),
    ("stanislaw", "stanislav"),
    ("krzysztof", "krystof", "kristof"),
    # Slavic family names in Polish, Ukrainian and Russian-derived spellings.
    ("ivanov", "iwanow", "ivanoff"),
    ("kovalenko", "kowalenko"),
    ("shevchenko", "szewczenko"),
    ("kuznetsov", "kuznetzov", "kusnezow"),
    ("smirnov", "smirnoff", "smirnow"),
    ("kowalczyk", "kovalchuk", "kowalchuk"),
    ("nowak", "novak", "nowack"),
    # Chinese family and given names in Pinyin, Wade-Giles, Cantonese and Hokkien forms.
    ("zhang", "chang", "cheung", "cheong", "teo"),
    ("xu", "hsu", "hui", "tsui"),
    ("wang", "wong", "ong"),
    ("huang", "hwang"),
    ("li", "lee", "lei"),
    ("chen", "chan", "tan", "chern"),
    ("liu", "lau", "lao"),
    ("zhou", "chow", "chou", "chau"),
    ("wu", "woo", "goh", "ng"),
    ("zhao", "chao", "chiu"),
    ("lin", "lam", "lim"),
    ("yang", "yeung", "yeo"),
    ("guo", "kuo", "kwok", "quek"),
    ("he", "ho"),
    ("ma", "mah"),
    ("zheng", "cheng", "tay"),
    ("cai", "tsai", "choi", "chua", "tsoi"),
    ("xie", "hsieh", "tse", "cheah", "seah"),
    ("zhu", "chu", "choo"),
    ("hu", "foo"),
    ("luo", "lo", "loh"),
    ("liang", "leung"),
    ("qian", "chien"),
    ("jiang", "chiang", "keung"),
    ("deng", "teng"),
    ("xiao", "hsiao", "siu"),
    ("feng", "fung", "fong"),
    ("wei", "wai"),
    ("jun", "chun"),
    # English, Welsh, Scottish and Irish spellings of the same given name.
    ("katherine", "catherine", "kathryn", "katharine", "cathryn", "kathrine", "catharine"),
    ("stephen", "steven", "stefan", "stephan"),
    ("phillip", "philip", "filip"),
    ("jonathan", "johnathan", "jonathon", "johnathon"),
    ("sean", "shaun", "shawn"),
    ("ian", "iain"),
    ("eleanor", "elinor", "elinore", "eleanore"),
    ("isobel", "isabel", "ishbel", "isabelle"),
    ("sian", "shan"),
    ("siobhan", "shivaun", "chevonne"),
    ("niamh", "neve", "neave"),
    ("ann", "anne", "annie"),
    ("sarah", "sara"),
    ("rebecca", "rebekah", "rebeca"),
    ("zachary", "zachery", "zackary"),
    ("matthew", "mathew"),
    ("madeleine", "madeline", "madelyn", "madalyn"),
    ("jacqueline", "jaqueline", "jacklyn"),
    ("callum", "calum", "kallum"),
    ("connor", "conor", "konnor"),
    ("aidan", "aiden", "ayden", "aydan"),
    ("kieran", "ciaran", "keiran"),
    ("rhys", "reece", "reese", "rees"),
    ("owen", "owain"),
    ("ewan", "euan"),
    ("dafydd", "davydd"),
    ("llewellyn", "llywelyn", "llewelyn"),
)

_VARIANT_KEY: dict[str, str] = {variant: group[0] for group in VARIANT_GROUPS for variant in group}


def transliteration_key(name: str) -> str:
    """One key shared by the spelling and transliteration variants of a name.

    "Mohammed", "Muhammad" and "Mohamed" share the key "mohammed"; "Chaudhry" and
    "Choudhury" share "chaudhry"; "Zhang" and "Chang" share "zhang". Each part of a
    multi-part name is keyed on its own; a part with no known variants is keyed by its
    normal form with doubled letters single, so "Husein" and "Hussein" agree even if a table
    missed them. Agreement on the key is weaker evidence than agreement on the spelling:
    "Chang" is also a name in its own right.
    """
    return " ".join(_variant(word) for word in name_tokens(name))


def _variant(word: str) -> str:
    key = _VARIANT_KEY.get(word)
    if key is not None:
        return key
    return re.sub(r"(.)\1+", r"\1", word)


def _canonical_given_names() -> dict[str, tuple[str, ...]]:
    """Each name or nickname, and the canonical given names it may stand for."""
    owners: dict[str, list[str]] = {}
    for canonical, nicknames in NICKNAMES.items():
        for name in (canonical, *sorted(nicknames)):
            for key in {name, _variant(name)}:
                if canonical not in owners.setdefault(key, []):
                    owners[key].append(canonical)
    return {name: tuple(canonicals) for name, canonicals in owners.items()}


_OWNERS = _canonical_given_names()


def _owners(name: str) -> tuple[str, ...]:
    normal = normalise_name(name)
    key = normal.replace(" ", "")
    if key in _OWNERS:
        return _OWNERS[key]
    first = normal.split(" ", 1)[0]
    for candidate in (_variant(key), first, _variant(first)):
        if candidate in _OWNERS:
            return _OWNERS[candidate]
    return ()


def nickname_group(name: str) -> str:
    """The canonical given name that a given name or nickname stands for.

    "Bill", "Billy" and "Liam" give "william"; "Mo" and "Muhammad" give "mohammed". A
    nickname shared by several names ("Alex", "Sam", "Chris") gives the first of them in
    `NICKNAMES`; ask `are_nicknames` to compare two names fairly. A name not in the table
    gives its transliteration key.
    """
    owners = _owners(name)
    return owners[0] if owners else transliteration_key(name)


def are_nicknames(a: str, b: str) -> bool:
    """Whether two given names may be the same person's: equal, variants or nicknames.

    "Bill" and "William", "Sasha" and "Aleksandr", "Mo" and "Mohamed" are; "Sam" is both
    "Samuel" and "Samantha", so it agrees with either.
    """
    if transliteration_key(a) == transliteration_key(b):
        return True
    return bool(set(_owners(a)) & set(_owners(b)))


# Gendered and patronymic endings of Slavic and Baltic family names. Patronymics keep a
# common ending so that "Petrovich" and "Petrovna" agree with each other, not with "Petrov".
_PATRONYMIC = re.compile(r"(?<=[a-z]{3})(?:ovich|ovych|ovna|ivna|evich|evych|evna)$")
_ADJECTIVAL = re.compile(r"(?<=[a-z]{2})(s|c|ts|dz|z)k(?:i|y|a|iy|ii|ij|yi|yj|yy|aya|aja)$")
_GENDERED = re.compile(
    r"(?<=[a-z]{3})(?:owna|ovna|owa|ova|ov|ow|eva|ev|aya|aja|oy|oj|oi|iy|ij|iene|aite|yte|ute)$"
)
_FEMININE_INA = re.compile(r"(?<=[a-z]{3})ina$")
_BALTIC_MASCULINE = re.compile(r"(?<=[a-z]{4})(?:as|is|ys|us)$")


def slavic_surname_stem(s: str) -> str:
    """One key for the masculine, feminine and married forms of a Slavic or Baltic surname.

    "Kowalski" and "Kowalska" give "kowalsk"; "Ivanov" and "Ivanova" give "ivan";
    "Nowak", "Nowakowa" and "Nowakówna" give "nowak"; "Novák" and "Nováková" give "novak";
    "Pushkin" and "Pushkina" give "pushkin"; "Petrovich" and "Petrovna" give "petrovich";
    "Kazlauskas", "Kazlauskienė" and "Kazlauskaitė" give "kazlausk". Other surnames pass
    through almost unchanged, so agreement on the stem is meant to be weighed beside, not
    instead of, agreement on the name.
    """
    return " ".join(_stem(word) for word in name_tokens(s))


def _stem(word: str) -> str:
    patronymic = _PATRONYMIC.search(word)
    if patronymic:
        ending = "evich" if patronymic.group().startswith("ev") else "ovich"
        return word[: patronymic.start()] + ending
    adjectival = _ADJECTIVAL.search(word)
    if adjectival:
        return word[: adjectival.start()] + adjectival.group(1) + "k"
    if _FEMININE_INA.search(word):
        return word[:-1]
    for pattern in (_GENDERED, _BALTIC_MASCULINE):
        match = pattern.search(word)
        if match:
            return word[: match.start()]
    return word


_SOUNDEX_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def soundex(word: str) -> str:
    """The American Soundex code of one word (letters a to z; anything else is skipped):
    "Robert" and "Rupert" give "R163", "Ashcraft" gives "A261".

    Spellings that sound alike share a code, and so do many slips after the first letter
    (a vowel changed, a letter doubled or dropped, a consonant of the same class), so a
    blocking key on it finds records whose names a keying slip made unequal. It says nothing
    about names whose first letters differ.
    """
    letters = [ch for ch in word.lower() if "a" <= ch <= "z"]
    if not letters:
        return ""
    code = letters[0].upper()
    last = _SOUNDEX_CODES.get(letters[0], "")
    for ch in letters[1:]:
        digit = _SOUNDEX_CODES.get(ch, "")
        if digit and digit != last:
            code += digit
            if len(code) == 4:
                break
        if ch not in "hw":
            last = digit
    return code.ljust(4, "0")
