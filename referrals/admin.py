from django.contrib import admin

from members.admin import ModelAdmin
from referrals.models import ContactAuditEntry, Notice, OneToOne, Referral, ReferralStatusChange, ThankYou


class StatusChangeInline(admin.TabularInline):
    model = ReferralStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "note"]


@admin.register(Referral)
class ReferralAdmin(ModelAdmin):
    list_display = ["created_at", "giver", "receiver", "kind", "consent", "temperature", "status"]
    list_filter = ["status", "kind", "consent", "giver_chapter"]
    raw_id_fields = ["giver", "receiver"]
    inlines = [StatusChangeInline]


@admin.register(ThankYou)
class ThankYouAdmin(ModelAdmin):
    list_display = ["closed_on", "thanked_by", "thanked", "amount", "business_type"]
    list_filter = ["business_type", "from_chapter"]
    raw_id_fields = ["thanked_by", "thanked", "referral"]


@admin.register(OneToOne)
class OneToOneAdmin(ModelAdmin):
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
