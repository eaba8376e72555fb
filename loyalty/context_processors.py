from django.utils.functional import SimpleLazyObject

from loyalty.selectors import member_badge


def badge(request):
    """`loyalty_badge`: the header badge of a logged-in member (`.points`), falsy otherwise.

    Lazy: one query, only on a page that draws it (base.html draws it for logged-in users
    only, so the anonymous pages the page cache keeps never carry it)."""
    return {"loyalty_badge": SimpleLazyObject(lambda: member_badge(request.user))}
