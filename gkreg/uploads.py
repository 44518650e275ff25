"""Uploaded files parsed defensively: a file is checked before any library expands it.

- xlsx: every zip member's declared uncompressed size and compression ratio are checked before
  openpyxl opens it (a 2 MB zip bomb would otherwise expand to gigabytes);
- csv: bounded field size and row count, with a clear error instead of ``_csv.Error``;
- photos: opened by Pillow under a pixel limit, fully decoded, and stored as a fresh JPEG or PNG
  without metadata, so a staff phone's EXIF GPS position never reaches the public page.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from .errors import ValidationError

MAX_XLSX_MEMBER = 20 * 1024 * 1024  # bytes, uncompressed, per member
MAX_XLSX_TOTAL = 50 * 1024 * 1024  # bytes, uncompressed, all members
MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 200
MAX_CSV_FIELD = 10_000  # characters in one cell
MAX_PIXELS = 40_000_000
PHOTO_QUALITY = 85


def check_xlsx(data: bytes, field: str = "file") -> None:
    """Refuse an xlsx whose members would expand too far; reads only the zip directory."""
    refuse = ValidationError(
        "该Excel文件异常（解压后过大或压缩比异常），无法读取。请在Excel中“另存为”新的 .xlsx 文件，或改用 .csv 文件后重试。",
        field=field,
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("无法读取该Excel文件，请另存为 .xlsx 或 .csv 后重试。", field=field) from None
    if len(members) > MAX_XLSX_MEMBERS:
        raise refuse
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if size > MAX_XLSX_MEMBER or total > MAX_XLSX_TOTAL:
            raise refuse
        if size > 1024 * 1024 and size > MAX_XLSX_RATIO * max(1, member.compress_size):
            raise refuse
        if member.compress_size and size / member.compress_size > MAX_XLSX_RATIO and size > 64 * 1024:
            raise refuse


def read_xlsx_rows(data: bytes, max_rows: int, field: str = "file") -> list[list[Any]]:
    """The cells of the first sheet, after ``check_xlsx``.

    A member whose header understates its size cannot expand further: zipfile stops reading a
    member at its declared size (and then fails its CRC check).
    """
    check_xlsx(data, field)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [list(r) for r in sheet.iter_rows(values_only=True, max_row=max_rows)]
        finally:
            book.close()
    except ValidationError:
        raise
    except Exception:
        raise ValidationError("无法读取该Excel文件，请另存为 .xlsx 或 .csv 后重试。", field=field) from None


def read_csv_rows(text: str, max_rows: int, field: str = "file") -> list[list[str]]:
    """At most ``max_rows`` rows; a cell over ``MAX_CSV_FIELD`` characters is refused clearly."""
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    try:
        for row in _limit(reader, max_rows):
            if any(len(cell) > MAX_CSV_FIELD for cell in row):
                raise ValidationError(
                    f"CSV文件第{len(rows) + 1}行有一个单元格超过{MAX_CSV_FIELD}个字，请检查文件是否正确（例如引号没有配对）。",
                    field=field,
                )
            rows.append(row)
    except csv.Error:
        raise ValidationError(
            f"CSV文件第{len(rows) + 1}行格式不正确（例如引号没有配对或单元格过长），请在Excel中另存为CSV后重试。", field=field
        ) from None
    return rows


def _limit(reader: Iterator[list[str]], max_rows: int) -> Iterator[list[str]]:
    for n, row in enumerate(reader):
        if n >= max_rows:
            return
        yield row


def clean_photo(data: bytes, label: str = "照片", field: str = "photos") -> tuple[bytes, str]:
    """A re-encoded copy (bytes, mime) of an uploaded picture, without any metadata.

    Refused: anything Pillow cannot decode, and pictures above ``MAX_PIXELS`` (the size is read
    from the header before any pixel is decoded).
    """
    from PIL import Image, UnidentifiedImageError

    not_image = ValidationError(f"{label}不是可以打开的JPG或PNG图片。", field=field)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
        with probe:
            kind = probe.format
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(f"{label}的像素过多（{width}×{height}），请缩小到4000万像素以内后再上传。", field=field)
            if kind not in ("JPEG", "PNG"):
                raise not_image
            probe.verify()  # structure and checksums, without decoding
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # decode every pixel: a truncated or fake file fails here
            return _reencode(image, kind)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # Pillow's own guard fired first (far above our limit)
        raise ValidationError(f"{label}的像素过多，请缩小到4000万像素以内后再上传。", field=field) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_image from None
    except Exception:  # Pillow raises a variety of errors on hostile input
        raise not_image from None


def _reencode(image: Any, kind: str) -> tuple[bytes, str]:
    from PIL import ImageOps

    try:
        image = ImageOps.exif_transpose(image)  # keep the picture upright once the orientation tag is gone
    except Exception:
        pass
    out = io.BytesIO()
    if kind == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # A new image carries no info dict: no EXIF, GPS, ICC or comments are written.
        fresh = image.copy()
        fresh.info = {}
        fresh.save(out, format="JPEG", quality=PHOTO_QUALITY, optimize=True)
        return out.getvalue(), "image/jpeg"
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    fresh = image.copy()
    fresh.info = {}
    fresh.save(out, format="PNG", optimize=False)
    return out.getvalue(), "image/png"
