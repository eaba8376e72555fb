"""make mutation: mutmut on the rule modules, scoped per module (README "Mutation testing").

    .venv/bin/python tools/mutation.py [--jobs N] [--left] [MODULE ...]

Without MODULE it runs every module of `only_mutate` in [tool.mutmut] (pyproject.toml). The
modules of one app share one `mutmut run` (one stats run of the app's tests, one clean run), with
their mutants run against the tests of that app only (`orders/status.py` -> `tests/orders`), and
a line of figures per module at the end: mutants, killed, survived, no tests, timeout, time.
`--left` re-checks only the mutants the last run did not kill (survived, no tests, not checked,
timeout), after tests were added; the killed ones keep their result. mutmut keeps everything in
`mutants/` (git-ignored): read the survivors with
`.venv/bin/mutmut results` and one of them with `.venv/bin/mutmut show <name>`.

Django under mutmut: every mutant is a process forked from mutmut's fork server, so no
database connection may be open at a fork (two processes on one socket corrupt each other):
connections are closed before every fork. Each fork reuses a test database (`--reuse-db` in
pytest_add_cli_args), dropped here once at the start so it is migrated afresh: with `--jobs 1`
(the default) one, `test_<name>`, and one mutant at a time; with `--jobs N` N of them,
`test_<name>_m0`..., each held by one running mutant at a time (a lock file per database in
mutants/), so N mutants run side by side. A mutant's tests run fastest first (mutmut's stats
keep each test's time), so a killed mutant usually stops (`-x`) at a short test.
mutmut skips decorated functions: a rule function opens its transaction with
`with transaction.atomic():` inside, not `@transaction.atomic` over it.
Not run in CI: it takes minutes per module."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
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
# mutmut's default is 15: a mutant's run is stopped as a timeout after (its tests' time + 1 s)
# x 15 of wall-clock time. Measured on this machine at load 12-15, a fork at nice 10 got ~6% of a
# core, and survivors of a dozen short tests were stopped and counted as timeouts (which count
# as killed). 60 leaves a real infinite loop found in minutes still.
TIMEOUT_MULTIPLIER = 60.0


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


def _app_of(module: str) -> str:
    return Path(module).parts[0]


def _dotted(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def _test_database_names(database_url: str, jobs: int) -> list[str]:
    """pytest-django's test database (test_<name>), and one per job (test_<name>_m0...)."""
    name = "test_" + urlsplit(database_url).path.lstrip("/")
    return [name] + ([f"{name}_m{slot}" for slot in range(jobs)] if jobs > 1 else [])


def _drop_test_databases(database_url: str, jobs: int) -> None:
    """So the first fork on each one migrates it afresh."""
    import psycopg

    admin = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in _test_database_names(database_url, jobs):
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _copy_test_database(database_url: str, jobs: int) -> None:
    """After the stats or clean run migrated test_<name>: the jobs' databases are copies of it,
    made before the mutants (migrating one inside a mutant's run would eat its time limit)."""
    import psycopg

    if jobs == 1:
        return
    base, *copies = _test_database_names(database_url, jobs)
    admin = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in copies:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base}"')


def _tests_read_passwords(app: str) -> bool:
    """Whether a test of the app looks at how passwords are hashed (then the forks keep the
    project's hasher)."""
    words = ("hasher", "check_password", "make_password", "pbkdf2", "argon")
    return any(
        word in path.read_text("utf-8", errors="replace").lower()
        for path in (ROOT / "tests" / app).rglob("*.py")
        for word in words
    )


def _lighter_fork(fast_hasher: bool) -> None:
    """In a mutant's fork, costs that cannot change a test's verdict, measured with cProfile in
    a fork at load 13 (7.2 s for two short tests): pytest's garbage collection at exit walked
    the whole inherited heap twice (2.0 s; frozen now, so only the fork's own objects are
    walked), and the project's password hasher took 1.6 s per user a factory made (MD5 in the
    forks, when no test of the app reads how passwords are hashed)."""
    import gc

    gc.freeze()
    if fast_hasher:
        from django.conf import settings
        from django.contrib.auth import hashers

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        hashers.get_hashers.cache_clear()
        hashers.get_hashers_by_algorithm.cache_clear()


def _run_mutants_apart(jobs: int, fast_hasher: bool) -> None:
    """Each mutant's run (a fork of mutmut's fork server) takes a free test database of its own
    and runs its tests fastest first. The lock is the open file: it goes when the fork exits."""
    from mutmut.runners.harness import PytestRunner
    from mutmut.state import state

    run_tests = PytestRunner.run_tests
    locks = ROOT / "mutants"

    def run_tests_apart(self, *, mutant_name, tests):
        if mutant_name:
            durations = state().duration_by_test
            tests = sorted(tests, key=lambda test: (durations.get(test, 0.0), test))
            if jobs > 1:
                _claim_test_database(locks, jobs)
            _use_test_database_as_it_is()
            _lighter_fork(fast_hasher)
        return run_tests(self, mutant_name=mutant_name, tests=tests)

    PytestRunner.run_tests = run_tests_apart


def _use_test_database_as_it_is() -> None:
    """In a mutant's fork: its test database was migrated by the stats or clean run (and copied
    for the jobs), so pytest-django's set-up only points the connection at it. (`--reuse-db`
    would still run `migrate` and its post_migrate handlers: seconds per mutant, more than most
    mutants' tests take.) The clean run, which must pass, sets the database up in full."""
    import django.test.utils
    from django.db import connections

    def setup_databases(verbosity, interactive, *, aliases=None, **options):
        for alias in aliases if aliases is not None else connections:
            connection = connections[alias]
            name = connection.creation._get_test_db_name()
            connection.close()
            connection.settings_dict["NAME"] = name
        return []

    django.test.utils.setup_databases = setup_databases


def _claim_test_database(locks: Path, jobs: int) -> None:
    from django.conf import settings

    for attempt in range(2 * jobs):
        slot = attempt % jobs
        lock = (locks / f"estante-db-{slot}.lock").open("w")
        flags = fcntl.LOCK_EX | (fcntl.LOCK_NB if attempt < jobs else 0)
        try:
            fcntl.flock(lock, flags)
        except BlockingIOError:
            lock.close()
            continue
        # Kept open (and locked) until this process exits.
        _claim_test_database.lock = lock
        database = settings.DATABASES["default"]
        name = database.get("TEST", {}).get("NAME") or "test_" + database["NAME"]
        # The same dict Django's connection handler reads (no connection is open yet).
        database.setdefault("TEST", {})["NAME"] = f"{name}_m{slot}"
        return


def _not_killed(module: str) -> list[str]:
    """The module's mutants an earlier run did not kill (survived, no tests, not checked,
    timeout...), from its record in mutants/."""
    from mutmut.stats import status_by_exit_code

    meta = ROOT / "mutants" / f"{module}.meta"
    if not meta.exists():
        return [f"{_dotted(module)}.*"]
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    return [name for name, code in codes.items() if status_by_exit_code[code] != "killed"]


def _run_app(app: str, modules: list[str], max_children: int, left: bool = False) -> int:
    """In a process of its own: one `mutmut run` for the app's modules, against its tests.

    mutmut generates the mutants of every rule module of the app (not only the ones asked
    for), so the stats it keeps (which test reaches which function) serve any later run of
    the app; the run is narrowed to the modules asked for by mutant name.
    """
    os.register_at_fork(before=_close_database_connections)
    from mutmut import configuration

    siblings = [module for module in _rule_modules() if _app_of(module) == app]
    # mutmut reads its settings from pyproject.toml only; a run per app needs two of them
    # narrowed (mutmut 3.x keeps them in one Config object).
    configuration._config = dataclasses.replace(
        configuration.config(),
        only_mutate=siblings,
        pytest_add_cli_args_test_selection=[f"tests/{app}"],
        timeout_multiplier=TIMEOUT_MULTIPLIER,
    )
    mutants = ROOT / "mutants"
    # A module's copy in mutants/ is regenerated from the source every run: a run for another
    # app copies it back unmutated, with a newer time than the source, which mutmut would
    # otherwise take for "mutants already written".
    for module in siblings:
        (mutants / module).unlink(missing_ok=True)
    # The stats must have been collected with exactly these modules mutated (a function
    # mutated since has no tests recorded, and its mutants would all read "no tests").
    marker = mutants / "estante-stats.json"
    if not marker.exists() or json.loads(marker.read_text()) != siblings:
        (mutants / "mutmut-stats.json").unlink(missing_ok=True)
    marker.write_text(json.dumps(siblings))
    import mutmut.__main__ as mutmut_main

    _skip_clean_run_after_full_stats(mutmut_main, max_children)
    _run_mutants_apart(max_children, fast_hasher=not _tests_read_passwords(app))
    _modules_in_order_tests_fastest_first(mutmut_main, modules)
    if left:
        # Named one by one: mutmut re-runs a mutant it has a result for only when named.
        names = [name for module in modules for name in _not_killed(module)]
        if not names:
            print("Nothing left: every mutant of these modules was killed.")
            return 0
    else:
        names = [f"{_dotted(module)}.*" for module in modules]
    try:
        mutmut_main.cli(["run", "--max-children", str(max_children), *names])
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


def _skip_clean_run_after_full_stats(mutmut_main, jobs: int) -> None:
    """mutmut runs the tests of all the mutants once unmutated ("clean run") after the stats;
    when the stats were collected in this run, over the whole selection, that run has just
    passed (mutmut stops on a failing stats run): the second one would only double the time."""
    full_stats = []
    collect = mutmut_main.run_stats_collection
    make_runner = mutmut_main.get_mutant_runner

    def run_stats_collection(runner, tests=None):
        collect(runner, tests)
        full_stats.append(not tests)

    def get_mutant_runner(max_children):
        runner = make_runner(max_children)
        clean_run = runner.run_clean_tests

        def run_clean_tests(tests):
            if any(full_stats):
                print("    (the stats run was the clean run)")
                code = 0
            else:
                code = clean_run(tests)
            _copy_test_database(os.environ["DATABASE_URL"], jobs)
            return code

        runner.run_clean_tests = run_clean_tests
        return runner

    mutmut_main.run_stats_collection = run_stats_collection
    mutmut_main.get_mutant_runner = get_mutant_runner


def _modules_in_order_tests_fastest_first(mutmut_main, modules: list[str]) -> None:
    """Two orders, not which mutants or tests run (the verdicts stay the same):

    - the mutants of the modules in the order they were asked for (mutmut runs the quickest
      first across all of them), so a run stopped at a session's end has finished the first
      modules instead of a part of each;
    - a mutant's tests quickest first: mutmut stops at the first failing test (`-x`), and most
      mutants are killed by a short unit test well before the slow journeys that also reach the
      function; a survivor still runs them all.
    """
    prefixes = [_dotted(module) + "." for module in modules]
    estimate = mutmut_main.estimated_worst_case_time

    def module_then_estimate(mutant_name: str):
        rank = next(
            (i for i, prefix in enumerate(prefixes) if mutant_name.startswith(prefix)),
            len(prefixes),
        )
        return (rank, estimate(mutant_name))

    mutmut_main.estimated_worst_case_time = module_then_estimate
    make_runner = mutmut_main.get_mutant_runner

    def get_mutant_runner(max_children):
        runner = make_runner(max_children)
        submit = runner.submit

        def submit_fastest_first(mutant_name, tests, cpu_time_limit, estimated_time):
            duration = mutmut_main.state().duration_by_test
            tests = sorted(tests, key=lambda test: (duration.get(test, 0.0), test))
            submit(mutant_name, tests, cpu_time_limit, estimated_time)

        runner.submit = submit_fastest_first
        return runner

    mutmut_main.get_mutant_runner = get_mutant_runner


def _figures(module: str) -> tuple[Counter, float]:
    """The statuses of the module's mutants and the seconds their test runs took."""
    from mutmut.stats import status_by_exit_code

    meta = json.loads((ROOT / "mutants" / f"{module}.meta").read_text("utf-8"))
    counts = Counter(status_by_exit_code[code] for code in meta["exit_code_by_key"].values())
    return counts, sum(meta.get("durations_by_key", {}).values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="e.g. orders/status.py (default: all)")
    parser.add_argument(
        "--jobs",
        "--max-children",
        dest="max_children",
        type=int,
        default=1,
        help="mutants run side by side, each on a test database of its own (default 1)",
    )
    parser.add_argument(
        "--left",
        action="store_true",
        help="re-check only what the last run did not kill (after adding tests)",
    )
    parser.add_argument("--app", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.chdir(ROOT)

    if args.app:
        return _run_app(args.app, args.modules, args.max_children, args.left)

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        print(
            "make mutation necesita PostgreSQL: exporta DATABASE_URL=postgres://… "
            "(y REDIS_URL) antes de correrlo.",
            file=sys.stderr,
        )
        return 2
    if not 1 <= args.max_children <= 8:
        print("--jobs va de 1 a 8.", file=sys.stderr)
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

    _drop_test_databases(database_url, args.max_children)
    (ROOT / "mutants").mkdir(exist_ok=True)
    by_app: dict[str, list[str]] = {}
    for module in modules:
        by_app.setdefault(_app_of(module), []).append(module)
    started = time.monotonic()
    rows = []
    for app, app_modules in by_app.items():
        log = ROOT / "mutants" / f"{app}.log"
        print(f"== {', '.join(app_modules)}: mutants against tests/{app} (log: mutants/{app}.log)")
        began = time.monotonic()
        with log.open("w") as out:
            # In a process group of its own: what a killed mutant left running (its session's
            # localstripe) is ended with the group.
            run = subprocess.Popen(
                [sys.executable, __file__, "--app", app, "--jobs", str(args.max_children)]
                + (["--left"] if args.left else [])
                + app_modules,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                code = run.wait()
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(run.pid, signal.SIGTERM)
        if code != 0:
            print(log.read_text(errors="replace")[-4000:])
            print(f"mutmut failed for tests/{app} (exit {code}); see {log}", file=sys.stderr)
            return code
        print(f"   {app}: {_minutes(time.monotonic() - began)} in all (stats and clean run too)")
        for module in app_modules:
            counts, seconds = _figures(module)
            rows.append((module, counts, seconds))

    print()
    print(_row("module", None, None))
    for module, counts, seconds in rows:
        print(_row(module, counts, seconds))
    print(f"make mutation took {_minutes(time.monotonic() - started)}")
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
    # "time": the seconds the mutants' test runs took (not the stats and the clean run).
    killed, timeout = counts["killed"], counts["timeout"]
    survived, untested = counts["survived"], counts["no tests"]
    other = total - killed - timeout - survived - untested
    score = 100 * (killed + timeout) / total if total else 100.0
    return (
        f"{module:<28} {total:>7} {killed:>6} {survived:>8} {untested:>8} "
        f"{timeout:>7} {other:>5} {score:>7.1f}% {_minutes(seconds) if seconds else '-':>7}"
    )


if __name__ == "__main__":
    sys.exit(main())
