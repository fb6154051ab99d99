from django.contrib.auth import views as auth_views
from django.urls import path

from members.views import account, home

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
        auth_views.PasswordResetConfirmView.as_view(template_name="members/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="members/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("accounts/invitation/<uidb64>/<token>/", account.invitation_accept, name="invitation_accept"),
    path("language/", account.set_language, name="set_language"),
]
