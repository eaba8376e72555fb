"""Run the beat schedule in this process: every task of settings.CELERY_BEAT_SCHEDULE, called
directly at its interval (reservation expiry, unpaid-order annulment, the search words, the chat
presence sweep, the event spine's sweep...).

On the embedded default there is no Redis, so no Celery beat: `make run` starts this beside
daphne so every timed rule holds there too. With REDIS_URL set, `make worker` (celery worker
--beat) runs the same schedule instead; don't run both against one database.

    python manage.py run_schedule          # until Ctrl+C (or SIGTERM)
    python manage.py run_schedule --once   # each task once, then exit (1 if one failed)
"""

import logging
import signal
import time
from contextlib import suppress
from datetime import datetime
from importlib import import_module

from celery.schedules import maybe_schedule
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from config.celery import app

logger = logging.getLogger("config.schedule")

# The longest nap between two looks at the clock (a task due sooner wakes the loop earlier).
MAX_NAP_SECONDS = 5.0


class Entry:
    """One line of the beat schedule: its task, its timing, and when it last ran."""

    def __init__(self, name: str, spec: dict):
        self.name = name
        self.task_name = spec["task"]
        self.task = _registered(self.task_name)
        self.args = tuple(spec.get("args", ()))
        self.kwargs = dict(spec.get("kwargs", {}))
        self.schedule = maybe_schedule(spec["schedule"], app=app)
        self.last_run_at: datetime | None = None

    def seconds_until_due(self) -> float:
        if self.last_run_at is None:
            return 0.0
        due, next_check = self.schedule.is_due(self.last_run_at)
        return 0.0 if due else float(next_check)

    def run(self) -> bool:
        """Call the task in-process; an exception is logged and reported, never raised."""
        self.last_run_at = self.schedule.now()
        try:
            result = self.task(*self.args, **self.kwargs)
        except Exception:
            logger.exception("Scheduled task %s (%s) failed", self.name, self.task_name)
            return False
        logger.debug("Scheduled task %s (%s): %r", self.name, self.task_name, result)
        return True


class Command(BaseCommand):
    help = "Run the tasks of CELERY_BEAT_SCHEDULE in-process at their intervals (no Celery beat)."
    requires_system_checks: list[str] = []  # started beside daphne, which runs none either

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run each task once and exit (1 if one failed)."
        )

    def handle(self, *args, once=False, **options):
        try:
            entries = [Entry(name, spec) for name, spec in settings.CELERY_BEAT_SCHEDULE.items()]
        except KeyError as missing:
            raise CommandError(f"The beat schedule names an unknown task: {missing}") from None
        if once:
            failed = [entry.name for entry in entries if not entry.run()]
            if failed:
                raise CommandError(f"Failed: {', '.join(failed)} (see the log above)")
            if options["verbosity"]:
                self.stdout.write(f"Ran {len(entries)} scheduled tasks once.")
            return

        signal.signal(signal.SIGTERM, _stop)
        if options["verbosity"]:
            names = ", ".join(entry.name for entry in entries)
            self.stdout.write(f"Running the schedule in-process ({names}); Ctrl+C stops it.")
        try:
            while True:
                for entry in entries:
                    if entry.seconds_until_due() <= 0:
                        entry.run()
                        # A long-lived process: drop connections a task broke or left too old.
                        close_old_connections()
                nap = min(entry.seconds_until_due() for entry in entries)
                time.sleep(min(max(nap, 0.1), MAX_NAP_SECONDS))
        except KeyboardInterrupt:
            if options["verbosity"]:
                self.stdout.write("Schedule stopped.")


def _registered(task_name: str):
    """The Celery task called `task_name` (our tasks are named module.function: importing the
    module registers it; a worker's import_default_modules would also reset the logging)."""
    if task_name not in app.tasks:
        with suppress(ImportError):  # then the KeyError below names the task
            import_module(task_name.rpartition(".")[0])
    return app.tasks[task_name]


def _stop(signum, frame):
    raise KeyboardInterrupt
