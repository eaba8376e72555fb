"""The Libro de Reclamaciones' pages: the public sheet (/libro-de-reclamaciones/) and the staff
pages to read and answer it (/tienda/reclamaciones/)."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import abuse
from crm import complaints
from crm.complaint_forms import ComplaintAnswerForm, ComplaintForm
from crm.models import Complaint
from inventory.staff import staff_required

SIGNING_SALT = "crm.complaint.sent"


def _supplier_context() -> dict:
    return {
        "supplier": settings.COMPLAINTS_SUPPLIER,
        "term_days": settings.COMPLAINTS_ANSWER_BUSINESS_DAYS,
    }


def _initial_for(request) -> dict:
    customer = getattr(request.user, "customer", None) if request.user.is_authenticated else None
    if customer is None:
        return {}
    return {
        "consumer_name": customer.name,
        "email": customer.email or request.user.email,
        "phone": customer.phone_display,
        "doc_type": Complaint.DocType.DNI,
        "doc_number": customer.dni,
    }


@require_http_methods(["GET", "POST"])
def complaint_form(request):
    """The sheet. Rate-limited per client (core.abuse "complaint"); a bot that fills the
    honeypot sees a confirmation and nothing is written."""
    status = 200
    if request.method == "POST":
        form = ComplaintForm(request.POST)
        if not abuse.allow(request, "complaint"):
            form.is_valid()
            form.add_error(None, abuse.rate_limited_message())
            status = 429
        elif form.is_valid():
            if form.is_bot:
                return redirect("complaints:sent", token="0")
            customer = (
                getattr(request.user, "customer", None) if request.user.is_authenticated else None
            )
            complaint = complaints.file_complaint(customer=customer, **form.complaint_fields())
            token = signing.dumps(complaint.pk, salt=SIGNING_SALT)
            return redirect("complaints:sent", token=token)
        else:
            status = 400
    else:
        form = ComplaintForm(initial=_initial_for(request))
    context = {"form": form, "today": complaints.today(), **_supplier_context()}
    return render(request, "crm/complaint_form.html", context, status=status)


def complaint_sent(request, token):
    """The confirmation with the sheet's number: opened by the signed link of the redirect."""
    complaint = None
    if token != "0":
        try:
            pk = signing.loads(token[:200], salt=SIGNING_SALT, max_age=7 * 24 * 3600)
        except signing.BadSignature:
            raise Http404(_("Este enlace no es válido.")) from None
        complaint = Complaint.objects.filter(pk=pk).select_related("store").first()
        if complaint is None:
            raise Http404(_("Este enlace no es válido."))
    context = {"complaint": complaint, **_supplier_context()}
    return render(request, "crm/complaint_sent.html", context)


# Staff
# ------------------------------------------------------------------------------


def _check_can_answer(request):
    if not request.user.has_perm("crm.view_complaint"):
        raise PermissionDenied(
            _("El Libro de Reclamaciones lo atienden los jefes de tienda y la administración.")
        )


@staff_required
def staff_complaint_list(request):
    _check_can_answer(request)
    status = (request.GET.get("estado") or "")[:20]
    rows = list(complaints.complaints_for_staff(status=status)[:200])
    today = complaints.today()
    for row in rows:
        row.days_left = complaints.business_days_left(row, on=today)
    context = {
        "complaints": rows,
        "status": status,
        "statuses": Complaint.Status.choices,
        "today": today,
    }
    return render(request, "crm/staff/complaint_list.html", context)


@staff_required
def staff_complaint_detail(request, pk):
    _check_can_answer(request)
    complaint = get_object_or_404(Complaint.objects.select_related("store", "answered_by"), pk=pk)
    form = ComplaintAnswerForm()
    context = {
        "complaint": complaint,
        "form": form,
        "days_left": complaints.business_days_left(complaint),
        "can_answer": request.user.has_perm("crm.answer_complaint"),
        **_supplier_context(),
    }
    return render(request, "crm/staff/complaint_detail.html", context)


@require_POST
@staff_required
def staff_complaint_answer(request, pk):
    _check_can_answer(request)
    if not request.user.has_perm("crm.answer_complaint"):
        raise PermissionDenied(_("No puedes responder reclamos ni quejas."))
    complaint = get_object_or_404(Complaint, pk=pk)
    form = ComplaintAnswerForm(request.POST)
    if form.is_valid():
        try:
            complaints.answer_complaint(
                complaint_id=complaint.pk, answer=form.cleaned_data["answer"], user=request.user
            )
        except complaints.ComplaintError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Enviamos la respuesta de la hoja %(number)s al consumidor.")
                % {"number": complaint.number},
            )
            return redirect(reverse("staff:complaints"))
    complaint.refresh_from_db()
    context = {
        "complaint": complaint,
        "form": form,
        "days_left": complaints.business_days_left(complaint),
        "can_answer": True,
        **_supplier_context(),
    }
    status = 409 if complaint.is_answered else 400
    return render(request, "crm/staff/complaint_detail.html", context, status=status)
