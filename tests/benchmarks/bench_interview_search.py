"""Interview search: a two-character query (托管) over 10,000 notes of 2,000 characters each,
through ``interviews.search.search_notes`` (the character-pair index, then the matched spans
of the 50 notes shown) against the bare SQL scan anyone would write first (``instr`` over
every title and body: the count, then the newest 50 with their texts).

Run: python tests/benchmarks/bench_interview_search.py [--notes 10000] [--rounds 7].
Prints medians for a rare word (in ~5% of notes), a common one (~60%) and a
three-character one, and the ratio against the scan. Target (issue 15): under 50 ms for a
two-character query. Asserts that both sides find the same notes, never time.
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from fieldkit.core.interviews.search import refresh_note_index, search_notes
from fieldkit.core.store.workspace import Workspace

WORDS = ("工地", "工友", "宿舍", "食堂", "饭菜", "安全帽", "高原", "缺氧", "班组", "工资", "加班",
         "休假", "回家", "孩子", "上学", "老人", "看病", "医保", "合同", "驿站", "喝水",
         "充电", "快递", "骑手", "订单", "平台", "算法", "保险", "夜班", "港口", "吊车",
         "工会", "干部", "走访", "谈心", "困难", "帮扶", "培训", "技能", "证书", "宣讲")
PUNCT = "，。；、"


def note_text(rng: random.Random, size: int, rare: bool, common: bool) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        parts.append(word)
        length += len(word)
        if rng.random() < 0.2:
            parts.append(rng.choice(PUNCT))
            length += 1
        if rng.random() < 0.01:
            parts.append("\n")
            length += 1
    text = "".join(parts)
    if rare:
        at = rng.randrange(len(text))
        text = text[:at] + "暑期托管难" + text[at:]
    if common:
        at = rng.randrange(len(text))
        text = text[:at] + "想家" + text[at:]
    return text[:size]


def build(path: Path, n: int) -> tuple[Workspace, float, float]:
    rng = random.Random(15)
    ws = Workspace.open(path, create=True, device_id="benchdev")
    rows = []
    for i in range(n):
        rare, common = rng.random() < 0.05, rng.random() < 0.6
        body = note_text(rng, 2000, rare, common)
        rows.append({"title": f"访谈记录 {i}", "body": body,
                     "on_date": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                     "created_at": "2026-07-01T09:00:00+08:00"})
    start = time.perf_counter()
    for offset in range(0, n, 1000):
        with ws.transaction():
            ws.insert_many("interview_notes", rows[offset:offset + 1000])
    written = time.perf_counter() - start
    start = time.perf_counter()
    assert refresh_note_index(ws) == n       # what the first search after the writes does
    return ws, written, time.perf_counter() - start


def scan(ws: Workspace, query: str, limit: int = 50) -> tuple[int, list[str]]:
    """The bare SQL scan: count, then the newest ``limit`` notes with their text."""
    total = ws.scalar("SELECT count(*) FROM interview_notes WHERE deleted = 0"
                      " AND (instr(title, ?) > 0 OR instr(body, ?) > 0)", (query, query))
    rows = ws.query("SELECT id, title, body FROM interview_notes WHERE deleted = 0"
                    " AND (instr(title, ?) > 0 OR instr(body, ?) > 0)"
                    " ORDER BY on_date DESC, rowid DESC LIMIT ?",
                    (query, query, limit))
    return total, [r["id"] for r in rows]


def ours(ws: Workspace, query: str, limit: int = 50) -> tuple[int, list[str]]:
    result = search_notes(ws, query, limit=limit)
    assert all(h.body_spans or h.title_spans for h in result.hits)
    return result.total, [h.note_id for h in result.hits]


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    ws, written, indexed = build(tmp / "bench.fieldkit", args.notes)
    size = (tmp / "bench.fieldkit").stat().st_size
    print(f"{args.notes} notes of 2,000 characters written through ws.insert_many:"
          f" {written:.1f} s; indexed (refresh_note_index): {indexed:.1f} s;"
          f" workspace {size / 1e6:.0f} MB")
    for query, label in (("托管", "rare, 2 characters"), ("想家", "common, 2 characters"),
                         ("托管难", "rare, 3 characters")):
        base, mine = [], []
        for _ in range(args.rounds):
            t, expected = timed(scan, ws, query)
            base.append(t)
            t, got = timed(ours, ws, query)
            mine.append(t)
            assert got == expected, (query, got[0], expected[0])
        b, m = statistics.median(base), statistics.median(mine)
        print(f"{query} ({label}, {expected[0]} notes): instr scan median {b * 1000:.1f} ms,"
              f" search_notes median {m * 1000:.1f} ms, ratio {m / b:.2f}"
              f" (target: under 50 ms)")
    ws.close()


if __name__ == "__main__":
    main()
