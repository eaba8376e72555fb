from django.shortcuts import render

from inventory.models import Store


def home(request):
    """The home page; the catalog issue fills it with books."""
    stores = Store.objects.filter(is_active=True, kind=Store.Kind.STORE).order_by("name")
    return render(request, "catalog/home.html", {"stores": stores})


def search(request):
    """Search; until the catalog issue lands, the helpful empty state for every query."""
    q = request.GET.get("q", "").strip()[:200]
    return render(request, "catalog/search.html", {"q": q})
