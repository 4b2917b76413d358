#!/usr/bin/env python3
"""hostile.py: writes the PDFs of the preflight's limit and filter tests at test time, so that
no large or binary file is committed. Each is a valid PDF (qpdf finds nothing wrong with its
structure); the hostile ones decode to far more than any real page holds.

Usage: hostile.py KIND OUT [MIB]
  content-bomb  a page whose FlateDecode content stream inflates to MIB MiB of zeros (PDF white
                space), streamed through zlib so that this script stays small too
  objstm-bomb   the catalog and page tree in an object stream that inflates to MIB MiB
  xref-bomb     a cross-reference stream that inflates to MIB MiB
  form-fanout   a form that draws a form ten times, twelve deep (10^12 drawings)
  contents-array a page whose /Contents lists one small stream 100,000 times
  shared-stream 200 pages sharing one content stream of MIB MiB (white space and a line)
  big-info      not hostile: a page and an Info dictionary holding 128 KiB of random bytes (as
                hex), which qpdf --object-streams=generate stores in an object stream that
                cannot shrink below them
  filters       not hostile: five pages showing the same text through the filter chains the
                preflight decodes itself or leaves to qpdf (none, FlateDecode, ASCIIHexDecode,
                ASCII85Decode + FlateDecode, FlateDecode with a PNG predictor)
"""
import base64
import os
import struct
import sys
import zlib


def deflate_zeros(prefix, mib):
    """prefix followed by mib MiB of zero bytes, deflated at level 9 (about 1030:1)."""
    c = zlib.compressobj(9)
    parts = [c.compress(prefix)]
    chunk = bytes(1 << 20)
    for _ in range(mib):
        parts.append(c.compress(chunk))
    parts.append(c.flush())
    return b"".join(parts)


def stream(dictionary, data):
    return b"<< /Length %d %s >>\nstream\n" % (len(data), dictionary) + data + b"\nendstream"


def classic(objects):
    """A PDF with a cross-reference table; objects[0] is object 1, the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R >>"


def compressed(objstm_mib, xref_mib):
    """Catalog (1) and pages (2) in object stream 5; page 3, content 4; xref stream 6."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def put(number, body):
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    put(3, PAGE)
    put(4, stream(b"", b""))
    catalog = b"<< /Type /Catalog /Pages 2 0 R >> "
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >> "
    header = b"1 0 2 %d " % len(catalog)
    data = deflate_zeros(header + catalog + pages, objstm_mib)
    put(5, stream(b"/Type /ObjStm /N 2 /First %d /Filter /FlateDecode" % len(header), data))
    offsets[6] = len(out)
    rows = [(0, 0, 65535), (2, 5, 0), (2, 5, 1)]
    rows += [(1, offsets[n], 0) for n in (3, 4, 5, 6)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    data = deflate_zeros(table, xref_mib)
    out += b"6 0 obj\n" + stream(b"/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode",
                                 data) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)


def form_fanout():
    depth, fanout = 12, 10
    draws = b" ".join(b"/F Do" for _ in range(fanout))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R "
        b"/Resources << /XObject << /F 5 0 R >> >> >>",
        stream(b"", b"/F Do"),
    ]
    for level in range(depth):
        number = 5 + level
        inner = b"/Resources << /XObject << /F %d 0 R >> >>" % (number + 1)
        last = level == depth - 1
        objects.append(stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] " +
                              (b"" if last else inner), b"0 0 m 1 1 l S" if last else draws))
    return classic(objects)


def shared_stream(mib):
    content = zlib.compress(b"0 0 m 10 10 l S" + bytes(mib << 20), 9)
    count = 200
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Producer (hostile.py) >>",
        stream(b"/Filter /FlateDecode", content),
    ]
    for _ in range(count):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
                       b"/Contents 4 0 R >>")
    return classic(objects)


def filters():
    text = b"BT /F1 12 Tf 100 700 Td (A) Tj ET"
    columns = 8
    padded = text + b" " * (-len(text) % columns)
    rows = [padded[i:i + columns] for i in range(0, len(padded), columns)]
    up = b"".join(b"\x02" + bytes((c - p) % 256 for c, p in zip(row, previous))
                  for row, previous in zip(rows, [bytes(columns)] + rows[:-1]))
    a85 = base64.a85encode(zlib.compress(text)) + b"~>"
    contents = [
        stream(b"", text),
        stream(b"/Filter /FlateDecode", zlib.compress(text)),
        stream(b"/Filter /ASCIIHexDecode", text.hex().encode() + b">"),
        stream(b"/Filter [/ASCII85Decode /FlateDecode]", a85),
        stream(b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns %d >>" % columns,
               zlib.compress(up)),
    ]
    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i))
        objects.append(content)
    return classic(objects)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    mib = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    if kind == "content-bomb":
        data = classic([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE,
            stream(b"/Filter /FlateDecode", deflate_zeros(b"", mib)),
        ])
    elif kind == "objstm-bomb":
        data = compressed(mib, 0)
    elif kind == "xref-bomb":
        data = compressed(0, mib)
    elif kind == "contents-array":
        data = classic([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE.replace(b"/Contents 4 0 R", b"/Contents [%s]" % b" ".join([b"4 0 R"] * 100000)),
            stream(b"", b"0 0 m 10 10 l S"),
        ])
    elif kind == "form-fanout":
        data = form_fanout()
    elif kind == "big-info":
        data = classic([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE,
            stream(b"", b""),
            b"<< /Keywords <%s> >>" % os.urandom(128 << 10).hex().encode(),
        ]).replace(b"/Root 1 0 R", b"/Root 1 0 R /Info 5 0 R")
    elif kind == "filters":
        data = filters()
    elif kind == "shared-stream":
        data = shared_stream(mib)
    else:
        sys.exit(__doc__)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
