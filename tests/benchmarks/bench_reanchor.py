"""Editing a coded note: ``notes.set_body`` on a note of 20,000 characters with 300 coded
segments, a sentence typed near the start so every segment moves (diff, re-anchoring, one
journaled update per segment, one transaction), against bare sqlite3 writing the same new
body and the same new positions (computed beforehand) in one transaction, no journal.

Run: python tests/benchmarks/bench_reanchor.py [--rounds 5]. Prints medians and the ratio
(target <= 5.0: an autosave after typing must stay well under a second).

It also times the diff alone on a note of 2,000,000 characters (the largest a note may be)
with 50 edits scattered through it, where no editor said what changed (a text replaced
whole): against ``difflib.SequenceMatcher`` on the same texts' lines, the obvious way.
"""

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from fieldkit.core.interviews import codes, notes, segments
from fieldkit.core.store.workspace import Workspace

CHARS, SEGMENTS = 20_000, 300
WORDS = ["暑假", "孩子", "没人带", "高原", "头痛", "工地", "家里人", "担心", "身体", "驿站", "热饭",
         "休息", "工资", "，", "。", "\n"]
INSERT = "补记：当天下午又补充了几句。"


def make(path: Path):
    rnd = random.Random(7)
    body = ""
    while len(body) < CHARS:
        body += rnd.choice(WORDS)
    body = body[:CHARS]
    ws = Workspace.open(path, create=True, device_id="benchdev")
    code_ids = [codes.add_code(ws, f"编码{i}") for i in range(10)]
    note_id = notes.create_note(ws, title="长访谈", body=body)
    with ws.transaction():
        for i in range(SEGMENTS):
            start = 100 + i * 60
            segments.apply_codes(ws, note_id, start, start + rnd.randint(5, 50),
                                 [code_ids[i % 10]])
    return ws, note_id, body


def ours(path: Path) -> float:
    ws, note_id, body = make(path)
    new = body[:50] + INSERT + body[50:]
    start = time.perf_counter()
    report = notes.set_body(ws, note_id, new)
    elapsed = time.perf_counter() - start
    assert len(report.moved) == SEGMENTS and not report.lost
    assert all(new[s.start:s.end] == s.text for s in segments.segments_for_note(ws, note_id))
    ws.close()
    return elapsed


def baseline(path: Path) -> float:
    ws, note_id, body = make(path)
    rows = ws.query("SELECT id, start, end FROM interview_segments WHERE note_id = ?", (note_id,))
    ws.close()
    new = body[:50] + INSERT + body[50:]
    shift = len(INSERT)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE interview_notes SET body = ? WHERE id = ?", (new, note_id))
    conn.executemany("UPDATE interview_segments SET start = ?, end = ?, text = ? WHERE id = ?",
                     [(r["start"] + shift, r["end"] + shift,
                       new[r["start"] + shift:r["end"] + shift], r["id"]) for r in rows])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    assert conn.execute("SELECT count(*) FROM interview_segments WHERE start > 60").fetchone()[0] \
        == SEGMENTS
    conn.close()
    return elapsed


def long_note(rounds: int) -> None:
    from fieldkit.core.interviews import anchoring

    rnd = random.Random(3)
    paragraphs = [f"第{i}段：" + "".join(rnd.choice(WORDS[:-1]) for _ in range(40)) + "\n"
                  for i in range(40_000)]
    old = "".join(paragraphs)[:2_000_000]
    changed = old.split("\n")
    for _ in range(50):
        k = rnd.randrange(len(changed))
        cut = rnd.randrange(max(1, len(changed[k]) - 2))
        changed[k] = changed[k][:cut] + "改正" + changed[k][cut + 1:]
    new = "\n".join(changed)
    spans = [(i, i + 10) for i in range(0, len(old) - 20, 1000)]
    ours_t, base_t = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        result = anchoring.reanchor(old, new, spans)
        ours_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        import difflib
        difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True),
                                autojunk=False).get_opcodes()
        base_t.append(time.perf_counter() - start)
    moved = [r for r in result if r is not None]
    assert all(new[a:b] == old[s:e] for (s, e), r in zip(spans, result) if r for a, b in [r]
               if b - a == e - s)
    b, m = statistics.median(base_t), statistics.median(ours_t)
    print(f"2,000,000 characters, 50 scattered edits: difflib by lines median {b * 1000:.0f} ms;"
          f" reanchor (diff + {len(spans)} spans, {len(spans) - len(moved)} lost) median "
          f"{m * 1000:.0f} ms  ratio {m / b:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    tmp = Path(tempfile.mkdtemp())
    base, mine = [], []
    for i in range(rounds):
        base.append(baseline(tmp / f"base{i}.fieldkit"))
        mine.append(ours(tmp / f"ours{i}.fieldkit"))
    b, m = statistics.median(base), statistics.median(mine)
    print(f"bare sqlite3, positions known, no journal:   median {b * 1000:.1f} ms")
    print(f"notes.set_body (diff, re-anchor, journal):  median {m * 1000:.1f} ms"
          f"  ratio {m / b:.2f} (target <= 5.0)")
    long_note(rounds)


if __name__ == "__main__":
    main()
