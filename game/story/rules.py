"""The story format's value rules: id, date and language patterns, enumerations, limits."""

from __future__ import annotations

import re

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DATE_RE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?\Z")
VARIABLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Words of the condition language, which a variable name would shadow.
RESERVED_NAMES = ("and", "or", "not", "true", "false", "visited", "seen")
# C0 controls except tab and newline, DEL, and C1 controls: they could move the cursor,
# recolour or retitle a student's terminal.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SOURCE_KINDS = ("memoir", "document", "testimony", "newspaper", "scholarship", "article")
CERTAINTIES = ("established", "memoir", "disputed")
# ISO 639-1: the two-letter language codes that begin a BCP 47 tag such as en, es or es-MX.
LANGUAGES = frozenset(
    (
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg",
        "bh", "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv",
        "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi",
        "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr",
        "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja",
        "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw",
        "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml",
        "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv",
        "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro",
        "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr",
        "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr",
        "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi",
        "yo", "za", "zh", "zu",
    )
)  # fmt: skip
# language[-Script][-REGION]: a two- or three-letter language, a four-letter script
# (Latn, Cyrl), a two-letter or three-digit region (MX, 419). Tags ignore case.
LANGUAGE_RE = re.compile(r"([A-Za-z]{2,3})(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?\Z")


def is_language_tag(value: str) -> bool:
    """A BCP 47 tag the story may declare: a known two-letter code or any three-letter one."""
    match = LANGUAGE_RE.match(value)
    return match is not None and (len(match.group(1)) == 3 or match.group(1).lower() in LANGUAGES)


MAX_INT = 10**15
"""Whole numbers in a story (values, amounts, answers) lie within ±MAX_INT."""
