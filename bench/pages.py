"""Latency of the foundation's pages through Django's full stack (no network).

Usage: .venv/bin/python bench/pages.py [--requests 300]
Runs against the database the environment points at (DATABASE_URL, or the SQLite file);
run `python manage.py seed_demo` first. Prints p50/p95 per page in milliseconds.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Measured as production runs: DEBUG off (no query log, no template debug data).
# DJANGO_DEBUG=true gives the development figures.
os.environ.setdefault("DJANGO_DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PAGES = ["/", "/tiendas/", "/buscar/?q=vargas", "/healthz"]


def measure(client: Client, url: str, requests: int) -> tuple[float, float]:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    setup_test_environment()
    client = Client()
    print(f"{'page':<22}{'p50 ms':>10}{'p95 ms':>10}   ({args.requests} requests each)")
    for url in PAGES:
        client.get(url)  # warm up
        p50, p95 = measure(client, url, args.requests)
        print(f"{url:<22}{p50:>10.2f}{p95:>10.2f}")


if __name__ == "__main__":
    main()
