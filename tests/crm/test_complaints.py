"""The Libro de Reclamaciones (issue #11): the public sheet, its correlative number, the copy by
e-mail, bad input, the rate limit, the staff's answer, the reminders and the kept record."""

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from crm import complaints
from crm.models import Complaint, ComplaintCounter
from crm.peru import add_business_days, business_days_between
from outbox.models import Notification
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

URL = "/libro-de-reclamaciones/"
VALID = {
    "kind": "reclamo",
    "consumer_name": "Luis Ramírez Soto",
    "doc_type": "dni",
    "doc_number": "45871236",
    "address": "Av. Arequipa 1234, Lince",
    "phone": "987 654 321",
    "email": "luis@example.pe",
    "good_type": "producto",
    "good_description": "La ciudad y los perros, tapa dura",
    "amount": "59.90",
    "order_number": "LP-2026-000012",
    "detail": "El libro llegó con las páginas 30 a 60 en blanco.",
    "request": "Que me cambien el ejemplar.",
}


def fields(**changes):
    data = {**VALID, **changes}
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def _eager_notifications():
    """E-mails are sent in-process after commit, whatever REDIS_URL says."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def manager(miraflores):
    return UserFactory(
        email="jefe.miraflores@librospepito.pe", store=miraflores, role=Role.STORE_MANAGER
    )


def post(client, data, **extra):
    return client.post(URL, data, **extra)


# The public sheet
# ------------------------------------------------------------------------------


def test_every_page_links_the_book_from_its_footer(client):
    for url in ["/", "/tiendas/", "/cuenta/login/", URL]:
        page = client.get(url).content.decode()
        assert f'href="{URL}"' in page, url
        assert "img/libro-reclamaciones.svg" in page


def test_the_sheet_shows_the_supplier_and_the_term(client, settings):
    page = client.get(URL).content.decode()
    assert settings.COMPLAINTS_SUPPLIER["ruc"] in page
    assert "Libros Pepito S.A.C." in page
    assert "15 días hábiles" in page
    assert "Reclamo" in page and "Queja" in page


def test_a_sheet_gets_its_number_and_the_consumer_a_copy_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, fields())
    year = timezone.localdate().year
    complaint = Complaint.objects.get()
    assert complaint.number == f"{year}-000001"
    assert complaint.doc_number == "45871236"
    assert complaint.phone == "+51987654321"
    assert str(complaint.amount) == "59.90"
    assert complaint.due_date == add_business_days(timezone.localdate(), 15)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f"{year}-000001" in page
    assert [message.to for message in mail.outbox] == [["luis@example.pe"]]
    copy = mail.outbox[0]
    assert f"{year}-000001" in copy.subject
    for text in ["20601234565", "Luis Ramírez Soto", "45871236", "páginas 30 a 60", "ejemplar"]:
        assert text in copy.body


def test_numbers_follow_each_other_and_start_again_each_year():
    first = complaints.file_complaint(**_model_fields())
    second = complaints.file_complaint(**_model_fields())
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.number.endswith("-000002")
    ComplaintCounter.objects.create(year=first.year + 1, last=0)
    assert ComplaintCounter.objects.get(year=first.year).last == 2


def _model_fields(**changes):
    return {
        "kind": "queja",
        "consumer_name": "Ana Torres",
        "doc_type": "dni",
        "doc_number": "45871236",
        "address": "Jr. Cusco 100, Lima",
        "phone": "+51987654321",
        "email": "ana@example.pe",
        "good_type": "servicio",
        "good_description": "Atención en tienda",
        "detail": "Me atendieron de mala manera.",
        "request": "Una disculpa.",
        **changes,
    }


@pytest.mark.django_db(transaction=True)
def test_numbers_are_unique_when_consumers_send_at_the_same_moment():
    if connection.vendor != "postgresql":
        pytest.skip("threads on one database: PostgreSQL (SQLite serialises every writer)")
    barrier = threading.Barrier(6)
    errors = []

    def send():
        try:
            barrier.wait()
            complaints.file_complaint(**_model_fields())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Complaint.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_a_logged_in_customer_finds_the_form_filled_and_the_sheet_linked(client, user):
    user.customer.name = "Luis Ramírez Soto"
    user.customer.dni = "45871236"
    user.customer.save()
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert 'value="Luis Ramírez Soto"' in page and 'value="45871236"' in page
    post(client, fields(email=user.email))
    assert Complaint.objects.get().customer == user.customer


def test_a_minor_gives_a_guardian(client):
    response = post(client, fields(is_minor="on"))
    assert response.status_code == 400
    assert "apoderado" in response.content.decode()
    assert not Complaint.objects.exists()
    response = post(
        client,
        fields(
            is_minor="on",
            guardian_name="Marta Soto",
            guardian_doc_type="ce",
            guardian_doc_number="001234567",
        ),
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.is_minor, complaint.guardian_doc_number) == (True, "001234567")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"doc_number": "1234"}, "El DNI debe tener 8 dígitos"),
        ({"doc_type": "ce", "doc_number": "12"}, "carné de extranjería tiene de 8 a 12"),
        ({"doc_type": "pasaporte"}, "Elige DNI o carné de extranjería"),
        ({"kind": None}, "Elige si es un reclamo o una queja"),
        ({"kind": "denuncia"}, "Elige si es un reclamo o una queja"),
        ({"phone": "12"}, "Ingresa un teléfono peruano válido"),
        ({"email": "luis"}, "Revisa tu correo"),
        ({"amount": "-5"}, "no puede ser negativo"),
        ({"amount": "1e309"}, "Revisa el monto"),
        ({"amount": "NaN"}, "Escribe el monto en soles"),
        ({"detail": ""}, "Cuéntanos qué pasó"),
        ({"detail": "x" * 3001}, "hasta 3000 caracteres"),
        ({"request": ""}, "qué solución esperas"),
        ({"store": "99999999999999999999999"}, "Elige una tienda de la lista"),
    ],
)
def test_bad_input_is_a_spanish_400_and_nothing_is_written(client, changes, message):
    response = post(client, fields(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Complaint.objects.exists()
    assert not ComplaintCounter.objects.exists()
    assert not Notification.objects.exists()


def test_a_bot_filling_the_honeypot_sees_a_confirmation_and_nothing_is_written(client):
    response = post(client, fields(sitio_web="http://spam.example"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not Complaint.objects.exists()
    assert not Notification.objects.exists()


def test_the_form_is_rate_limited_per_client(client, settings):
    settings.ABUSE_RATE_LIMITS = {**settings.ABUSE_RATE_LIMITS, "complaint": "2/h"}
    assert post(client, fields()).status_code == 302
    assert post(client, fields()).status_code == 302
    response = post(client, fields())
    assert response.status_code == 429
    assert "demasiados intentos" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_a_forged_confirmation_link_is_a_404(client):
    assert client.get(f"{URL}enviada/abc/").status_code == 404
    assert client.get(f"{URL}enviada/{'x' * 5000}/").status_code == 404


# Staff
# ------------------------------------------------------------------------------


def test_a_clerk_cannot_read_the_book_a_manager_can(clerk_client, manager):
    complaint = complaints.file_complaint(**_model_fields())
    assert clerk_client.get(reverse("staff:complaints")).status_code == 403
    assert (
        clerk_client.get(reverse("staff:complaint_detail", args=[complaint.pk])).status_code == 403
    )
    response = clerk_client.post(
        reverse("staff:complaint_answer", args=[complaint.pk]), {"answer": "Hola"}
    )
    assert response.status_code == 403
    manager_client = Client()
    manager_client.force_login(manager)
    page = manager_client.get(reverse("staff:complaints")).content.decode()
    assert complaint.number in page and "Ana Torres" in page
    assert 'href="/tienda/reclamaciones/"' in manager_client.get("/tienda/stock/").content.decode()
    assert (
        'href="/tienda/reclamaciones/"' not in clerk_client.get("/tienda/stock/").content.decode()
    )


def test_the_manager_answers_once_and_the_consumer_gets_it(
    client, manager, django_capture_on_commit_callbacks
):
    complaint = complaints.file_complaint(**_model_fields())
    client.force_login(manager)
    url = reverse("staff:complaint_answer", args=[complaint.pk])
    assert client.post(url, {"answer": "  "}).status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "Te cambiamos el ejemplar en tienda."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.ANSWERED
    assert complaint.answered_by == manager
    assert [message.to for message in mail.outbox] == [["ana@example.pe"]]
    assert "Te cambiamos el ejemplar" in mail.outbox[0].body
    again = client.post(url, {"answer": "Otra cosa"})
    assert again.status_code == 409
    assert "ya fue respondida" in again.content.decode()
    complaint.refresh_from_db()
    assert complaint.answer == "Te cambiamos el ejemplar en tienda."


def test_the_staff_list_makes_a_constant_number_of_queries(client, manager):
    client.force_login(manager)
    complaints.file_complaint(**_model_fields())
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("staff:complaints")).status_code == 200
    for _ in range(9):
        complaints.file_complaint(**_model_fields())
    with CaptureQueriesContext(connection) as ten:
        assert client.get(reverse("staff:complaints")).status_code == 200
    assert len(ten) == len(one)


def test_the_public_form_makes_a_constant_number_of_queries(client, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(1):  # the stores of "¿Dónde ocurrió?"
        assert client.get(URL).status_code == 200


def test_the_admin_keeps_every_sheet(client, superuser):
    complaint = complaints.file_complaint(**_model_fields())
    client.force_login(superuser)
    base = "/admin/crm/complaint/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}{complaint.pk}/change/").status_code == 200
    assert client.post(f"{base}{complaint.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    assert Complaint.objects.filter(pk=complaint.pk).exists()


# The legal term and the reminders
# ------------------------------------------------------------------------------


def test_the_term_counts_business_days_without_peru_holidays():
    # Tuesday 1 December 2026 + 15 business days: 8 and 9 December are holidays.
    assert add_business_days(date(2026, 12, 1), 15) == date(2026, 12, 24)
    # Holy Thursday and Good Friday 2026 (2 and 3 April) and the weekend are skipped.
    assert add_business_days(date(2026, 4, 1), 1) == date(2026, 4, 6)
    assert business_days_between(date(2026, 12, 1), date(2026, 12, 24)) == 15


def test_reminders_before_the_term_and_the_overdue_flag(
    settings, django_capture_on_commit_callbacks
):
    settings.COMPLAINTS_STAFF_EMAILS = ["reclamaciones@librospepito.pe"]
    settings.COMPLAINTS_REMINDER_BUSINESS_DAYS = [5, 1]
    complaint = complaints.file_complaint(**_model_fields())
    Complaint.objects.filter(pk=complaint.pk).update(due_date=date(2026, 12, 24))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert complaints.send_reminders(on=date(2026, 12, 16)) == 0  # 6 business days left
        assert complaints.send_reminders(on=date(2026, 12, 17)) == 1  # 5 left
        assert complaints.send_reminders(on=date(2026, 12, 17)) == 0  # once
        assert complaints.send_reminders(on=date(2026, 12, 23)) == 1  # 1 left
    assert [message.to for message in mail.outbox] == [["reclamaciones@librospepito.pe"]] * 2
    assert complaint.number in mail.outbox[0].subject
    assert "quedan 5 días hábiles" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert complaints.send_reminders(on=date(2026, 12, 28)) == 1
        assert complaints.send_reminders(on=date(2026, 12, 29)) == 0
    complaint.refresh_from_db()
    assert complaint.overdue_at is not None
    assert "VENCIDA" in mail.outbox[-1].subject


def test_an_answered_sheet_gets_no_reminder(manager):
    complaint = complaints.file_complaint(**_model_fields())
    complaints.answer_complaint(complaint_id=complaint.pk, answer="Listo.", user=manager)
    assert complaints.send_reminders(on=complaint.due_date + timedelta(days=10)) == 0


def test_the_beat_runs_the_reminders(settings):
    from crm.tasks import complaint_reminders_task

    assert settings.CELERY_BEAT_SCHEDULE["complaint-reminders"]["task"] == (
        "crm.tasks.complaint_reminders_task"
    )
    assert complaint_reminders_task() == 0
