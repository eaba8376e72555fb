from allauth.account.adapter import DefaultAccountAdapter

from crm.customers import ensure_customer_for_user


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Save the new account and link it to its customer profile (new or existing)."""
        data = getattr(form, "cleaned_data", {}) or {}
        name = (data.get("name") or "").strip()
        if name and not user.first_name:
            user.first_name = name[:150]
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            ensure_customer_for_user(user=user, name=name, phone=data.get("phone") or "")
        return user
