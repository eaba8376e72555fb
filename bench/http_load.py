"""HTTP benchmark: the shop's pages under the production server, against a bare hello view.

Usage:
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/http_load.py [--duration 10]
        [--connections 16] [--threads 2] [--books 10000] [--passes off,on]

(`make bench-http` runs it, installing Debian's wrk first when it is missing and we are root.
Not "bench/http.py": Python puts a script's folder first on the import path, so a file named
http.py there would stand in for the standard library's `http` in every script of bench/.)

- Database: PostgreSQL, a database of its own, `estante_bench_http` on the server of DATABASE_URL
  (or 127.0.0.1 as postgres), or BENCH_DATABASE_URL. Created, migrated and seeded the first
  time (`seed_catalog --books N --stores 5`: books with stock in 5 shops and covers), reused
  after. Redis: REDIS_URL (cache, sessions' neighbours, fragment and page caches).
- Server: gunicorn on config.wsgi, 2 sync workers, DJANGO_ENV=production with DEBUG off, no
  HTTPS redirect (plain HTTP on 127.0.0.1), and BENCH_HELLO_VIEW=1 so the same server in the
  same run also serves /bench/hello/: the floor every page is compared with.
- Load: wrk (closed loop: each connection sends its next request when the last one answered),
  or a small Python closed-loop generator when wrk is missing (`--generator python`).
- Pages: hello, home, list, list page 2, a genre, a product with stock in 5 shops, search, and
  the cart and checkout with a cart of 3 books in the session (the session cookie is made
  first, as a browser that added to the cart has one).
- Per page: req/s, p50 and p99 latency, req/s as a share of hello's, the SQL queries of one
  request (Django's test Client in this process with CaptureQueriesContext, same database and
  Redis, after two warm-up requests), non-2xx answers, and each worker's RSS after the page.
  Before the pages, a mix of the 8 pages is sent 1,000 and then 9,000 times more: each worker's
  RSS after 1,000 and after 10,000 requests shows any growth.
- Two passes, each with a fresh server: page cache off (PAGE_CACHE_SECONDS=0, fragment caches
  warm from the warm-up) and on (PAGE_CACHE_SECONDS=30, or --page-cache-seconds).
It prints; it asserts nothing. Figures vary with the machine's load (printed at the top): the
ratios to hello are what to compare between runs.
"""

import argparse
import contextlib
import http.client
import itertools
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
BENCH_DB_NAME = "estante_bench_http"
SECRET = "bench-http-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz"

# The targets (issue 19), shown beside the figures.
TARGET_UNCACHED = 0.10  # of hello's req/s
TARGET_CACHED = 0.40
TARGET_SQL = {"home": 6, "list": 6, "list p2": 6, "genre": 6, "search": 5, "product": 8}
CACHEABLE = ("home", "list", "list p2", "genre", "product", "search")


# Database and environment
# ------------------------------------------------------------------------------


def bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    return urlparse(base)._replace(path=f"/{BENCH_DB_NAME}").geturl()


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Creando la base de datos {name}…")
            conn.execute(f'CREATE DATABASE "{name}"')


def server_env(args, page_cache_seconds: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DJANGO_ENV": "production",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "BENCH_HELLO_VIEW": "1",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "PYTHONUNBUFFERED": "1",
    }


def setup_django(args) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = args.redis_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["BENCH_HELLO_VIEW"] = "1"
    # The same key as the server: the cart's session (made here) must be valid there.
    os.environ["DJANGO_SECRET_KEY"] = SECRET
    import django

    django.setup()


def prepare_catalog(args) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_catalog", books=args.books, stores=5, verbosity=1)
    # The production server reads the hashed names of the static files from the manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=server_env(args, 0),
        check=True,
    )


# The pages
# ------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    path: str
    cookie: str = ""  # "name=value" sent as the Cookie header


def pages_to_measure(args) -> list[Page]:
    from django.conf import settings
    from django.db.models import Count, F, Q

    from catalog.models import Genre, Product
    from catalog.synthetic import synthetic_books
    from inventory.models import StockItem

    in_five = (
        StockItem.objects.filter(on_hand__gt=F("reserved"), product__isbn__startswith="979899")
        .values("product_id")
        .annotate(shops=Count("store_id"))
        .filter(shops__gte=5)
        .order_by("product_id")
        .values_list("product_id", flat=True)
    )
    product_ids = list(in_five[:4])
    if not product_ids:
        sys.exit("Ningún libro sintético tiene stock en 5 tiendas: ¿seed_catalog terminó?")
    product = Product.objects.get(pk=product_ids[0])
    genre = (
        Genre.objects.filter(parent__isnull=False)
        .annotate(books=Count("products", filter=Q(products__in=synthetic_books())))
        .order_by("-books", "pk")
        .first()
    ) or Genre.objects.order_by("pk").first()
    session = cart_session(product_ids[1:4])
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    return [
        Page("hello", "/bench/hello/"),
        Page("home", "/"),
        Page("list", "/libros/"),
        Page("list p2", "/libros/?pagina=2"),
        Page("genre", f"/libros/?genero={genre.slug}" if genre else "/libros/"),
        Page("product", product.get_absolute_url()),
        Page("search", f"/buscar/?q={args.search.replace(' ', '+')}"),
        Page("cart", "/carrito/", cookie),
        Page("checkout", "/checkout/", cookie),
    ]


def cart_session(product_ids) -> str:
    """A session key whose anonymous cart holds one copy of each product (made through the
    cart's services, as the add-to-cart form does)."""
    from importlib import import_module

    from django.conf import settings

    from catalog.models import Product
    from orders import cart as carts
    from orders.models import Cart

    cart = Cart.objects.create()
    for product in Product.objects.filter(pk__in=product_ids):
        carts.add_to_cart(cart=cart, product=product, quantity=1)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[carts.SESSION_KEY] = cart.pk
    session.create()
    return session.session_key


def count_queries(pages: list[Page], page_cache_seconds: int) -> dict[str, int | str]:
    """SQL queries of one request of each page, in this process (after two warm-ups)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    with contextlib.suppress(RuntimeError):  # already set up by the first pass
        setup_test_environment()
    counts: dict[str, int | str] = {}
    with override_settings(PAGE_CACHE_SECONDS=page_cache_seconds):
        for page in pages:
            client = Client()
            status = None
            for _ in range(3):
                client.cookies.clear()
                if page.cookie:
                    name, _sep, value = page.cookie.partition("=")
                    client.cookies[name] = value
                with CaptureQueriesContext(connection) as queries:
                    status = client.get(page.path).status_code
            counts[page.name] = len(queries) if status == 200 else f"{len(queries)} ({status})"
    return counts


# The server
# ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, args, page_cache_seconds: int):
        self.port = free_port()
        self.served = 0  # requests answered, as the load generators counted them
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi",
                "--workers",
                str(args.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=server_env(args, page_cache_seconds),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit("gunicorn terminó al arrancar (mira su salida arriba).")
            try:
                if get(self.port, "/bench/hello/")[0] == 200 and len(self.workers()) >= 1:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            self.stop()
            sys.exit("gunicorn no respondió en 60 s.")
        # Every worker booted (gunicorn forks them one by one).
        while len(self.workers()) < args.workers and time.monotonic() < deadline:
            time.sleep(0.1)

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return sorted(int(child) for child in children)

    def rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# Load generators
# ------------------------------------------------------------------------------


@dataclass
class Result:
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0  # non-2xx answers and socket errors
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def python_load(
    port: int,
    pages: list[Page],
    *,
    connections: int,
    seconds: float | None = None,
    total: int | None = None,
) -> Result:
    """Closed loop: `connections` threads, each sending its next request when the last one
    answered, cycling over `pages`, for `seconds` or until `total` requests were answered."""
    counter = itertools.count()
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    stop_at = time.perf_counter() + seconds if seconds else None

    def loop(n: int) -> None:
        conn = None
        while True:
            index = next(counter)
            if (total is not None and index >= total) or (
                stop_at is not None and time.perf_counter() >= stop_at
            ):
                break
            page = pages[index % len(pages)]
            started = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request(
                    "GET", page.path, headers={"Cookie": page.cookie} if page.cookie else {}
                )
                response = conn.getresponse()
                response.read()
                if response.status >= 300:
                    errors[n] += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                errors[n] += 1
                if conn is not None:
                    conn.close()
                conn = None
                continue
            latencies[n].append((time.perf_counter() - started) * 1000)
        if conn is not None:
            conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = sorted(itertools.chain.from_iterable(latencies))
    result = Result(requests=len(flat), seconds=elapsed, errors=sum(errors))
    if flat:
        result.p50_ms = statistics.median(flat)
        result.p99_ms = flat[min(len(flat) - 1, int(len(flat) * 0.99))]
    return result


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return float("nan")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def wrk_load(port: int, page: Page, *, threads: int, connections: int, seconds: float) -> Result:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "--latency",
    ]
    if page.cookie:
        command += ["-H", f"Cookie: {page.cookie}"]
    command.append(f"http://127.0.0.1:{port}{page.path}")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = Result()
    if not re.search(r"Requests/sec", out):
        result.notes.append(out.strip().replace("\n", " | ")[:400])
    if match := re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out):
        result.requests = int(match.group(1))
        result.seconds = _ms(match.group(2) + match.group(3)) / 1000
    if match := re.search(r"^\s+50%\s+(\S+)", out, re.M):
        result.p50_ms = _ms(match.group(1))
    if match := re.search(r"^\s+99%\s+(\S+)", out, re.M):
        result.p99_ms = _ms(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        result.errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        connect, _read, write, timeout = (int(g) for g in match.groups())
        # "read" errors are the sync workers closing each connection after answering (they
        # do not keep connections alive); wrk reconnects. The others are real failures.
        result.errors += connect + write + timeout
    return result


# The run
# ------------------------------------------------------------------------------


def header(args, generator: str) -> None:
    from django.db.models import Count

    from catalog.synthetic import synthetic_books
    from inventory.models import StockItem

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    books = synthetic_books().count()
    rows = StockItem.objects.filter(product__in=synthetic_books())
    shops = rows.aggregate(n=Count("store_id", distinct=True))["n"]
    print()
    print(f"Estante HTTP benchmark · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"commit {commit or '?'}{' (with uncommitted changes)' if dirty else ''}")
    print(f"uptime: {uptime}")
    print(f"cores: {os.cpu_count()} · database {urlparse(args.database_url).path.lstrip('/')}")
    print(f"catalog: {books} synthetic books, {rows.count()} stock rows in {shops} shops")
    print(
        f"server: gunicorn config.wsgi, {args.workers} sync workers, DJANGO_ENV=production, "
        f"DEBUG off · load: {generator}, {args.connections} connections, "
        f"{args.duration:g} s per page after {args.warmup:g} s of warm-up"
    )


def measure(args, server: Server, page: Page, generator: str) -> Result:
    if generator == "wrk":
        return wrk_load(
            server.port,
            page,
            threads=args.threads,
            connections=args.connections,
            seconds=args.duration,
        )
    return python_load(server.port, [page], connections=args.connections, seconds=args.duration)


def warm(args, server: Server, page: Page, generator: str) -> None:
    if args.warmup <= 0:
        return
    if generator == "wrk":
        wrk_load(server.port, page, threads=1, connections=4, seconds=args.warmup)
    else:
        python_load(server.port, [page], connections=4, seconds=args.warmup)


def memory_phase(args, server: Server, pages: list[Page]) -> str:
    """RSS of each worker after 1,000 and after 10,000 requests of the 8 pages, mixed (each
    step stops early at its share of --memory-seconds on a slow machine, and says so)."""
    mix = [page for page in pages if page.name != "hello"]
    first, then = args.memory_requests
    began = time.perf_counter()
    done_first = python_load(
        server.port,
        mix,
        connections=args.connections,
        total=first,
        seconds=args.memory_seconds * first / then,
    ).requests
    after_first = server.rss_mb()
    done_then = done_first + (
        python_load(
            server.port,
            mix,
            connections=args.connections,
            total=then - first,
            seconds=args.memory_seconds * (then - first) / then,
        ).requests
    )
    after_then = server.rss_mb()
    server.served += done_then
    growth = " / ".join(f"{b - a:+.1f}" for a, b in zip(after_first, after_then, strict=False))
    short = " (cut short by --memory-seconds)" if done_then < then else ""
    return (
        f"RSS per worker (MB), the 8 pages mixed, {time.perf_counter() - began:.0f} s{short}: "
        f"after {done_first:,} requests {' / '.join(f'{m:.1f}' for m in after_first)}; "
        f"after {done_then:,} {' / '.join(f'{m:.1f}' for m in after_then)} (growth {growth})"
    )


def run_pass(args, label, page_cache_seconds, pages, generator, *, first: bool) -> None:
    print()
    print(f"== {label} (PAGE_CACHE_SECONDS={page_cache_seconds})")
    queries = count_queries(pages, page_cache_seconds)
    server = Server(args, page_cache_seconds)
    try:
        for page in pages:  # every page once through both workers: template and fragment caches
            for _ in range(args.workers * 2):
                get(server.port, page.path, page.cookie)
        memory = memory_phase(args, server, pages) if args.memory and first else ""
        target = TARGET_CACHED if page_cache_seconds else TARGET_UNCACHED
        print(
            f"{'page':<10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'× hello':>9}{'SQL':>6}"
            f"{'errors':>8}  {'RSS MB':<13} targets"
        )
        hello_rate = None
        for page in pages:
            warm(args, server, page, generator)
            result = measure(args, server, page, generator)
            server.served += result.requests
            if page.name == "hello":
                hello_rate = result.rate
            share = result.rate / hello_rate if hello_rate else 0.0
            marks = []
            if page.name in CACHEABLE:
                marks.append(f"≥{target:.0%} {'ok' if share >= target else 'NO'}")
            sql = queries.get(page.name, "?")
            if page.name in TARGET_SQL:
                bound = TARGET_SQL[page.name]
                ok = isinstance(sql, int) and sql <= bound
                marks.append(f"SQL≤{bound} {'ok' if ok else 'NO'}")
            rss = "/".join(f"{m:.0f}" for m in server.rss_mb())
            marks += result.notes
            if result.requests == 0:
                marks.append("no answer within the run (machine too busy? raise --duration)")
            print(
                f"{page.name:<10}{result.rate:>9.0f}{result.p50_ms:>9.1f}{result.p99_ms:>9.1f}"
                f"{share:>9.1%}{sql!s:>6}{result.errors:>8}  {rss:<13} {' '.join(marks)}"
            )
        if memory:
            print(memory)
        rss = " / ".join(f"{m:.1f}" for m in server.rss_mb())
        print(f"RSS per worker (MB) after the {server.served:,} measured requests: {rss}")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds before each page")
    parser.add_argument("--connections", "-c", type=int, default=16)
    parser.add_argument("--threads", "-t", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--books", type=int, default=10_000)
    parser.add_argument("--search", default="ciudad de los andes")
    parser.add_argument("--passes", default="off,on", help="page cache off, on, or both (off,on)")
    parser.add_argument("--page-cache-seconds", type=int, default=30)
    parser.add_argument(
        "--memory-seconds", type=float, default=90, help="at most this long for the RSS steps"
    )
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--memory-requests",
        default="1000,10000",
        help="RSS after this many requests, and after this many in all (0: skip)",
    )
    args = parser.parse_args()
    args.memory = args.memory_requests not in ("", "0")
    if args.memory:
        args.memory_requests = [int(n) for n in args.memory_requests.split(",")][:2]
    args.database_url = bench_database_url()
    args.redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    generator = args.generator
    if generator == "auto":
        generator = "wrk" if shutil.which("wrk") else "python"
    elif generator == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk no está instalado (apt-get install wrk), o usa --generator python.")

    ensure_database(args.database_url)
    setup_django(args)
    prepare_catalog(args)
    pages = pages_to_measure(args)
    header(args, "wrk" if generator == "wrk" else "Python closed loop")
    passes = [p.strip() for p in args.passes.split(",") if p.strip()]
    if "off" in passes:
        run_pass(args, "1. page cache off, fragment caches warm", 0, pages, generator, first=True)
    if "on" in passes:
        run_pass(
            args,
            "2. page cache on",
            args.page_cache_seconds,
            pages,
            generator,
            first="off" not in passes,
        )


if __name__ == "__main__":
    main()
