"""`make run`'s environment: the site's own address, and a local Stripe so the demo takes cards.

    python tools/demo_env.py --host 127.0.0.1 --port 8000 -- <command> [args...]

Runs <command> with:
- `SITE_URL` (the links of e-mails and SMS) set to the address the server listens on, from
  HOST and PORT (`0.0.0.0` and `::` are shown as 127.0.0.1), unless SITE_URL is already set;
- unless both real Stripe keys (`STRIPE_SECRET_KEY`, `STRIPE_PUBLISHABLE_KEY`) are set, or
  `DEMO_STRIPE=0`: a localstripe server started on a free port, its webhook registered to the
  running site (`/pagos/stripe/webhook/`, signed with the demo secret) and the `STRIPE_*`
  variables pointed at it. Without localstripe installed the demo runs without card payment,
  as before, and says how to add it.

localstripe stops when <command> ends (Ctrl+C, SIGTERM or its own end); the exit status is the
command's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

# Demo credentials: localstripe accepts any test key; the webhook secret signs its deliveries.
SECRET_KEY = "sk_test_libros_pepito_demo"
PUBLISHABLE_KEY = "pk_test_libros_pepito_demo"
WEBHOOK_SECRET = "whsec_libros_pepito_demo"
WEBHOOK_ID = "estante-demo"
START_TIMEOUT_SECONDS = 20.0


def site_url(host: str, port: int | str) -> str:
    """The address a browser on this machine uses for a server bound to host:port."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::", "[::]") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"  # an IPv6 literal
    return f"http://{shown}:{port}"


def wants_localstripe(environ) -> bool:
    if environ.get("DEMO_STRIPE", "1").strip().lower() in ("0", "false", "no", "off"):
        return False
    return not (environ.get("STRIPE_SECRET_KEY") and environ.get("STRIPE_PUBLISHABLE_KEY"))


def localstripe_executable() -> str | None:
    beside_python = Path(sys.executable).with_name("localstripe")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("localstripe")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_localstripe(executable: str) -> tuple[subprocess.Popen, str]:
    """A localstripe on a free port, answering; (process, base URL). RuntimeError if not."""
    port = free_port()
    process = subprocess.Popen(
        [executable, "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl+C reaches the server; we stop localstripe after it
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        try:
            with urlopen(f"{base}/js.stripe.com/v3/", timeout=1) as response:
                if response.status == 200:
                    return process, base
        except (URLError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"localstripe did not start on port {port}")
        time.sleep(0.1)


def register_webhook(base: str, url: str) -> None:
    data = urlencode({"url": url, "secret": WEBHOOK_SECRET}).encode()
    with urlopen(Request(f"{base}/_config/webhooks/{WEBHOOK_ID}", data=data), timeout=5):
        pass


def stripe_environment(base: str) -> dict[str, str]:
    return {
        "STRIPE_SECRET_KEY": SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": PUBLISHABLE_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": base,
        "STRIPE_JS_URL": f"{base}/js.stripe.com/v3/",
    }


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("falta el comando a ejecutar (después de --)")

    env = dict(os.environ)
    local = site_url(args.host, args.port)
    env.setdefault("SITE_URL", local)
    if not env["SITE_URL"]:
        env["SITE_URL"] = local

    localstripe = None
    if wants_localstripe(env):
        executable = localstripe_executable()
        if executable is None:
            print(
                "Pagos con tarjeta desactivados: falta localstripe "
                "(.venv/bin/pip install '.[demo]').",
                flush=True,
            )
        else:
            try:
                localstripe, base = start_localstripe(executable)
                register_webhook(base, f"{local}/pagos/stripe/webhook/")
            except (RuntimeError, URLError, OSError) as error:
                stop(localstripe)
                localstripe = None
                print(f"Pagos con tarjeta desactivados: {error}", flush=True)
            else:
                env.update(stripe_environment(base))
                print(
                    f"Pagos con tarjeta: Stripe de prueba (localstripe) en {base}; paga con "
                    "4242 4242 4242 4242, cualquier fecha futura y cualquier CVC.",
                    flush=True,
                )
    print(f"Enlaces de correos y SMS: {env['SITE_URL']}", flush=True)

    child = None
    forwarded = {"signal": None}

    def forward(signum, _frame):
        forwarded["signal"] = signum
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    # Ctrl+C reaches the command through the terminal's process group; wait for it to stop.
    # (A handler, not SIG_IGN: an ignored signal would stay ignored in the command.)
    previous_int = signal.signal(signal.SIGINT, lambda _signum, _frame: None)
    previous_term = signal.signal(signal.SIGTERM, forward)
    try:
        child = subprocess.Popen(command, env=env)
        return child.wait()
    finally:
        if child is not None and child.poll() is None:
            stop(child)
        stop(localstripe)
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)


if __name__ == "__main__":
    sys.exit(main())
