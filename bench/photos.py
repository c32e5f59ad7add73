"""Small real photos for the generated audits: JPEG and PNG images of varying size drawn with Pillow
(sky, floor, tanks, pipes and noise), with the PNG thumbnail the workbench stores beside each one."""

from __future__ import annotations

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFilter

THUMBNAIL_PX = 256
SIZES = ((320, 240), (480, 360), (640, 480), (800, 600), (1024, 768), (1280, 960))


def photo(rng: random.Random, index: int) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of one picture of a plant; about one in five is a PNG."""
    width, height = SIZES[rng.randrange(len(SIZES))]
    image = _scene(rng, width, height)
    out = io.BytesIO()
    if index % 5 == 4:
        image.quantize(64).save(out, "PNG", optimize=False)
        return f"现场照片_{index + 1:03d}.png", "image/png", out.getvalue()
    image.save(out, "JPEG", quality=rng.choice((70, 80, 88)))
    return f"IMG_{20260300 + index:08d}.jpg", "image/jpeg", out.getvalue()


def _scene(rng: random.Random, width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height), _colour(rng, 150, 210))
    draw = ImageDraw.Draw(image)
    floor = int(height * rng.uniform(0.55, 0.75))
    draw.rectangle((0, floor, width, height), fill=_colour(rng, 60, 120))
    for _tank in range(rng.randint(2, 6)):
        x = rng.randrange(0, width - width // 8)
        w, h = rng.randint(width // 12, width // 5), rng.randint(height // 6, height // 2)
        draw.rectangle(
            (x, floor - h, x + w, floor), fill=_colour(rng, 40, 200), outline=(30, 30, 30), width=2
        )
    for _pipe in range(rng.randint(1, 4)):
        y = rng.randrange(height // 10, floor)
        draw.line(
            (0, y, width, y + rng.randint(-20, 20)), fill=_colour(rng, 80, 180), width=rng.randint(3, 9)
        )
    # Noise from the seeded generator (Image.effect_noise draws from C rand(), which no seed reaches).
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height)).convert("RGB")
    return Image.blend(image, noise, rng.uniform(0.04, 0.12)).filter(ImageFilter.SMOOTH)


def _colour(rng: random.Random, low: int, high: int) -> tuple[int, int, int]:
    return tuple(rng.randint(low, high) for _ in range(3))  # type: ignore[return-value]


def thumbnail(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG")
        return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
