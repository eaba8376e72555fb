from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from accounts.users import announce_account
from crm.customers import ensure_customer_for_user


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
