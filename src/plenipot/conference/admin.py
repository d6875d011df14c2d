from django.contrib import admin

from plenipot.conference.models import Body, Conference, Delegation, Organisation, Person


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "city", "country", "start", "end")
    search_fields = ("name", "short_name", "city")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "symbol", "acronym", "iso3", "itu_region")
    list_filter = ("kind", "itu_region")
    search_fields = ("name", "acronym", "symbol", "iso2", "iso3")
    filter_horizontal = ("members",)


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ("given_name", "family_name", "delegation_role", "user")
    raw_id_fields = ("user",)


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ("organisation", "conference", "credentials_status")
    list_filter = ("conference", "credentials_status")
    search_fields = ("organisation__name", "organisation__symbol")
    list_select_related = ("organisation", "conference")
    raw_id_fields = ("organisation",)
    inlines = [PersonInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("family_name", "given_name", "delegation", "delegation_role", "user")
    list_filter = ("delegation_role",)
    search_fields = ("given_name", "family_name", "delegation__organisation__name")
    list_select_related = ("delegation__organisation", "user")
    raw_id_fields = ("user", "delegation")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "chair", "status", "deadline")
    list_filter = ("conference", "kind", "status", "openness")
    search_fields = ("code", "name", "mandate")
    list_select_related = ("parent", "chair")
    raw_id_fields = ("parent", "chair", "vice_chairs")
