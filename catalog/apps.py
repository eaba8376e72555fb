from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

# Word similarity needed for a search word to match with one typo. pg_trgm's default (0.6)
# misses short words ("ribeiro" vs "ribeyro" scores 0.5); fuzzy matching only runs when
# nothing matches exactly, so a looser threshold adds recall without burying exact hits.
WORD_SIMILARITY_THRESHOLD = 0.4


def _tune_trigram_search(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD]
            )


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"
    verbose_name = _("Catálogo")

    def ready(self):
        connection_created.connect(_tune_trigram_search, dispatch_uid="catalog-trigram-threshold")
