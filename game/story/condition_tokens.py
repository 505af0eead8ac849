"""The condition language's tokens: words, strings and operators, each with its column."""

from __future__ import annotations

import re

from game.errors import ConditionError

# "-" may join a word so that unquoted ids like `1940-raid` are one token; the parser then
# decides what a word may be where it stands (a name, a number, or a function's id).
TOKEN = re.compile(
    r"""(?P<space>[ \t\r\n]+)
      | (?P<word>[A-Za-z0-9_-]+)
      | (?P<string>"[^"\r\n]*"|'[^'\r\n]*')
      | (?P<op>==|!=|<=|>=|<|>|\(|\))
    """,
    re.VERBOSE,
)
TOKEN_TEXTS = re.compile(
    r"""[ \t\r\n]+|[A-Za-z0-9_-]+|"[^"\r\n]*"|'[^'\r\n]*'|==|!=|<=|>=|<|>|\(|\)"""
)
"""`TOKEN` without its names: the same tokens, as strings."""
SPACE = frozenset(" \t\r\n")
OP_STARTS = frozenset("=!<>()")


class Tok:
    """One token: a plain slotted class (a frozen dataclass costs three times as much to
    make, and a condition makes one for each word and operator)."""

    __slots__ = ("column", "kind", "text")

    def __init__(self, kind: str, text: str, column: int) -> None:
        self.kind = kind  # word | string | op | end
        self.text = text
        self.column = column

    def is_op(self, *texts: str) -> bool:
        return self.kind == "op" and self.text in texts

    def is_word(self, text: str) -> bool:
        return self.kind == "word" and self.text == text


def tokenize(text: str) -> list[Tok]:
    # str.isprintable() clears the common case in C; the loop then finds the culprit.
    for pos, char in enumerate("" if text.isprintable() else text):
        # Checked everywhere, strings included: escape codes and invisible characters in a
        # story file are never intended and could disguise what a condition says.
        if not char.isprintable() and char not in "\t\r\n":
            raise ConditionError(f"unexpected character U+{ord(char):04X}", column=pos + 1)
    # Every token at once (strings, not match objects), told apart by its first character;
    # when they do not cover the text, the loop below finds the first character that is
    # no token and says which.
    found = TOKEN_TEXTS.findall(text)
    if sum(map(len, found)) == len(text):
        tokens = []
        column = 1
        for part in found:
            first = part[0]
            if first not in SPACE:
                kind = "string" if first in "\"'" else "op" if first in OP_STARTS else "word"
                tokens.append(Tok(kind, part, column))
            column += len(part)
        if not tokens:
            raise ConditionError("empty condition", column=1)
        tokens.append(Tok("end", "", len(text) + 1))
        return tokens
    return tokens_one_by_one(text)


def tokens_one_by_one(text: str) -> list[Tok]:
    """The tokens matched one at a time, each where the last ended: the first place no
    token starts is an error there."""
    tokens: list[Tok] = []
    pos = 0
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            if char in "\"'":
                raise ConditionError("unterminated string", column=pos + 1)
            raise ConditionError(f"unexpected character '{char}'", column=pos + 1)
        if match.lastgroup != "space":
            tokens.append(Tok(match.lastgroup or "", match.group(), pos + 1))
        pos = match.end()
    if not tokens:
        raise ConditionError("empty condition", column=1)
    tokens.append(Tok("end", "", len(text) + 1))
    return tokens
