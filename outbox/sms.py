"""SMS sending behind a small backend interface, chosen by the SMS_BACKEND setting.

`outbox.sms.ConsoleBackend` (default) prints the message; `outbox.sms.LocmemBackend` keeps
messages in `outbox.sms.outbox` for tests; `outbox.sms.TwilioBackend` sends for real.
"""

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


# Messages "sent" by LocmemBackend, like django.core.mail.outbox.
outbox: list[SmsMessage] = []


class BaseBackend:
    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, message: SmsMessage) -> None:
        self.stream.write(f"SMS para {message.to}:\n{message.body}\n{'-' * 40}\n")
        self.stream.flush()


class LocmemBackend(BaseBackend):
    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


class SmsProviderError(Exception):
    """The provider refused or could not be reached: the outbox keeps the SMS and retries."""


class TwilioBackend(BaseBackend):
    """Sends through Twilio's Messages API (a plain HTTPS POST; no SDK needed).

    Settings: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM (a number or messaging
    service), and TWILIO_API_BASE (https://api.twilio.com, or a local stand-in in tests).
    """

    timeout_seconds = 10

    def send(self, message: SmsMessage) -> None:
        import base64
        import json
        import urllib.error
        import urllib.parse
        import urllib.request

        sid = settings.TWILIO_ACCOUNT_SID
        if not (sid and settings.TWILIO_AUTH_TOKEN and settings.TWILIO_FROM):
            raise SmsProviderError("Twilio is not configured (TWILIO_* settings)")
        url = f"{settings.TWILIO_API_BASE.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json"
        data = urllib.parse.urlencode(
            {"To": message.to, "From": settings.TWILIO_FROM, "Body": message.body[:1600]}
        ).encode()
        credentials = base64.b64encode(f"{sid}:{settings.TWILIO_AUTH_TOKEN}".encode()).decode()
        request = urllib.request.Request(
            url, data=data, headers={"Authorization": f"Basic {credentials}"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
                answer = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise SmsProviderError(f"Twilio: {exc}") from exc
        if answer.get("status") in {"failed", "undelivered"} or answer.get("error_code"):
            raise SmsProviderError(f"Twilio refused the SMS: {answer.get('error_message')}")


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, body: str) -> None:
    get_backend().send(SmsMessage(to=to, body=body))
