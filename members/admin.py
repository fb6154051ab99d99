from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from config.cache import changed
from members.forms.accounts import AdminPasswordChangeForm
from members.models import (
    Application,
    Classification,
    ClassificationCategory,
    ClassificationLock,
    MailPreference,
    Membership,
    RegionAdmin,
    Role,
    RoleAssignment,
    SentMail,
    User,
)


class ChangedEverything:
    """Admin edits are rare and may touch anything a cached page or login shows: they drop it all
    (when the admin's transaction commits)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed(everything=True)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed(everything=True)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        changed(everything=True)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        changed(everything=True)


class ModelAdmin(ChangedEverything, admin.ModelAdmin):
    pass


@admin.register(User)
class UserAdmin(ChangedEverything, BaseUserAdmin):
    change_password_form = AdminPasswordChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "company", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name", "company"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Person",
            {"fields": ["first_name", "last_name", "language", "phone", "photo", "company", "website"]},
        ),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "first_name", "last_name", "password1", "password2"]},
        )
    ]


admin.site.register(ClassificationCategory, ModelAdmin)
admin.site.register(
    Classification,
    ModelAdmin,
    search_fields=["name_nl", "name_en"],
    list_display=["name_nl", "name_en", "category"],
)
admin.site.register(
    Membership,
    ModelAdmin,
    list_display=["user", "chapter", "classification", "status", "starts_on", "renewal_due_on"],
    list_filter=["status", "chapter"],
    raw_id_fields=["user", "sponsor"],
)
admin.site.register(Role, ModelAdmin, list_display=["name_nl", "chapter", "code"])
admin.site.register(
    RoleAssignment,
    ModelAdmin,
    list_display=["role", "user", "chapter", "starts_on", "ends_on"],
    raw_id_fields=["user"],
)
admin.site.register(RegionAdmin, ModelAdmin, raw_id_fields=["user"])
admin.site.register(
    Application,
    ModelAdmin,
    list_display=["first_name", "last_name", "chapter", "classification", "status", "created_at"],
    list_filter=["status", "chapter"],
    raw_id_fields=["decided_by", "member"],
)
admin.site.register(ClassificationLock, ModelAdmin, list_display=["classification", "chapter", "reason"])
admin.site.register(
    SentMail,
    ModelAdmin,
    list_display=["sent_at", "kind", "key", "user"],
    list_filter=["kind"],
    raw_id_fields=["user", "meeting"],
)
admin.site.register(
    MailPreference, ModelAdmin, list_display=["user", "topic", "delivery"], raw_id_fields=["user"]
)
