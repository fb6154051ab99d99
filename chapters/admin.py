from django.contrib import admin

from chapters.models import Chapter, Region
from members.admin import ModelAdmin

admin.site.register(Region, ModelAdmin, prepopulated_fields={"slug": ["name"]})
admin.site.register(
    Chapter, ModelAdmin, list_display=["name", "region", "city"], prepopulated_fields={"slug": ["name"]}
)
