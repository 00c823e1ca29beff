"""Chinese names in pinyin order (安娜, 陈静, 冯海涛 … 张伟), without a pinyin dictionary.

GB2312 lists its 3,755 common characters (level 1: nearly every character of people's
and places' names) in pinyin order, so comparing names encoded in it sorts them as a
Chinese reader expects. Rarer characters (GB2312 level 2, GBK, beyond) come after all
common ones, by their code; Latin text comes first, case-insensitively. A heteronym takes
the reading GB2312 gives it (长 as cháng, 重 as zhòng).

``register(conn)`` adds the same order to SQLite as ``COLLATE PINYIN``.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

NAME = "PINYIN"


@lru_cache(maxsize=8192)
def _char_key(ch: str) -> bytes:
    if ch < "\x80":
        return ch.lower().encode("ascii")
    try:
        encoded = ch.encode("gb2312")
    except UnicodeEncodeError:
        encoded = b""
    if len(encoded) == 2 and encoded[0] < 0xD8:  # symbols and level 1 (B0-D7): pinyin order
        return encoded
    try:
        return b"\xf8" + ch.encode("gbk")
    except UnicodeEncodeError:
        return b"\xfe" + ch.encode("utf-8")


def pinyin_key(text: str | None) -> bytes:
    """A sort key putting ``text`` in pinyin order among other names."""
    return b"".join(_char_key(ch) for ch in text or "")


def _compare(a: str, b: str) -> int:
    ka, kb = pinyin_key(a), pinyin_key(b)
    return (ka > kb) - (ka < kb)


def register(conn: sqlite3.Connection) -> None:
    conn.create_collation(NAME, _compare)
