"""The order in which a playthrough shows a decision's choices or a question's options."""

from __future__ import annotations

from _random import Random as _Twister
from functools import lru_cache
from hashlib import sha512


@lru_cache(maxsize=4096)
def shuffled(count: int, seed: int, kind: str, ident: str) -> tuple[int, ...]:
    """A permutation of range(count) drawn from the playthrough's seed and the item's id.

    The same seed and id always give the same order (after back, save and load), and the
    draw for one decision does not depend on any other. Remembered for the last few
    thousand draws: a prompt is drawn again when it is answered, and seeding is dear.

    The order is `random.Random(f"{seed}:{kind}:{ident}").shuffle(list(range(count)))`'s,
    drawn as CPython's `random` draws it (the Mersenne Twister seeded from the text and its
    SHA-512, then Fisher-Yates with `getrandbits`), without the Python layers of `Random`
    around the twister, which cost as much as seeding it (tests/test_engine_plans.py pins
    the orders). Fewer than two items draw nothing.
    """
    order = list(range(count))
    if count < 2:
        return tuple(order)
    text = f"{seed}:{kind}:{ident}".encode()
    getrandbits = _Twister(int.from_bytes(text + sha512(text).digest(), "big")).getrandbits
    for i in range(count - 1, 0, -1):
        below = i + 1  # the draw of `Random._randbelow(i + 1)`
        bits = below.bit_length()
        j = getrandbits(bits)
        while j >= below:
            j = getrandbits(bits)
        order[i], order[j] = order[j], order[i]
    return tuple(order)
