"""Running an import job: detect the format, read the rows, import them one by one and keep
the job's progress and report."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.imports.csv import read_csv
from catalog.imports.onix import read_onix
from catalog.imports.parsing import ImportFileError, SourceRow
from catalog.imports.rows import (
    STATUS_CREATED,
    STATUS_REJECTED,
    STATUS_UNCHANGED,
    STATUS_UPDATED,
    RowImporter,
)
from catalog.models import ImportJob
from outbox.queue import enqueue

MAX_FILE_BYTES = getattr(settings, "IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def detect_format(name: str, head: bytes) -> str:
    """csv or onix, from the file name, else from the first bytes."""
    suffix = Path(name or "").suffix.lower()
    if suffix in {".xml", ".onx", ".onix"}:
        return ImportJob.Format.ONIX
    if suffix in {".csv", ".txt", ".tsv"}:
        return ImportJob.Format.CSV
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return ImportJob.Format.ONIX if stripped.startswith(b"<") else ImportJob.Format.CSV


def run_import(*, job: ImportJob, progress_every: int | None = None) -> ImportJob:
    """Read the job's file and import every row, saving progress as it goes.

    Safe to run again after a crash: rows already imported come out as unchanged.
    Must not run inside a transaction if the progress is to be seen by other connections.
    """
    if job.status == ImportJob.Status.DONE:
        return job
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.processed_rows = 0
    job.save(update_fields=["status", "started_at", "processed_rows"])
    try:
        if not job.file:
            raise ImportFileError(
                _("El archivo de esta importación ya no se guarda; súbelo de nuevo.")
            )
        with job.file.open("rb") as handle:
            data = handle.read()
        rows = read_rows(data, job.format)
    except (ImportFileError, FileNotFoundError) as exc:
        job.status = ImportJob.Status.FAILED
        job.error = (
            str(exc)
            if isinstance(exc, ImportFileError)
            else _("El archivo de esta importación ya no está; súbelo de nuevo.")
        )
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job

    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])
    every = progress_every or max(1, min(50, len(rows) // 100))
    importer = RowImporter()
    counts = {STATUS_CREATED: 0, STATUS_UPDATED: 0, STATUS_UNCHANGED: 0, STATUS_REJECTED: 0}
    report = []
    for index, row in enumerate(rows, start=1):
        result = importer.import_row(row)
        counts[result.status] += 1
        report.append(result.as_report())
        if index % every == 0 and index < len(rows):
            ImportJob.objects.filter(pk=job.pk).update(
                processed_rows=index, **_count_fields(counts)
            )
    for name, value in _count_fields(counts).items():
        setattr(job, name, value)
    job.processed_rows = len(rows)
    job.report = report
    job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    return job


def _count_fields(counts: dict[str, int]) -> dict[str, int]:
    return {
        "created_count": counts[STATUS_CREATED],
        "updated_count": counts[STATUS_UPDATED],
        "unchanged_count": counts[STATUS_UNCHANGED],
        "rejected_count": counts[STATUS_REJECTED],
    }


def read_rows(data: bytes, file_format: str) -> list[SourceRow]:
    if file_format == ImportJob.Format.ONIX:
        return read_onix(data)
    return read_csv(data)


def start_import(*, uploaded_file, file_format: str, user=None) -> ImportJob:
    """Store the file, create the job and queue the import once the job is committed."""
    from catalog.tasks import run_import_task

    job = ImportJob.objects.create(
        file=uploaded_file,
        original_name=Path(uploaded_file.name or "").name[:255],
        format=file_format,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    # Never .delay() straight: with the broker down it raised after the commit (a 500 for a job
    # already saved). enqueue skips a dead broker at once; the beat's requeue_pending_imports
    # queues the job again.
    transaction.on_commit(lambda: enqueue(run_import_task, job.pk))
    return job


# A job still "en cola" this long after its upload was not handed to a worker (broker down).
REQUEUE_AFTER = timedelta(minutes=2)


def requeue_pending_imports(*, now=None) -> int:
    """Beat: queue again the jobs whose hand-off was skipped. Safe to repeat: a job that is no
    longer pending is left alone by run_import, and its rows are upserts."""
    from catalog.tasks import run_import_task

    now = now or timezone.now()
    pending = ImportJob.objects.filter(
        status=ImportJob.Status.PENDING, created_at__lte=now - REQUEUE_AFTER
    ).values_list("pk", flat=True)
    return sum(enqueue(run_import_task, pk) for pk in pending)


def purge_expired_import_files(*, now=None) -> int:
    """Delete the uploaded files of jobs older than IMPORT_FILE_RETENTION_DAYS (the job and its
    report stay). A job still running keeps its file. Returns how many files were deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    deleted = 0
    jobs = (
        ImportJob.objects.filter(created_at__lt=cutoff)
        .exclude(file="")
        .exclude(status=ImportJob.Status.RUNNING)
    )
    for job in jobs.iterator():
        job.file.delete(save=False)  # a file already missing on disk is fine
        ImportJob.objects.filter(pk=job.pk).update(file="")
        deleted += 1
    return deleted
