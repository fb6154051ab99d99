from django.contrib import admin
from django.db import transaction

from chapters.models import MemberDayFigures
from chapters.models.figures import one_to_one_cells, referral_cells, thank_you_cells
from members.admin import ModelAdmin
from referrals.models import ContactAuditEntry, Notice, OneToOne, Referral, ReferralStatusChange, ThankYou


class StatusChangeInline(admin.TabularInline):
    model = ReferralStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "note"]


class CountedAdmin(ModelAdmin):
    """A change or a deletion here keeps the member-day rollups current, as the services do
    (chapters/models/figures.py): what the row added before goes, what it adds now comes."""

    @staticmethod
    def cells(row) -> list:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = self.cells(type(obj).objects.get(pk=obj.pk)) if change else []
            super().save_model(request, obj, form, change)
            MemberDayFigures.objects.add(self.cells(obj), minus=before)

    def delete_model(self, request, obj):
        with transaction.atomic():
            MemberDayFigures.objects.add(minus=self.cells(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            MemberDayFigures.objects.add(minus=[cell for row in queryset for cell in self.cells(row)])
            super().delete_queryset(request, queryset)


@admin.register(Referral)
class ReferralAdmin(CountedAdmin):
    cells = staticmethod(referral_cells)
    list_display = ["created_at", "giver", "receiver", "kind", "consent", "temperature", "status"]
    list_filter = ["status", "kind", "consent", "giver_chapter"]
    raw_id_fields = ["giver", "receiver"]
    inlines = [StatusChangeInline]


@admin.register(ThankYou)
class ThankYouAdmin(CountedAdmin):
    cells = staticmethod(thank_you_cells)
    list_display = ["closed_on", "thanked_by", "thanked", "amount", "business_type"]
    list_filter = ["business_type", "from_chapter"]
    raw_id_fields = ["thanked_by", "thanked", "referral"]


@admin.register(OneToOne)
class OneToOneAdmin(CountedAdmin):
    cells = staticmethod(one_to_one_cells)
    list_display = ["met_on", "member_low", "member_high", "logged_by", "confirmed_at"]
    raw_id_fields = ["member_low", "member_high", "logged_by"]


@admin.register(Notice)
class NoticeAdmin(ModelAdmin):
    list_display = ["created_at", "user", "text", "read_at"]
    raw_id_fields = ["user"]


@admin.register(ContactAuditEntry)
class ContactAuditEntryAdmin(ModelAdmin):
    list_display = ["performed_at", "action", "performed_by", "chapter", "description"]
    readonly_fields = ["performed_at", "action", "performed_by", "chapter", "referral_ids", "description"]
