"""SMS sending behind a small backend interface, chosen by the SMS_BACKEND setting.

`orders.sms.ConsoleBackend` (default) prints the message; `orders.sms.LocmemBackend` keeps
messages in `orders.sms.outbox` for tests. A real provider is one more class with `send()`.
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


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, body: str) -> None:
    get_backend().send(SmsMessage(to=to, body=body))
