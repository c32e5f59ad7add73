"""Huge but valid image files, written directly so the test never holds them decoded."""

import struct
import zlib


def huge_jpeg(width: int, height: int) -> bytes:
    """A baseline greyscale JPEG whose every 8 × 8 block is flat grey. Both Huffman tables hold a single
    one-bit code (DC difference 0, end of block), so each block is two 0 bits: the scan is
    width × height / 256 zero bytes (1.5 MB for 20000 × 20000)."""

    def segment(marker: bytes, payload: bytes) -> bytes:
        return marker + struct.pack(">H", len(payload) + 2) + payload

    one_code = bytes([1] + [0] * 15)
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    return (
        b"\xff\xd8"
        + segment(b"\xff\xdb", b"\x00" + bytes([1] * 64))
        + segment(b"\xff\xc0", b"\x08" + struct.pack(">HH", height, width) + b"\x01\x01\x11\x00")
        + segment(b"\xff\xc4", b"\x00" + one_code + b"\x00")
        + segment(b"\xff\xc4", b"\x10" + one_code + b"\x00")
        + segment(b"\xff\xda", b"\x01\x01\x00\x00\x3f\x00")
        + bytes((blocks * 2 + 7) // 8)
        + b"\xff\xd9"
    )


def huge_png(width: int, height: int) -> bytes:
    """A 1-bit black PNG, compressed row by row (20000 × 20000 is about 50 kB)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        )

    row = bytes(1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )
