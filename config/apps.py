from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The composition root as an app, for its management commands (seed_demo, the
    embedded scheduler): they import every app, which only the top layer may do."""

    name = "config"
    verbose_name = "Estante"
