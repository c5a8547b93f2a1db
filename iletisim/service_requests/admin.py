"""The service catalogue in Django's admin: categories with their extra questions,
neighbourhoods, routing rules and reply templates are edited by administrators. Requests
themselves are worked on in the staff pages, never here."""

from django.contrib import admin

from iletisim.service_requests.models import (
    Category,
    CategoryQuestion,
    Neighbourhood,
    ReplyTemplate,
    RoutingRule,
)


class QuestionInline(admin.TabularInline):
    model = CategoryQuestion
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "default_unit", "target_days", "is_public", "desk_publishes"]
    list_filter = ["default_unit", "is_public", "desk_publishes", "is_active"]
    search_fields = ["name", "name_en", "code", "keywords"]
    inlines = [QuestionInline]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    search_fields = ["name"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "is_active", "position"]
    list_filter = ["unit", "is_active"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "category"]
    search_fields = ["title", "body"]
