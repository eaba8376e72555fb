"""`make backup` / `make restore`: a dump of a database with orders, restored into a fresh
database, still has the orders (and their lines and payments)."""

import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from orders.models import OrderLine
from tests.conftest import USING_POSTGRES
from tests.factories.orders import OrderFactory, OrderLineFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not USING_POSTGRES, reason="pg_dump and pg_restore need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _make(*args, **env):
    import os

    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _admin_sql(sql: str) -> None:
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(sql)


def test_a_dump_restored_into_a_fresh_database_has_the_orders(tmp_path):
    orders = [OrderFactory(), OrderFactory(paid=True)]
    OrderLineFactory(order=orders[0])
    numbers = sorted(order.number for order in orders)
    line_count = OrderLine.objects.count()

    backup = _make(
        "backup",
        f"BACKUP_DIR={tmp_path}",
        DATABASE_URL=_url(connection.settings_dict["NAME"]),
        MEDIA_ROOT=str(tmp_path / "none"),
    )
    assert backup.returncode == 0, backup.stderr
    [dump] = tmp_path.glob("estante-*.dump")
    assert not list(tmp_path.glob("*.part"))

    fresh = f"estante_restore_{uuid.uuid4().hex[:10]}"
    _admin_sql(f'CREATE DATABASE "{fresh}"')
    try:
        restore = _make("restore", f"BACKUP={dump}", RESTORE_DATABASE_URL=_url(fresh))
        assert restore.returncode == 0, restore.stderr

        with psycopg.connect(_url(fresh)) as copy:
            restored = [
                row[0] for row in copy.execute("SELECT number FROM orders_order ORDER BY number")
            ]
            lines = copy.execute("SELECT count(*) FROM orders_orderline").fetchone()[0]
            migrations = copy.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert restored == numbers
        assert lines == line_count >= 1 and migrations > 0

        # Restoring again over the same database replaces it (--clean), still all or nothing.
        again = _make("restore", f"BACKUP={dump}", RESTORE_DATABASE_URL=_url(fresh))
        assert again.returncode == 0, again.stderr
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_backup_and_restore_refuse_without_a_postgres_url(tmp_path):
    backup = _make("backup", f"BACKUP_DIR={tmp_path}", DATABASE_URL="sqlite:///db.sqlite3")
    restore = _make("restore", f"BACKUP={tmp_path}/missing.dump")

    assert backup.returncode != 0 and "PostgreSQL" in backup.stderr
    assert restore.returncode != 0 and "Uso: make restore" in restore.stderr
