"""Who has ever chatted in a channel, kept small: what tells a first-time chatter from a returning one.

A row per channel and block of 2**22 user ids holds the block's ids as the zlib of their sorted gaps
(uint32): about 2 to 3 bytes a chatter, against some 120 bytes as a row of its own (ids, timestamps and
their index). Twitch's user ids are numbers; an id that is not is placed by a 32-bit hash above them.

A batch reads only the blocks its chatters fall in, locked (FOR UPDATE) so two folders adding to one
block at once do not lose each other's chatters, and writes back only the blocks that gained someone.
"""

import hashlib
import zlib
from array import array
from collections import defaultdict
from itertools import accumulate

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.database.history import upsert
from sync.database.models import KnownChatters

BLOCK_BITS = 22
HASHED = 1 << 40  # where ids that are not numbers go


def number(chatter_id: str) -> int:
    if chatter_id.isdigit() and len(chatter_id) < 19:
        return int(chatter_id)
    return HASHED + int.from_bytes(hashlib.blake2b(chatter_id.encode(), digest_size=4).digest(), "big")


def pack(offsets: set[int]) -> bytes:
    ordered = sorted(offsets)
    gaps = array("I", [ordered[0], *(b - a for a, b in zip(ordered, ordered[1:]))]) if ordered else array("I")
    return zlib.compress(gaps.tobytes(), 6)


def unpack(packed: bytes) -> set[int]:
    gaps = array("I")
    gaps.frombytes(zlib.decompress(packed))
    return set(accumulate(gaps))


def take_first_timers(session: Session, account: int, chatter_ids: set[str]) -> set[str]:
    """The chatters of ``chatter_ids`` never seen in the channel; from now on they are known."""
    by_block: dict[int, dict[int, str]] = defaultdict(dict)
    for chatter_id in chatter_ids:
        n = number(chatter_id)
        by_block[n >> BLOCK_BITS][n & ((1 << BLOCK_BITS) - 1)] = chatter_id
    if not by_block:
        return set()
    blocks = sorted(by_block)
    # Every block is there before it is locked, so two folders wait on one row instead of racing to insert it.
    upsert(
        session,
        KnownChatters.__table__,
        [{"account_id": account, "block": b, "ids": pack(set())} for b in blocks],
        ("account_id", "block"),
        distinct_keys=True,
    )
    stored = session.execute(
        select(KnownChatters.block, KnownChatters.ids)
        .where(KnownChatters.account_id == account, KnownChatters.block.in_(blocks))
        .order_by(KnownChatters.block)
        .with_for_update()
    ).all()
    firsts: set[str] = set()
    changed = []
    for block, packed in stored:
        known, here = unpack(packed), by_block[block]
        new = here.keys() - known
        if new:
            firsts |= {here[offset] for offset in new}
            changed.append({"account_id": account, "block": block, "ids": pack(known | new)})
    upsert(session, KnownChatters.__table__, changed, ("account_id", "block"), latest=("ids",), distinct_keys=True)
    return firsts


def count_known(session: Session, account: int | None = None) -> int:
    """How many chatters are known (in one channel, or in all)."""
    query = select(KnownChatters.ids)
    if account is not None:
        query = query.where(KnownChatters.account_id == account)
    return sum(len(unpack(packed)) for packed in session.scalars(query))
