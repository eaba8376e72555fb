from django.shortcuts import get_object_or_404, render

from catalog.models import Author, Product
from inventory.models import Store


def home(request):
    stores = Store.objects.filter(is_active=True, kind=Store.Kind.STORE).order_by("name")
    return render(request, "catalog/home.html", {"stores": stores})


def product_list(request):
    products = Product.objects.active().for_cards()[:24]
    return render(request, "catalog/search.html", {"products": products})


def product_detail(request, slug):
    product = get_object_or_404(Product.objects.active().for_cards(), slug=slug)
    return render(request, "catalog/search.html", {"product": product})


def product_cover(request, slug):
    raise NotImplementedError


def favorite_toggle(request, slug):
    raise NotImplementedError


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    return render(request, "catalog/search.html", {"author": author})


def search(request):
    q = request.GET.get("q", "").strip()[:200]
    return render(request, "catalog/search.html", {"q": q})


def search_suggest(request):
    raise NotImplementedError


def favorite_list(request):
    raise NotImplementedError
