"""Short references ('Patenaude, 2009') for fact boxes and documents, read from a citation."""

from __future__ import annotations

import re
from functools import lru_cache

_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_YEAR = re.compile(r"(?<![\w\-–])(1[5-9]\d\d|20\d\d)(?=\s*(?:[.,;]|$))")
"""A year that ends a clause ('Little, Brown, 1994.'), not one that qualifies a word ('the 1995
film'), ends a range ('1929–1941') or is part of a number or a decade ('1940s')."""
_SENTENCE = re.compile(r"(?<=[^\s.]{2})\.(?:\s|$)|:\s")
"""The end of the author part: a full stop after a word that is not an initial, or a colon."""
_SEPARATOR = re.compile(r",?\s+(?:and|with|&)\s+|,\s+")
_INITIAL = re.compile(r"[A-Z]\.(?:-?[A-Z]\.)*")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_PARTICLES = {"de", "del", "della", "der", "di", "da", "du", "la", "le", "van", "von", "y"}
_ARTICLES = {"The", "A", "An"}
_LONGEST = 60
"""A short reference that would be longer than this is cut, with '…'."""


@lru_cache(maxsize=1024)
def short_ref(cite: str) -> str:
    """A citation shortened to author and publication year: 'Sudoplatov et al., 1994'.

    Parenthesised asides are dropped and only the first work counts (before a ';'). The year is
    the last year in it that ends a clause. The author is the first author's surname, with
    'and' and the second surname for two authors (collaborators after 'with' count) and 'et al.'
    for more; an organisation named in capitals ('NASA Manned Spacecraft Center') stays whole.
    A citation that does not begin with a name begins with its title: that opening phrase.
    Remembered for the last thousand citations (a story cites the same few on every screen).
    """
    work = _PARENTHESES.sub("", cite).split(";", 1)[0].strip()
    years = _YEAR.findall(work)
    author = _author(work) or _cut(re.split(r"[:,.]\s", work + " ", maxsplit=1)[0].strip())
    author = author or _cut(cite.strip())
    return f"{author}, {years[-1]}" if years else author


def _cut(text: str) -> str:
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1].rstrip() + "…"


def _author(work: str) -> str:
    """The author part as a short reference, or '' when the citation begins with a title."""
    end = _SENTENCE.search(work)
    head = (work[: end.start()] if end else work)[:200]
    possessive = re.match(r"((?:\S+\s+){0,3}?\S+)['’]s\s", head)
    if possessive and _is_name(possessive.group(1)):
        head = possessive.group(1)
    if any(w.isupper() and len(w) > 1 and w.isalpha() for w in head.split()):
        organisation = head.split(",", 1)[0].strip()
        return _cut(organisation) if organisation.split()[:1] not in ([], ["The"]) else ""
    inverted = re.match(r"([^\s,]+),\s+([^,]+?)(?=$|,|\s+and\s|\s+with\s)", head)
    if inverted and _is_name(inverted.group(1)) and _is_name(inverted.group(2)):
        first, rest = inverted.group(1), head[inverted.end() :]
    else:
        people = _SEPARATOR.split(head, maxsplit=1)
        if not _is_name(people[0]) or " " not in people[0]:
            return ""
        first, rest = _surname(people[0]), head[len(people[0]) :]
    others = [p for p in _SEPARATOR.split(rest) if p.strip()]
    if not all(_is_name(p) for p in others):
        return first
    if len(others) == 1:
        return f"{first} and {_surname(others[0]) or others[0]}"
    return f"{first} et al." if others else first


def _is_name(text: str) -> bool:
    """Whether `text` reads as a person's name: capitalised words, initials and particles."""
    words = text.split()
    if not words or len(words) > 5 or words[0] in _ARTICLES:
        return False
    return all(
        _INITIAL.fullmatch(w)
        or w in _PARTICLES
        or (_NAME_WORD.fullmatch(w) is not None and w[0].isupper())
        for w in words
    )


def _surname(name: str) -> str:
    """'Bertrand M. Patenaude' -> 'Patenaude'; 'Leandro A. Sánchez Salazar' -> 'Sánchez Salazar'."""
    words = name.split()
    initials = [i for i, w in enumerate(words) if _INITIAL.fullmatch(w)]
    if initials and initials[-1] < len(words) - 1:
        return " ".join(words[initials[-1] + 1 :])
    start = len(words) - 1
    while start > 0 and words[start - 1] in _PARTICLES:
        start -= 1
    return " ".join(words[start:]) if not _INITIAL.fullmatch(words[-1]) else ""
