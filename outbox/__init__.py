"""The event spine and the notification outbox (ground floor: imports no app).

    from outbox.spine import publish, subscribe

`publish("order.paid", order_id=…, …)` inside the publisher's transaction; handlers
registered with `subscribe()` in their app's `AppConfig.ready()` get the event after commit,
at least once, effects once, in order per aggregate. See `outbox/spine.py`.
"""
