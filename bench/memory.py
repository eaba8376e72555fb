"""Memory of one worker over many requests: what grows, in-process, without a server.

Usage:
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/memory.py \
        [--requests 1000,10000,20000] [--tracemalloc] [--top 15]

The WSGI application of config.wsgi, configured as bench/http_load.py's gunicorn workers are
(DJANGO_ENV=production, DEBUG off, page cache off: the fragment caches warm in Redis), on the
same database (`estante_bench_http`, or BENCH_DATABASE_URL; seeded the first time as there),
is called in this process, round robin over the 8 pages of the HTTP benchmark (home, list,
list page 2, a genre, a product with stock in 5 shops, search, cart and checkout), exactly as
gunicorn's sync worker calls it (a WSGI environ, the body read, close()). At each count of
--requests it prints the process' RSS, the objects the garbage collector tracks, the memory
Python's allocator holds (sys._debugmallocstats' arenas) and, with --tracemalloc, the source
lines whose live allocations grew most since the first count (tracemalloc slows each request
down about threefold and uses memory of its own, counted in RSS but not in the diff).
It prints; it asserts nothing.
"""

import argparse
import gc
import io
import os
import re
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

import http_load  # noqa: E402  (bench/http_load.py: its database, pages and settings)


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024


def pymalloc_mb() -> tuple[float, float]:
    """MB of the arenas pymalloc holds (freed blocks included: what RSS sees of them), and MB
    of the blocks in use in them."""
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+") as out:
        os.dup2(out.fileno(), 2)  # sys._debugmallocstats writes to the C stderr
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read()
    arenas = re.search(r"^(\d+) arenas \* (\d+) bytes/arena", text, re.M)
    used = re.search(r"^# bytes in allocated blocks\s*=\s*([\d,]+)", text, re.M)
    return (
        int(arenas.group(1)) * int(arenas.group(2)) / 2**20 if arenas else 0.0,
        int(used.group(1).replace(",", "")) / 2**20 if used else 0.0,
    )


def environ_for(page, host: str) -> dict:
    path, _sep, query = page.path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_LANGUAGE": "es-PE,es;q=0.9",
        "HTTP_USER_AGENT": "bench/memory.py",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if page.cookie:
        environ["HTTP_COOKIE"] = page.cookie
    return environ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", default="1000,10000,20000")
    parser.add_argument("--books", type=int, default=10_000)
    parser.add_argument("--search", default="ciudad de los andes")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument(
        "--types", action="store_true", help="the object types whose count grew most"
    )
    args = parser.parse_args()
    checkpoints = [int(n) for n in args.requests.split(",") if n.strip()]

    args.database_url = http_load.bench_database_url()
    args.redis_url = os.environ.get("REDIS_URL", "")
    if not args.redis_url:
        sys.exit("Needs REDIS_URL (the fragment caches, as in production).")
    http_load.ensure_database(args.database_url)
    # As the benchmark's gunicorn workers: production settings, page cache off.
    for key, value in http_load.server_env(args, 0).items():
        os.environ[key] = value
    http_load.setup_django(args)
    http_load.prepare_catalog(args)
    pages = [page for page in http_load.pages_to_measure(args) if page.name != "hello"]

    from django.db import connections

    connections.close_all()  # as a freshly forked worker: nothing of the set-up's
    from config.wsgi import application

    statuses: dict[int, int] = {}

    def request(page) -> None:
        def start_response(status, headers, exc_info=None):
            code = int(status.split()[0])
            statuses[code] = statuses.get(code, 0) + 1

        body = application(environ_for(page, "127.0.0.1"), start_response)
        try:
            for _chunk in body:
                pass
        finally:
            if hasattr(body, "close"):
                body.close()

    print(
        f"bench/memory.py · database {urlparse(args.database_url).path.lstrip('/')} · "
        f"{len(pages)} pages round robin · load {os.getloadavg()[0]:.2f}"
        f"{' · tracemalloc on' if args.tracemalloc else ''}"
    )
    if args.tracemalloc:
        tracemalloc.start(int(os.environ.get("BENCH_TRACEMALLOC_FRAMES", "1")))
    first_snapshot = None
    first_types = None
    done = 0
    began = time.perf_counter()
    for target in checkpoints:
        while done < target:
            request(pages[done % len(pages)])
            done += 1
        arenas, used = pymalloc_mb()
        line = (
            f"after {done:>7,} requests ({time.perf_counter() - began:5.0f} s): "
            f"RSS {rss_mb():6.1f} MB, pymalloc arenas {arenas:6.1f} MB ({used:.1f} MB in use), "
            f"gc objects {len(gc.get_objects()):>8,}"
        )
        if args.tracemalloc:
            current, peak = tracemalloc.get_traced_memory()
            line += f", traced {current / 2**20:6.1f} MB (peak {peak / 2**20:.1f})"
        print(line, flush=True)
        if args.types:
            gc.collect()
            types = Counter(type(thing).__qualname__ for thing in gc.get_objects())
            if first_types is None:
                first_types = types
            else:
                grown = (types - first_types).most_common(args.top)
                print(
                    "  object types grown since the first count: "
                    + ", ".join(f"{name} +{count:,}" for name, count in grown)
                )
        if args.tracemalloc:
            snapshot = tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__)]
            )
            if first_snapshot is None:
                first_snapshot = snapshot
            else:
                print(f"  grew most since the first count ({args.top} lines):")
                for stat in snapshot.compare_to(first_snapshot, "lineno")[: args.top]:
                    print(f"    {stat}")
    print(f"answers: {dict(sorted(statuses.items()))}")


if __name__ == "__main__":
    main()
