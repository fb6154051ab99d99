from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from members.forms.accounts import SetPasswordForm
from members.views import (
    account,
    applications,
    classifications,
    directory,
    dues,
    home,
    member_admin,
    my_membership,
    onboarding,
    preferences,
    profile,
    proposals,
    pseudonymise,
    renewals,
    roles,
)

C = "c/<slug:chapter_slug>/"  # a page of one chapter (members.access.chapter_view)

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", account.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", account.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="members/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="members/password_reset_confirm.html", form_class=SetPasswordForm
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="members/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("accounts/invitation/<uidb64>/<token>/", account.invitation_accept, name="invitation_accept"),
    path("language/", account.set_language, name="set_language"),
    # My profile
    path("profile/", profile.profile, name="profile"),
    path("profile/photo/", profile.profile_photo, name="profile_photo"),
    path("profile/weekly-ask/", profile.weekly_ask, name="profile_weekly_ask"),
    path("profile/membership/", my_membership.my_membership, name="my_membership"),
    path("profile/membership/renew/", my_membership.my_membership_renew, name="my_membership_renew"),
    path("profile/my-data.zip", my_membership.my_data, name="my_data"),
    path("profile/membership/leave/", my_membership.my_membership_leave, name="my_membership_leave"),
    path(
        "profile/onboarding/<int:pk>/done/",
        onboarding.my_onboarding_item_done,
        name="my_onboarding_item_done",
    ),
    path("profile/mail/", preferences.mail_preferences, name="mail_preferences"),
    path("unsubscribe/<str:token>/", preferences.unsubscribe, name="unsubscribe"),
    # Before config.urls' DEBUG media route, so photos always need a login.
    re_path(r"^media/photos/(?P<name>[0-9a-f]{32}\.jpg)$", profile.photo, name="member_photo"),
    # Directory
    path(C + "directory/", directory.directory, name="directory"),
    path(C + "directory/<int:pk>/", directory.directory_profile, name="directory_profile"),
    path(C + "directory/<int:pk>/vcard/", directory.directory_vcard, name="directory_vcard"),
    # Chapter admin: members
    path(C + "members/", member_admin.members_admin, name="members_admin"),
    path(C + "members/export.csv", member_admin.members_export, name="members_export"),
    path(C + "members/import/", member_admin.members_import, name="members_import"),
    path(C + "members/<int:pk>/", member_admin.member_edit, name="member_edit"),
    path(C + "members/<int:pk>/move/", member_admin.member_transfer, name="member_transfer"),
    path(
        C + "members/<int:pk>/reinstate/",
        renewals.member_reinstate,
        name="member_reinstate",
    ),
    path(
        C + "members/<int:pk>/pseudonymise/",
        pseudonymise.member_pseudonymise,
        name="member_pseudonymise",
    ),
    # Applications
    path("chapters/<slug:chapter_slug>/apply/", applications.apply, name="chapter_apply"),
    path(
        "chapters/<slug:chapter_slug>/apply/thanks/", applications.apply_thanks, name="chapter_apply_thanks"
    ),
    path(C + "applications/", applications.applications, name="applications"),
    path(
        C + "applications/<int:pk>/",
        applications.application_detail,
        name="application_detail",
    ),
    path(
        C + "applications/<int:pk>/interview/",
        applications.application_interview,
        name="application_interview",
    ),
    path(
        C + "applications/<int:pk>/decide/",
        applications.application_decide,
        name="application_decide",
    ),
    path(
        C + "applications/<int:pk>/classification/",
        applications.application_classification,
        name="application_classification",
    ),
    path(
        C + "applications/<int:pk>/propose/",
        applications.application_propose_view,
        name="application_propose",
    ),
    path(
        C + "visitors/<int:pk>/application/",
        applications.visitor_application,
        name="visitor_application",
    ),
    # Proposed new members, for every member (the objection window)
    path(C + "proposed/", proposals.proposals, name="proposals"),
    path(C + "proposed/<int:pk>/object/", proposals.proposal_object, name="proposal_object"),
    # Seats: locking and unlocking classifications
    path(C + "classifications/", classifications.classifications, name="classifications"),
    path(C + "classifications/wanted/", classifications.wanted_add, name="wanted_add"),
    path(
        C + "classifications/wanted/<int:pk>/remove/",
        classifications.wanted_remove,
        name="wanted_remove",
    ),
    path(
        C + "classifications/<int:pk>/unlock/",
        classifications.classification_unlock_view,
        name="classification_unlock",
    ),
    # Renewals
    path(C + "renewals/", renewals.renewals, name="renewals"),
    path(C + "renewals/<int:pk>/", renewals.renewal_detail, name="renewal_detail"),
    path(C + "renewals/requests/", renewals.renewal_requests, name="renewal_requests"),
    path(
        C + "renewals/requests/<int:pk>/",
        renewals.renewal_request_detail,
        name="renewal_request",
    ),
    # Dues (the treasurer)
    path(C + "dues/", dues.dues, name="dues"),
    path(C + "dues/fees/", dues.dues_rate, name="dues_rate"),
    path(C + "dues/<int:pk>/paid/", dues.dues_paid, name="dues_paid"),
    # Onboarding (the mentor coordinator)
    path(C + "onboarding/", onboarding.onboarding_list, name="onboarding_list"),
    path(C + "onboarding/steps/", onboarding.onboarding_template, name="onboarding_template"),
    path(
        C + "onboarding/steps/<int:pk>/remove/",
        onboarding.onboarding_step_remove_view,
        name="onboarding_step_remove",
    ),
    path(
        C + "onboarding/<int:pk>/mentor/",
        onboarding.onboarding_mentor,
        name="onboarding_mentor",
    ),
    path(
        C + "onboarding/items/<int:pk>/done/",
        onboarding.onboarding_item_done,
        name="onboarding_item_done",
    ),
    # Leadership roles
    path(C + "roles/", roles.roles, name="roles"),
    path(C + "roles/new/", roles.role_create, name="role_create"),
    path(C + "roles/<int:pk>/end/", roles.role_end, name="role_end"),
    # Region admin
]
