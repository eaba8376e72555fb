"""Chat benchmark: websocket clients in this process against daphne processes (Redis layer).

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/estante_dev REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/chat.py [--processes 1,2] [--ramp 200,400,600,800] [--seconds 20]

Works in a scratch database like bench/inventory.py (DATABASE_URL when its name says "bench",
else "<name>_bench", created and migrated when missing). For each count in --processes it starts
that many daphne processes itself (free ports, the Redis channel layer, DEBUG off as in
production), then for each step of --ramp opens, per conversation, a customer socket
(/ws/chat/, session-bound) and a clerk socket (/ws/tienda/chat/) that opens that conversation;
with several processes a conversation's two sockets are on different processes, as behind a
proxy without stickiness, so every push crosses Redis. Every customer sends a message every
--interval seconds (under the rate limit); the time from send to the clerk receiving it (stored
in the database first, then pushed through Redis) is measured, after a --warmup of sending that
is not (daphne starts its worker threads and their database connections on first use).

Prints per step: conversations, messages/s, p50/p99/max send→delivery, lost messages, error
frames, and the CPU the daphne processes and this load generator used (in cores: the machine
has two, shared). Then, per process count, the most conversations held with every message
delivered and p99 < 100 ms: per process and per core the daphne processes used.
--profile DIR samples every daphne process with py-spy during each measured step (root, or
ptrace allowed) and prints the functions that took the most samples.
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Profiler:
    """py-spy record on every daphne process for one measured step; prints the top functions."""

    def __init__(self, directory: str | None, pids: list[int]):
        self.directory = Path(directory) if directory else None
        self.pids = pids
        self.running: list[tuple[subprocess.Popen, Path]] = []

    def start(self, label: str, seconds: float) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        spy = ROOT / ".venv/bin/py-spy"
        for n, pid in enumerate(self.pids):
            out = self.directory / f"daphne{n}-{label}.txt"
            command = [str(spy), "record", "-p", str(pid), "-d", str(int(seconds)), "-r", "50"]
            # --gil: only the samples holding the GIL, i.e. where the process spends its CPU.
            command += ["-f", "raw", "-o", str(out), "--gil"]
            quiet = subprocess.DEVNULL
            self.running.append((subprocess.Popen(command, stdout=quiet, stderr=quiet), out))

    def report(self, top: int = 12) -> None:
        from collections import Counter

        for process, out in self.running:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            if not out.exists():
                print(f"    profile: py-spy wrote nothing for {out.name} (needs root or ptrace)")
                continue
            own: Counter = Counter()
            total = 0
            for line in out.read_text().splitlines():
                stack, _space, count = line.rpartition(" ")
                total += int(count)
                own[stack.split(";")[-1]] += int(count)
            print(f"    profile {out} ({total} samples), most own samples:")
            for frame, count in own.most_common(top):
                print(f"      {100 * count / max(total, 1):5.1f}%  {frame}")
        self.running = []


async def run_load(
    ports: list[int],
    pairs,
    seconds: float,
    interval: float,
    warmup: float,
    show_timeline: bool = False,
    connect_at_once: int = 20,
    daphne_pids: tuple[int, ...] = (),
    profiler: Profiler | None = None,
) -> dict:
    import websockets
    from django.conf import settings

    cookie = settings.SESSION_COOKIE_NAME
    latencies: list[float] = []
    sent = 0
    measured_sent = 0
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

    def url(index: int, path: str) -> tuple[str, dict]:
        port = ports[index % len(ports)]
        return f"ws://127.0.0.1:{port}{path}", {"Origin": f"http://127.0.0.1:{port}"}

    async def open_pair(index: int, session_key: str, clerk_key: str):
        # With several processes the clerk is on the next one: every push crosses Redis.
        clerk_url, clerk_headers = url(index + 1, "/ws/tienda/chat/")
        clerk = await websockets.connect(
            clerk_url,
            additional_headers={**clerk_headers, "Cookie": f"{cookie}={clerk_key}"},
            open_timeout=30,
            max_queue=None,
        )
        customer_url, customer_headers = url(index, "/ws/chat/")
        customer = await websockets.connect(
            customer_url,
            additional_headers={**customer_headers, "Cookie": f"{cookie}={session_key}"},
            open_timeout=30,
            max_queue=None,
        )
        return clerk, customer

    async def conversation(index: int, session_key: str, conversation_id: int, clerk_key: str):
        nonlocal sent, measured_sent, failures, delivered
        offset = (index % 50) * interval / 50
        pending: dict[str, float] = {}
        try:
            async with connecting:  # customers arrive over time, not all in one instant
                began = time.perf_counter()
                clerk, customer = await open_pair(index, session_key, clerk_key)
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
                if '"message"' not in raw:  # presence, opened, receipts: not timed
                    continue
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
            pending[token] = now = time.perf_counter()
            await customer.send(json.dumps({"type": "message", "text": token}))
            sent += 1
            measured_sent += now >= measure_from
            await asyncio.sleep(interval)
        await asyncio.sleep(2)  # the last deliveries
        failures += len(pending)
        listener.cancel()
        customer_reader.cancel()
        await customer.close()
        await clerk.close()

    async def _drain(ws):
        async for raw in ws:
            if '"error"' not in raw:  # acks and the echo of its own messages
                continue
            frame = json.loads(raw)
            if frame.get("type") == "error":
                errors[frame.get("code", "?")] = errors.get(frame.get("code", "?"), 0) + 1

    cpu: dict[str, float] = {}

    async def measure_cpu():
        """CPU used by daphne and by this process while the step is measured."""
        await ready.wait()
        await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
        if profiler is not None:
            profiler.start(f"{len(pairs)}", seconds)
        began, own = time.perf_counter(), time.process_time()
        daphne = sum(cpu_seconds(pid) for pid in daphne_pids)
        await asyncio.sleep(seconds)
        wall = time.perf_counter() - began
        cpu["daphne"] = (sum(cpu_seconds(pid) for pid in daphne_pids) - daphne) / wall
        cpu["client"] = (time.process_time() - own) / wall

    cpu_task = asyncio.create_task(measure_cpu())
    await asyncio.gather(
        *(conversation(i, key, cid, clerk_key) for i, (key, cid, clerk_key) in enumerate(pairs))
    )
    if not cpu_task.done():
        cpu_task.cancel()
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
        "rate": measured_sent / seconds,
        "measured": len(latencies),
        "delivered": delivered,
        "lost_or_failed": failures,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "errors": errors,
        "daphne_cores": cpu.get("daphne", float("nan")),
        "client_cores": cpu.get("client", float("nan")),
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
        stderr=open(os.environ.get("BENCH_DAPHNE_LOG", os.devnull), "a"),  # noqa: SIM115
    )
    return process


def wait_listening(port: int, process: subprocess.Popen) -> None:
    deadline = time.time() + 60
    while time.time() < deadline and process.poll() is None:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("daphne did not start")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def run_processes(count: int, steps: list[int], args) -> dict:
    """One ramp against `count` daphne processes; returns what they held."""
    ports = [free_port() for _ in range(count)]
    daphnes = [start_daphne(port, dict(os.environ)) for port in ports]
    held = {"count": count, "held": 0, "fast": 0, "fast_cores": float("nan")}
    try:
        for port, process in zip(ports, daphnes, strict=True):
            wait_listening(port, process)
        profiler = Profiler(args.profile, [p.pid for p in daphnes]) if args.profile else None
        print(f"{count} daphne process{'es' if count > 1 else ''}:", flush=True)
        for conversations in steps:
            pairs = make_sessions(conversations)
            result = asyncio.run(
                run_load(
                    ports,
                    pairs,
                    args.seconds,
                    args.interval,
                    args.warmup,
                    args.timeline,
                    args.connect_at_once,
                    tuple(p.pid for p in daphnes),
                    profiler,
                )
            )
            within = result["p99"] < TARGET_P99_MS
            print(
                f"  {result['conversations']:>5} conversations ({2 * conversations} sockets), "
                f"{result['rate']:.0f} messages/s: {result['sent']} sent, "
                f"{result['delivered']} delivered, {result['lost_or_failed']} lost/failed; "
                f"send→delivery p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, "
                f"max {result['max']:.1f} ms; CPU daphne {result['daphne_cores']:.2f} cores "
                f"({1000 * result['daphne_cores'] / max(result['rate'], 1e-9):.1f} ms a message), "
                f"load generator {result['client_cores']:.2f} "
                f"(connect p50 {result['connect_p50']:.0f} ms); load average "
                f"{os.getloadavg()[0]:.1f}"
                f"{'' if within else '  (p99 over 100 ms)'}"
                f"{' errors: ' + str(result['errors']) if result['errors'] else ''}",
                flush=True,
            )
            if profiler is not None:
                profiler.report()
            if result["lost_or_failed"] or result["errors"]:
                break
            held["held"] = max(held["held"], conversations)
            if within and conversations > held["fast"]:
                held["fast"] = conversations
                held["fast_cores"] = result["daphne_cores"]
            if not within and result["p99"] > 10 * TARGET_P99_MS:
                break  # queued: the next step only queues more
    finally:
        stop(daphnes)
    return held


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--processes",
        default="1,2",
        help="daphne process counts to run the ramp against, comma-separated",
    )
    parser.add_argument(
        "--ramp",
        default="200,400,600,800",
        help="conversations per step, comma-separated (per run of --processes)",
    )
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
    parser.add_argument(
        "--profile", metavar="DIR", help="py-spy every daphne process during each step"
    )
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

    steps = [int(n) for n in args.ramp.split(",") if n.strip()]
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, load average {load:.2f} at the start", flush=True)
    results = [run_processes(int(n), steps, args) for n in args.processes.split(",") if n.strip()]
    for result in results:
        count, fast = result["count"], result["fast"]
        cores = result["fast_cores"]
        per_core = f", {fast / cores:.0f} per core daphne used ({cores:.2f})" if cores > 0 else ""
        print(
            f"{count} daphne process{'es' if count > 1 else ''}: held {result['held']} "
            f"conversations with every message delivered, {fast} with p99 < 100 ms: "
            f"{fast / count:.0f} per process{per_core}."
        )


if __name__ == "__main__":
    main()
