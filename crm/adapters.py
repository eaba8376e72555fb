from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.users import announce_account
from crm.customers import ensure_customer_for_user
from crm.favorites import PENDING_SESSION_KEY, add_pending_favorite


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Save the new account and link it to its customer profile (new or existing), in the
        same request, with the name and phone the sign-up form asked for."""
        data = getattr(form, "cleaned_data", {}) or {}
        name = (data.get("name") or "").strip()
        if name and not user.first_name:
            user.first_name = name[:150]
        if not commit:
            return super().save_user(request, user, form, commit=False)
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=True)
            ensure_customer_for_user(user=user, name=name, phone=data.get("phone") or "")
            announce_account(user=user)
        return user

    def login(self, request, user):
        """Log in, then keep the ♡ the visitor tapped before logging in (crm.favorites)."""
        super().login(request, user)
        if PENDING_SESSION_KEY not in request.session:
            return
        product = add_pending_favorite(request, customer=ensure_customer_for_user(user=user))
        if product is not None:
            messages.success(
                request, _("Guardamos «%(title)s» en tus favoritos.") % {"title": product.title}
            )
