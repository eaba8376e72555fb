import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from accounts.roles import Role, sync_roles
from catalog.models import ImportJob, Product
from config.celery import app as celery_app
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "isbn;título;autores;precio;géneros\n"
    "9786124200014;Cuentos de la costa;Ana María Núñez;54,90;Literatura > Cuento\n"
    "123;ISBN roto;;10;\n"
    "9788437604947;Precio raro;;gratis;\n"
).encode()


@pytest.fixture(autouse=True)
def _media_and_eager_celery(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sync_roles()  # a transactional test before this one may have flushed the groups
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = was


def log_in(page, user):
    page.goto("/cuenta/login/")
    page.get_by_label("Correo electrónico").fill(user.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.wait_for_load_state()


def test_store_manager_uploads_a_csv_and_reads_the_report_on_a_phone(phone, tmp_path):
    page = phone
    log_in(page, UserFactory(role=Role.STORE_MANAGER))
    upload = tmp_path / "novedades.csv"
    upload.write_bytes(CSV)

    page.goto("/tienda/catalogo/importar/")
    page.get_by_label("Archivo CSV u ONIX 3.0").set_input_files(str(upload))
    page.get_by_role("button", name="Importar").click()

    expect(page.get_by_role("heading", name=re.compile("novedades.csv"))).to_be_visible()
    expect(page.locator("#count-created")).to_have_text("1")
    expect(page.locator("#count-rejected")).to_have_text("2")
    report = page.locator("#import-report")
    expect(report).to_contain_text("El ISBN no es válido")
    expect(report).to_contain_text("no es un número")
    page.get_by_role("link", name="Rechazadas").click()
    expect(report).not_to_contain_text("Cuentos de la costa")
    assert Product.objects.get().title == "Cuentos de la costa"

    page.get_by_role("link", name=re.compile("Importar otro archivo")).click()
    expect(page.locator("#import-jobs")).to_contain_text("novedades.csv")


def test_the_progress_bar_follows_a_running_job_through_htmx(phone):
    page = phone
    log_in(page, UserFactory(role=Role.OWNER))
    job = ImportJob.objects.create(
        file=ContentFile(CSV, name="lote.csv"),
        original_name="lote.csv",
        format="csv",
        status=ImportJob.Status.RUNNING,
        total_rows=3,
        processed_rows=1,
    )

    page.goto(job.get_absolute_url())
    expect(page.locator("#import-progress")).to_contain_text("1 de 3 filas")
    expect(page.locator("progress.import-bar")).to_have_attribute("value", "33")

    ImportJob.objects.filter(pk=job.pk).update(processed_rows=2, created_count=2)
    expect(page.locator("#import-progress")).to_contain_text("2 de 3 filas")
    expect(page.locator("#count-created")).to_have_text("2")

    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=3,
        created_count=2,
        rejected_count=1,
        status=ImportJob.Status.DONE,
        report=[
            {"line": 3, "status": "rejected", "isbn": "123", "title": "X", "reason": "ISBN malo"}
        ],
    )
    expect(page.locator("#import-report")).to_contain_text("ISBN malo")
    expect(page.locator("#import-progress")).to_have_attribute("data-status", "done")
    expect(page.locator("#import-progress")).not_to_have_attribute("hx-trigger", "every 1s")
