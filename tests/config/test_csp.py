"""The Content Security Policy and the other security headers, and the code they allow.

The policy has no 'unsafe-inline' and no 'unsafe-eval', so nothing inline may run or style: the
templates and our JavaScript are scanned here, so a new inline handler, script block or style
attribute fails at once, before a browser test meets it (tests/browser/test_csp.py sees the
policy enforced in Chromium).
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from config.csp import origin, stripe_sources

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# The headers
# ------------------------------------------------------------------------------


def test_every_page_gets_a_policy_with_nothing_inline_and_no_eval(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    policy = policy_of(response)
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert "unsafe-hashes" not in header and "nonce-" not in header
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    # The chat's websocket on this host, named for browsers whose 'self' does not cover it.
    assert policy["connect-src"] == ["'self'", "ws://testserver"]
    # Enforced, not only reported.
    assert "Content-Security-Policy-Report-Only" not in response.headers


def test_a_page_over_https_allows_its_secure_websocket(client):
    response = client.get(reverse("home"), secure=True)

    assert policy_of(response)["connect-src"] == ["'self'", "wss://testserver"]


def test_a_websocket_server_on_a_port_of_its_own_is_allowed_and_told_to_the_chat(client, settings):
    # `make run` with REDIS_URL: gunicorn serves the page, daphne the chat on CHAT_WEBSOCKET_PORT.
    settings.CHAT_WEBSOCKET_PORT = 8001
    response = client.get(reverse("home"), HTTP_HOST="localhost:8000")

    assert policy_of(response)["connect-src"] == ["'self'", "ws://localhost:8001"]
    assert b'"websocketPort": 8001' in response.content


def test_error_pages_and_the_admin_get_the_policy_too(client, superuser):
    assert "Content-Security-Policy" in client.get("/no-existe/").headers
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert policy_of(response)["script-src"] == ["'self'"]


def test_stripe_is_allowed_only_while_card_payments_are_on(client, settings):
    settings.STRIPE_ENABLED = False
    policy = policy_of(client.get(reverse("home")))
    assert not any("stripe" in source for sources in policy.values() for source in sources)

    settings.STRIPE_ENABLED = True
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.STRIPE_API_BASE = ""
    policy = policy_of(client.get(reverse("home")))
    assert policy["script-src"] == ["'self'", "https://js.stripe.com", "https://*.js.stripe.com"]
    assert "https://api.stripe.com" in policy["connect-src"]
    assert policy["frame-src"] == [
        "'self'",
        "https://js.stripe.com",
        "https://*.js.stripe.com",
        "https://hooks.stripe.com",
    ]


def test_localstripe_stands_in_for_stripe_in_development(settings):
    settings.STRIPE_ENABLED = True
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    settings.STRIPE_JS_URL = "http://127.0.0.1:8420/js.stripe.com/v3/"

    assert stripe_sources() == {
        "script-src": ["http://127.0.0.1:8420"],
        "connect-src": ["http://127.0.0.1:8420"],
        "frame-src": ["http://127.0.0.1:8420"],
    }
    assert origin("/relative/") is None and origin("") is None


def test_browser_features_we_never_use_are_off(client):
    response = client.get(reverse("home"))

    features = dict(
        part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "usb", "browsing-topics"):
        assert features[feature] == "()"
    assert features["payment"] == '(self "https://js.stripe.com")'
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_htmx_is_told_not_to_eval_nor_inject_styles(client):
    html = client.get(reverse("home")).content.decode()

    config = """content='{"allowEval": false, "includeIndicatorStyles": false}'"""
    assert f'<meta name="htmx-config" {config}>' in html
    # The rules htmx would have injected are in our stylesheet instead.
    css = (ROOT / "static/css/site.css").read_text()
    assert ".htmx-indicator { opacity: 0; visibility: hidden; }" in css


def test_staff_pages_do_not_load_the_customer_chat(clerk_client):
    html = clerk_client.get(reverse("staff:console"), follow=True).content.decode()

    assert "staff-page" in html
    assert "data-chat-customer" not in html and "chat-widget.js" not in html


# The templates and scripts the policy allows
# ------------------------------------------------------------------------------
# An attribute that runs code or styles inline: onchange="…", onclick='…', style="…".
INLINE_HANDLER = re.compile(r"(?<![\w-])on[a-z]+\s*=\s*[\"'{]", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"(?<![\w-])style\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
# htmx attributes that eval: hx-on*, and js:/javascript: values of hx-vals and hx-vars.
HTMX_EVAL = re.compile(r"hx-on|hx-vars|hx-vals\s*=\s*[\"']\s*js:", re.IGNORECASE)
DATA_BLOCK = re.compile(r"type\s*=\s*[\"']application/(?:ld\+)?json[\"']", re.IGNORECASE)


def our_template_files() -> list[Path]:
    """Every template of the project: templates/ and the templates of our own apps."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    for app in apps.get_app_configs():
        folder = Path(app.path) / "templates"
        if folder.is_dir() and ROOT in folder.parents and ".venv" not in folder.parts:
            folders.append(folder)
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def inline_code(text: str) -> list[str]:
    """What in a template the policy would refuse, one line each (comments do not render)."""
    text = COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), text)
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, what in (
            (INLINE_HANDLER, "inline event handler"),
            (STYLE_ATTRIBUTE, "style attribute"),
            (STYLE_ELEMENT, "<style> element"),
            (JAVASCRIPT_URL, "javascript: URL"),
            (HTMX_EVAL, "htmx attribute that evals"),
        ):
            if pattern.search(line):
                found.append(f"{number}: {what}: {line.strip()}")
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if "src=" not in attributes and not DATA_BLOCK.search(attributes):
            number = text.count("\n", 0, match.start()) + 1
            found.append(f"{number}: <script> without src: {match.group(0)}")
    return found


def test_the_scanner_finds_what_the_policy_refuses():
    assert inline_code('<select name="language" onchange="this.form.submit()">')
    assert inline_code("<button onClick='go()'>")
    assert inline_code('<p style="color: red">')
    assert inline_code("<style>p { color: red }</style>")
    assert inline_code("<script>alert(1)</script>")
    assert inline_code('<a href="javascript:void(0)">')
    assert inline_code('<button hx-on:click="alert(1)">')
    assert inline_code("<div hx-vals='js:{a: 1}'>")
    # What the policy allows.
    assert not inline_code('<script src="/static/js/site.js" defer></script>')
    assert not inline_code('<script id="x" type="application/json">{"a": 1}</script>')
    assert not inline_code('<select data-submit-on-change data-style="plain" hx-get="/x/">')
    assert not inline_code("<p>Condiciones: una vez al año, once a year.</p>")
    assert not inline_code("{# no <style>, no hx-on #}\n{% comment %}<script>{% endcomment %}")


def test_no_template_has_inline_script_handlers_or_styles():
    templates = our_template_files()
    assert len(templates) > 40  # templates/ and the apps' folders were found

    offenders = {
        str(path.relative_to(ROOT)): found
        for path in templates
        if (found := inline_code(path.read_text()))
    }

    assert offenders == {}


# In our scripts: eval in any form, and markup or attributes that run code or style inline
# (element.style.x = … is the CSSOM, which the policy allows).
SCRIPT_PATTERNS = {
    "eval": re.compile(r"\beval\s*\("),
    "new Function": re.compile(r"\bnew\s+Function\s*\("),
    "timer with a string": re.compile(r"\bset(?:Timeout|Interval)\s*\(\s*[\"'`]"),
    "inline attribute set": re.compile(r"setAttribute\s*\(\s*[\"'](?:on[a-z]+|style)[\"']"),
    "markup with inline code": re.compile(
        r"[\"'`][^\"'`\n]*<[^\"'`\n]*\s(?:on[a-z]+|style)\s*=", re.IGNORECASE
    ),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_our_scripts_neither_eval_nor_write_inline_code():
    scripts = sorted((ROOT / "static/js").rglob("*.js"))
    assert scripts

    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {what}"
        for path in scripts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for what, pattern in SCRIPT_PATTERNS.items()
        if pattern.search(line)
    ]

    assert offenders == []
