"""allauth's sign-up form (settings.ACCOUNT_FORMS["signup"]), with its honeypot made CSP-safe.

allauth adds the honeypot field (ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD) and answers a bot that
fills it with the usual "te enviamos un correo" page, creating nothing. It hides the input with
an inline style, which the Content Security Policy blocks (no 'unsafe-inline'): the input would
show. Here it gets core.abuse's attributes instead (hidden by static/css/site.css).

A module of its own: allauth.account.forms imports accounts.forms (ACCOUNT_SIGNUP_FORM_CLASS)
while it loads, so accounts.forms cannot import it back.
"""

from allauth.account import app_settings
from allauth.account.forms import SignupForm as AllauthSignupForm

from core.abuse import honeypot_attrs


class SignupForm(AllauthSignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(app_settings.SIGNUP_FORM_HONEYPOT_FIELD or "")
        if honeypot is not None:
            honeypot.widget.attrs = honeypot_attrs()
