"""make mutation: mutmut on the rule modules, one module at a time (README "Mutation testing").

    .venv/bin/python tools/mutation.py [--max-children N] [MODULE ...]

Without MODULE it runs every module of `only_mutate` in [tool.mutmut] (pyproject.toml). Each
module gets its own `mutmut run`, with its mutants run against the tests of its app only
(`orders/status.py` -> `tests/orders`), and a line of figures at the end: mutants, killed,
survived, no tests, timeout, time. mutmut keeps everything in `mutants/` (git-ignored): read the
survivors with `.venv/bin/mutmut results` and one of them with `.venv/bin/mutmut show <name>`.

Django under mutmut: every mutant is a process forked from mutmut's fork server, so no
database connection may be open at a fork (two processes on one socket corrupt each other):
connections are closed before every fork. All forks use one test database (`--reuse-db` in
pytest_add_cli_args), dropped here once before the first module so it is migrated afresh.
Not run in CI: it takes minutes per module.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def _close_database_connections() -> None:
    """Before a fork: close what Django holds open, so the child opens its own connection."""
    db = sys.modules.get("django.db")
    if db is None:
        return
    # Settings not configured yet: nothing is open.
    with contextlib.suppress(Exception):
        db.connections.close_all()


def _rule_modules() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return list(data["tool"]["mutmut"]["only_mutate"])


def _tests_of(module: str) -> str:
    return f"tests/{_app_of(module)}"


def _dotted(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def _drop_test_database(database_url: str) -> None:
    """pytest-django's test database (test_<name>), so the first fork migrates it afresh."""
    import psycopg

    url = urlsplit(database_url)
    name = "test_" + url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _app_of(module: str) -> str:
    return Path(module).parts[0]


def _run_one(module: str, max_children: int) -> int:
    """In a process of its own: mutmut on the mutants of `module`, against its app's tests.

    mutmut generates the mutants of every rule module of the app (not only this one), so the
    stats it keeps (which test reaches which function) serve the app's next module too; the
    run is narrowed to this module's mutants by name.
    """
    os.register_at_fork(before=_close_database_connections)
    from mutmut import configuration

    app = _app_of(module)
    siblings = [other for other in _rule_modules() if _app_of(other) == app]
    # mutmut reads its settings from pyproject.toml only; a run per app needs two of them
    # narrowed (mutmut 3.x keeps them in one Config object).
    configuration._config = dataclasses.replace(
        configuration.config(),
        only_mutate=siblings,
        pytest_add_cli_args_test_selection=[_tests_of(module)],
    )
    # A module's copy in mutants/ is regenerated from the source every run: a run for another
    # app copies it back unmutated, with a newer time than the source, which mutmut would
    # otherwise take for "mutants already written".
    for other in siblings:
        (ROOT / "mutants" / other).unlink(missing_ok=True)
    from mutmut.__main__ import cli

    try:
        cli(["run", "--max-children", str(max_children), f"{_dotted(module)}.*"])
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


def _figures(module: str) -> Counter:
    from mutmut.stats import status_by_exit_code

    meta = json.loads((ROOT / "mutants" / f"{module}.meta").read_text("utf-8"))
    return Counter(status_by_exit_code[code] for code in meta["exit_code_by_key"].values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="e.g. orders/status.py (default: all)")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.chdir(ROOT)

    if args.one:
        return _run_one(args.modules[0], args.max_children)

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        print(
            "make mutation necesita PostgreSQL: exporta DATABASE_URL=postgres://… "
            "(y REDIS_URL) antes de correrlo.",
            file=sys.stderr,
        )
        return 2
    if args.max_children != 1:
        # The forks share one test database; transactional tests flush it under each other.
        print("Un solo proceso a la vez: --max-children 1.", file=sys.stderr)
        return 2
    known = _rule_modules()
    modules = args.modules or known
    unknown = [module for module in modules if module not in known]
    if unknown:
        print(
            f"No está en only_mutate de [tool.mutmut] (pyproject.toml): {', '.join(unknown)}",
            file=sys.stderr,
        )
        return 2

    _drop_test_database(database_url)
    (ROOT / "mutants").mkdir(exist_ok=True)
    rows = []
    started = time.monotonic()
    for module in modules:
        log = ROOT / "mutants" / f"{module.replace('/', '__')}.log"
        print(f"== {module}: mutants against {_tests_of(module)} (log: {log.relative_to(ROOT)})")
        began = time.monotonic()
        with log.open("w") as out:
            # In a process group of its own: what a killed mutant left running (its session's
            # localstripe) is ended with the group.
            run = subprocess.Popen(
                [sys.executable, __file__, "--one", "--max-children", "1", module],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                code = run.wait()
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(run.pid, signal.SIGTERM)
        seconds = time.monotonic() - began
        if code != 0:
            print(log.read_text(errors="replace")[-4000:])
            print(f"mutmut failed on {module} (exit {code}); see {log}", file=sys.stderr)
            return code
        counts = _figures(module)
        rows.append((module, counts, seconds))
        print(_row(module, counts, seconds), flush=True)

    print()
    print(_row("module", None, None))
    for module, counts, seconds in rows:
        print(_row(module, counts, seconds))
    print(f"total time: {_minutes(time.monotonic() - started)}")
    return 0


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}m{int(seconds % 60):02d}s"


def _row(module: str, counts: Counter | None, seconds: float | None) -> str:
    if counts is None:
        return (
            f"{module:<28} {'mutants':>7} {'killed':>6} {'survived':>8} {'no tests':>8} "
            f"{'timeout':>7} {'other':>5} {'killed %':>8} {'time':>7}"
        )
    total = sum(counts.values())
    killed, timeout = counts["killed"], counts["timeout"]
    survived, untested = counts["survived"], counts["no tests"]
    other = total - killed - timeout - survived - untested
    score = 100 * (killed + timeout) / total if total else 100.0
    return (
        f"{module:<28} {total:>7} {killed:>6} {survived:>8} {untested:>8} "
        f"{timeout:>7} {other:>5} {score:>7.1f}% {_minutes(seconds or 0):>7}"
    )


if __name__ == "__main__":
    sys.exit(main())
