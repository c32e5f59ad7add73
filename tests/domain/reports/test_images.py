"""Images for the PDF: downscaled when huge, turned upright, passed through when already fine."""

import io

from PIL import Image

from cp_audit.reports.pdf_images import MAX_PIXELS, prepare_image


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def test_a_small_jpeg_is_embedded_as_it_is():
    data = encoded(Image.new("RGB", (300, 200), "orange"), "JPEG")
    prepared = prepare_image(data)
    assert (prepared.data, prepared.width_px, prepared.height_px) == (data, 300, 200)


def test_a_huge_image_is_downscaled_to_a_jpeg():
    prepared = prepare_image(encoded(Image.new("RGB", (5000, 2500), "navy"), "PNG"))
    assert (prepared.width_px, prepared.height_px) == (MAX_PIXELS, MAX_PIXELS // 2)
    assert Image.open(io.BytesIO(prepared.data)).format == "JPEG"


def test_transparency_survives_as_png():
    prepared = prepare_image(encoded(Image.new("RGBA", (3000, 100), (0, 0, 0, 0)), "PNG"))
    assert Image.open(io.BytesIO(prepared.data)).mode == "RGBA"


def test_a_phone_photo_is_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise
    data = encoded(Image.new("RGB", (400, 300), "green"), "JPEG", exif=exif)
    prepared = prepare_image(data)
    assert (prepared.width_px, prepared.height_px) == (300, 400)


def test_other_formats_are_converted_and_garbage_is_refused():
    assert (
        Image.open(io.BytesIO(prepare_image(encoded(Image.new("P", (10, 10)), "GIF")).data)).format == "JPEG"
    )
    assert prepare_image(b"not an image") is None
    photo = encoded(Image.effect_noise((1600, 1200), 60).convert("RGB"), "JPEG")
    assert prepare_image(photo).data == photo
    assert prepare_image(photo[: len(photo) // 2]) is None  # cut short: checked though not decoded in full
    assert prepare_image(b"") is None
