"""Covers and author photos go through core.uploads; import files move to private storage."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import catalog.models
import core.uploads


def move_import_files_to_private_storage(apps, schema_editor):
    """Import files uploaded before this migration sit under MEDIA_ROOT, where the media URL
    could serve them: move each one to PRIVATE_MEDIA_ROOT under the same relative name."""
    ImportJob = apps.get_model("catalog", "ImportJob")
    public = Path(settings.MEDIA_ROOT)
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    for job in ImportJob.objects.exclude(file="").only("pk", "file").iterator():
        source, target = public / job.file.name, private / job.file.name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(target))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_sold_order"),
    ]

    operations = [
        migrations.AlterField(
            model_name="author",
            name="photo",
            field=core.uploads.SafeImageField(
                blank=True, upload_to="authors/", verbose_name="foto"
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="file",
            field=models.FileField(
                blank=True,
                storage=core.uploads.private_storage,
                upload_to=catalog.models.import_upload_to,
                verbose_name="archivo",
            ),
        ),
        migrations.AlterField(
            model_name="product",
            name="cover",
            field=core.uploads.SafeImageField(
                blank=True, upload_to="covers/", verbose_name="portada"
            ),
        ),
        migrations.RunPython(move_import_files_to_private_storage, migrations.RunPython.noop),
    ]
