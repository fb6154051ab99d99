from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from members.models import (
    Application,
    Classification,
    ClassificationCategory,
    ClassificationLock,
    Membership,
    RegionAdmin,
    Role,
    RoleAssignment,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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


admin.site.register(ClassificationCategory)
admin.site.register(
    Classification, search_fields=["name_nl", "name_en"], list_display=["name_nl", "name_en", "category"]
)
admin.site.register(
    Membership,
    list_display=["user", "chapter", "classification", "status", "starts_on", "renewal_due_on"],
    list_filter=["status", "chapter"],
    raw_id_fields=["user", "sponsor"],
)
admin.site.register(Role, list_display=["name_nl", "chapter", "code"])
admin.site.register(
    RoleAssignment, list_display=["role", "user", "chapter", "starts_on", "ends_on"], raw_id_fields=["user"]
)
admin.site.register(RegionAdmin, raw_id_fields=["user"])
admin.site.register(
    Application,
    list_display=["first_name", "last_name", "chapter", "classification", "status", "created_at"],
    list_filter=["status", "chapter"],
    raw_id_fields=["decided_by", "member"],
)
admin.site.register(ClassificationLock, list_display=["classification", "chapter", "reason"])
