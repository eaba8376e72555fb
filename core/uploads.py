"""Uploaded files: checked by what they contain, not by their name, within size limits, images
re-encoded, private files kept where no URL serves them. Covers and author photos use it today;
return photos and ebooks reuse the same helpers.

- `clean_image(file)`: size first (a 30 MB "photo" is refused before Pillow reads a byte of it),
  then Pillow must recognise a JPEG, PNG, WebP or GIF whose pixel count is within
  `UPLOAD_IMAGE_MAX_PIXELS` (a decompression bomb declares huge dimensions in a tiny file), and
  the picture is re-encoded as a fresh JPEG: EXIF and GPS data, ICC profiles, comments and
  anything appended to the file (a PHP script after the JPEG's end, a polyglot) are gone, and
  the name becomes a random one. An SVG is never accepted: it is a document that can run script.
- `SafeImageField`: a model ImageField whose form field runs `clean_image`, and whose save
  re-encodes a file that did not come through a form (a service, the shell).
- `sniff_text_upload(head, ...)`: an import file must be text (no NUL or control bytes, UTF-8 or
  Windows-1252); XML must have the expected root element; CSV a delimiter in its header.
- `PrivateFileSystemStorage` (`STORAGES["private"]`, `PRIVATE_MEDIA_ROOT`): outside MEDIA_ROOT,
  with no URL at all, for files only the application reads (catalog imports).

Error messages are Spanish `ValidationError`s, so a form shows them next to the field and the
page answers 400.
"""

from __future__ import annotations

import io
import re
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's names of the formats we accept from people; every other one (SVG is not even an
# image to Pillow; TIFF, PSD, EPS, ICO... carry too much attack surface for a cover) is refused.
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}

DEFAULT_IMAGE_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_IMAGE_MAX_PIXELS = 40_000_000  # 40 megapixels: a 6000 × 6000 scan is 36
DEFAULT_IMAGE_MAX_SIDE = 1600  # what the largest cover on a page needs, twice over


def _setting(name: str, default):
    return getattr(settings, name, default)


def file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return int(size)


def check_size(file, *, max_bytes: int) -> int:
    """The file's size, or ValidationError when it is empty or larger than `max_bytes`."""
    size = file_size(file)
    if size == 0:
        raise ValidationError(_("El archivo está vacío."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("El archivo pesa %(size)s; el máximo es %(max)s. Súbelo más liviano.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    return size


def read_head(file, length: int = 8192) -> bytes:
    """The first bytes of an uploaded file, leaving its position at the start."""
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


NOT_AN_IMAGE = _(
    "El archivo no es una imagen JPEG, PNG, WebP o GIF (lo revisamos por su contenido, no por "
    "su nombre). Guárdalo como JPEG o PNG y vuelve a subirlo."
)


def open_image(file, *, max_pixels: int | None = None) -> Image.Image:
    """Open `file` with Pillow and check its format and dimensions, decoding nothing yet."""
    max_pixels = max_pixels or _setting("UPLOAD_IMAGE_MAX_PIXELS", DEFAULT_IMAGE_MAX_PIXELS)
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own limit and raises past twice it: both are refusals here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
            fmt = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("La imagen dice medir más de %(max)s megapíxeles; súbela más pequeña.")
            % {"max": max_pixels // 1_000_000},
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        raise ValidationError(
            _("La imagen mide %(w)s × %(h)s píxeles; el máximo es %(max)s megapíxeles.")
            % {"w": width, "h": height, "max": max_pixels // 1_000_000},
            code="too_many_pixels",
        )
    return image


def clean_image(
    file,
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    max_side: int | None = None,
    stem: str = "",
) -> ContentFile:
    """Check an uploaded image and return it re-encoded as a new JPEG with a random name.

    Raises ValidationError (Spanish) for anything that is not a JPEG, PNG, WebP or GIF within
    the limits, or that Pillow cannot decode completely (a truncated or doctored file)."""
    check_size(
        file, max_bytes=max_bytes or _setting("UPLOAD_IMAGE_MAX_BYTES", DEFAULT_IMAGE_MAX_BYTES)
    )
    image = open_image(file, max_pixels=max_pixels)
    max_side = max_side or _setting("UPLOAD_IMAGE_MAX_SIDE", DEFAULT_IMAGE_MAX_SIDE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF said
            if image.mode in {"RGBA", "LA", "P", "PA"}:
                rgba = image.convert("RGBA")
                background = Image.new("RGB", rgba.size, (255, 255, 255))
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            elif image.mode != "RGB":
                image = image.convert("RGB")
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            # A new file from the pixels alone: no exif=, no icc_profile=, nothing else kept.
            image.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    except ValidationError:
        raise
    except Exception as exc:  # truncated data, a broken palette, a decoder error...
        raise ValidationError(
            _("La imagen está dañada o incompleta; ábrela y guárdala de nuevo antes de subirla."),
            code="broken_image",
        ) from exc
    name = f"{stem or uuid.uuid4().hex}.jpg"
    content = ContentFile(out.getvalue(), name=name)
    content.reencoded = True  # type: ignore[attr-defined]
    return content


class ImageUploadField(forms.ImageField):
    """A form's image field that keeps only what `clean_image` gives back."""

    default_error_messages = {"invalid_image": NOT_AN_IMAGE}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)  # the empty and name checks
        if file is None:
            return None
        return clean_image(file)


class SafeImageField(models.ImageField):
    """An ImageField whose uploads are always checked and re-encoded (core.uploads)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed and not getattr(file.file, "reencoded", False):
            # Not through a form (a service, the shell, a data migration): same rules.
            clean = clean_image(file.file)
            file.file, file.name = clean, clean.name
        return super().pre_save(model_instance, add)


# TEXT UPLOADS (import files)
# ------------------------------------------------------------------------------
NOT_TEXT = _(
    "El archivo no es texto (¿es un Excel, un PDF o un ZIP?). Guárdalo como CSV UTF-8 u ONIX XML."
)
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_XML_PROLOG = re.compile(
    r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE
)
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def decode_head(head: bytes) -> str:
    """The head of a text file as str (UTF-8, else Windows-1252), or ValidationError."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if _CONTROL.search(head):
        raise ValidationError(NOT_TEXT, code="not_text")
    try:
        # The head may end in the middle of a multi-byte character: ignore only that tail.
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return head[: exc.start].decode("utf-8")
    try:
        return head.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValidationError(NOT_TEXT, code="not_text") from exc


def xml_root(text: str) -> str | None:
    """The local name of the document element, after the prolog; None if it is not XML."""
    rest = text[_XML_PROLOG.match(text).end() :]  # type: ignore[union-attr]
    match = _XML_ROOT.match(rest)
    return match.group(2) if match else None


def sniff_text_upload(head: bytes, *, xml_roots: set[str], csv_delimiters: str = ",;\t") -> str:
    """ "xml" or "csv" from the content of an import file's first bytes, or ValidationError.

    XML must start (after its prolog) with one of `xml_roots` (compared without case); any
    other document (an SVG, an HTML page, a PHP script) is refused. Anything else must be a CSV
    whose header line holds one of `csv_delimiters`."""
    text = decode_head(head).lstrip()
    if text.startswith("<"):
        root = xml_root(text)
        wanted = {name.lower() for name in xml_roots}
        if root is None or root.lower() not in wanted:
            raise ValidationError(
                _(
                    "El XML no es un archivo ONIX (empieza con «%(root)s», no con "
                    "<ONIXMessage>). Exporta el catálogo en ONIX 3.0 o como CSV."
                )
                % {"root": f"<{root}>" if root else text[:20]},
                code="wrong_xml",
            )
        return "xml"
    header = text.splitlines()[0] if text else ""
    if not any(delimiter in header for delimiter in csv_delimiters):
        raise ValidationError(
            _(
                "La primera línea no parece la cabecera de un CSV (columnas separadas por comas "
                "o punto y coma, como «isbn,title,price»)."
            ),
            code="not_csv",
        )
    return "csv"


# PRIVATE FILES
# ------------------------------------------------------------------------------
@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """Files only the application reads: kept under PRIVATE_MEDIA_ROOT, never given a URL
    (nothing serves that folder: not nginx, not Django's static() view)."""

    def __init__(self, location=None, **kwargs):
        super().__init__(location=location, base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no URL; the application reads them itself.")


def private_storage():
    """`storage=` for private FileFields (a callable, so tests and settings may change it)."""
    return storages["private"]


def random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}{extension}"


__all__ = [
    "ImageUploadField",
    "PrivateFileSystemStorage",
    "SafeImageField",
    "check_size",
    "clean_image",
    "decode_head",
    "private_storage",
    "read_head",
    "sniff_text_upload",
    "xml_root",
]
