"""The audit trail: who changed what, when, before and after (issue #18).

On PostgreSQL, triggers written by django-pghistory copy every insert, update and delete of
the tracked tables (orders, lines, payments, stock, reservations, prices, customers,
addresses) into the event tables of this app, whatever wrote them: `save()`, `.update()`,
`bulk_update()` or raw SQL. On SQLite (the embedded default) there are no triggers: the
tables exist and stay empty, and the append-only ledgers (stock movements, order events)
are the record. Nothing imports this app except config.
"""
