"""A toy English -> Korean grammar for the translation lesson, deterministic from a seed.

English is subject-verb-object with the adverbs at the end: ``he eats big red apple and bread quickly today``.
Korean is subject-object-verb with particles: ``그는 오늘 큰 빨간 사과와 빵을 빨리 먹는다``.
The time adverb moves to the front, the manner adverb sits just before the verb and the verb goes last, so the
alignment between the two sentences is not a diagonal. Particles follow the real rule: 을/과/은 after a final
consonant, 를/와/는 after a vowel. A source sentence has 3 to 27 words: the number of objects (1-6, joined by
"and"), of adjectives (0-2 on each object) and of adverbs (0-2) set its length."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import numpy as np

SUBJECTS = {"i": "나", "you": "너", "he": "그", "she": "그녀", "we": "우리", "they": "그들",
            "minsu": "민수", "jisu": "지수"}
THIRD_PERSON = {"he", "she", "minsu", "jisu"}  # "he eats", "i eat"
VERBS = {"eat": "먹는다", "see": "본다", "buy": "산다", "like": "좋아한다", "want": "원한다", "make": "만든다",
         "wash": "씻는다", "bring": "가져온다"}
NOUNS = {"apple": "사과", "bread": "빵", "rice": "밥", "water": "물", "book": "책", "cup": "컵", "ball": "공",
         "hat": "모자", "flower": "꽃", "cake": "케이크", "fish": "생선", "egg": "달걀"}
ADJECTIVES = {"red": "빨간", "blue": "파란", "big": "큰", "small": "작은", "new": "새", "old": "낡은",
              "sweet": "달콤한", "cold": "차가운"}
MANNER = {"quickly": "빨리", "slowly": "천천히"}  # Korean puts these just before the verb
TIME = {"today": "오늘", "again": "다시", "often": "자주", "always": "항상"}  # and these just after the subject
MIN_LENGTH, MAX_LENGTH = 3, 27  # source words: "i eat apple" up to six objects with two adjectives each, 2 adverbs
MAX_OBJECTS = 6


def third_person(verb: str) -> str:
    return verb + "es" if verb.endswith(("sh", "ch")) else verb + "s"


def has_final_consonant(word: str) -> bool:
    """True if the last Hangul syllable ends in a consonant (batchim): 빵 yes, 사과 no."""
    return (ord(word[-1]) - 0xAC00) % 28 != 0


def particle(word: str, after_consonant: str, after_vowel: str) -> str:
    return word + (after_consonant if has_final_consonant(word) else after_vowel)


VERB_FORMS = {**{v: v for v in VERBS}, **{third_person(v): v for v in VERBS}}  # every English form -> the verb
ENGLISH = sorted({*SUBJECTS, *VERB_FORMS, *NOUNS, *ADJECTIVES, *MANNER, *TIME, "and"})
KOREAN = sorted({*(particle(k, "은", "는") for k in SUBJECTS.values()), *VERBS.values(), *ADJECTIVES.values(),
                 *MANNER.values(), *TIME.values(), *(particle(k, "을", "를") for k in NOUNS.values()),
                 *(particle(k, "과", "와") for k in NOUNS.values())})


@dataclass(frozen=True)
class Sentence:
    """One sentence of the grammar: objects are (adjectives, noun) pairs."""

    subject: str
    verb: str
    objects: tuple[tuple[tuple[str, ...], str], ...]
    manner: str | None = None
    time: str | None = None

    def english(self) -> list[str]:
        verb = third_person(self.verb) if self.subject in THIRD_PERSON else self.verb
        words = [self.subject, verb]
        for k, (adjectives, noun) in enumerate(self.objects):
            words += (["and"] if k else []) + list(adjectives) + [noun]
        return words + [a for a in (self.manner, self.time) if a]

    def korean(self) -> list[str]:
        words = [particle(SUBJECTS[self.subject], "은", "는")] + ([TIME[self.time]] if self.time else [])
        for k, (adjectives, noun) in enumerate(self.objects):
            last = k == len(self.objects) - 1
            words += [ADJECTIVES[a] for a in adjectives]
            words.append(particle(NOUNS[noun], "을", "를") if last else particle(NOUNS[noun], "과", "와"))
        return words + ([MANNER[self.manner]] if self.manner else []) + [VERBS[self.verb]]


def _shapes(length: int) -> list[tuple[int, int]]:
    """The (objects, adverbs) pairs that can make a sentence of ``length`` words."""
    out = []
    for n in range(1, MAX_OBJECTS + 1):
        for a in range(3):
            adjectives = length - 1 - 2 * n - a  # subject + verb + n nouns + (n - 1) "and" + a adverbs
            if 0 <= adjectives <= 2 * n:
                out.append((n, a))
    return out


def sample(rng: np.random.Generator, length: int) -> Sentence:
    """A random sentence with exactly ``length`` English words."""
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValueError(f"sentences have {MIN_LENGTH} to {MAX_LENGTH} words, not {length}")
    shapes = _shapes(length)
    n, a = shapes[rng.integers(len(shapes))]
    per_object = np.zeros(n, dtype=int)
    for _ in range(length - 1 - 2 * n - a):  # hand out the adjectives one at a time, at most two per object
        per_object[rng.choice(np.flatnonzero(per_object < 2))] += 1
    nouns = rng.choice(sorted(NOUNS), size=n, replace=False)
    objects = tuple((tuple(rng.choice(sorted(ADJECTIVES), size=k, replace=False)), str(noun))
                    for k, noun in zip(per_object, nouns, strict=True))
    adverbs = (None, None)
    if a == 2:
        adverbs = (str(rng.choice(sorted(MANNER))), str(rng.choice(sorted(TIME))))
    elif a == 1:
        adverb = str(rng.choice(sorted(MANNER) + sorted(TIME)))
        adverbs = (adverb, None) if adverb in MANNER else (None, adverb)
    return Sentence(str(rng.choice(sorted(SUBJECTS))), str(rng.choice(sorted(VERBS))), objects, *adverbs)


def pairs(lengths, n_per_length: int, seed: int) -> list[tuple[list[str], list[str]]]:
    """``n_per_length`` random (English, Korean) pairs of each source length, the same for the same seed."""
    rng = np.random.default_rng(seed)
    out = []
    for length in lengths:
        for _ in range(n_per_length):
            s = sample(rng, int(length))
            out.append((s.english(), s.korean()))
    return out


def words_of(text: str) -> list[str]:
    """A learner's sentence as words: lower case, punctuation dropped."""
    return re.sub(r"[^\w\s]", " ", text.lower()).split()


def unknown_words(words: list[str]) -> dict[str, list[str]]:
    """Each word not in the English vocabulary, with up to three close known words (possibly none)."""
    return {w: difflib.get_close_matches(w, ENGLISH, n=3, cutoff=0.5) for w in dict.fromkeys(words)
            if w not in ENGLISH}


def parse(words: list[str]) -> Sentence | None:
    """The grammar's own reading of ``words``, or None if they are not a sentence of the grammar."""
    if len(words) < MIN_LENGTH or words[0] not in SUBJECTS or words[1] not in VERB_FORMS:
        return None
    manner = time = None
    rest = list(words[2:])
    if rest and rest[-1] in TIME:
        time = rest.pop()
    if rest and rest[-1] in MANNER:
        manner = rest.pop()
    objects, adjectives = [], []
    for k, w in enumerate(rest):
        if w in ADJECTIVES and w not in adjectives and len(adjectives) < 2:
            adjectives.append(w)
        elif w in NOUNS and (k + 1 == len(rest) or rest[k + 1] == "and"):
            objects.append((tuple(adjectives), w))
            adjectives = []
        elif not (w == "and" and objects and not adjectives and k + 1 < len(rest)):
            return None
    if not objects or adjectives or len(objects) > MAX_OBJECTS:
        return None
    s = Sentence(words[0], VERB_FORMS[words[1]], tuple(objects), manner, time)
    return s if s.english() == words else None  # also checks "he eats" / "i eat"
