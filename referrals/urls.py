from django.urls import path

from referrals.views import asks, consent, contacts, credits, notices, one_to_ones, privacy, slips, thanks

urlpatterns = [
    path("referrals/", slips.referral_list, name="referral_list"),
    path("referrals/new/", slips.referral_create, name="referral_create"),
    path("referrals/receivers/", slips.receiver_search, name="referral_receivers"),
    path("referrals/numbers/", slips.my_numbers, name="referral_numbers"),
    path("referrals/<int:pk>/", slips.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/status/", slips.referral_status, name="referral_status"),
    path("referrals/<int:pk>/edit/", slips.referral_edit, name="referral_edit"),
    path("referrals/<int:pk>/consent/", slips.referral_consent, name="referral_consent"),
    path("referrals/<int:pk>/withdraw/", slips.referral_withdraw, name="referral_withdraw"),
    # The contact's own page (no account): "Mag ik je doorgeven?"
    path("consent/<str:token>/", consent.contact_consent, name="contact_consent"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("thanks/", thanks.thank_you_list, name="thank_you_list"),
    path("thanks/new/", thanks.thank_you_create, name="thank_you_create"),
    path("one-to-ones/", one_to_ones.one_to_one_list, name="one_to_one_list"),
    path("one-to-ones/new/", one_to_ones.one_to_one_create, name="one_to_one_create"),
    path("one-to-ones/<int:pk>/", one_to_ones.one_to_one_detail, name="one_to_one_detail"),
    path("one-to-ones/<int:pk>/confirm/", one_to_ones.one_to_one_confirm, name="one_to_one_confirm"),
    path("notices/", notices.notice_list, name="notice_list"),
    path("c/<slug:chapter_slug>/asks/", asks.asks, name="chapter_asks"),
    path("c/<slug:chapter_slug>/contacts/", contacts.contact_list, name="contact_list"),
    path("c/<slug:chapter_slug>/contacts/<int:pk>/export/", contacts.contact_export, name="contact_export"),
    path("c/<slug:chapter_slug>/contacts/<int:pk>/erase/", contacts.contact_erase, name="contact_erase"),
    path("credits/", credits.education_credits, name="education_credits"),
    path("testimonials/", credits.testimonials, name="testimonials"),
]
