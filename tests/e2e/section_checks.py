"""section_checks.py: a document's sections and split boxes checked on its laid-out boxes
(surimono dump --boxes of tests/golden/fixtures/sections.yaml): a section's columns
start under what is above them on the same page and are balanced, what follows starts
under their deepest column, a column break starts the next column, a rule stands between
the columns that ask for one, and a box with split: allow goes on over a page break,
framed on each page around what it holds there.

usage: section_checks.py BOXES.txt"""
import re
import sys

from pdf_checks import check, near, summary

LINE = 17.85  # one line of the body text (10.5 pt × 1.7)


def read(path):
    pages = []
    for raw in open(path, encoding="utf-8"):
        if raw.startswith("page "):
            pages.append([])
            continue
        kind, *fields = raw.split()
        x, y, w, h = map(float, fields[:4])
        text = re.search(r' text "(.*)"$', raw)
        pages[-1].append({"kind": kind, "x": x, "y": y, "w": w, "h": h,
                          "text": text.group(1) if text else ""})
    return pages


def find(page, start):
    """The text boxes of a page whose text starts with `start`."""
    return [b for b in page if b["kind"] == "text" and b["text"].startswith(start)]


def bottom(boxes):
    return max(b["y"] + b["h"] for b in boxes)


def main():
    pages = read(sys.argv[1])
    first = pages[0]
    full = find(first, "成績や名簿")[0]["w"]  # the one-column text: the text block's width

    # One column, then a two-column section under it on the same page, balanced.
    section = [b for b in first if b["kind"] == "text" and b["w"] < full / 2
               and b["y"] < find(first, "二つの方法")[0]["y"]]
    columns = sorted({round(b["x"], 1) for b in section})
    check("section 1: two columns", len(columns) == 2, f"columns at {columns}")
    check("section 1: under the one-column text",
          min(b["y"] for b in section) > bottom(find(first, "成績や名簿")))
    left = [b for b in section if round(b["x"], 1) == columns[0]]
    right = [b for b in section if round(b["x"], 1) == columns[-1]]
    check("section 1: balanced (columns end within a line)",
          abs(bottom(left) - bottom(right)) <= LINE + 0.01,
          f"left ends at {bottom(left):.1f}, right at {bottom(right):.1f}")
    check("section 1: a paragraph split between its columns",
          len(find(first, "紙の書類")) == 2)
    heading = find(first, "二つの方法")[0]
    check("one column again: the heading across the page", abs(heading["w"] - full) < 0.01)
    check("one column again: under the deepest column", heading["y"] > bottom(section))
    rules = [b for b in first if b["kind"] == "line"]
    check("column rules: one per two-column section on page 1", len(rules) == 2)
    near("column rule 1: from the section's top", min(b["y"] for b in section), rules[0]["y"], 0.01)
    near("column rule 1: to its deepest column", bottom(section), rules[0]["y"] + rules[0]["h"], 0.02)
    check("column rule 1: between the columns",
          left[0]["x"] + left[0]["w"] < rules[0]["x"] < right[0]["x"])

    # A column break: (2) starts the right column level with (1).
    one, two = find(first, "(1)")[0], find(first, "(2)")[0]
    near("column break: (2) level with (1)", one["y"], two["y"], 0.01)
    check("column break: (2) in the right column", two["x"] > one["x"] + one["w"])

    # Three columns, no rule (the section says column-rule: false).
    second = pages[1]
    three = find(second, "戻ったら") + find(second, "持ち出し簿") + find(second, "足りない")
    check("section 3: three columns side by side",
          len({round(b["x"], 1) for b in three}) == 3 and len({round(b["y"], 1) for b in three}) == 1)
    check("section 3: no column rule", not [b for b in second if b["kind"] == "line"])

    # The split box: a frame on pages 2 and 3, each around what it holds on its page, the
    # paragraphs in order, each once.
    frames = [(n, b) for n, page in enumerate(pages) for b in page if b["kind"] == "rect"]
    check("split box: framed on two pages", [n for n, _ in frames] == [1, 2], f"{frames}")
    inside = []
    for n, frame in frames:
        held = [b for b in pages[n] if b["kind"] == "text" and b["w"] < frame["w"]
                and frame["y"] <= b["y"] <= frame["y"] + frame["h"]]
        check(f"split box, page {n + 1}: holds text", len(held) > 0)
        for b in held:
            check(f"split box, page {n + 1}: '{b['text'][:8]}' inside the frame",
                  b["x"] > frame["x"] and b["x"] + b["w"] < frame["x"] + frame["w"]
                  and b["y"] > frame["y"] and b["y"] + b["h"] < frame["y"] + frame["h"])
        near(f"split box, page {n + 1}: the frame closes under its last paragraph",
             bottom(held) + (held[0]["x"] - frame["x"]), frame["y"] + frame["h"], 0.01)
        inside += [b["text"][:6] for b in held]
    check("split box: every paragraph once, in order",
          inside == ["紛失に気付い", "紛失や盗難に", "管理職は、何", "落とした場所", "同じことを繰",
                     "紛失に気付い", "報告を受けた", "個人情報の入", "事故の記録は"], f"{inside}")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
