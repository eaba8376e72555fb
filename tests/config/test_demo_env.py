"""`make run`'s environment (tools/demo_env.py): SITE_URL from HOST/PORT, and a localstripe for
the demo's card payments, stopped with the server. Real processes: the wrapper, localstripe,
make itself."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = ROOT / "tools" / "demo_env.py"
PRINT_ENV = (
    "import json, os; print('ENV=' + json.dumps({k: v for k, v in os.environ.items() "
    "if k.startswith(('STRIPE_', 'SITE_URL'))}))"
)


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "SITE_URL"))}
    env.pop("DEMO_STRIPE", None)
    env.update(extra)
    return env


def run_wrapper(*, host="127.0.0.1", port="8765", code=PRINT_ENV, env=None):
    result = subprocess.run(
        [sys.executable, str(WRAPPER), "--host", host, "--port", port, "--", sys.executable]
        + ["-c", code],
        env=env if env is not None else clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("ENV="))
    return json.loads(line[4:]), result.stdout


def test_site_url_comes_from_host_and_port():
    seen, out = run_wrapper(host="192.168.1.20", port="9001", env=clean_env(DEMO_STRIPE="0"))
    assert seen == {"SITE_URL": "http://192.168.1.20:9001"}
    assert "Enlaces de correos y SMS: http://192.168.1.20:9001" in out


def test_a_server_on_every_interface_links_to_this_machine():
    seen, _ = run_wrapper(host="0.0.0.0", port="8080", env=clean_env(DEMO_STRIPE="0"))
    assert seen["SITE_URL"] == "http://127.0.0.1:8080"


def test_a_site_url_already_set_is_kept():
    env = clean_env(DEMO_STRIPE="0", SITE_URL="https://librospepito.pe")
    seen, _ = run_wrapper(port="9001", env=env)
    assert seen["SITE_URL"] == "https://librospepito.pe"


def test_real_stripe_keys_start_no_localstripe():
    env = clean_env(STRIPE_SECRET_KEY="sk_live_x", STRIPE_PUBLISHABLE_KEY="pk_live_x")
    seen, out = run_wrapper(env=env)
    assert seen["STRIPE_SECRET_KEY"] == "sk_live_x"
    assert "STRIPE_API_BASE" not in seen
    assert "localstripe" not in out


CHARGE_THROUGH_LOCALSTRIPE = (
    PRINT_ENV
    + """
import stripe
stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
stripe.api_base = os.environ["STRIPE_API_BASE"]
intent = stripe.PaymentIntent.create(amount=4590, currency="pen")
print("INTENT=" + intent.id)
"""
)


def test_without_keys_the_demo_gets_a_localstripe_that_stops_with_the_server():
    seen, out = run_wrapper(port="8765", code=CHARGE_THROUGH_LOCALSTRIPE)
    base = seen["STRIPE_API_BASE"]
    assert base.startswith("http://127.0.0.1:")
    assert seen["STRIPE_SECRET_KEY"].startswith("sk_test_")
    assert seen["STRIPE_PUBLISHABLE_KEY"].startswith("pk_test_")
    assert seen["STRIPE_WEBHOOK_SECRET"].startswith("whsec_")
    assert seen["STRIPE_JS_URL"] == f"{base}/js.stripe.com/v3/"
    assert "INTENT=pi_" in out  # the command could talk to that Stripe
    assert "4242 4242 4242 4242" in out
    with pytest.raises((URLError, OSError)):  # and it is gone once the command ended
        urlopen(f"{base}/js.stripe.com/v3/", timeout=2)


def test_the_exit_status_is_the_commands():
    result = subprocess.run(
        [sys.executable, str(WRAPPER), "--", sys.executable, "-c", "raise SystemExit(3)"],
        env=clean_env(DEMO_STRIPE="0"),
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 3


def test_make_run_serves_through_the_wrapper_with_host_and_port():
    """The command line make run builds (dry run: make runs only the recursive line)."""
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", "HOST=10.1.2.3", "PORT=9100"],
        cwd=ROOT,
        env=clean_env(DEMO_STRIPE="0", PY=sys.executable),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "tools/demo_env.py --host 10.1.2.3 --port 9100 -- " in result.stdout
    assert "Enlaces de correos y SMS: http://10.1.2.3:9100" in result.stdout
    assert "daphne -b 10.1.2.3 -p 9100 config.asgi:application" in result.stdout
