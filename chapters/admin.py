from django.contrib import admin

from chapters.models import Chapter, Region

admin.site.register(Region, prepopulated_fields={"slug": ["name"]})
admin.site.register(Chapter, list_display=["name", "region", "city"], prepopulated_fields={"slug": ["name"]})
