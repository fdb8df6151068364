"""QR codes for URIs: PNG, SVG and terminal text all decode back to the URI (zxing-cpp)."""

from __future__ import annotations

import io
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from jam.exceptions import JamError, OTPError
from jam.otp import qr_png, qr_svg, qr_text

Image = pytest.importorskip("PIL.Image")
zxingcpp = pytest.importorskip("zxingcpp")

URI = (
    "otpauth://totp/Example%20Inc:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    "&issuer=Example%20Inc&algorithm=SHA1&digits=6&period=30"
)


def decode(image) -> str:
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "expected exactly one QR code"
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


def from_modules(rows: list[list[bool]], scale: int = 8):
    """Rasterise a module matrix (True = dark) with a white quiet zone."""
    size = len(rows)
    image = Image.new("L", ((size + 8) * scale, (size + 8) * scale), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                box = ((x + 4) * scale, (y + 4) * scale, (x + 5) * scale, (y + 5) * scale)
                image.paste(0, box)
    return image


def test_png_decodes_to_the_uri():
    data = qr_png(URI)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert decode(Image.open(io.BytesIO(data)).convert("L")) == URI


def test_svg_is_a_document_whose_modules_decode_to_the_uri():
    svg = qr_svg(URI, scale=1, border=0, title="Scan me")
    assert isinstance(svg, str)
    root = ET.fromstring(svg.encode())  # noqa: S314  (our own output, not untrusted XML)
    assert root.tag.endswith("svg")
    assert "Scan me" in svg
    size = int(root.attrib["width"])
    (path,) = (el for el in root.iter() if el.tag.endswith("path"))
    rows = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, args in re.findall(r"([MmHhVv])([-\d. ]+)", path.attrib["d"]):
        numbers = [float(part) for part in args.split()]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif op == "h":
            for col in range(int(x), int(x + numbers[0])):
                rows[int(y)][col] = True
            x += numbers[0]
        else:
            pytest.fail(f"unexpected path op {op}")
    assert decode(from_modules(rows)) == URI


def test_terminal_text_decodes_to_the_uri():
    text = qr_text(URI)
    assert set(text) <= set("█▀▄ \n")
    lines = text.rstrip("\n").split("\n")
    width = len(lines[0])
    assert all(len(line) == width for line in lines)
    # Block characters paint the light modules (white-on-dark terminals): invert.
    light = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}
    rows: list[list[bool]] = []
    for line in lines:
        top = [not light[ch][0] for ch in line]
        bottom = [not light[ch][1] for ch in line]
        rows += [top, bottom]
    assert decode(from_modules(rows)) == URI


def test_qr_of_a_uri_from_the_facade_round_trips(make_jam):
    jam = make_jam(type="hotp", issuer="Corp", digits=8)
    uri = jam.otp_uri(jam.otp_generate_secret(), "bob@corp.example", counter=7)
    assert decode(Image.open(io.BytesIO(qr_png(uri))).convert("L")) == uri


@pytest.mark.parametrize("bad", ["", None, b"otpauth://", "x" * 5000])
def test_bad_uri_is_otp_error(bad):
    with pytest.raises(OTPError):
        qr_png(bad)


def test_missing_segno_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "segno", None)
    for make in (qr_svg, qr_png, qr_text):
        with pytest.raises(JamError, match=r"pip install 'jam-auth\[qr\]'"):
            make(URI)
