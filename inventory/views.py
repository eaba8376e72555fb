from django.shortcuts import render

from inventory.models import Store


def store_list(request):
    stores = Store.objects.filter(is_active=True, kind=Store.Kind.STORE).order_by("region", "name")
    return render(request, "inventory/store_list.html", {"stores": stores})
