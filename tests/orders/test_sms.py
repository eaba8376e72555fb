"""The Twilio backend speaks HTTP to a local server standing in for api.twilio.com."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest

from outbox.sms import SmsMessage, SmsProviderError, TwilioBackend


class FakeTwilio(BaseHTTPRequestHandler):
    received: list = []
    answer = {"sid": "SM123", "status": "queued"}
    code = 201

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(
            (self.path, self.headers["Authorization"], parse_qs(body.decode()))
        )
        self.send_response(self.code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(self.answer).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def twilio(settings):
    FakeTwilio.received = []
    server = HTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TWILIO_API_BASE = f"http://127.0.0.1:{server.server_port}"
    settings.TWILIO_ACCOUNT_SID = "AC123"
    settings.TWILIO_AUTH_TOKEN = "secreto"
    settings.TWILIO_FROM = "+15005550006"
    yield FakeTwilio
    server.shutdown()


def test_twilio_backend_posts_the_message_with_basic_auth(twilio):
    TwilioBackend().send(SmsMessage(to="+51987654321", body="Tu pedido está listo"))

    path, auth, form = twilio.received[0]
    assert path == "/2010-04-01/Accounts/AC123/Messages.json"
    assert base64.b64decode(auth.split()[1]).decode() == "AC123:secreto"
    assert form == {
        "To": ["+51987654321"],
        "From": ["+15005550006"],
        "Body": ["Tu pedido está listo"],
    }


def test_a_refusal_or_an_unreachable_provider_is_an_error_the_outbox_retries(twilio, settings):
    twilio.code, twilio.answer = (
        400,
        {"code": 21211, "message": "Invalid 'To'", "error_code": 21211},
    )
    try:
        with pytest.raises(SmsProviderError):
            TwilioBackend().send(SmsMessage(to="+51000", body="x"))
    finally:
        twilio.code, twilio.answer = 201, {"sid": "SM123", "status": "queued"}

    settings.TWILIO_API_BASE = "http://127.0.0.1:1"
    with pytest.raises(SmsProviderError):
        TwilioBackend().send(SmsMessage(to="+51987654321", body="x"))


def test_twilio_without_settings_refuses_clearly(settings):
    settings.TWILIO_ACCOUNT_SID = ""

    with pytest.raises(SmsProviderError, match="not configured"):
        TwilioBackend().send(SmsMessage(to="+51987654321", body="x"))
