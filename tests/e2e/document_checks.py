#!/usr/bin/env python3
"""document_checks.py: the breaking rules of a flowing document checked on the PDF — lines
read back with `pdftotext -bbox-layout` from the glossary (layouts/glossary.yaml).

Usage: document_checks.py GLOSSARY.yaml PAGES.html BOXES.txt
BOXES.txt is `surimono dump --boxes` of the same file (it tells the parts of a paragraph
split between columns apart). Prints one line per failed check and a summary; exits 1 when
a check failed."""
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdf_checks import check, summary  # noqa: E402 (the module beside this file)


SMALL = dict(zip("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ"))
VOWEL_ROWS = ["あかさたなはまやらわがざだばぱゃぁ", "いきしちにひみりゐぎじぢびぴぃ",
              "うくすつぬふむゆるぐずづぶぷゅぅっ", "えけせてねへめれゑげぜでべぺぇ",
              "おこそとのほもよろをごぞどぼぽょぉ"]


def reading_key(reading):
    """An independent statement of 五十音 order: katakana as hiragana, voiced marks and small
    kana folded to the plain kana, ー as the vowel before it; Unicode orders plain hiragana
    in 五十音 order."""
    key, last = [], None
    for ch in reading:
        if "ァ" <= ch <= "ヶ":
            ch = chr(ord(ch) - 0x60)
        if ch == "ー":
            ch = next("あいうえお"[i] for i, row in enumerate(VOWEL_ROWS) if last in row)
        plain = unicodedata.normalize("NFD", ch)[0]
        plain = SMALL.get(plain, plain)
        key.append(plain)
        last = ch
    return ("".join(key), reading)


def read_glossary(path):
    text = open(path, encoding="utf-8").read()
    return re.findall(r"- term: (.+)\n\s+reading: (.+)\n", text)


def read_lines(path):
    """Every line of text on every page: (page, x0, y0, y1, text), ruby left out."""
    html = open(path, encoding="utf-8").read()
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html).replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(html)
    pages = []
    for page in root.iter("page"):
        lines = []
        for line in page.iter("line"):
            y0, y1 = float(line.get("yMin")), float(line.get("yMax"))
            if y1 - y0 < 7:  # ruby: half-size readings over a term
                continue
            words = "".join(w.text or "" for w in line.iter("word"))
            lines.append((float(line.get("xMin")), y0, y1, words))
        pages.append((float(page.get("width")), float(page.get("height")), lines))
    return pages


def main():
    entries = read_glossary(sys.argv[1])
    source = open(sys.argv[1], encoding="utf-8").read()
    title = re.search(r"^title: (.+)$", source, re.M).group(1)
    footer = re.search(r"^footer: (.+)$", source, re.M).group(1)
    pages = read_lines(sys.argv[2])
    terms = {t for t, _ in entries}
    rows = {"あ行", "か行", "さ行", "た行", "な行", "は行", "ま行", "や行", "ら行", "わ行"}
    check("more than a page", len(pages) >= 2, str(len(pages)))

    # Page numbers: - N - at the foot of every page.
    for n, (width, height, lines) in enumerate(pages, 1):
        foot = [l for l in lines if l[1] > height * 0.9]
        check(f"page {n} numbered", any(l[3] == f"-{n}-" for l in foot),
              str([l[3] for l in foot]))

    # Reading order: page by page, column by column, top to bottom.
    order = []
    for width, height, lines in pages:
        body = [l for l in lines if height * 0.06 < l[1] < height * 0.9]
        columns = [[l for l in body if l[0] < width / 2], [l for l in body if l[0] >= width / 2]]
        for column in columns:
            column.sort(key=lambda l: l[1])
            order += [l[3] for l in column]
            # A heading never ends a column: a term or row heading is followed by more.
            if column:
                last = column[-1][3]
                check("no heading at a column's foot", last not in terms and last not in rows,
                      f"'{last}' ends a column")
    found = [t for t in order if t in terms]
    check("every term set once", sorted(found) == sorted(terms), f"{len(found)} of {len(terms)}")
    by_reading = [t for t, r in sorted(entries, key=lambda e: reading_key(e[1]))]
    check("terms in 五十音 order of their readings", found == by_reading,
          f"\n  got  {found}\n  want {by_reading}")
    headings = [t for t in order if t in rows]
    check("row headings in order", headings == sorted(headings, key=lambda h: "あかさたなはまやらわ".index(h[0])),
          str(headings))

    # No paragraph leaves a single line at a column's foot or head: every part of a split
    # paragraph (one source position, several boxes) holds two lines or more.
    parts = {}
    for line in open(sys.argv[3], encoding="utf-8"):
        m = re.match(r'\s*text [\d.]+ [\d.]+ [\d.]+ [\d.]+ (\S+:\d+:\d+) .* lines (\d+) .* text "(.*)"$',
                     line)
        # The running header, the footer and the page numbers repeat on every page.
        if m and not re.match(r"- \d+ -$", m.group(3)) and m.group(3) != title and \
                m.group(3) != footer:
            parts.setdefault(m.group(1), []).append(int(m.group(2)))
    split = {k: v for k, v in parts.items() if len(v) > 1}
    check("some paragraph is split between columns (else this proves nothing)", len(split) > 0)
    for where, counts in split.items():
        check(f"{where}: no widow or orphan", min(counts) >= 2, str(counts))

    return summary()


if __name__ == "__main__":
    sys.exit(main())
