"""Small, real image files of each type the API accepts, made with the standard library.

Imported by the image e2e tests; run as a script it writes the samples the unit tests read:
    python3 tests/e2e/image_samples.py tests/unit/images
"""
import struct
import sys
import zlib


def png(width, height, seed=0, extra=b""):
    """An RGB PNG; `extra` goes into a private ancillary chunk (to make it larger)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + bytes((x * 40 + y * 7 + seed) % 256 for x in range(width) for _ in range(3))
        for y in range(height)
    )
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if extra:
        out += chunk(b"prIv", extra)
    return out + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def gif(width, height, seed=0):
    """A two-colour GIF89a; the LZW stream clears its table every two codes (3-bit codes)."""
    pixels = [(x + y + seed) % 2 for y in range(height) for x in range(width)]
    codes = []
    for i, p in enumerate(pixels):
        if i % 2 == 0:
            codes.append(4)  # clear
        codes.append(p)
    codes.append(5)  # end of information
    bits = acc = 0
    data = bytearray()
    for code in codes:
        acc |= code << bits
        bits += 3
        while bits >= 8:
            data.append(acc & 0xFF)
            acc >>= 8
            bits -= 8
    if bits:
        data.append(acc)
    blocks = b"".join(bytes([len(data[i:i + 255])]) + bytes(data[i:i + 255]) for i in range(0, len(data), 255))
    palette = bytes([seed % 256, 0, 0, 255, 255, 255])
    return (
        b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + palette
        + b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
        + b"\x02" + blocks + b"\x00" + b"\x3b"
    )


def jpeg(width, height, seed=0):
    """A baseline grey JPEG: every 8x8 block mid-grey (DC and AC codes of one bit each)."""

    def segment(marker, data):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(data) + 2) + data

    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    nbits = 2 * blocks  # DC difference 0 ("0"), end of block ("0")
    scan = bytearray(b"\x00" * (nbits // 8))
    if nbits % 8:
        scan.append(0xFF >> (nbits % 8))  # pad the last byte with ones
    table = bytes([1] + [0] * 15)
    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xFE, b"billboard sample %d" % seed)
        + segment(0xDB, b"\x00" + bytes([1] * 64))
        + segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
        + segment(0xC4, b"\x00" + table + b"\x00")  # DC table 0: one code, category 0
        + segment(0xC4, b"\x10" + table + b"\x00")  # AC table 0: one code, end of block
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + bytes(scan)
        + b"\xff\xd9"
    )


def _vp8l(width, height, seed=0):
    """A lossless WebP bitstream of one colour: five one-symbol prefix codes, no pixel bits."""
    fields = [(0x2F, 8), (width - 1, 14), (height - 1, 14), (0, 1), (0, 3), (0, 1), (0, 1), (0, 1)]
    for value in (0, seed % 256, 128, 255):  # green, red, blue, alpha: simple codes
        fields += [(1, 1), (0, 1), (1, 1), (value, 8)]
    fields += [(1, 1), (0, 1), (0, 1), (0, 1)]  # distance
    acc = bits = 0
    for value, n in fields:
        acc |= value << bits
        bits += n
    return acc.to_bytes((bits + 7) // 8, "little")


def _riff_chunk(kind, data):
    return kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")


def webp(width, height, seed=0, extended=False):
    """A lossless WebP (simple format, or the extended one with a VP8X chunk)."""
    body = b""
    if extended:
        body += _riff_chunk(b"VP8X", b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little"))
    body += _riff_chunk(b"VP8L", _vp8l(width, height, seed))
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


SAMPLES = {
    "sample.png": lambda: png(3, 2),
    "sample.gif": lambda: gif(4, 3),
    "sample.jpg": lambda: jpeg(16, 8),
    "sample.webp": lambda: webp(5, 7),
    "sample-vp8x.webp": lambda: webp(300, 200, extended=True),
}

if __name__ == "__main__":
    for name, make in SAMPLES.items():
        with open(f"{sys.argv[1]}/{name}", "wb") as f:
            f.write(make())
