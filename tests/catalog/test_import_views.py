import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from catalog import staff_views
from catalog.models import ImportJob, Product
from config.celery import app as celery_app
from tests.factories import UserFactory
from tests.outbox.test_queue import broker_at, dead_redis  # noqa: F401 (fixtures)

URL = "/tienda/catalogo/importar/"
CSV = (
    "isbn,title,authors,price\n"
    "9786124200014,Cuentos de la costa,Ana María Núñez,54.90\n"
    "978-0-306-40615-8,ISBN roto,,10\n"
    "9788437604947,Precio negativo,,-3\n"
).encode()


@pytest.fixture(autouse=True)
def _media_and_eager_celery(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # With REDIS_URL the app queues to a worker; in these tests the task runs in-process.
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = was


def login(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


def test_import_page_url_is_the_staff_one():
    assert reverse("staff:catalog_import") == URL


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/cuenta/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.CLERK])
def test_customers_and_clerks_get_403(client, role):
    login(client, role)
    assert client.get(URL).status_code == 403
    upload = SimpleUploadedFile("c.csv", CSV, content_type="text/csv")
    assert client.post(URL, {"file": upload}).status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.STORE_MANAGER, Role.OWNER, Role.ADMIN])
def test_managers_owners_and_admins_can_open_the_page(client, role):
    login(client, role)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Importar catálogo" in response.content.decode()


@pytest.mark.django_db
def test_upload_runs_the_import_and_shows_the_report(client, django_capture_on_commit_callbacks):
    user = login(client, Role.STORE_MANAGER)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": SimpleUploadedFile("lote.csv", CSV)})

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.status, job.format, job.created_by) == ("done", "csv", user)
    assert (job.created_count, job.rejected_count) == (1, 2)
    assert Product.objects.get().title == "Cuentos de la costa"

    page = client.get(job.get_absolute_url()).content.decode()
    assert "El ISBN no es válido" in page and "no puede ser negativo" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: polling stops

    rejected_only = client.get(job.get_absolute_url() + "?estado=rechazados").content.decode()
    assert "Cuentos de la costa" not in rejected_only and "ISBN roto" in rejected_only

    listing = client.get(URL).content.decode()
    assert "lote.csv" in listing


@pytest.mark.django_db
def test_progress_is_polled_through_htmx_while_the_job_runs(client):
    login(client, Role.OWNER)
    job = ImportJob.objects.create(
        file=ContentFile(CSV, name="c.csv"),
        original_name="c.csv",
        format="csv",
        status=ImportJob.Status.RUNNING,
        total_rows=4,
        processed_rows=1,
    )

    response = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="import-progress"')
    assert "<html" not in body
    assert 'hx-trigger="every 1s"' in body
    assert 'value="25"' in body
    assert "1 de 4 filas" in body


@pytest.mark.django_db
def test_onix_upload_is_detected_by_extension(client, django_capture_on_commit_callbacks):
    from tests.catalog.test_import import DATA

    login(client, Role.OWNER)
    data = (DATA / "onix3_pen_short.xml").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"file": SimpleUploadedFile("feed.xml", data)})

    job = ImportJob.objects.get()
    assert (job.format, job.created_count) == ("onix", 1)


@pytest.mark.django_db
def test_wrong_file_type_gets_a_spanish_error(client):
    login(client, Role.OWNER)

    response = client.post(URL, {"file": SimpleUploadedFile("foto.pdf", b"%PDF-1.4")})

    assert response.status_code == 400
    assert "Sube un archivo .csv o .xml" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_too_big_or_empty_files_are_refused(client, monkeypatch):
    login(client, Role.OWNER)
    monkeypatch.setattr(staff_views, "MAX_FILE_BYTES", 10)

    big = client.post(URL, {"file": SimpleUploadedFile("a.csv", b"isbn,title,price\n" * 5)})
    binary = client.post(URL, {"file": SimpleUploadedFile("b.csv", b"PK\x03\x04\x00\x00")})
    missing = client.post(URL, {})

    assert big.status_code == 400 and "el máximo es" in big.content.decode()
    assert binary.status_code == 400 and "no es texto" in binary.content.decode()
    assert missing.status_code == 400
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_unknown_job_is_404(client):
    login(client, Role.OWNER)
    assert client.get(URL + "999999/").status_code == 404


def test_the_staff_console_links_to_the_import_for_those_allowed(client, db):
    from accounts.roles import Role
    from tests.factories import StoreFactory, UserFactory

    store = StoreFactory()
    manager = UserFactory(role=Role.STORE_MANAGER, store=store)
    clerk = UserFactory(role=Role.CLERK, store=store)

    client.force_login(manager)
    assert "/tienda/catalogo/importar/" in client.get("/tienda/").content.decode()
    client.force_login(clerk)
    assert "/tienda/catalogo/importar/" not in client.get("/tienda/").content.decode()


@pytest.mark.django_db
def test_an_upload_with_the_broker_down_answers_and_is_queued_again_later(
    client,
    broker_at,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    """Before: `run_import_task.delay()` raised after the commit (a 500 for a job already
    saved, and nobody queued it again)."""
    from datetime import timedelta

    from django.utils import timezone

    from catalog.imports import requeue_pending_imports

    login(client, Role.STORE_MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": SimpleUploadedFile("lote.csv", CSV)})

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ImportJob.Status.PENDING  # saved, waiting for the broker

    # The broker is back: the beat queues the job again (here the task runs in-process).
    celery_app.conf.update(task_always_eager=True)
    assert requeue_pending_imports(now=timezone.now()) == 0  # too recent: maybe still queued
    assert requeue_pending_imports(now=timezone.now() + timedelta(minutes=3)) == 1
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 1)
