"""Chat benchmark: websocket clients in this process against one daphne process (Redis layer).

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/estante_dev REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/chat.py [--conversations 200] [--seconds 20] [--ramp 200,400,800]

Works in a scratch database like bench/inventory.py (DATABASE_URL when its name says "bench",
else "<name>_bench", created and migrated when missing). It starts daphne itself on a free port
with the Redis channel layer, then, for each conversation, opens a customer socket (/ws/chat/,
session-bound) and a clerk socket (/ws/tienda/chat/) that opens that conversation. Every
customer sends a message every --interval seconds (under the rate limit); the time from send to
the clerk receiving it (stored in the database first, then pushed through Redis) is measured,
after a --warmup of sending that is not (daphne starts its worker threads and their database
connections on first use). Daphne runs with DEBUG off, as in production.
Prints p50/p99 at --conversations, then the ramp: the most concurrent conversations one daphne
process held with every message delivered (and with p99 under 100 ms).
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
TARGET_P99_MS = 100.0


def scratch_database(url: str) -> str:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        name = f"{name}_bench"
        parts = parts._replace(path=f"/{name}")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return parts.geturl()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_sessions(count: int, per_clerk: int = 4) -> list[tuple[str, int, str]]:
    """(customer session, conversation id, clerk session) for `count` fresh conversations.

    One clerk (an owner, who may open any conversation) per `per_clerk` conversations, as
    CHAT_MAX_CONCURRENT allows in a store.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role
    from chat import access
    from chat.models import Conversation

    store = import_module(settings.SESSION_ENGINE).SessionStore
    owner = Group.objects.get(name=Role.OWNER.value)
    clerk_keys = []
    for n in range((count + per_clerk - 1) // per_clerk):
        email = f"bench-clerk-{n}@librospepito.pe"
        clerk = User.objects.filter(email=email).first()
        if clerk is None:
            clerk = User.objects.create_user(email, "bench", first_name=f"Bench {n}")
            clerk.groups.add(owner)
        session = store()
        session[SESSION_KEY] = str(clerk.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = clerk.get_session_auth_hash()
        session.create()
        clerk_keys.append((clerk, session.session_key))

    run = uuid.uuid4().hex[:8]
    conversations = Conversation.objects.bulk_create(
        Conversation(
            display_name=f"Bench {run} {n}",
            assigned_clerk=clerk_keys[n // per_clerk][0],
            state="active",
        )
        for n in range(count)
    )
    rows = []
    for n, conversation in enumerate(conversations):
        session = store()
        session[access.SESSION_KEY] = conversation.visitor_token
        session.create()
        rows.append((session.session_key, conversation.pk, clerk_keys[n // per_clerk][1]))
    return rows


async def run_load(
    port: int,
    pairs,
    seconds: float,
    interval: float,
    warmup: float,
    show_timeline: bool = False,
    connect_at_once: int = 20,
) -> dict:
    import websockets
    from django.conf import settings

    cookie = settings.SESSION_COOKIE_NAME
    base = f"ws://127.0.0.1:{port}"
    headers = {"Origin": f"http://127.0.0.1:{port}"}
    latencies: list[float] = []
    sent = 0
    failures = 0
    errors: dict[str, int] = {}
    delivered = 0
    timeline: list[tuple[float, float]] = []  # (sent at, latency) for --timeline

    ready = asyncio.Event()
    measure_from = float("inf")  # set when every socket is open, plus the warm-up
    settled = 0
    connect_times: list[float] = []

    def one_settled():
        nonlocal settled
        nonlocal measure_from
        settled += 1
        if settled == len(pairs):
            measure_from = time.perf_counter() + 1 + warmup
            ready.set()

    connecting = asyncio.Semaphore(connect_at_once)

    async def open_pair(session_key: str, clerk_key: str):
        clerk = await websockets.connect(
            f"{base}/ws/tienda/chat/",
            additional_headers={**headers, "Cookie": f"{cookie}={clerk_key}"},
            open_timeout=30,
            max_queue=None,
        )
        customer = await websockets.connect(
            f"{base}/ws/chat/",
            additional_headers={**headers, "Cookie": f"{cookie}={session_key}"},
            open_timeout=30,
            max_queue=None,
        )
        return clerk, customer

    async def conversation(session_key: str, conversation_id: int, clerk_key: str, offset):
        nonlocal sent, failures, delivered
        pending: dict[str, float] = {}
        try:
            async with connecting:  # customers arrive over time, not all in one instant
                began = time.perf_counter()
                clerk, customer = await open_pair(session_key, clerk_key)
        except Exception as error:
            failures += 1
            if failures == 1:
                print(f"  connection failed: {error!r}", flush=True)
            one_settled()
            return
        await clerk.send(json.dumps({"type": "open", "conversation": conversation_id}))
        connect_times.append((time.perf_counter() - began) * 1000)
        one_settled()

        async def listen():
            nonlocal delivered
            async for raw in clerk:
                frame = json.loads(raw)
                if frame.get("type") == "message":
                    text = frame["message"]["text"]
                    if text in pending:
                        sent_at = pending.pop(text)
                        delivered += 1
                        if sent_at >= measure_from:
                            latencies.append((time.perf_counter() - sent_at) * 1000)
                            timeline.append((sent_at, latencies[-1]))

        listener = asyncio.create_task(listen())
        customer_reader = asyncio.create_task(_drain(customer))
        await ready.wait()  # every socket is open before anyone sends: no connect storm
        await asyncio.sleep(1 + offset)
        end = time.perf_counter() + warmup + seconds
        while time.perf_counter() < end:
            token = uuid.uuid4().hex
            pending[token] = time.perf_counter()
            await customer.send(json.dumps({"type": "message", "text": token}))
            sent += 1
            await asyncio.sleep(interval)
        await asyncio.sleep(2)  # the last deliveries
        failures += len(pending)
        listener.cancel()
        customer_reader.cancel()
        await customer.close()
        await clerk.close()

    async def _drain(ws):
        async for raw in ws:
            frame = json.loads(raw)
            if frame.get("type") == "error":
                errors[frame.get("code", "?")] = errors.get(frame.get("code", "?"), 0) + 1

    await asyncio.gather(
        *(
            conversation(key, cid, clerk_key, (i % 50) * interval / 50)
            for i, (key, cid, clerk_key) in enumerate(pairs)
        )
    )
    if show_timeline and timeline:
        start = min(sent_at for sent_at, _ms in timeline)
        seconds_seen: dict[int, list[float]] = {}
        for sent_at, ms in timeline:
            seconds_seen.setdefault(int(sent_at - start), []).append(ms)
        for second, values in sorted(seconds_seen.items()):
            values.sort()
            print(
                f"    t={second:>3}s {len(values):>4} messages, p50 {values[len(values) // 2]:.1f}"
                f" ms, max {values[-1]:.1f} ms"
            )
    latencies.sort()
    connect_times.sort()
    return {
        "connect_p50": statistics.median(connect_times) if connect_times else float("nan"),
        "conversations": len(pairs),
        "sent": sent,
        "measured": len(latencies),
        "delivered": delivered,
        "lost_or_failed": failures,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "errors": errors,
    }


def start_daphne(port: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_DAPHNE_LOG", os.devnull), "w"),  # noqa: SIM115
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.2)
    process.kill()
    raise SystemExit("daphne did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--interval",
        type=float,
        default=3,
        help="seconds between one customer's messages (3 s is a fast typist who never stops; "
        "people in a real chat write far less often). 200 conversations at 3 s is 67 messages/s",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=3,
        help="seconds of sending before measuring (daphne's worker threads and their database "
        "connections start on first use; a long-running process has them)",
    )
    parser.add_argument(
        "--connect-at-once",
        type=int,
        default=20,
        help="conversations opening their sockets at the same time while the load builds up",
    )
    parser.add_argument(
        "--timeline", action="store_true", help="print p50/max for every second of the run"
    )
    parser.add_argument("--ramp", default="400,800,1200", help="extra steps, comma-separated")
    args = parser.parse_args()

    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        raise SystemExit("Needs DATABASE_URL (PostgreSQL) and REDIS_URL.")
    os.environ["DATABASE_URL"] = scratch_database(os.environ["DATABASE_URL"])
    os.environ["CHANNEL_LAYER_PREFIX"] = f"bench-{uuid.uuid4().hex[:6]}"
    os.environ["CACHE_KEY_PREFIX"] = os.environ["CHANNEL_LAYER_PREFIX"]
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_DEBUG", "false")  # as in production: no query log

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    port = free_port()
    daphne = start_daphne(port, dict(os.environ))
    try:
        steps = [args.conversations] + [int(n) for n in args.ramp.split(",") if n.strip()]
        held = held_fast = 0
        for count in steps:
            pairs = make_sessions(count)
            result = asyncio.run(
                run_load(
                    port,
                    pairs,
                    args.seconds,
                    args.interval,
                    args.warmup,
                    args.timeline,
                    args.connect_at_once,
                )
            )
            within = result["p99"] < TARGET_P99_MS
            print(
                f"{result['conversations']:>5} conversations ({2 * count} sockets): "
                f"{result['sent']} sent, {result['delivered']} delivered "
                f"({result['measured']} measured after the warm-up), "
                f"{result['lost_or_failed']} lost/failed; send→delivery "
                f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, "
                f"max {result['max']:.1f} ms (connect p50 {result['connect_p50']:.0f} ms)"
                f"{'' if within else '  (p99 over 100 ms)'}"
                f"{' errors: ' + str(result['errors']) if result['errors'] else ''}",
                flush=True,
            )
            if result["lost_or_failed"] == 0:
                held = max(held, count)
                if within:
                    held_fast = max(held_fast, count)
            else:
                break
        print(
            f"One daphne process held {held} concurrent conversations with every message "
            f"delivered, {held_fast} of them with p99 < 100 ms."
        )
    finally:
        daphne.terminate()
        try:
            daphne.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daphne.kill()


if __name__ == "__main__":
    main()
