"""Under ASGI the database goes through psycopg's pool: a bounded number of connections.

daphne runs each request's sync code in a thread of its own; with persistent connections
(CONN_MAX_AGE=60) it kept one connection per request thread, and at 16 concurrent clients
PostgreSQL ran out of them (issue #19). Here a real daphne serves 64 concurrent requests of a
page that reads the database, and PostgreSQL is asked how many connections that daphne holds:
never more than DATABASE_POOL_SIZE, and every request answered.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from tests.config.test_settings import ENV_KEYS, run_python

ROOT = Path(__file__).resolve().parents[2]
POOL_SIZE = 4
CONCURRENT = 64


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; "
    "print(json.dumps({'age': d['CONN_MAX_AGE'], 'pool': d.get('OPTIONS', {}).get('pool')}))"
)


def _database_settings(**env):
    result = run_python(SETTINGS, DATABASE_URL="postgres://postgres@127.0.0.1:5432/estante", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_under_asgi_connections_come_from_a_pool_and_none_persists():
    asgi = _database_settings(ESTANTE_ASGI="true", DATABASE_POOL_SIZE="5")
    assert asgi["age"] == 0
    assert asgi["pool"]["max_size"] == 5

    # gunicorn's sync workers: one thread, one persistent connection. (ESTANTE_ASGI given: a
    # test that imported config.asgi has set it in this process's environment.)
    wsgi = _database_settings(ESTANTE_ASGI="false")
    assert wsgi["age"] == 60
    assert wsgi["pool"] is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_64_concurrent_requests_through_daphne_never_open_more_than_the_pool():
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's (DATABASE_URL)")
    name = f"estante-pool-{uuid.uuid4().hex[:8]}"
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER'] or 'postgres'}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=url,
        DATABASE_POOL_SIZE=str(POOL_SIZE),
        DATABASE_APPLICATION_NAME=name,
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/tiendas/", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read().decode()[-2000:])
                time.sleep(0.1)
        else:
            pytest.fail("daphne did not answer")

        most = [0]
        done = threading.Event()

        def watch():
            while not done.is_set():
                most[0] = max(most[0], _count_apart(name))
                time.sleep(0.02)

        def get(_):
            with urllib.request.urlopen(f"{base}/tiendas/", timeout=60) as response:
                return response.status

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            with ThreadPoolExecutor(CONCURRENT) as pool:
                statuses = list(pool.map(get, range(CONCURRENT * 2)))
        finally:
            done.set()
            watcher.join()
        most[0] = max(most[0], _count_apart(name))

        assert statuses == [200] * (CONCURRENT * 2)
        assert 1 <= most[0] <= POOL_SIZE, most[0]
    finally:
        server.terminate()
        server.wait(timeout=10)


def _count_apart(application_name: str) -> int:
    """The count from a connection of its own (the watcher runs in a thread)."""
    import psycopg

    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            [application_name],
        ).fetchone()[0]
