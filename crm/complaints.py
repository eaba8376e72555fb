"""The Libro de Reclamaciones (Ley 29571, D.S. 011-2011-PCM as amended by D.S. 101-2022-PCM).

The only writer of Complaint rows. A sheet gets a correlative number per year (2026-000001)
from a counter row bumped by a conditional UPDATE inside the sheet's transaction, so two
consumers who send at the same moment never get the same number (the unique constraint on
(year, sequence) guards it too). The consumer's numbered copy, the answer and the reminders are
e-mails of the notification outbox, written in the same transaction and sent after commit.
Nothing is ever deleted: the law asks to keep every sheet.
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.models import Complaint, ComplaintCounter
from crm.peru import add_business_days, business_days_between
from outbox.models import Notification
from outbox.notifications import enqueue_notification


class ComplaintError(ValueError):
    """A complaint cannot be answered as asked (a Spanish message for the staff page)."""


def today() -> date:
    return timezone.localdate()


def due_date_for(day: date) -> date:
    return add_business_days(day, settings.COMPLAINTS_ANSWER_BUSINESS_DAYS)


def next_sequence(year: int) -> int:
    """The next correlative number of `year`, in the caller's transaction (row-locked by the
    UPDATE until it commits)."""
    for _attempt in range(2):
        if ComplaintCounter.objects.filter(year=year).update(last=F("last") + 1):
            return ComplaintCounter.objects.get(year=year).last
        try:
            with transaction.atomic():
                ComplaintCounter.objects.create(year=year, last=1)
            return 1
        except IntegrityError:  # another request created the year's row first: bump it
            continue
    raise RuntimeError("could not number the complaint")  # pragma: no cover


def file_complaint(*, customer=None, **fields) -> Complaint:
    """Write one sheet with its number and due date, and queue the consumer's copy."""
    with transaction.atomic():
        day = today()
        sequence = next_sequence(day.year)
        complaint = Complaint.objects.create(
            number=f"{day.year}-{sequence:06d}",
            year=day.year,
            sequence=sequence,
            due_date=due_date_for(day),
            customer=customer,
            **fields,
        )
        enqueue_notification(
            channel="email",
            to=complaint.email,
            subject=_("Libro de Reclamaciones: tu hoja N.° %(number)s")
            % {"number": complaint.number},
            body=render_to_string("crm/email/complaint_copy.txt", _email_context(complaint)),
            dedupe_key=f"complaint:{complaint.number}:copy",
        )
    return complaint


def answer_complaint(*, complaint_id: int, answer: str, user) -> Complaint:
    """Record the answer once and e-mail it to the consumer."""
    answer = (answer or "").strip()
    if not answer:
        raise ComplaintError(_("Escribe la respuesta para el consumidor."))
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        if complaint.is_answered:
            raise ComplaintError(
                _("La hoja %(number)s ya fue respondida; la respuesta no se cambia.")
                % {"number": complaint.number}
            )
        complaint.answer = answer
        complaint.answered_at = timezone.now()
        complaint.answered_by = user
        complaint.status = Complaint.Status.ANSWERED
        complaint.save(update_fields=["answer", "answered_at", "answered_by", "status"])
        enqueue_notification(
            channel="email",
            to=complaint.email,
            subject=_("Respuesta a tu hoja de reclamación N.° %(number)s")
            % {"number": complaint.number},
            body=render_to_string("crm/email/complaint_answer.txt", _email_context(complaint)),
            dedupe_key=f"complaint:{complaint.number}:answer",
        )
    return complaint


def business_days_left(complaint: Complaint, *, on: date | None = None) -> int:
    return business_days_between(on or today(), complaint.due_date)


def send_reminders(*, on: date | None = None) -> int:
    """The beat task's work: remind the staff of every pending sheet with one of
    COMPLAINTS_REMINDER_BUSINESS_DAYS left, and flag (once) and announce the overdue ones.
    Idempotent: each reminder has its dedupe key. Returns how many e-mails were queued."""
    day = on or today()
    queued = 0
    pending = Complaint.objects.filter(status=Complaint.Status.PENDING).order_by("due_date", "pk")
    for complaint in pending:
        left = business_days_left(complaint, on=day)
        if day > complaint.due_date:
            with transaction.atomic():
                flagged = Complaint.objects.filter(pk=complaint.pk, overdue_at__isnull=True).update(
                    overdue_at=timezone.now()
                )
                if flagged:
                    queued += _notify_staff(complaint, "overdue", left)
        elif left in settings.COMPLAINTS_REMINDER_BUSINESS_DAYS:
            with transaction.atomic():
                queued += _notify_staff(complaint, f"left-{left}", left)
    return queued


def _notify_staff(complaint: Complaint, what: str, left: int) -> int:
    context = {**_email_context(complaint), "left": left, "overdue": what == "overdue"}
    if what == "overdue":
        subject = _("VENCIDA: la hoja %(number)s no fue respondida a tiempo")
    else:
        subject = _("Recordatorio: responde la hoja %(number)s antes del %(due)s")
    subject = subject % {"number": complaint.number, "due": complaint.due_date.strftime("%d/%m/%Y")}
    body = render_to_string("crm/email/complaint_reminder.txt", context)
    queued = 0
    for address in settings.COMPLAINTS_STAFF_EMAILS:
        key = f"complaint:{complaint.number}:{what}:{address}"[:200]
        if Notification.objects.filter(dedupe_key=key).exists():
            continue  # reminded already (the beat runs every hour)
        enqueue_notification(
            channel="email", to=address, subject=subject, body=body, dedupe_key=key
        )
        queued += 1
    return queued


def _email_context(complaint: Complaint) -> dict:
    return {
        "complaint": complaint,
        "supplier": settings.COMPLAINTS_SUPPLIER,
        "site_url": settings.SITE_URL,
        "term_days": settings.COMPLAINTS_ANSWER_BUSINESS_DAYS,
    }


# Selectors
# ------------------------------------------------------------------------------


def complaints_for_staff(*, status: str = ""):
    queryset = Complaint.objects.select_related("store", "answered_by").order_by(
        "status", "due_date", "-sequence"
    )
    if status in Complaint.Status.values:
        queryset = queryset.filter(status=status)
    return queryset
