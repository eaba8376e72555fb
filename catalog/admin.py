from django.contrib import admin

from catalog.models import Author, Genre


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "nationality"]
    list_filter = ["nationality"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
