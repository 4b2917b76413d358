"""chart_checks.py: the charts of tests/golden/fixtures/charts.yaml checked on their laid-out
boxes (surimono dump --boxes): bars as tall as their values from a zero line, stacked parts
in order with the total over them, ticks at round steps, a pie's slices as wide as their
shares, value labels with their unit.

usage: chart_checks.py BOXES.txt"""
import math
import re
import sys

from pdf_checks import check, near, summary


def read(path):
    boxes = []
    for raw in open(path, encoding="utf-8"):
        if raw.startswith("page "):
            continue
        kind, *fields = raw.split()
        x, y, w, h = map(float, fields[:4])
        line = int(fields[4].split(":")[1])
        box = {"kind": kind, "x": x, "y": y, "w": w, "h": h, "line": line, "raw": raw}
        text = re.search(r' text "(.*)"$', raw)
        box["text"] = text.group(1) if text else ""
        for key in ("sweep", "start"):
            m = re.search(rf" {key} ([-\d.]+)", raw)
            if m:
                box[key] = float(m.group(1))
        boxes.append(box)
    return boxes


def of_chart(boxes, line):
    """A chart's boxes, but for the paper plates under its labels."""
    return [b for b in boxes if b["line"] == line and " fill #ffffffff" not in b["raw"]]


def main():
    boxes = read(sys.argv[1])
    lines = sorted({b["line"] for b in boxes})
    stacked, grouped, lying, pie, donut, line_chart = lines[:6]

    # Stacked: per year the parts stand on each other from the zero line, the total on top.
    chart = of_chart(boxes, stacked)
    bars = [b for b in chart if b["kind"] == "rect"]
    zero = [b for b in chart if b["kind"] == "line" and b["h"] == 0 and b["raw"].find("#1f2328") > 0]
    check("stacked: a zero line", len(zero) >= 1)
    base = zero[-1]["y"]
    ticks = [b["text"] for b in chart if b["kind"] == "text" and re.fullmatch(r"[\d,]+", b["text"])]
    check("stacked: ticks at round steps from zero", ticks == [str(v) for v in range(0, 800, 100)], f"{ticks}")
    first = sorted([b for b in bars if b["w"] > 20], key=lambda b: (round(b["x"]), -b["y"]))
    by_year = {}
    for b in first:
        by_year.setdefault(round(b["x"]), []).append(b)
    years = [by_year[k] for k in sorted(by_year)]
    check("stacked: three bars", len(years) == 3, f"{len(years)}")
    unit = None
    for year, parts, total in zip(("令和2年度", "令和3年度", "令和4年度"), years, (411, 530, 613)):
        near(f"stacked {year}: stands on the zero line", base, parts[0]["y"] + parts[0]["h"], 0.02)
        for lower, upper in zip(parts, parts[1:]):
            near(f"stacked {year}: parts touch", lower["y"], upper["y"] + upper["h"], 0.02)
        height = sum(p["h"] for p in parts)
        unit = unit or height / total
        near(f"stacked {year}: as tall as its total", total * unit, height, 0.05)
        check(f"stacked {year}: the total over it", any(b["text"] == f"{total}人" for b in chart))
    # 245 of 411 for 訓告等, the first part of 令和2年度
    near("stacked: a part as tall as its value", 245 * unit, years[0][0]["h"], 0.05)

    # Grouped: each bar from the zero line, its value over it.
    chart = of_chart(boxes, grouped)
    bars = [b for b in chart if b["kind"] == "rect" and b["w"] > 12]
    check("grouped: six bars", len(bars) == 6, f"{len(bars)}")
    heights = sorted(b["h"] for b in bars)
    near("grouped: 398 vs 151", 398 / 151, heights[-1] / heights[0], 0.01)
    for v in (245, 151, 323, 188, 398, 204):
        check(f"grouped: label {v}人", any(b["text"] == f"{v}人" for b in chart))

    # Lying bars: from one zero line, as long as their values, each with its 件 label.
    chart = of_chart(boxes, lying)
    bars = sorted([b for b in chart if b["kind"] == "rect"], key=lambda b: b["y"])
    check("lying: six bars", len(bars) == 6)
    check("lying: from one zero line", len({round(b["x"], 2) for b in bars}) == 1)
    near("lying: 21 vs 3", 21 / 3, bars[0]["w"] / bars[2]["w"], 0.01)
    for v in (21, 4, 3, 1):
        check(f"lying: label {v}件", any(b["text"] == f"{v}件" for b in chart))
    ticks = [b["text"] for b in chart if b["kind"] == "text" and re.fullmatch(r"\d+", b["text"])]
    check("lying: ticks 0 to 25 by 5", ticks == ["0", "5", "10", "15", "20", "25"], f"{ticks}")

    # Pie and donut: slices as wide as their shares, round the whole circle.
    for name, line in (("pie", pie), ("donut", donut)):
        wedges = [b for b in of_chart(boxes, line) if b["kind"] == "wedge"]
        check(f"{name}: six slices", len(wedges) == 6)
        near(f"{name}: the whole circle", 360, sum(b["sweep"] for b in wedges), 0.05)
        near(f"{name}: 紛失・置き忘れ 21 of 33", 360 * 21 / 33, wedges[0]["sweep"], 0.05)
        check(f"{name}: the shares in the list", any("21件（64%）" in b["text"] for b in of_chart(boxes, line)))
    check("donut: the total in its hole", any(b["text"] == "33件" for b in of_chart(boxes, donut)))

    # Lines: one per series, a point per category.
    polylines = [b for b in of_chart(boxes, line_chart) if b["kind"] == "polyline" and "points" in b["raw"]
                 and len(b["raw"].split("points")[1].split()) == 6]
    check("line: two series of three points", len(polylines) == 2, f"{len(polylines)}")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
