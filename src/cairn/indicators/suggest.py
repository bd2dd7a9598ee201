"""Suggest the indicators of the domain brief that a narrative asserts, each with its evidence.

`suggest(text)` returns at most one `Suggestion` per indicator code: the code, and the
code-point span of the words that support it. Suggestions are for a person to confirm or
reject; nothing here decides anything.

The method (ADR 0010): spaCy's tokenizer, a rule-based sentencizer and lookup lemmas on a blank
English pipeline; spaCy's `PhraseMatcher` finds where the patterns of `codebook.py` begin and
the rest is joined in Python. Each match is then read in its clause, and dropped when the
clause negates it ("no weapons were found"), puts it on someone else ("his brother was
arrested for carrying a knife"), makes it hypothetical or a worry ("if he were to get hold of
a knife"), says a state is over ("the bullying has stopped"), or, for research into attacks,
calls it set work. Clauses end at punctuation and at words such as "but", so a denial the text
then contradicts ("denied having a knife but one was found in his bag") does not cancel what
was found.
"""

from __future__ import annotations

import functools
import gc
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cairn.indicators import codebook
from cairn.indicators import model as indicator_model
from cairn.indicators.codebook import CODEBOOK, CODES, Rule

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

# Texts longer than this are read in pieces cut at whitespace (spaCy's own limit is 1,000,000
# characters, and pieces keep memory flat).
CHUNK_CHARS = 50_000
_STOP_GAP = [".", "!", "?", ";", "\n"]
_CLAUSE_PUNCT = frozenset({",", ";", ":", "(", ")", "[", "]", "\u2014", "\u2013", "...", "•", "|"})
_PASSIVE_AUX = frozenset(
    {"was", "were", "been", "being", "is", "are", "got", "get", "gets", "getting", "be", "'s", "am"}
)
_ADVERBS = frozenset(
    {
        "allegedly",
        "reportedly",
        "repeatedly",
        "also",
        "previously",
        "then",
        "later",
        "subsequently",
        "physically",
        "verbally",
        "badly",
        "seriously",
        "not",
        "never",
        "recently",
        "apparently",
        "once",
        "twice",
        "again",
        "n't",
        "regularly",
        "often",
    }
)
_TALK = frozenset({"talk", "speak", "describe", "call", "reckon", "insist", "argue", "state"})
_PREPOSITIONS = frozenset(
    {"off", "from", "with", "to", "at", "by", "for", "of", "on", "about", "like", "as", "into"}
)
_AGE_WORDS = frozenset({"year", "yr", "y", "aged", "age", "yrs", "years", ",", "dob"})
_CALL = frozenset({"call", "nickname", "nicknamed", "label", "brand", "dub", "name"})
_SAY = frozenset({"say", "says", "said", "think", "believe", "claim", "report", "tell", "allege"})
#: codes whose holder is often the object ("teachers treat *him* unfairly")
_HELD_BY_OBJECT = frozenset({"grievance", "victim_of_bullying", "neurodivergence_suspected"})
_PLACE_WORDS = frozenset(
    {"from", "in", "at", "to", "of", "on", "near", "outside", "into", "the", "via", "inside"}
)
_NOT_A_DEED = frozenset(
    {
        "about",
        "of",
        "to",
        "would",
        "will",
        "'ll",
        "'d",
        "gonna",
        "wanna",
        "could",
        "can",
        "might",
        "may",
        "should",
        "must",
        "shall",
        "ca",
        "wo",
    }
)
#: "ill shoot up the place", "im gonna": first person as young people type it
_FIRST_UNSPELT = frozenset({"ill", "im", "ima", "imma", "ive", "id"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_FIRST = frozenset({"i", "me", "my", "myself", "i'm", "i'll", "i'd"})
#: pronouns that can be a grammatical subject; the others name the subject only as object or
#: owner ("his brother", "hit him"), which says nothing about who acted
_NOMINATIVE = frozenset({"he", "she", "i", "i'm", "i'll", "i'd", "we"})
_STAFF_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "pc",
        "dc",
        "ps",
        "sgt",
        "insp",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "officer",
        "sergeant",
        "constable",
    }
)
_NOT_NAMES = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "year",
        "english",
        "british",
        "muslim",
        "muslims",
        "islam",
        "christian",
        "jewish",
        "jews",
        "police",
        "school",
        "academy",
        "college",
        "council",
        "christmas",
        "easter",
        "ramadan",
        "snapchat",
        "instagram",
        "tiktok",
        "youtube",
        "discord",
        "telegram",
        "facebook",
        "twitter",
        "reddit",
        "roblox",
        "whatsapp",
        "google",
        "internet",
        "maths",
        "science",
        "history",
        "geography",
        "re",
        "pe",
        "it",
        "the",
        "he",
        "she",
        "his",
        "her",
        "they",
        "a",
        "an",
        "in",
        "on",
        "at",
        "when",
        "after",
        "staff",
        "mum",
        "dad",
        "head",
        "prevent",
        "channel",
        "team",
        "service",
        "services",
        "court",
        "youth",
        "justice",
        "social",
        "care",
        "hospital",
        "home",
        "office",
        "a&e",
        "nhs",
        "england",
        "wales",
        "london",
        "uk",
        "ukraine",
        "israel",
        "gaza",
        "palestine",
        "syria",
    }
)


# The lookup table's few surprises among common words ("as" -> "a", "does" -> "doe").
# Nouns made from verbs keep their own lemma, so that "a school shooting" is not "shoot".
_LEMMA_OVERRIDES = {
    "as": "as",
    "does": "do",
    "doe": "doe",
    "us": "us",
    "data": "data",
    **{
        form: noun
        for noun in ("shooting", "stabbing", "bombing", "killing", "beating", "mugging")
        for form in (noun, noun + "s")
    },
}


@dataclass(frozen=True)
class Suggestion:
    """One indicator the text asserts: its code and the evidence, `text[start:end]`, with
    what found it: `"lexicon"` (the words of one of its patterns) or `"model"` (the sentence
    that weighed most for the code, ADR 0017)."""

    code: str
    start: int
    end: int
    text: str
    source: str = "lexicon"


@dataclass(frozen=True)
class _Spec:
    """One token of a pattern: the attribute compared, the words allowed, and whether the
    token may be absent."""

    attr: str  # "LEMMA" or "LOWER"
    words: frozenset[str]
    optional: bool


@dataclass(frozen=True)
class _CompiledRule:
    code: str
    rule: Rule
    state: bool
    blockers: frozenset[str]
    not_followed_by: frozenset[str]
    #: the PhraseMatcher key of the rule's first gap-free segment
    anchor: int
    #: the segments after it, each with the most tokens that may be skipped before it
    rest: tuple[tuple[int, tuple[_Spec, ...]], ...]
    literal_words: frozenset[str]


@dataclass(frozen=True)
class _Pipeline:
    nlp: Language
    matchers: tuple[PhraseMatcher, PhraseMatcher]
    rules: tuple[_CompiledRule, ...]
    #: matcher key of a segment -> the rules that use it
    users: dict[int, tuple[int, ...]]
    lemmas: _Lemmas


class _Lemmas:
    """spaCy's English lookup lemmas (spacy-lookups-data), case-insensitive and memoised."""

    def __init__(self) -> None:
        from spacy.util import load_language_data, registry

        # The table as a plain dict, as `spacy.lookups.load_lookups` reads it: its `Table`
        # hashes each of the 41,000 keys on loading, which took longer than reading the file.
        table = load_language_data(registry.lookups.get("en")["lemma_lookup"])
        if not isinstance(table, dict):
            raise TypeError("spacy-lookups-data: the English lemma_lookup is not a table")
        self._table: dict[str, Any] = table
        self._memo: dict[str, str] = {}

    def get(self, lower: str) -> str:
        lemma = self._memo.get(lower)
        if lemma is None and lower in _LEMMA_OVERRIDES:
            return _LEMMA_OVERRIDES[lower]
        if lemma is None:
            found = self._table.get(lower)
            lemma = found.lower() if isinstance(found, str) else lower
            if len(self._memo) < 500_000:
                self._memo[lower] = lemma
        return lemma


@functools.cache
def _lemma_table() -> _Lemmas:
    return _Lemmas()


def _lemma_of(lower: str, table: _Lemmas) -> str:
    return table.get(lower)


def _token_spec(token: str, table: _Lemmas, literals: set[str]) -> _Spec:
    optional = len(token) > 1 and token.endswith("?")
    if optional:
        token = token[:-1]
    if token.startswith("="):
        words = [word.lower() for word in token[1:].split("|")]
        literals.update(words)
        return _Spec("LOWER", frozenset(words), optional)
    words = []
    for word in token.split("|"):
        words.extend(codebook.CLASSES[word[1:]] if word.startswith("@") else [word])
    lemmas = sorted({_lemma_of(word.lower(), table) for word in words})
    literals.update(lemmas)
    literals.update(word.lower() for word in words)
    return _Spec("LEMMA", frozenset(lemmas), optional)


def _compile(pattern: str, table: _Lemmas) -> tuple[list[list[_Spec]], list[int], set[str]]:
    """Cut a pattern into gap-free segments, each of one attribute, joined by gaps of at most
    so many tokens. The segments are found by spaCy's PhraseMatcher (hashed, so its cost
    does not grow with the size of the lexicon) and joined in Python."""
    segments: list[list[_Spec]] = [[]]
    gaps: list[int] = []
    literals: set[str] = set()
    for raw in pattern.split():
        if raw.startswith("~"):
            segments.append([])
            gaps.append(int(raw[1:]))
            continue
        spec = _token_spec(raw, table, literals)
        if segments[-1] and segments[-1][-1].attr != spec.attr:
            segments.append([])
            gaps.append(0)
        segments[-1].append(spec)
    # A segment of optional tokens only cannot be found on its own: fold it into its gaps.
    index = 0
    while index < len(segments):
        segment = segments[index]
        if all(spec.optional for spec in segment) and len(segments) > 1:
            width = len(segment)
            if index == 0:
                gaps[0] += width
                del segments[0]
            elif index == len(segments) - 1:
                gaps[-1] += width
                del segments[-1]
            else:
                gaps[index - 1] += width + gaps[index]
                del segments[index], gaps[index]
            continue
        index += 1
    return segments, gaps, literals


def _phrases(segment: list[_Spec]) -> Iterator[tuple[str, ...]]:
    """Every word sequence a segment matches."""
    options: list[list[tuple[str, ...]]] = []
    for spec in segment:
        choices: list[tuple[str, ...]] = [(word,) for word in sorted(spec.words)]
        if spec.optional:
            choices.append(())
        options.append(choices)
    for combination in itertools.product(*options):
        phrase = tuple(word for part in combination for word in part)
        if phrase:
            yield phrase


@functools.cache
def _pipeline() -> _Pipeline:
    """Build the pipeline once per process: blank English, sentencizer, phrase matchers."""
    # Importing spaCy and building the lexicon allocate a great many objects, all kept for
    # the life of the process: the collector's passes over them meanwhile free nothing and
    # took about a sixth of the time (0.15 s of a one-off `cairn replay`).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_pipeline()
    finally:
        if collecting:
            gc.enable()


def _build_pipeline() -> _Pipeline:
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("en")
    # Keep hyphenated words whole ("self-harm", "far-right", "cyber-bullied"): the lexicon
    # names them as words.
    infixes = [
        str(infix) for infix in nlp.Defaults.infixes or () if "-|\u2013|\u2014" not in str(infix)
    ]
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    nlp.max_length = CHUNK_CHARS * 2
    table = _lemma_table()
    matchers = {
        "LEMMA": PhraseMatcher(nlp.vocab, attr="LEMMA"),
        "LOWER": PhraseMatcher(nlp.vocab, attr="LOWER"),
    }
    rules: list[_CompiledRule] = []
    users: dict[int, list[int]] = {}
    seen: dict[tuple[str, tuple[tuple[tuple[str, ...], bool], ...]], int] = {}
    for entry in CODEBOOK:
        for rule in entry.rules:
            segments, gaps, literals = _compile(rule.pattern, table)
            segment = segments[0]
            attr = segment[0].attr
            name = (attr, tuple((tuple(sorted(spec.words)), spec.optional) for spec in segment))
            if name not in seen:
                key = nlp.vocab.strings.add(f"segment{len(seen)}")
                seen[name] = key
                # A lexicon word is its own lemma (`_token_spec` stored the lemmas).
                docs = [
                    Doc(nlp.vocab, words=list(phrase), lemmas=list(phrase))
                    if attr == "LEMMA"
                    else Doc(nlp.vocab, words=list(phrase))
                    for phrase in _phrases(segment)
                ]
                matchers[attr].add(nlp.vocab.strings[key], docs)
            users.setdefault(seen[name], []).append(len(rules))
            rules.append(
                _CompiledRule(
                    code=entry.code,
                    rule=rule,
                    state=entry.state,
                    blockers=frozenset(_lemma_of(word, table) for word in entry.blockers)
                    | frozenset(entry.blockers),
                    not_followed_by=frozenset(entry.not_followed_by),
                    anchor=seen[name],
                    rest=tuple(
                        (gap, tuple(later)) for gap, later in zip(gaps, segments[1:], strict=True)
                    ),
                    literal_words=frozenset(literals),
                )
            )
    return _Pipeline(
        nlp=nlp,
        matchers=(matchers["LEMMA"], matchers["LOWER"]),
        rules=tuple(rules),
        users={key: tuple(value) for key, value in users.items()},
        lemmas=table,
    )


_SINGLE_QUOTES = frozenset({"'", "\u2018", "\u2019"})


def _opens_quote(doc: Doc, i: int) -> bool:
    """A single quotation mark that opens a quotation: after a space (or at the start, or
    after a colon or bracket) and touching the word after it, as in "said 'next time'"."""
    if i + 1 >= len(doc) or doc[i].whitespace_ or not doc[i + 1].text[:1].isalnum():
        return False
    return i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].text in {":", "(", "-"}


def _closes_quote(doc: Doc, i: int) -> bool:
    """A single quotation mark that closes one: touching the word before it and followed by a
    space, punctuation or the end. (Outside a quotation the same shape is a plural's
    apostrophe, "the boys' toilets", and is left alone.)"""
    if i == 0 or doc[i - 1].whitespace_:
        return False
    return i + 1 == len(doc) or bool(doc[i].whitespace_) or not doc[i + 1].text[:1].isalnum()


class _Reading:
    """One document's tokens with what the scopes need: lower forms, lemmas, clauses and who
    each person word refers to."""

    def __init__(self, doc: Doc, lemmas: _Lemmas) -> None:
        self.doc = doc
        n = len(doc)
        self.text = [token.text for token in doc]
        self.lower = lower = [text.lower() for text in self.text]
        self.lemma = [lemmas.get(low) for low in lower]
        male = sum(1 for low in lower if low in _MALE)
        female = sum(1 for low in lower if low in _FEMALE)
        self.subject_pronouns = set(codebook.SUBJECT_WORDS) | _FIRST
        self.other_pronouns: set[str] = set()
        if male >= female:
            self.subject_pronouns |= _MALE
        if female >= male:
            self.subject_pronouns |= _FEMALE
        if male > female:
            self.other_pronouns |= _FEMALE - {"her"}
        elif female > male:
            self.other_pronouns |= _MALE
        #: tokens a gap may not skip
        self.stop = [low in _STOP_GAP or not low.strip() for low in lower]
        # sentence (segment) and clause numbers
        sent_start = [bool(token.is_sent_start) for token in doc]
        self.sent_start = sent_start
        self.segment = [0] * n
        self.clause = [0] * n
        self.clause_start: list[int] = []
        clause_words = codebook.CLAUSE_WORDS
        # A short parenthesis after a name, "Kai (14)" or "Ben (Year 10)", is part of the
        # clause around it: "if Kai (14) ever got hold of a knife" stays one hypothetical.
        aside: set[int] = set()
        for i in range(n):
            if lower[i] == "(" and i > 0 and self.text[i - 1][:1].isupper():
                if lower[i - 1] in codebook.OTHER_PERSON:
                    continue  # "IP (15)" is someone else: what follows is a new clause
                for j in range(i + 1, min(i + 6, n)):
                    if lower[j] == ")" and all(
                        low.isdigit() or low in _AGE_WORDS for low in lower[i + 1 : j]
                    ):
                        aside.update(range(i, j + 1))
                        break
        segment = 0
        clause = -1
        previous = ""
        for i in range(n):
            low = lower[i]
            new_segment = i > 0 and (sent_start[i] or "\n" in previous or previous == ";")
            if new_segment:
                segment += 1
            if (
                i == 0
                or new_segment
                or (previous in _CLAUSE_PUNCT and not (i - 1 in aside and low != "("))
                or low in clause_words
                or (low == "and" and i + 1 < n and lower[i + 1] in codebook.AND_STARTS_CLAUSE)
                or (
                    low in {"-", "\u2013"}
                    and doc[i].whitespace_ != ""
                    and doc[i - 1].whitespace_ != ""
                )
            ):
                clause += 1
                self.clause_start.append(i)
            self.segment[i] = segment
            self.clause[i] = clause
            previous = low
        #: "I" and "me" outside quotation marks are the writer (a parent, a teacher, a worker)
        #: when the narrative says so: "my son", "told me", "showed me"
        self.narrator = any(
            (low in {"my", "our"} and i + 1 < n and lower[i + 1] in codebook.CHILD_NOUNS)
            or (low == "me" and i > 0 and self.lemma[i - 1] in _TELL | {"to", "with"})
            for i, low in enumerate(lower)
        ) and (male > 0 or female > 0)
        self._mentions: list[str | None] = [None] * n
        #: inside quotation marks: the subject's (or someone's) own words
        self.quoted = [False] * n
        inside = ""
        for i, low in enumerate(lower):
            if low in {'"', "\u201c", "\u201d"} or (i > 0 and "\n\n" in lower[i - 1]):
                inside = '"' if low == "\u201c" or (low == '"' and not inside) else ""
                continue
            if low in _SINGLE_QUOTES:
                if not inside and _opens_quote(doc, i):
                    inside = "'"
                    continue
                if inside == "'" and _closes_quote(doc, i):
                    inside = ""
                    continue
            self.quoted[i] = bool(inside)

    def mention(self, i: int) -> str:
        """Who token `i` names, worked out when first asked."""
        found = self._mentions[i]
        if found is None:
            found = self._mentions[i] = self._mention(i)
        return found

    def _mention(self, i: int) -> str:
        """'S' for the subject, 'O' for someone else, '' for neither."""
        low = self.lower[i]
        prev = self.lower[i - 1] if i > 0 else ""
        if low in self.other_pronouns:
            return "O"
        if low in codebook.OTHER_PERSON:
            following = self.lower[i + 1] if i + 1 < len(self.lower) else ""
            if low == "group" and following in {"chat", "chats", "work", "session", "home"}:
                return ""
            return "O"
        if low in _FIRST and self.narrator and not self.quoted[i]:
            return ""  # the writer, like the professionals who find and report
        if low in self.subject_pronouns:
            return "S" if low in _NOMINATIVE or low in codebook.SUBJECT_WORDS else "s"
        if low in codebook.CHILD_NOUNS and prev in {"my", "our", "her", "his"}:
            return "S"  # "her grandson talks constantly about...": the one referred
        if low in codebook.PERSON_NOUN:
            return "O" if prev in codebook.OTHER_DETERMINER else ""
        text = self.text[i]
        if (
            text[:1].isupper()
            and text[1:].islower()
            and text.isalpha()
            and i > 0
            and not self.sent_start[i]
            and self.segment[i - 1] == self.segment[i]
            and low not in _NOT_NAMES
            and low not in self.lemma_classes()
        ):
            if prev == "of" and i > 1 and self.lower[i - 2] in codebook.OTHER_PERSON:
                return "s"  # "the father of Jayden": Jayden owns, the father acts
            if prev in _PLACE_WORDS:
                return ""  # "from Hawthorn Estate", "at Kingsgate"
            if (
                prev in {"mr", "mrs", "ms", "miss", "mr.", "mrs.", "ms."}
                and i + 2 < len(self.lower)
                and self.lower[i + 1] == "("
                and self.lower[i + 2].isdigit()
            ):
                return "S"  # "Mr Lindqvist (24)": the adult the record is about
            if prev in _STAFF_TITLES or prev in codebook.OTHER_PERSON:
                return "O"
            if i > 1 and self.lower[i - 2] in codebook.OTHER_PERSON and prev[:1].isupper():
                return "O"
            return "S"
        return ""

    @staticmethod
    @functools.cache
    def lemma_classes() -> frozenset[str]:
        words: set[str] = set()
        for members in codebook.CLASSES.values():
            words.update(members)
        return frozenset(words)

    def clause_tokens_before(self, start: int, window: int) -> range:
        clause = self.clause[start]
        first = start
        while first > 0 and self.clause[first - 1] == clause and start - first < window:
            first -= 1
        return range(first, start)

    def clause_tokens_after(self, end: int, window: int) -> range:
        if end == 0:
            return range(0)
        clause = self.clause[end - 1]
        last = end
        while last < len(self.lower) and self.clause[last] == clause and last - end < window:
            last += 1
        return range(end, last)


def _negated(
    reading: _Reading, start: int, end: int, inside: Sequence[int], rule: _CompiledRule
) -> bool:
    lower, lemma = reading.lower, reading.lemma
    for i in (*reading.clause_tokens_before(start, 10), *inside):
        low = lower[i]
        if low in rule.literal_words:
            continue
        if low in codebook.NEGATION or lemma[i] in {"deny", "refute", "dispute"}:
            following = lower[i + 1] if i + 1 < len(lower) else ""
            if low == "no" and following in {"longer", "further", "fixed", "doubt", "matter"}:
                continue
            if low in {"not", "n't"} and following in {"only", "just", "least", "yet"}:
                continue
            return True
    for i in reading.clause_tokens_after(end, 2):
        if lower[i] in codebook.NEGATION_AFTER:
            if (
                lower[i] in {"not", "n't"}
                and i + 1 < len(lower)
                and lower[i + 1] in {"only", "just"}
            ):
                continue
            return True
    return False


def _hypothetical(
    reading: _Reading, start: int, inside: Sequence[int], rule: _CompiledRule
) -> bool:
    if rule.code == "neurodivergence_suspected":
        return False
    cues = (
        codebook.HYPOTHETICAL_STRONG
        if rule.code in {"stated_intent_to_harm", "threat_made"}
        else codebook.HYPOTHETICAL
    )
    lower = reading.lower
    before = reading.clause_tokens_before(start, 12)
    for position, i in enumerate((*before, *inside)):
        low = lower[i]
        if low not in cues or low in rule.literal_words:
            continue
        if (
            low in {"if", "unless"}
            and cues is codebook.HYPOTHETICAL_STRONG
            and (_reported_by_subject(reading, i))
        ):
            continue  # "he told his mentor that if he gets excluded he will shoot them"
        if "quoted" in rule.rule.options or (
            reading.quoted[start] and rule.code in _SPOKEN | {"mental_health_need"}
        ):
            # "if they bully me again I'll stab them": the subject's own conditional counts.
            later = [j for j in (*before, *inside)[position + 1 :]]
            first = _FIRST | _FIRST_UNSPELT
            if any(lower[j] in first for j in later[:2] + later[2:]) or any(
                lower[j] in first for j in range(start, start + 3) if j < len(lower)
            ):
                continue
        return True
    return False


def _reported_by_subject(reading: _Reading, i: int) -> bool:
    """Whether the words at `i` are reported as the subject's: "he said/told X (that) ..."."""
    segment = reading.segment[i]
    j = i - 1
    while j >= 0 and reading.segment[j] == segment and i - j <= 12:
        if reading.lemma[j] in _SAY or reading.lemma[j] in _TELL:
            return any(reading.mention(k) == "S" for k in range(max(0, j - 3), j))
        j -= 1
    return False


def _over(reading: _Reading, start: int, end: int) -> bool:
    lower = reading.lower
    for i in reading.clause_tokens_before(start, 6):
        low = lower[i]
        if low == "longer" and i > 0 and lower[i - 1] in {"no", "any"}:
            return True
        if low in {"stopped", "ceased", "stop", "stops"}:
            return True
        if low == "used" and i + 1 < len(lower) and lower[i + 1] == "to":
            return True  # "used to feel isolated"
    segment = reading.segment[end - 1]
    for i in range(end, min(end + 14, len(lower))):
        if reading.segment[i] != segment:
            break
        low = lower[i]
        if low in {"stopped", "ceased", "ended", "resolved", "anymore"}:
            following = lower[i + 1] if i + 1 < len(lower) else ""
            if low in {"stopped", "ceased"} and following.endswith("ing"):
                continue  # "has stopped eating": a symptom, not the end of one
            return True
        if low == "over" and lower[i - 1] in {"is", "was", "now", "all", "be", "been", "are"}:
            return True
        if low == "longer" and i > 0 and lower[i - 1] in {"no", "any"}:
            return True
        if low == "more" and i > 0 and lower[i - 1] == "any":
            return True
    return False


def _over_next_sentence(reading: _Reading, start: int, end: int) -> bool:
    """'She was bullied online. The bullying stopped when...': the next sentence ends the
    same state (it names a word of the match and says it stopped)."""
    words = {
        reading.lemma[i]
        for i in range(start, end)
        if len(reading.lower[i]) > 3 and reading.lower[i] not in codebook.CLASSES["SELF"]
    } - {"have", "with", "from", "into", "about", "been", "that", "this", "their", "them"}
    segment = reading.segment[end - 1] + 1
    i = end
    while i < len(reading.lower) and reading.segment[i] < segment:
        i += 1
    named = ended = False
    while i < len(reading.lower) and reading.segment[i] == segment:
        named = named or reading.lemma[i] in words
        ended = ended or (
            reading.lower[i] in {"stopped", "ended", "resolved", "ceased"}
            and not (i + 1 < len(reading.lower) and reading.lower[i + 1].endswith("ing"))
        )
        i += 1
    return named and ended


def _last_mention(reading: _Reading, anchor: int, start: int) -> str:
    """Who the nearest person word before `anchor` in the clause names: 'S' the subject, 'O'
    someone else. Inside the match (from `start`) the subject as object or owner counts
    ("bullies *him*", "in *his* bag"); before it only a grammatical subject does."""
    clause = reading.clause[start]
    i = anchor - 1
    first = reading.clause_start[clause] if clause < len(reading.clause_start) else 0
    # A relative clause ("his brother, who was arrested") is about its antecedent.
    if reading.lower[first] in {"who", "whose", "which", "whom"} and clause > 0:
        first = reading.clause_start[clause - 1]
    while i >= first:
        mention = reading.mention(i)
        if mention == "S" and i + 1 < anchor and reading.lemma[i + 1] in _SAY:
            i -= 1  # "who she says has been carrying": she reports, she does not carry
            continue
        if mention == "O" and _addressee(reading, i):
            i -= 1  # "he told classmates (that)...": those told are not the actors
            continue
        if mention == "s":
            if i >= start:
                return "S"
        elif mention:
            return mention
        i -= 1
    return ""


_TELL = frozenset(
    {
        "send",
        "tell",
        "ask",
        "warn",
        "show",
        "inform",
        "remind",
        "text",
        "message",
        "email",
        "promise",
        "shout",
        "scream",
        "write",
    }
)


def _addressee(reading: _Reading, i: int) -> bool:
    """Whether the person word at `i` is the one spoken to: "told (his) friend"."""
    before = reading.lemma[i - 1] if i > 0 else ""
    if before in _TELL:
        return True
    if before == "to" and reading.mention(i) != "S":
        return True  # "notes to classmates", "sent it to a friend": the one it went to
    # "telling his little brother", "told a friend": a determiner and a word or two between
    j = i - 1
    while j >= 0 and i - j <= 3 and reading.lower[j].isalpha():
        if reading.lemma[j] in _TELL:
            return True
        if reading.lower[j] not in _DETERMINERS and i - j > 1 and j < i - 1:
            break
        j -= 1
    return False


#: in a police log the injured party is the one a threat is made to, never its author
_INJURED = frozenset({"ip", "ip1", "ip2", "victim", "v1", "mop"})
_DETERMINERS = frozenset(
    {"a", "an", "the", "his", "her", "their", "my", "another", "some", "to", "at", "little", "big"}
)


def _injured_party_before(reading: _Reading, start: int) -> bool:
    clause = reading.clause[start]
    i = start - 1
    while i >= 0 and reading.clause[i] == clause:
        if reading.lower[i] in {"ip", "ip1", "ip2", "victim", "v1", "mop"}:
            return True
        i -= 1
    return False


def _passive_patient(reading: _Reading, start: int) -> str | None:
    """For an active-voice rule: if its verb is passive, who suffered it ('S', 'O' or '')."""
    lower = reading.lower
    i = start - 1
    while i >= 0 and lower[i] in _ADVERBS:
        i -= 1
    if i < 0 or lower[i] not in _PASSIVE_AUX or reading.clause[i] != reading.clause[start]:
        return None
    return _last_mention(reading, i, start) or "S"


def _about_someone_else(reading: _Reading, start: int, end: int, rule: _CompiledRule) -> bool:
    options = rule.rule.options
    if "anyone" in options:
        return False
    if "active" in options:
        patient = _passive_patient(reading, start)
        if patient is not None:
            if patient == "S":
                return True  # "he was punched": the subject is the victim
            # "IP was punched" in a log about the subject: the subject's act, unless "by" names
            # another person. Anyone else suffering it ("his cousin was stabbed") says nothing
            # about who did it.
            if not _injured_party_before(reading, start):
                return True
            for i in reading.clause_tokens_after(end, 4):
                if reading.lower[i] == "by":
                    for j in range(i + 1, min(i + 5, len(reading.lower))):
                        mention = reading.mention(j)
                        if mention == "S":
                            return False
                        if mention == "O" or reading.lower[j] in codebook.PERSON_NOUN:
                            return True
            return False
    if "act" in options and reading.mention(end - 1) == "s":
        # "they slap him about", "a gang corner him and kick him": the subject is the one
        # hit, unless the nearest actor named before is the subject ("IP states S1 punched
        # him").
        segment = reading.segment[start]
        i = start - 1
        while i >= 0 and reading.segment[i] == segment:
            mention = reading.mention(i)
            if mention == "S" and not _addressee(reading, i):
                break
            if (mention == "O" or reading.lower[i] in {"they", "we"}) and not _addressee(
                reading, i
            ):
                return True
            i -= 1
        else:
            return True
        if i < 0 or reading.segment[i] != segment:
            return True
    if ("object" in options or rule.code in _HELD_BY_OBJECT) and reading.narrator:
        for k in range(start, end):
            if reading.lower[k] in {"me", "my"} and not reading.quoted[k]:
                return True  # "she's called me every name": the writer is the one named
    if (
        rule.code in _SPOKEN
        and "in-quote" not in options
        and (
            reading.lower[end - 1] in {"him", "her"}
            or (end < len(reading.lower) and reading.lower[end] in {"him", "her"})
        )
    ):
        # "a boy threatened to stab him": the subject is the one threatened, unless the
        # nearest actor named before is the subject ("he threatened to stab him")
        segment = reading.segment[start]
        i = start - 1
        while i >= 0 and reading.segment[i] == segment:
            mention = reading.mention(i)
            if mention in {"S", "O"} and not _addressee(reading, i):
                if mention == "O":
                    return True
                break
            i -= 1
        else:
            return True
        if i < 0 or reading.segment[i] != segment:
            return True
    if rule.code in _SPOKEN:
        speaker = _speaker(reading, start)
        if speaker == "O":
            return True  # "an older girl who said she'd slash her face"
        if reading.quoted[start]:
            return _quote_speaker(reading, start, end) == "O"
    if (
        reading.mention(start) == "O"
        and "object" not in options
        and rule.code not in _HELD_BY_OBJECT
        and not _addressee(reading, start)
    ):
        return True  # "a group of older students are sharing extremist memes"
    if reading.mention(start) == "S":
        return False  # the match names its own actor: "I'm going to kill you", "he carried"
    anchor = end if "object" in options or rule.code in _HELD_BY_OBJECT else start
    mention = _last_mention(reading, anchor, start)
    return mention == "O"


_SPOKEN = frozenset({"stated_intent_to_harm", "threat_made", "attack_approval"})


def _speaker(reading: _Reading, start: int) -> str:
    """Who said the words at `start` when someone else is named as saying them in a relative
    clause ("an older girl who said she'd..."): 'O', or '' when it is not so."""
    segment = reading.segment[start]
    j = start - 1
    while j >= 0 and reading.segment[j] == segment and start - j <= 10:
        if reading.lemma[j] in _SAY or reading.lemma[j] in _TELL:
            if j > 0 and reading.lower[j - 1] in {"who", "whom"}:
                k = j - 2
                while k >= 0 and reading.segment[k] == segment and j - k <= 5:
                    mention = reading.mention(k)
                    if mention == "O":
                        return "O"
                    if mention in {"S", "s"}:
                        return ""
                    k -= 1
            return ""
        j -= 1
    return ""


def _quote_speaker(reading: _Reading, start: int, end: int) -> str:
    """Whose words a quotation is: 'S' when it speaks in the first person or the nearest
    person named before it is the subject (or nobody is: the record is about the subject),
    'O' when that person is someone else ("his brother texted him 'I'll stab you'")."""
    lower = reading.lower
    q = start
    while q > 0 and reading.quoted[q - 1]:
        q -= 1
    segment = reading.segment[start]
    first_named = ""
    saying = False
    k = q - 1
    while k >= 0 and reading.segment[k] == segment and q - k <= 14:
        if reading.lemma[k] in _SAY or reading.lemma[k] in _TELL or reading.lemma[k] in _TALK:
            saying = True  # "he said the victims 'deserved it'": the one who said it
        mention = reading.mention(k)
        following = lower[k + 1] if k + 1 < len(lower) else ""
        if (
            mention in {"S", "O"}
            and following != "'s"
            and lower[k] not in _INJURED
            and not (k > 0 and lower[k - 1] == "(")
            and not _addressee(reading, k)
        ):
            if saying:
                return mention
            first_named = first_named or mention
        k -= 1
    return first_named or "S"


def _reflexive(reading: _Reading, start: int, end: int) -> bool:
    stop = min(end + 3, len(reading.lower))
    return any(reading.lower[i] in codebook.CLASSES["SELF"] for i in range(start, stop))


def _assess(
    reading: _Reading, rule: _CompiledRule, start: int, end: int, inside: Sequence[int]
) -> bool:
    """Whether the clause asserts this match about the subject."""
    if reading.segment[start] != reading.segment[end - 1]:
        return False
    lower = reading.lower
    if (
        rule.not_followed_by
        and end < len(lower)
        and (
            lower[end] in rule.not_followed_by
            or (
                end + 1 < len(lower)
                and lower[end] in {"his", "her", "their", "a"}
                and lower[end + 1] in rule.not_followed_by
            )
        )
    ):
        return False
    if rule.blockers and _blocked(reading, rule, start, end, inside):
        return False
    options = rule.rule.options
    if "in-quote" in options and not reading.quoted[start]:
        return False
    if "not-after-a" in options and start > 0 and lower[start - 1] == "a":
        return False  # "a few friends" is not "few friends"
    if "act" in options:
        i = start - 1
        while i >= 0 and lower[i] in _ADVERBS:
            i -= 1
        if i >= 0 and lower[i] in _NOT_A_DEED:
            return False
        if (
            lower[start].endswith("ing")
            and i > 0
            and lower[i] in {"and", "or", "about", "like", "of"}
            and not lower[i - 1].endswith(("ing", "ed"))
        ):
            return False  # "comes back to blood and hurting people": a topic, not a deed
    if "not-called" in options and _called(reading, start):
        return False  # "older boys call him the next Columbine": others call him names
    for option in options:
        if (
            option.startswith("nx:")
            and start + 1 < len(lower)
            and lower[start + 1] in option[3:].split("|")
        ):
            return False
        if option == "in-clause" and reading.clause[start] != reading.clause[end - 1]:
            return False  # "...visits nightly, calls the Christchurch shooter...": two acts
        if option == "at-end" and end < len(lower) and lower[end].isalpha():
            return False  # "he is carrying." but not "he is carrying a bag"
        if (
            option.startswith("end-not:")
            and end < len(lower)
            and lower[end] in option[8:].split("|")
        ):
            return False
        if (
            option.startswith("not-after:")
            and start > 0
            and lower[start - 1] in option[10:].split("|")
        ):
            return False
    for option in options:
        if option.startswith("needs:") and not _sentence_has(
            reading, start, _class_lemmas(option[6:])
        ):
            return False
        if option.startswith("not-with:") and _sentence_has(
            reading, start, _class_lemmas(option[9:])
        ):
            return False
    if rule.code in {"mass_casualty_research", "fixation_on_violence"} and _set_work(
        reading, start
    ):
        return False
    if "reflexive" in rule.rule.options and _reflexive(reading, start, end):
        return False
    if "absence" not in options and _negated(reading, start, end, inside, rule):
        return False
    quoted = next((i for i in range(start, end) if reading.quoted[i]), None)
    if quoted is not None and _quote_framed_away(reading, quoted):
        return False
    if "nohyp" not in options and _hypothetical(reading, start, inside, rule):
        return False
    if (
        rule.state
        and "absence" not in options
        and (_over(reading, start, end) or _over_next_sentence(reading, start, end))
    ):
        return False
    return not _about_someone_else(reading, start, end, rule)


def _blocked(
    reading: _Reading, rule: _CompiledRule, start: int, end: int, inside: Sequence[int]
) -> bool:
    """Whether the clause holds one of the code's blockers outside the match itself."""
    lower = reading.lower
    clause_from, clause_to = reading.clause[start], reading.clause[end - 1]
    i = start
    while i > 0 and reading.clause[i - 1] >= clause_from:
        i -= 1
    while i < len(lower) and reading.clause[i] <= clause_to:
        if (lower[i] in rule.blockers or reading.lemma[i] in rule.blockers) and not (
            start <= i < end and i not in inside
        ):
            return True
        i += 1
    return False


def _quote_framed_away(reading: _Reading, start: int) -> bool:
    """Whether the words that introduce the quotation holding `start` deny or doubt it: "did
    not send a message saying '...'", "mum worries he might post '...'"."""
    mark = start
    while mark > 0 and reading.quoted[mark - 1]:
        mark -= 1
    mark -= 1  # the opening quotation mark
    if mark <= 0:
        return False
    lower, lemma = reading.lower, reading.lemma
    for i in reading.clause_tokens_before(mark, 15):
        if reading.quoted[i] or lower[i] in _SINGLE_QUOTES:
            continue  # an earlier quotation in the same clause is not the frame
        if lower[i] in codebook.NEGATION or lemma[i] in {"deny", "refute", "dispute"}:
            return True
        if lower[i] in codebook.QUOTE_FRAME_DOUBTS:
            return True
    return False


def _called(reading: _Reading, start: int) -> bool:
    """Whether others name the subject so: "call him", "nicknamed her", "labelled him"."""
    lower, lemma = reading.lower, reading.lemma
    for i in (*reading.clause_tokens_before(start, 6), start):
        if lemma[i] in _CALL and i + 1 < len(lower) and lower[i + 1] in {"him", "her", "them"}:
            return True
    return False


@functools.cache
def _class_lemmas(name: str) -> frozenset[str]:
    table = _lemma_table()
    return frozenset(_lemma_of(word, table) for word in codebook.CLASSES[name])


def _sentence_has(reading: _Reading, start: int, lemmas: frozenset[str]) -> bool:
    """Whether this sentence or the one before names one of `lemmas`."""
    segment = reading.segment[start]
    i = start
    while i > 0 and reading.segment[i - 1] >= segment - 1:
        i -= 1
    while i < len(reading.lemma) and reading.segment[i] <= segment:
        if reading.lemma[i] in lemmas:
            return True
        i += 1
    return False


def _set_work(reading: _Reading, start: int) -> bool:
    segment = reading.segment[start]
    lower = reading.lower
    i = start
    while i > 0 and reading.segment[i - 1] == segment:
        i -= 1
    first = i
    while i < len(lower) and reading.segment[i] == segment:
        if lower[i] in {"own"} and i + 1 < len(lower) and lower[i + 1] in {"time", "initiative"}:
            return False  # "in her own time": whatever the set work, this was not it
        if lower[i] in {"beyond", "nobody", "unset"}:
            return False  # "well beyond the project", "a homework nobody had set"
        i += 1
    i = first
    while i < len(lower) and reading.segment[i] == segment:
        low = lower[i]
        if reading.lemma[i] in codebook.SET_WORK or low in codebook.SET_WORK:
            return True
        if low == "part" and i > 0 and lower[i - 1] == "as":
            return True
        if (
            low in {"lesson", "class", "topic"}
            and i + 1 < len(lower)
            and lower[i + 1] in {"on", "about"}
        ):
            return True
        if low == "set" and i + 1 < len(lower) and lower[i + 1] in {"by", "work", "as", "text"}:
            return True
        if reading.lemma[i] == "show" and {"teacher", "class", "lesson"} & set(lower[first:i]):
            return True  # "his teacher showed the class a video"
        i += 1
    return False


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Cut a long text at whitespace into pieces of at most CHUNK_CHARS characters."""
    if len(text) <= CHUNK_CHARS:
        yield 0, text
        return
    position = 0
    while position < len(text):
        stop = min(position + CHUNK_CHARS, len(text))
        if stop < len(text):
            cut = max(text.rfind("\n", position, stop), text.rfind(". ", position, stop))
            if cut <= position:
                cut = text.rfind(" ", position, stop)
            if cut > position:
                stop = cut + 1
        yield position, text[position:stop]
        position = stop


def _segment_ends(
    reading: _Reading, position: int, specs: tuple[_Spec, ...], index: int = 0
) -> Iterator[int]:
    """Where a gap-free segment starting at `position` can end (optional tokens branch)."""
    if index == len(specs):
        yield position
        return
    spec = specs[index]
    if position < len(reading.lower) and not reading.stop[position]:
        value = reading.lemma[position] if spec.attr == "LEMMA" else reading.lower[position]
        if value in spec.words:
            yield from _segment_ends(reading, position + 1, specs, index + 1)
    if spec.optional:
        yield from _segment_ends(reading, position, specs, index + 1)


def _extend(
    rule: _CompiledRule, reading: _Reading, index: int, end: int, skipped: list[int]
) -> tuple[int, list[int]] | None:
    """Join the rest of a rule after its anchor: the nearest occurrence of each segment
    within its gap, never across the end of a sentence."""
    if index == len(rule.rest):
        return end, skipped
    gap, specs = rule.rest[index]
    first = specs[0]
    values = reading.lemma if first.attr == "LEMMA" else reading.lower
    stops = reading.stop
    for start in range(end, min(end + gap, len(values) - 1) + 1):
        if start > end and stops[start - 1]:
            break
        if not first.optional and values[start] not in first.words:
            continue  # the common case, decided without the general walk below
        for stop in _segment_ends(reading, start, specs):
            if stop == start:
                continue
            joined = _extend(rule, reading, index + 1, stop, [*skipped, *range(end, start)])
            if joined is not None:
                return joined
    return None


def _suggest_doc(
    doc: Doc,
    pipeline: _Pipeline,
    offset: int,
    best: dict[str, tuple[int, int]],
    model: indicator_model.Model | None,
    by_model: set[str],
) -> None:
    """Read one piece of text into `best` (code -> evidence span); the codes the model added
    are put in `by_model`."""
    if len(doc) == 0:
        return
    reading = _Reading(doc, pipeline.lemmas)
    for token, lemma in zip(doc, reading.lemma, strict=True):
        token.lemma_ = lemma
    anchors: list[tuple[int, int, int]] = []
    for matcher in pipeline.matchers:
        anchors.extend(matcher(doc))
    anchors.sort(key=lambda found: (found[1], found[2]))
    #: sentence -> the codes the lexicon matched in it (asserted or not)
    matched: dict[int, set[str]] = {}
    #: the codes the lexicon suggests from this piece
    lexicon_found: set[str] = set()
    for key, start, anchor_end in anchors:
        for index in pipeline.users[key]:
            rule = pipeline.rules[index]
            joined = _extend(rule, reading, 0, anchor_end, [])
            if joined is None:
                continue
            end, skipped = joined
            matched.setdefault(reading.segment[start], set()).add(rule.code)
            span_start = doc[start].idx + offset
            span_end = doc[end - 1].idx + len(doc[end - 1].text) + offset
            current = best.get(rule.code)
            if current is not None and (current[0], current[1] - current[0]) <= (
                span_start,
                span_end - span_start,
            ):
                continue
            if _assess(reading, rule, start, end, skipped):
                best[rule.code] = (span_start, span_end)
                lexicon_found.add(rule.code)
    if model is not None:
        by_model.update(_suggest_by_model(reading, model, offset, best, matched, lexicon_found))


# -- The model's suggestions -----------------------------------------------------------------


@functools.cache
def _tags() -> dict[str, tuple[str, ...]]:
    table = _lemma_table()
    return indicator_model.class_tags(lambda word: _lemma_of(word, table))


def text_features(text: str) -> tuple[list[indicator_model.Occurrence], ...]:
    """The model's features of a (short) text: word features and character features, each
    with its token (for training, `train.py`)."""
    pipeline = _pipeline()
    reading = _Reading(pipeline.nlp(text), pipeline.lemmas)
    return indicator_model.token_features(reading.lower, reading.lemma, reading.clause, _tags())


#: how the model's evidence for a code is read, beyond the scopes every code has (the
#: options of `codebook.py`)
_MODEL_OPTIONS: dict[str, frozenset[str]] = {
    "stated_intent_to_harm": frozenset({"reflexive", "quoted"}),
    "threat_made": frozenset({"reflexive", "quoted"}),
    "violence_history": frozenset({"active", "act"}),
    "identification_with_attackers": frozenset({"not-called"}),
    "attack_approval": frozenset({"not-called"}),
}
#: codes whose evidence is not the subject's when it is set work (a lesson, an essay)
_MODEL_SET_WORK = frozenset(
    {"mass_casualty_research", "fixation_on_violence", "extremist_material", "ideology_engagement"}
)
#: neighbouring codes the model confuses and the lexicon tells apart: where the lexicon
#: matched one in a sentence, the model does not add the other from that sentence
_MODEL_NEIGHBOURS = {
    "weapon_carrying": "weapon_acquisition",
    "weapon_acquisition": "weapon_carrying",
    "attack_approval": "identification_with_attackers",
    "identification_with_attackers": "attack_approval",
}
#: how many of the sentences that weigh most for a code are read before the model's
#: suggestion is dropped
_MODEL_SENTENCES = 2
#: the least weight (in log-odds) a sentence must carry for the code to be its evidence
_MODEL_SENTENCE_WEIGHT = 1.0
#: the longest text whose lexicon suggestions the model may drop: it was trained on
#: narratives of up to about 1,200 characters, and over a long document its probabilities
#: are those of a text about everything
_MODEL_VETO_MAX_CHARS = 5_000
#: the probability the model needs for a code whose evidence would be a sentence in which the
#: lexicon matched another code
_MODEL_SHARED_SENTENCE = 0.6


@functools.cache
def _model_rule(code: str) -> _CompiledRule:
    """The model's evidence for `code` read as a lexicon match would be: the code's blockers,
    and its options in `_MODEL_OPTIONS`."""
    table = _lemma_table()
    blockers = CODES[code].blockers
    return _CompiledRule(
        code=code,
        rule=Rule(pattern="", options=_MODEL_OPTIONS.get(code, frozenset())),
        state=CODES[code].state,
        blockers=frozenset(_lemma_of(word, table) for word in blockers) | frozenset(blockers),
        not_followed_by=frozenset(),
        anchor=0,
        rest=(),
        literal_words=frozenset(),
    )


#: words too common to be evidence of any code on their own, though the lexicon's patterns
#: use them ("he", "will", "was", "to")
_NOT_TOPICAL = frozenset(
    {
        *_ADVERBS,
        *_PREPOSITIONS,
        *_NOT_A_DEED,
        *_PASSIVE_AUX,
        *_FIRST,
        *_FIRST_UNSPELT,
        *_MALE,
        *_FEMALE,
        *_SAY,
        *_TALK,
        *codebook.COMMON_WORDS,
        *codebook.OTHER_PERSON,
        *codebook.PERSON_NOUN,
        *codebook.CHILD_NOUNS,
        *codebook.SUBJECT_WORDS,
    }
)


#: word classes of people, places and things that say who or where, not what happened
_NOT_TOPICAL_CLASSES = frozenset(
    {"PEERS", "ADULT", "RELATIVE", "PLACE", "CONTAINER", "HOME", "SCHOOLISH", "SAYCTX"}
)
#: the same, as words: a word of these classes, or a person named, is not what a sentence is
#: about
_NOT_TOPICAL_WORDS = frozenset(
    word for name in _NOT_TOPICAL_CLASSES for word in codebook.CLASSES[name]
)


@functools.cache
def _topic_words(code: str) -> frozenset[str]:
    """The words of the lexicon's patterns for `code` (lemmas and exact forms, word classes
    spelt out except those of people and places), less the common words: a sentence offered
    as the model's evidence must hold one, so that the evidence names what it is about."""
    table = _lemma_table()
    words: set[str] = set()
    for rule in CODES[code].rules:
        for raw in rule.pattern.split():
            if raw.startswith("~") or (len(raw) > 1 and raw.endswith("?")):
                continue
            for word in raw.lstrip("=").split("|"):
                if word.startswith("@"):
                    if word[1:] not in _NOT_TOPICAL_CLASSES:
                        words.update(
                            _lemma_of(w.lower(), table) for w in codebook.CLASSES[word[1:]]
                        )
                else:
                    words.update({word.lower(), _lemma_of(word.lower(), table)})
    return frozenset(words - _NOT_TOPICAL - _NOT_TOPICAL_WORDS)


def _suggest_by_model(
    reading: _Reading,
    model: indicator_model.Model,
    offset: int,
    best: dict[str, tuple[int, int]],
    matched: dict[int, set[str]],
    lexicon_found: set[str],
) -> set[str]:
    """Drop the lexicon's suggestions (`lexicon_found`, in this piece of text) that the model
    finds most unlikely, then add the codes the model finds and the lexicon did not, each with
    the sentence that weighed most for it as evidence, when the scopes read that sentence as
    asserting it. Returns the codes it added."""
    added: set[str] = set()
    words, chars = indicator_model.token_features(
        reading.lower, reading.lemma, reading.clause, _tags()
    )
    scores = model.score(words, chars)
    n = len(reading.lower)
    if len(reading.doc.text) <= _MODEL_VETO_MAX_CHARS:
        for code in lexicon_found:
            if scores.probabilities[code] < model.vetoes[code]:
                del best[code]  # the whole narrative makes the code most unlikely
    for code, probability in scores.probabilities.items():
        if code in best or probability < model.thresholds[code]:
            continue
        weights = scores.token_weights(code, n).tolist()
        totals: dict[int, float] = {}
        for i, weight in enumerate(weights):
            totals[reading.segment[i]] = totals.get(reading.segment[i], 0.0) + weight
        ranked = sorted(totals, key=lambda segment: -totals[segment])[:_MODEL_SENTENCES]
        for segment in ranked:
            if totals[segment] <= _MODEL_SENTENCE_WEIGHT:
                break
            others = matched.get(segment, set()) - {code}
            if _MODEL_NEIGHBOURS.get(code) in others or (
                others and probability < _MODEL_SHARED_SENTENCE
            ):
                continue
            tokens = [
                i for i in range(n) if reading.segment[i] == segment and reading.lower[i].strip()
            ]
            topical = _topic_words(code)
            if not any(reading.lemma[i] in topical or reading.lower[i] in topical for i in tokens):
                continue  # "Year 9 pupil.": nothing in it is about the code
            anchor = max(tokens, key=lambda i: weights[i])
            if _model_assessed(reading, _model_rule(code), anchor, tokens):
                first, last = reading.doc[tokens[0]], reading.doc[tokens[-1]]
                best[code] = (first.idx + offset, last.idx + len(last.text) + offset)
                added.add(code)
                break
    return added


def _negated_before_commas(reading: _Reading, anchor: int, window: int = 8) -> bool:
    """Whether a negation shortly before `anchor` in its sentence governs it across commas, as
    in a list: "no preoccupation with violence, gore or killing". The model's strongest word
    can sit anywhere in a list; a lexicon match names its own head. Clause words ("but",
    "although") still end the negation's reach."""
    segment = reading.segment[anchor]
    i = anchor - 1
    while i >= 0 and anchor - i <= window and reading.segment[i] == segment:
        low = reading.lower[i]
        if low in codebook.CLAUSE_WORDS or low in {";", ":", "(", ")"}:
            return False
        if low in codebook.NEGATION:
            return True
        i -= 1
    return False


def _model_assessed(
    reading: _Reading, rule: _CompiledRule, anchor: int, sentence: Sequence[int]
) -> bool:
    """Whether the clause around the model's strongest word asserts the code about the
    subject: the lexicon's scopes, as `_assess` applies them to a match."""
    code, options, end = rule.code, rule.rule.options, anchor + 1
    if code in _MODEL_SET_WORK and _set_work(reading, anchor):
        return False
    if rule.blockers and _blocked(reading, rule, anchor, end, ()):
        return False
    if code == "attack_approval" and any(
        reading.lemma[i] in codebook.CONDEMNATION for i in sentence
    ):
        return False  # "said the Manchester bomber was evil"
    if "not-called" in options and _called(reading, anchor):
        return False
    if "reflexive" in options and _reflexive(reading, anchor, end):
        return False
    if _negated_before_commas(reading, anchor):
        return False
    if _negated(reading, anchor, end, (), rule) or _hypothetical(reading, anchor, (), rule):
        return False
    if rule.state and (_over(reading, anchor, end) or _over_next_sentence(reading, anchor, end)):
        return False
    return not _about_someone_else(reading, anchor, end, rule)


def suggest(text: str, *, model: bool = True) -> list[Suggestion]:
    """The indicators `text` asserts about its subject, one per code, in order of evidence.
    `model=False` reads with the lexicon alone (for comparing the two)."""
    return suggest_using(text, indicator_model.shipped() if model else None)


def suggest_using(text: str, model: indicator_model.Model | None) -> list[Suggestion]:
    """`suggest` with the lexicon and the given model (or none)."""
    if not text or not text.strip():
        return []
    pipeline = _pipeline()
    best: dict[str, tuple[int, int]] = {}
    by_model: set[str] = set()
    # Lone surrogates (from a "\ud800" escape) cannot be encoded; one placeholder character
    # each keeps every offset where it was.
    readable = _SURROGATE.sub("\ufffd", text)
    for offset, piece in _chunks(readable):
        _suggest_doc(pipeline.nlp(piece), pipeline, offset, best, model, by_model)
    found = [
        Suggestion(
            code=code,
            start=start,
            end=end,
            text=text[start:end],
            source="model" if code in by_model else "lexicon",
        )
        for code, (start, end) in best.items()
    ]
    return sorted(found, key=lambda s: (s.start, s.end, s.code))


def suggest_many(texts: Iterable[str]) -> Iterator[list[Suggestion]]:
    """`suggest` over many texts, in order."""
    for text in texts:
        yield suggest(text)


# -- Language -------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FUNCTION_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "into",
        "about",
        "after",
        "before",
        "than",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "they",
        "them",
        "their",
        "we",
        "us",
        "our",
        "i",
        "me",
        "my",
        "you",
        "your",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "said",
        "says",
        "who",
        "which",
        "when",
        "where",
        "there",
        "what",
        "will",
        "would",
        "can",
        "could",
        "should",
        "if",
        "so",
        "up",
        "out",
        "all",
        "any",
        "some",
        "also",
        "then",
        "over",
        "under",
        "off",
        "via",
        "re",
        "per",
        "am",
    }
)
FOREIGN_MIN_WORDS = 20
FOREIGN_MAX_SHARE = 0.04


def looks_foreign(text: str) -> bool:
    """True only on strong evidence that `text` is not English: 20 or more words of which
    almost none (under 4%) are English function words. Terse English police logs full of
    abbreviations still have "to", "in", "at", "of", "with" and so are read."""
    words = _WORD.findall(text[:20_000])
    if len(words) < FOREIGN_MIN_WORDS:
        return False
    english = sum(1 for word in words if word.lower() in _FUNCTION_WORDS)
    return english / len(words) < FOREIGN_MAX_SHARE
