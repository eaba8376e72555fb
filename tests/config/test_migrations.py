"""Every model change has its migration (two branches merged once changed Order's payment
choices, which audit's history model copies, and left audit without one)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    # --check exits non-zero (SystemExit) when a migration would be written; --dry-run writes none.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
