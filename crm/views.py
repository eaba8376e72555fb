from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.customers import (
    delete_address,
    ensure_customer_for_user,
    save_address,
    update_profile,
)
from crm.forms import AddressForm, ProfileForm
from crm.peru import LIMA_DISTRICTS


def _customer_for(request):
    return ensure_customer_for_user(user=request.user)


@login_required
def profile(request):
    customer = _customer_for(request)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=customer)
        if form.is_valid():
            data = dict(form.cleaned_data)
            update_profile(customer=customer, data=data)
            messages.success(request, _("Guardamos tus datos."))
            return redirect("crm:profile")
        messages.error(request, _("Revisa los campos marcados: no guardamos nada todavía."))
    else:
        form = ProfileForm(instance=customer)
    addresses = list(customer.addresses.all())
    return render(
        request,
        "crm/profile.html",
        {"form": form, "customer": customer, "addresses": addresses},
    )


@login_required
def address_edit(request, pk=None):
    customer = _customer_for(request)
    address = get_object_or_404(customer.addresses, pk=pk) if pk else None
    if request.method == "POST":
        form = AddressForm(request.POST, instance=address)
        if form.is_valid():
            save_address(customer=customer, address=form.save(commit=False))
            messages.success(request, _("Dirección guardada."))
            return redirect("crm:profile")
        messages.error(request, _("Revisa los campos marcados: no guardamos nada todavía."))
    else:
        form = AddressForm(instance=address)
    return render(
        request,
        "crm/address_form.html",
        {"form": form, "address": address, "lima_districts": LIMA_DISTRICTS},
    )


@login_required
@require_POST
def address_delete(request, pk):
    delete_address(customer=_customer_for(request), address_id=pk)
    messages.success(request, _("Eliminamos la dirección."))
    return redirect("crm:profile")
