"""Celery entry points of the catalog: thin wrappers around catalog.imports."""

from celery import shared_task


@shared_task(bind=True, acks_late=True)
def run_import_task(self, job_id: int) -> None:
    """Run a catalog import; safe to repeat (a finished job is left alone, rows are upserts)."""
    from catalog.imports import run_import
    from catalog.models import ImportJob
    from outbox.queue import enqueue

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        run_import(job=job)
        enqueue(refresh_search_words_task)  # the nightly refresh catches up if it is skipped


@shared_task
def requeue_pending_imports_task() -> int:
    """Beat: queue again the imports whose hand-off was skipped (broker down at upload)."""
    from catalog.imports import requeue_pending_imports

    return requeue_pending_imports()


@shared_task
def refresh_search_words_task() -> None:
    """Beat and after imports: the vocabulary behind typo-tolerant search."""
    from catalog.services import refresh_search_words

    refresh_search_words()


@shared_task
def purge_import_files_task() -> int:
    """Beat (daily): delete import files past IMPORT_FILE_RETENTION_DAYS; the reports stay."""
    from catalog.imports import purge_expired_import_files

    return purge_expired_import_files()
