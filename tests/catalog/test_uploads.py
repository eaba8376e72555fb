"""Uploads with hostile files: covers and author photos (core.uploads.clean_image through the
model's SafeImageField) and catalog import files (content sniffing, private storage, retention)."""

import io
import struct
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.utils import timezone
from PIL import Image

from accounts.roles import Role
from catalog.admin import ProductAdminForm
from catalog.imports import purge_expired_import_files
from catalog.models import Author, ImportJob, Product
from catalog.tasks import purge_import_files_task
from core.uploads import ImageUploadField, clean_image
from tests.catalog.test_import_views import URL, login
from tests.factories.catalog import ProductFactory

PHP = b"<?php system($_GET['c']); ?>\n"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    from config.celery import app

    was = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = was


def jpeg(size=(800, 1200), *, exif=True, color=(200, 30, 30)) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "Canon"  # Make
        data[0x010E] = "GPS -12.1211 -77.0297"  # ImageDescription: where the photo was taken
        image.save(out, "JPEG", exif=data.tobytes())
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def png_bomb(width=30_000, height=30_000) -> bytes:
    """A PNG of a few hundred bytes declaring width × height pixels (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    idat = zlib.compress(b"\x00" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# IMAGES
# ------------------------------------------------------------------------------
def test_a_php_script_named_jpg_is_not_an_image():
    with pytest.raises(ValidationError) as error:
        clean_image(upload("portada.jpg", PHP))
    assert error.value.code == "not_an_image"
    assert "no es una imagen" in error.value.messages[0]


def test_an_svg_with_script_is_refused_whatever_its_name():
    for name in ("logo.svg", "logo.jpg", "logo.png"):
        with pytest.raises(ValidationError) as error:
            clean_image(upload(name, SVG, "image/svg+xml"))
        assert error.value.code == "not_an_image"


def test_a_30_mb_image_is_refused_before_it_is_decoded(settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 8 * 1024 * 1024
    # A real JPEG followed by 30 MB: Pillow alone would happily open it.
    big = jpeg(exif=False) + b"\x00" * (30 * 1024 * 1024)

    with pytest.raises(ValidationError) as error:
        clean_image(upload("enorme.jpg", big))

    assert error.value.code == "too_large"
    assert "pesa 30" in error.value.messages[0] and "el máximo es 8" in error.value.messages[0]


@pytest.mark.parametrize("side", [30_000, 10_000])  # past Pillow's own limit, and past ours
def test_a_decompression_bomb_is_refused_without_decoding_it(side):
    bomb = png_bomb(side, side)
    assert len(bomb) < 1000

    with pytest.raises(ValidationError) as error:
        clean_image(upload("bomba.png", bomb, "image/png"))

    assert error.value.code == "too_many_pixels"
    assert "megapíxeles" in error.value.messages[0]


def test_a_truncated_jpeg_is_refused_as_broken():
    data = jpeg(exif=False)
    with pytest.raises(ValidationError) as error:
        clean_image(upload("cortada.jpg", data[: len(data) // 3]))
    assert error.value.code in {"broken_image", "not_an_image"}


def test_an_image_is_reencoded_without_metadata_payload_or_its_name(settings):
    settings.UPLOAD_IMAGE_MAX_SIDE = 600
    original = jpeg((800, 1200)) + PHP  # a polyglot: a JPEG with a script after its end
    assert b"Canon" in original

    clean = clean_image(upload("../../etc/IMG_0001.php.jpg", original))

    data = clean.read()
    assert clean.name.endswith(".jpg") and "IMG_0001" not in clean.name and "/" not in clean.name
    assert b"<?php" not in data and b"Canon" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (400, 600)
    assert not image.getexif()


def test_a_transparent_png_becomes_a_jpeg_on_white():
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")

    clean = clean_image(upload("t.png", out.getvalue(), "image/png"))

    result = Image.open(clean)
    assert result.format == "JPEG" and result.getpixel((5, 5))[0] > 240


@pytest.mark.django_db
def test_the_product_admin_form_refuses_a_hostile_cover_and_keeps_a_clean_one():
    product = ProductFactory(title="Los ríos profundos")
    data = {key: value for key, value in model_to_dict(product).items() if value is not None} | {
        "genres": [],
        "publisher": "",
    }
    assert isinstance(Product._meta.get_field("cover").formfield(), ImageUploadField)

    bad = ProductAdminForm(data=data, files={"cover": upload("x.jpg", PHP)}, instance=product)
    assert not bad.is_valid()
    assert "no es una imagen" in bad.errors["cover"][0]

    good = ProductAdminForm(data=data, files={"cover": upload("x.png", jpeg())}, instance=product)
    assert good.is_valid(), good.errors
    saved = good.save()
    assert saved.cover.name.startswith("covers/") and saved.cover.name.endswith(".jpg")
    assert b"Canon" not in Path(saved.cover.path).read_bytes()


@pytest.mark.django_db
def test_a_photo_saved_outside_a_form_is_checked_and_reencoded_too():
    author = Author.objects.create(name="José María Arguedas", slug="jose-maria-arguedas")

    author.photo = ContentFile(jpeg(), name="arguedas.jpeg")
    author.save()
    assert author.photo.name.startswith("authors/") and author.photo.name.endswith(".jpg")
    assert b"Canon" not in Path(author.photo.path).read_bytes()

    author.photo = ContentFile(SVG, name="arguedas.svg")
    with pytest.raises(ValidationError):
        author.save()


# IMPORT FILES
# ------------------------------------------------------------------------------
CSV = b"isbn,title,price\n9786124200014,Cuentos de la costa,54.90\n"


def _post(client, name, data):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("catalogo.csv", PHP, "no es un archivo ONIX"),
        ("catalogo.xml", PHP, "no es un archivo ONIX"),
        ("catalogo.xml", SVG, "empieza con «&lt;svg&gt;»"),
        ("catalogo.xml", b"<html><body>hola</body></html>", "empieza con «&lt;html&gt;»"),
        ("catalogo.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "no es texto"),
        ("catalogo.csv", b"solo una palabra\n", "no parece la cabecera de un CSV"),
        ("catalogo.xml", CSV, "dice ser XML pero su contenido es CSV"),
        (
            "catalogo.csv",
            b'<?xml version="1.0"?><ONIXMessage release="3.0"></ONIXMessage>',
            "dice ser CSV pero su contenido es XML",
        ),
    ],
)
def test_hostile_import_files_are_refused_by_their_content(client, name, data, message):
    login(client, Role.OWNER)

    response = _post(client, name, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_a_30_mb_import_file_is_refused(client):
    login(client, Role.OWNER)

    response = _post(client, "grande.csv", CSV + b"x" * (30 * 1024 * 1024))

    assert response.status_code == 400 and "el máximo es 20" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_an_import_file_is_stored_privately_under_a_random_name(
    client, settings, django_capture_on_commit_callbacks
):
    login(client, Role.OWNER)

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "../../novedades;rm -rf.csv", CSV)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.created_count == 1
    assert job.original_name == "novedades;rm -rf.csv"
    stored = Path(job.file.path)
    assert stored.is_file() and stored.suffix == ".csv" and "novedades" not in stored.name
    assert Path(settings.PRIVATE_MEDIA_ROOT) in stored.parents
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*"))
    with pytest.raises(ValueError):
        job.file.url  # noqa: B018 (no URL serves private files)
    assert client.get(job.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_import_files_are_deleted_after_the_retention_period(settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 30

    def job(days_ago, status=ImportJob.Status.DONE):
        made = ImportJob.objects.create(
            file=ContentFile(CSV, name="x.csv"), format="csv", status=status, report=[{"line": 2}]
        )
        ImportJob.objects.filter(pk=made.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
        return made

    old, recent, running = job(31), job(29), job(40, ImportJob.Status.RUNNING)
    old_path = Path(old.file.path)

    assert purge_import_files_task.delay().get() == 1

    old.refresh_from_db()
    assert not old.file and not old_path.exists() and old.report == [{"line": 2}]
    assert Path(recent.file.path).exists() and Path(running.file.path).exists()
    assert purge_expired_import_files() == 0  # nothing left to do


@pytest.mark.django_db
def test_a_job_whose_file_was_purged_fails_with_a_spanish_message():
    from catalog.imports import run_import

    job = ImportJob.objects.create(file="", format="csv")

    run_import(job=job)

    assert job.status == ImportJob.Status.FAILED and "súbelo de nuevo" in job.error
