#!/usr/bin/env python3
"""composer_checks.py: JLREQ rules checked on the PDF itself — glyph positions of
tests/golden/fixtures/composer2.yaml read back with MuPDF (mutool draw -F stext).

Usage: composer_checks.py PAGE.stext BOXES.txt
BOXES.txt is `surimono dump --boxes` of the same file: it names each paragraph's box.
Prints one line per failed check and a summary; exits 1 when a check failed."""
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdf_checks import check, near, summary  # noqa: E402 (the module beside this file)


class Char:
    def __init__(self, el, size, font):
        q = [float(v) for v in el.get("quad").split()]
        self.c = el.get("c")
        self.x, self.y = float(el.get("x")), float(el.get("y"))
        self.left, self.right = min(q[0], q[4]), max(q[2], q[6])
        self.top, self.bottom = min(q[1], q[3]), max(q[5], q[7])
        self.size, self.font = size, font


def read_chars(path):
    chars = []
    for font in ET.parse(path).iter("font"):
        for el in font.iter("char"):
            chars.append(Char(el, float(font.get("size")), font.get("name")))
    return chars


def read_boxes(path):
    """Text boxes of the dump: source line → (x, y, w, h, size)."""
    boxes = {}
    pat = re.compile(r'^\s*text ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) \S+?:(\d+):\d+ .*?font "[^"]*? ([\d.]+)"')
    for line in open(path, encoding="utf-8"):
        m = pat.match(line)
        if m:
            x, y, w, h, src, size = m.groups()
            boxes.setdefault(int(src), (float(x), float(y), float(w), float(h), float(size)))
    return boxes


def horizontal_lines(chars, box):
    """The lines of horizontal text inside a box, top to bottom, each sorted by x.
    Ruby and other small text above a line is left out (its size is below the box's), and
    so are spaces, which MuPDF reports as characters of their own (U+3000 as U+0020)."""
    x, y, w, h, size = box
    # A bracket set flush at a line start has its origin half an em before the box.
    inside = [c for c in chars if x - size <= c.x <= x + w + 1 and y - 1 <= c.y <= y + h + 1
              and c.size >= size * 0.9 and c.c.strip()]
    lines = {}
    for c in inside:
        lines.setdefault(round(c.y, 1), []).append(c)
    return [sorted(v, key=lambda c: c.x) for _, v in sorted(lines.items())]


def text(line):
    return "".join(c.c for c in line)


def main():
    chars = read_chars(sys.argv[1])
    boxes = read_boxes(sys.argv[2])
    em = lambda b: b[4]

    # 1. A justified line ends exactly at its box's edge whatever the measure.
    box = boxes[10]
    lines = horizontal_lines(chars, box)
    check("1: paragraph found", len(lines) >= 2, str(len(lines)))
    near("1: justified line ends at the box edge", box[0] + 510.24, lines[0][-1].right, 0.05)
    # text-grid: on — the block a whole number of ems, so a line of full-width characters
    # needs no adjustment and its characters stand on the em grid (up to where push-in
    # takes the space of 、・, as JIS X 4051 does on a grid too).
    box = boxes[14]
    lines = horizontal_lines(chars, box)
    whole = int(510.24 // 10.5) * 10.5
    near("1: text-grid block is whole ems", box[0] + whole, lines[0][-1].right, 0.05)
    on_grid = text(lines[0])[: text(lines[0]).index("、")] + text(lines[-1])
    for c in [c for c in lines[0] if c.c][: len(text(lines[0]).split("、")[0])] + lines[-1]:
        steps = (c.left - box[0]) / 10.5
        near(f"1: text-grid {c.c} on the grid", round(steps), steps, 0.01)
    check("1: text-grid checked a line", len(on_grid) > 10, on_grid)

    # 2. space-first: the first line's bracket keeps its half em (next character at 2.0 em
    # after a 1 em indent); a wrapped line's bracket is flush (next at 0.5 em).
    box = boxes[21]
    lines = horizontal_lines(chars, box)
    e = em(box)
    near("2: space-first, first line", box[0] + 2.0 * e, lines[0][1].left, 0.02)
    wrapped = [l for l in lines[1:] if l[0].c == "「"]
    check("2: space-first has a wrapped line opening with 「", len(wrapped) > 0)
    for l in wrapped:
        near("2: space-first, wrapped line flush", box[0] + 0.5 * e, l[1].left, 0.02)
    # space-all: every line-start bracket keeps it; no justification space inside brackets.
    box = boxes[27]
    lines = horizontal_lines(chars, box)
    e = em(box)
    starts = [l for l in lines if l[0].c == "「"]
    check("2: space-all has lines opening with 「", len(starts) >= 2, str(len(starts)))
    for l in starts:
        near("2: space-all keeps the half em", box[0] + 1.0 * e, l[1].left, 0.02)
    for l in lines:
        for a, b in zip(l, l[1:]):
            if a.c in "「（" or b.c in "」）、。":
                check(f"2: no space inside brackets ({a.c}{b.c})", b.left - a.right < 0.5 * e + 0.01,
                      f"gap {b.left - a.right:.2f}")

    # 3. …… and —— never start a line and never split.
    box = boxes[32]
    lines = horizontal_lines(chars, box)
    joined = "".join(text(l) for l in lines)
    check("3: paragraph whole", "……" in joined and "——" in joined, joined)
    for l in lines:
        check(f"3: line does not start with {l[0].c}", l[0].c not in "…—‥―")

    # 4. No line exceeds its measure (a URL broken at a line end keeps no kerning).
    box = boxes[36]
    lines = horizontal_lines(chars, box)
    check("4: the URL wraps", len(lines) >= 3, str(len(lines)))
    for l in lines:
        check("4: line within its measure", l[-1].right <= box[0] + 10 * em(box) + 0.01,
              f"{text(l)} ends at {l[-1].right - box[0]:.3f}")

    # 5. A written ideographic space is the indent: one em, not two.
    box = boxes[40]
    lines = horizontal_lines(chars, box)
    near("5: U+3000 indents one em", box[0] + em(box), lines[0][0].left, 0.02)

    # 6. Quotation marks in Japanese text are full width.
    box = boxes[45]
    lines = horizontal_lines(chars, box)
    quotes = [c for l in lines for c in l if c.c in "“”‘’"]
    check("6: quotes found", len(quotes) == 6, str(len(quotes)))
    for q in quotes:
        near(f"6: {q.c} is full width", em(box), q.right - q.left, 0.02)

    # 7. Vertical text: the first column stands flush with the box's right edge.
    x, y, w, h, size = boxes[49]
    column = [c for c in chars if x - 1 <= c.left and c.right <= x + w + 1 and y - 1 <= c.top
              and c.bottom <= y + h + 1]
    check("7: vertical text found", len(column) > 10, str(len(column)))
    near("7: first column flush right", x + w, max(c.right for c in column), 0.05)

    # 8. Jukugo ruby: the word's characters stay one em apart; a heading with ruby starts
    # flush with its box.
    box = boxes[55]
    lines = horizontal_lines(chars, box)
    e = em(box)
    flat = [c for l in lines for c in l]
    for word in ("情報", "公衆", "認証"):
        at = next((i for i in range(len(flat) - 1) if flat[i].c + flat[i + 1].c == word), None)
        check(f"8: {word} found", at is not None)
        if at is not None:
            near(f"8: {word} not spread apart", e, flat[at + 1].left - flat[at].left, 0.02)
    box = boxes[60]
    lines = horizontal_lines(chars, box)
    near("8: 標 flush with the heading's box", box[0], lines[0][0].left, 0.02)

    # 9. A typed space stays; a folded line break between Japanese characters goes.
    box = boxes[64]
    lines = horizontal_lines(chars, box)
    flat = lines[0]
    i = next(i for i, c in enumerate(flat) if c.c == "橋")
    check("9: typed space kept", flat[i + 1].left - flat[i].right >= 0.25 * em(box) - 0.01,
          f"gap {flat[i + 1].left - flat[i].right:.2f}")
    i = next(i for i, c in enumerate(flat) if c.c == "報")
    check("9: fold dropped", flat[i + 1].c == "推" and abs(flat[i + 1].left - flat[i].right) < 0.01)

    # 10. The paragraph's lines are never loose: letters at most a quarter em apart.
    box = boxes[68]
    lines = horizontal_lines(chars, box)
    e = em(box)
    for l in lines[:-1]:
        for a, b in zip(l, l[1:]):
            if a.c in "、。・" or b.c in "、。・":
                continue
            check(f"10: {a.c}{b.c} not loose", b.left - a.right <= 0.25 * e + 0.01,
                  f"gap {(b.left - a.right) / e:.3f} em")

    # 11. The heading shrank to the largest size that fits two lines, breaking between phrases.
    box = boxes[73]
    lines = horizontal_lines(chars, box)
    check("11: two lines", len(lines) == 2, str([text(l) for l in lines]))
    check("11: broken between phrases", text(lines[0]) == "機密書類からの", text(lines[0]))
    check("11: about 19 pt, not the 8 pt minimum", 18 <= lines[0][0].size <= 20, str(lines[0][0].size))
    for l in lines:
        check("11: within its box", l[-1].right <= box[0] + box[2] + 0.01)

    # 12. Emoji and symbols come from the fallback font.
    found = "".join(c.c for c in chars)
    for symbol in "⚠✓🔑📱":
        check(f"12: {symbol} drawn", symbol in found)

    return summary()


if __name__ == "__main__":
    sys.exit(main())
