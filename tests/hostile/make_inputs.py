#!/usr/bin/env python3
"""make_inputs.py: writes the hostile inputs that are binary, large or derived from a real file
(bombs, truncated pictures, huge YAML and CSV) into a folder, so that the repository keeps
only their recipe. Usage: make_inputs.py FIXTURES_DIR OUT_DIR"""
import struct
import sys
import zlib
from pathlib import Path

fixtures, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)


def write(name, data):
    (out / name).write_bytes(data if isinstance(data, bytes) else data.encode())


# ---- JPEG: a real 8-bit photo whose frame header (SOF) is patched ----------------------
jpeg = bytearray((fixtures / "photo.jpg").read_bytes())


def sof_at(d):
    i = 2
    while d[i + 1] not in (0xC0, 0xC2):
        i += 2 + (d[i + 2] << 8 | d[i + 3])
    return i


def patched(height, width, marker=None):
    d = bytearray(jpeg)
    i = sof_at(d)
    struct.pack_into(">HH", d, i + 5, height, width)
    if marker is not None:
        d[i + 1] = marker
    return bytes(d)


write("jpeg-40000-wide.jpg", patched(8, 40000))
write("jpeg-65000-square.jpg", patched(65000, 65000))
write("jpeg-no-height.jpg", patched(0, 16))
write("jpeg-arithmetic.jpg", patched(16, 16, 0xC9))
write("jpeg-truncated.jpg", bytes(jpeg[:630]))
write("jpeg-named-png.png", bytes(jpeg[:630]))


# ---- PNG -------------------------------------------------------------------------------
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, rows=True):
    body = b""
    if rows:
        c = zlib.compressobj(9)
        row = b"\0" * (1 + width * 3)
        body = b"".join(c.compress(row) for _ in range(height)) + c.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


write("png-9000-square.png", png(9000, 9000))  # 81 megapixels in 250 KB, a valid file
write("png-40000-wide.png", png(40000, 1, rows=False))
write("png-truncated.png", (fixtures / "scene.png").read_bytes()[:-40])
write("png-not-png.png", b"GIF89a\x01\x00\x01\x00")

# ---- SVG -------------------------------------------------------------------------------
entity = "x" * 10240
write(
    "svg-quadratic.svg",
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "' + entity + '">]>'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>'
    + "&a;" * 2000 + "</text></svg>",
)
write(
    "svg-huge.svg",
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    + '<rect width="1" height="1"/>' * 700000 + "</svg>",
)
import base64  # noqa: E402

bomb = png(20000, 20000, rows=False)
write(
    "svg-data-png-bomb.svg",
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image width="10" height="10" '
    'href="data:image/png;base64,' + base64.b64encode(bomb).decode() + '"/></svg>',
)

# ---- YAML ------------------------------------------------------------------------------
head = "kind: page\ntitle: 攻撃\nbody:\n"
deep, indent = head, "  "
for _ in range(70):
    deep += indent + "- stack:\n"
    indent += "    "
write("yaml-deep.yaml", deep + indent + "- text: 深い\n")
write("yaml-many-nodes.yaml", head + "  - list:\n" + "      - a\n" * 100001)
write("yaml-long-scalar.yaml", head + "  - text: " + "あ" * 400000 + "\n")
write("yaml-huge-file.yaml", head + "  # " + "x" * (9 * 1024 * 1024) + "\n  - a\n")
write("yaml-16000-paragraphs.yaml", head + "  - 段落\n" * 16000)
write("yaml-45000-paragraphs.yaml", head + "  - 段落\n" * 45000)
write("yaml-utf16.yaml", "kind: page\ntitle: t\nbody:\n  - a\n".encode("utf-16"))
write("yaml-cp932.yaml", "kind: page\ntitle: 学校\nbody:\n  - 機密書類\n".encode("cp932"))
write("yaml-nul.yaml", b"kind: page\ntitle: t\x00\nbody:\n  - a\n")
write("yaml-bom.yaml", "\ufeffkind: page\ntitle: BOM\nbody:\n  - a\n".encode())

# ---- CSV -------------------------------------------------------------------------------
write("csv-huge.csv", "学校名\n" + ("x" * 1023 + "\n") * (17 * 1024))
write("csv-300-columns.csv", ",".join(f"c{i}" for i in range(300)) + "\n" + "1\n")
write("csv-100001-rows.csv", "学校名\n" + "a\n" * 100001)
write("csv-undecodable.csv", b"\xe5\xad\xa6\xff\xfe,x\n1,2\n")
write("csv-wide-cell.csv", "学校名\n" + "あ" * 30000 + "\n")

# ---- manifests -------------------------------------------------------------------------
good = (Path(__file__).parent / "inputs" / "manifest-good.json").read_text()
write("manifest-truncated.json", good[: len(good) // 2])
write("manifest-garbage.json", good + "garbage\n")
write("manifest-empty.json", "")

# ---- PDF: one page whose content stream inflates to 1 GiB -------------------------------
c = zlib.compressobj(9)  # about 1 MB: the size of the bomb as reported
zeros = b" " * (1024 * 1024)
stream = b"".join(c.compress(zeros) for _ in range(1024)) + c.flush()
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
]
pdf, offsets = bytearray(b"%PDF-1.5\n"), []
for n, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % n + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
write("pdf-flate-bomb.pdf", bytes(pdf))
