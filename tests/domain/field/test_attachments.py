"""Attachments from files nobody checked: safe names, media types from the bytes, thumbnails of huge
images without decoding them in full, damaged images stored as documents, a size limit."""

import base64
import hashlib
import io
import random
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from PIL import Image

from cp_audit import attachments, services
from cp_audit.attachments import (
    AttachmentError,
    add_attachment,
    image_for_report,
    prepare_attachment,
    safe_file_name,
    sniff_media_type,
)
from cp_audit.database import create_audit, open_audit
from cp_audit.errors import AuditError
from cp_audit.models import Attachment, Option
from cp_audit.models.base import Aspect, OwnerKind

from .images import huge_png


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def size_of(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


PHOTO = encoded(Image.new("RGB", (400, 200), (200, 30, 30)), "JPEG")


@pytest.fixture
def audit(tmp_path):
    with create_audit(tmp_path / "a.cpaudit") as audit:
        yield audit


@pytest.fixture
def option_id(audit):
    return services.add(audit, Option, {"code": "F1", "title_zh": "方案", "aspect": Aspect.waste}).id


@pytest.mark.parametrize(
    "given, safe",
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\temp\\x.jpg", "x.jpg"),
        ("\\\\server\\share\\现场照片.jpg", "现场照片.jpg"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1.tar.gz", "_com1.tar.gz"),
        ("a\x00b\nc\x1b.jpg", "abc.jpg"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # a right-to-left override that disguises .exe
        ("report: final?.pdf", "report_ final_.pdf"),
        ("photo.jpg. . ", "photo.jpg"),
        ("..", "attachment"),
        ("", "attachment"),
        ("مرحبا.pdf", "مرحبا.pdf"),
        ("😀 镀镍线.png", "😀 镀镍线.png"),
    ],
)
def test_safe_file_names(given, safe):
    assert safe_file_name(given) == safe


def test_long_names_keep_their_extension_within_255_bytes():
    assert safe_file_name("a" * 300 + ".jpg") == "a" * 251 + ".jpg"
    # 3 bytes per character: 251 bytes hold 83 whole characters
    assert safe_file_name("报" * 100 + ".pdf") == "报" * 83 + ".pdf"


UNSAFE_NAMES = ["../../etc/passwd", "..\\..\\boot.ini", "CON", "nul.txt", "a\x1b.jpg", "invoice\u202efdp.exe"]


@pytest.mark.parametrize("name", UNSAFE_NAMES)
def test_an_unsafe_name_given_directly_is_refused(audit, option_id, name):
    """add_attachment makes names safe; a row given to services.add (or in a JSON document) with a name
    that would write outside the folder, or name a device, is refused with the safe name to use."""
    row = {"owner_kind": OwnerKind.option, "owner_id": option_id, "file_name": name, "data": b"x"}
    with pytest.raises(services.ValidationError) as caught:
        services.add(audit, Attachment, row)
    assert [p.field for p in caught.value.problems] == ["file_name"]
    assert caught.value.message.startswith("文件名：")
    assert f"“{safe_file_name(name)}”" in caught.value.message
    assert services.rows(audit, Attachment) == []


def test_an_unsafe_name_in_a_json_document_is_refused(tmp_path, audit, option_id):
    from cp_audit.interchange import DocumentError, export_document, import_document

    services.add(
        audit,
        Attachment,
        {"owner_kind": OwnerKind.option, "owner_id": option_id, "file_name": "照片.jpg", "data": b"x"},
    )
    document = export_document(audit)
    for name in UNSAFE_NAMES:
        document["tables"]["attachment"][0]["file_name"] = name
        with pytest.raises(DocumentError) as caught:
            import_document(document, tmp_path / "new.cpaudit")
        safe = safe_file_name(name)
        assert caught.value.problems == [
            f"$.tables.attachment[0].file_name: 文件名：不能含有文件夹、控制字符或系统保留的名称；可改为“{safe}”。"
        ]
        assert not (tmp_path / "new.cpaudit").exists()


@pytest.mark.parametrize(
    "data, media_type",
    [
        (PHOTO, "image/jpeg"),
        (encoded(Image.new("RGBA", (4, 4)), "PNG"), "image/png"),
        (encoded(Image.new("P", (4, 4)), "GIF"), "image/gif"),
        (b"%PDF-1.7\n...", "application/pdf"),
        ("温度,电导率\n25,1.2\n".encode(), "text/plain"),
        (bytes(range(256)), "application/octet-stream"),
    ],
)
def test_media_type_comes_from_the_bytes(data, media_type):
    assert sniff_media_type(data) == media_type


def test_a_photo_gets_a_png_thumbnail_and_its_checksum(audit, option_id):
    row = add_attachment(audit, OwnerKind.option, option_id, "../DCIM/IMG_1.JPG", PHOTO, caption="镀镍槽")
    stored = services.get(audit, Attachment, row.id)
    assert (stored.file_name, stored.media_type, stored.caption) == ("IMG_1.JPG", "image/jpeg", "镀镍槽")
    assert stored.size_bytes == len(PHOTO) and stored.data == PHOTO
    assert stored.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert stored.thumbnail.startswith(b"\x89PNG") and size_of(stored.thumbnail) == (256, 128)


def test_the_name_does_not_decide_the_type(option_id):
    png = encoded(Image.new("RGB", (10, 10)), "PNG")
    assert (
        prepare_attachment(OwnerKind.option, option_id, "scan.pdf", png).values["media_type"] == "image/png"
    )
    text = prepare_attachment(OwnerKind.option, option_id, "photo.jpg", b"not a photo")
    assert (text.values["media_type"], text.values["thumbnail"]) == ("text/plain", None)
    assert "不是图片" in text.notes[0] and "photo.jpg" in text.notes[0]


@pytest.mark.parametrize("damage", ["cut in half", "garbage after the signature"])
def test_an_image_that_cannot_be_read_is_stored_as_a_document(option_id, damage):
    data = (
        PHOTO[: len(PHOTO) // 2] if damage == "cut in half" else PHOTO[:3] + random.Random(1).randbytes(4000)
    )
    prepared = prepare_attachment(OwnerKind.option, option_id, "x.jpg", data)
    assert prepared.values["media_type"] == "application/octet-stream"
    assert prepared.values["thumbnail"] is None and prepared.values["data"] == data
    assert "不是可读取的图片" in prepared.notes[0]


def test_photos_taken_sideways_are_shown_upright(option_id):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to display
    data = encoded(Image.new("RGB", (400, 200)), "JPEG", exif=exif)
    thumbnail = prepare_attachment(OwnerKind.option, option_id, "p.jpg", data).values["thumbnail"]
    assert size_of(thumbnail) == (128, 256)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory is read from /proc (Linux)")
def test_a_huge_jpeg_gets_a_thumbnail_without_being_decoded_in_full():
    """20000 × 20000 pixels, 400 MB decoded; Pillow's Image.open would refuse it as a bomb. Measured
    in a fresh process: its peak memory stays far below one full decode. (VmHWM, not ru_maxrss, which
    Linux carries over from the parent that started the process: pytest itself may be that big.)"""
    code = (
        "import re, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from images import huge_jpeg\n"
        "from cp_audit.attachments import reduced_image\n"
        "thumb = reduced_image(huge_jpeg(20000, 20000), 256, 'PNG')\n"
        "from PIL import Image; import io\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1)\n"
        "print(Image.open(io.BytesIO(thumb)).size, peak)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    size, peak_kb = result.stdout.rsplit(" ", 1)
    assert size == "(256, 256)"
    assert int(peak_kb) < 250_000  # one greyscale decode alone would be 400,000 kB


@pytest.mark.parametrize("side", [20000, 12000])
def test_a_huge_png_is_stored_whole_without_a_thumbnail(option_id, side):
    """PNG cannot be decoded at reduced size. 20000² is past Pillow's bomb error; 12000² (144 M pixels)
    is where Pillow would only warn and then decode 144 MB: we do not decode either."""
    data = huge_png(side, side)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DecompressionBombWarning would mean we asked Pillow to open it
        prepared = prepare_attachment(OwnerKind.option, option_id, "plan.png", data)
    assert (prepared.values["media_type"], prepared.values["thumbnail"]) == ("image/png", None)
    assert prepared.values["data"] == data
    assert f"{side} × {side}" in prepared.notes[0]


def test_size_limit(option_id, monkeypatch):
    assert attachments.MAX_BYTES == 200 * 1024 * 1024
    monkeypatch.setattr(attachments, "MAX_BYTES", 1024 * 1024)
    assert (
        prepare_attachment(OwnerKind.option, option_id, "a.bin", bytes(1024 * 1024)).values["size_bytes"]
        == 1048576
    )
    with pytest.raises(AttachmentError, match="“b.bin”有 1 MB，超过 1 MB 的附件上限"):
        prepare_attachment(OwnerKind.option, option_id, "b.bin", bytes(1024 * 1024 + 1))


def test_empty_files_and_missing_records_are_refused(audit, option_id):
    with pytest.raises(AttachmentError, match="空文件"):
        add_attachment(audit, OwnerKind.option, option_id, "empty.jpg", b"")
    with pytest.raises(AuditError, match="没有 id 为 999"):
        add_attachment(audit, OwnerKind.option, 999, "p.jpg", PHOTO)
    assert services.rows(audit, Attachment) == []


def test_images_for_reports(audit, option_id):
    transparent = encoded(Image.new("RGBA", (1000, 500), (0, 0, 0, 0)), "PNG")
    png = image_for_report(add_attachment(audit, "option", option_id, "t.png", transparent), 300)
    jpeg = image_for_report(add_attachment(audit, "option", option_id, "p.jpg", PHOTO), 300)
    assert png.startswith(b"\x89PNG") and size_of(png) == (300, 150)
    assert jpeg.startswith(b"\xff\xd8") and size_of(jpeg) == (300, 150)
    assert image_for_report(add_attachment(audit, "option", option_id, "n.txt", b"notes"), 300) is None
    assert (
        image_for_report(add_attachment(audit, "option", option_id, "big.png", huge_png(20000, 20000)), 300)
        is None
    )


@pytest.mark.filterwarnings("ignore:Tag data larger than file")  # Pillow's note on a damaged TIFF
def test_damaged_images_never_crash(option_id):
    """Flip random bytes of valid images of every format we decode, 300 times (seeded)."""
    rng = random.Random(20260512)
    samples = [PHOTO] + [
        encoded(Image.new(mode, (64, 48), 90), fmt)
        for mode, fmt in (("RGBA", "PNG"), ("P", "GIF"), ("RGB", "BMP"), ("RGB", "TIFF"), ("RGB", "WEBP"))
    ]
    for _ in range(300):
        data = bytearray(rng.choice(samples))
        for _flip in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        prepared = prepare_attachment(OwnerKind.option, option_id, "x.img", bytes(data))
        thumbnail = prepared.values["thumbnail"]
        assert thumbnail is None or size_of(thumbnail)[0] <= 256


def test_a_huge_photo_is_scaled_down_for_reports(audit, option_id):
    from .images import huge_jpeg

    stored = add_attachment(audit, "option", option_id, "site.jpg", huge_jpeg(12000, 8000))
    report_image = image_for_report(stored, 300)
    assert report_image.startswith(b"\xff\xd8") and size_of(report_image) == (300, 200)


def test_an_attachment_that_only_claims_to_be_an_image_never_breaks_a_report(tmp_path, audit, option_id):
    """A JSON document can say image/jpeg about any bytes (its rows skip prepare_attachment): the report
    leaves such an attachment out of the photos instead of failing."""
    from cp_audit.interchange import export_document, import_document

    row = {"owner_kind": OwnerKind.option, "owner_id": option_id, "file_name": "p.jpg", "data": b"x"}
    services.add(audit, Attachment, row)
    document = export_document(audit)
    for data in (b"not a photo", PHOTO[:40], b"\xff\xd8" + bytes(5000)):
        attachment = document["tables"]["attachment"][0]
        attachment.update(media_type="image/jpeg", data=base64.b64encode(data).decode())
        target = tmp_path / f"claims-{len(data)}.cpaudit"
        import_document(document, target)
        with open_audit(target) as claimed:
            (stored,) = services.rows(claimed, Attachment)
            assert stored.data == data and image_for_report(stored, 300) is None


def test_a_photo_that_fits_reaches_the_report_as_it_is(audit, option_id):
    """Encoding a JPEG that is already the right size again only loses quality (and time in a report of
    200 photos); a sideways, CMYK or damaged one is still made upright, RGB, or left out."""
    from PIL import ImageOps

    fits = add_attachment(audit, "option", option_id, "fits.jpg", PHOTO)  # 400 × 200
    assert image_for_report(fits, 400) == PHOTO
    assert size_of(image_for_report(fits, 399))[0] == 399  # one pixel too wide: scaled

    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: shown turned 90° clockwise
    sideways = encoded(Image.new("RGB", (400, 200), (200, 30, 30)), "JPEG", exif=exif.tobytes())
    upright = image_for_report(add_attachment(audit, "option", option_id, "side.jpg", sideways), 400)
    assert upright != sideways and size_of(upright) == (200, 400)
    assert ImageOps.exif_transpose(Image.open(io.BytesIO(upright))).size == (200, 400)

    cmyk = encoded(Image.new("CMYK", (40, 20), (0, 200, 200, 0)), "JPEG")
    converted = image_for_report(add_attachment(audit, "option", option_id, "print.jpg", cmyk), 400)
    assert converted != cmyk and Image.open(io.BytesIO(converted)).mode == "RGB"

    cut = add_attachment(audit, "option", option_id, "cut.jpg", PHOTO[: len(PHOTO) // 2])
    assert image_for_report(cut, 400) is None
