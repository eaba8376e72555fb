"""How long gunicorn, daphne and a Celery worker take to exit after SIGTERM (issue #18: <= 3 s).

Usage: .venv/bin/python bench/shutdown.py [--legacy]

Starts each process with the command line of docker-compose.yml (the same flags, on free
ports, on the embedded default database; the worker on its own redis-server), waits until it
answers, opens a connection that keeps it busy (a client that sent half a request: a slow
phone on a bad network), sends SIGTERM and prints the seconds until the process exited.
`--legacy` runs the command lines as they were before issue #18, for comparison.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz")
            urllib.request.urlopen(request, timeout=2).read()
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def half_request(port: int) -> socket.socket:
    """A client that sent the request line and one header, then went quiet."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
    time.sleep(0.3)
    return sock


def stop(process: subprocess.Popen, limit: float = 40) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return float("inf")
    return time.monotonic() - started


def run_server(command: list[str], port: int, env: dict, busy: bool) -> float:
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_http(port)
        hold = half_request(port) if busy else None
        seconds = stop(process)
        if hold is not None:
            hold.close()
        return seconds
    finally:
        if process.poll() is None:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--legacy", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)

    results = []
    for busy in (False, True):
        port = free_port()
        gunicorn = [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        gunicorn += ["--workers", "2"]
        if not args.legacy:
            gunicorn += ["--graceful-timeout", "2", "--timeout", "30", "--keep-alive", "2"]
        results.append(("gunicorn", busy, run_server(gunicorn, port, env, busy)))

        port = free_port()
        daphne = [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "--proxy-headers"]
        if not args.legacy:
            daphne += ["--application-close-timeout", "2", "--http-timeout", "30"]
        daphne += ["config.asgi:application"]
        results.append(("daphne", busy, run_server(daphne, port, env, busy)))

    if shutil.which("redis-server"):
        redis_port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        try:
            worker_env = {**env, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
            worker = [str(BIN / "celery"), "-A", "config", "worker", "--concurrency", "2"]
            worker += ["--loglevel", "INFO"]
            if not args.legacy:
                worker += ["--without-gossip", "--without-mingle"]
            process = subprocess.Popen(
                worker, cwd=ROOT, env=worker_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
            assert process.stdout is not None
            for line in process.stdout:
                if b"ready." in line:
                    break
            results.append(("celery worker", False, stop(process)))
        finally:
            redis.terminate()
            redis.wait()

    print("seconds from SIGTERM to exit" + (" (legacy command lines)" if args.legacy else ""))
    for name, busy, seconds in results:
        state = "one client mid-request" if busy else "idle"
        print(f"  {name:<14} {state:<24} {seconds:6.2f}")


if __name__ == "__main__":
    main()
