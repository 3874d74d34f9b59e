"""The words of the "who does it?" task, its sentences, and reading a learner's sentence into them.

English: "dog bites man" (the doer first) and "man is bitten by dog" (the doer last). Korean, split the way a
morpheme tokeniser splits it, particles apart: "개 가 소 를 물었다" and "소 를 개 가 물었다" (the doer is the noun
before 가, the subject particle; 를 marks the object). "개 가 소 를 물었다" and "소 가 개 를 물었다" have the same
five tokens and opposite meanings: the order of noun and particle carries it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np

NOUNS_EN = ("dog", "man", "cat", "bird", "fox", "cow")
VERBS_EN = {"bites": "bitten", "sees": "seen", "chases": "chased", "pushes": "pushed"}  # active -> participle
NOUNS_KO = ("개", "소", "고양이", "여우", "오리", "사자")  # each ends in a vowel, so takes 가 and 를
VERBS_KO = ("물었다", "봤다", "쫓았다", "밀었다")
SUBJECT, OBJECT = "가", "를"  # the particles: 가 marks the subject (the doer here), 를 the object
NOUNS = NOUNS_EN + NOUNS_KO  # the answers: which noun is the doer
VOCAB = (*NOUNS_EN, *VERBS_EN, *VERBS_EN.values(), "is", "by", *NOUNS_KO, *VERBS_KO, SUBJECT, OBJECT)
INDEX = {word: i for i, word in enumerate(VOCAB)}
HELD_OUT_PAIRS = ({"dog", "man"}, {"개", "소"})  # the default pairs' nouns: never seen together in training
PUNCTUATION = re.compile(r"[.,!?;:\"'“”‘’()]")
MAX_WORDS = 12  # a learner's sentence, in tokens


@dataclass(frozen=True)
class Sentence:
    tokens: tuple[str, ...]
    doer: str
    group: tuple  # (pattern family, the two nouns sorted, verb): the sentences with the same words


def _english(a: str, b: str, verb: str) -> list[Sentence]:
    group = ("en", tuple(sorted((a, b))), verb)
    return [Sentence((a, verb, b), a, group),
            Sentence((b, "is", VERBS_EN[verb], "by", a), a, group + ("passive",))]


def _korean(a: str, b: str, verb: str) -> list[Sentence]:
    group = ("ko", tuple(sorted((a, b))), verb)
    return [Sentence((a, SUBJECT, b, OBJECT, verb), a, group),  # subject first
            Sentence((b, OBJECT, a, SUBJECT, verb), a, group)]  # object first: the same meaning


@functools.cache
def sentences() -> tuple[Sentence, ...]:
    """Every sentence of the task: for each ordered pair of nouns (doer, other) and each verb, English active and
    passive, Korean subject-first and object-first."""
    out = []
    for nouns, verbs, make in ((NOUNS_EN, VERBS_EN, _english), (NOUNS_KO, VERBS_KO, _korean)):
        for a in nouns:
            for b in nouns:
                if a != b:
                    for verb in verbs:
                        out += make(a, b, verb)
    return tuple(out)


def doer(tokens: tuple[str, ...]) -> str | None:
    """The doer by the grammar, or None if ``tokens`` is none of the task's four patterns."""
    match tokens:
        case (a, verb, b) if a in NOUNS_EN and b in NOUNS_EN and verb in VERBS_EN:
            return a
        case (b, "is", done, "by", a) if a in NOUNS_EN and b in NOUNS_EN and done in VERBS_EN.values():
            return a
        case (x, p, y, q, verb) if x in NOUNS_KO and y in NOUNS_KO and verb in VERBS_KO and {p, q} == {SUBJECT,
                                                                                                  OBJECT}:
            return x if p == SUBJECT else y
    return None


def one_hots(tokens: tuple[str, ...]) -> np.ndarray:
    """(T, V) the one-hot vector of each word."""
    return np.eye(len(VOCAB), dtype=np.float32)[[INDEX[w] for w in tokens]]


def bag(tokens: tuple[str, ...]) -> np.ndarray:
    """(V,) how often each word occurs: the one-hot vectors summed, the order gone."""
    return one_hots(tokens).sum(axis=0)


@dataclass(frozen=True)
class Parsed:
    text: str
    tokens: tuple[str, ...]
    unknown: tuple[str, ...]  # words the models do not know, in the order typed

    @property
    def ok(self) -> bool:
        return bool(self.tokens) and not self.unknown and len(self.tokens) <= MAX_WORDS


def _split(word: str) -> list[str]:
    """A typed word as tokens: a Korean noun with its particle attached ("개가") is split as a tokeniser would."""
    if word in INDEX:
        return [word]
    if len(word) > 1 and word[-1] in (SUBJECT, OBJECT) and word[:-1] in NOUNS_KO:
        return [word[:-1], word[-1]]
    return [word]


def parse(text: str) -> Parsed:
    """A learner's sentence as the task's tokens: lower case, punctuation dropped, split at spaces, particles split
    off their nouns."""
    words = PUNCTUATION.sub(" ", text).lower().split()
    tokens = tuple(token for word in words for token in _split(word))
    return Parsed(text, tokens, tuple(dict.fromkeys(t for t in tokens if t not in INDEX)))
