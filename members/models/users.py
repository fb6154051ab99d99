"""People: the user account with its profile and photo."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def photo_upload_to(instance: "User", filename: str) -> str:
    # Never reuse the uploader's file name: it may carry personal data or path tricks.
    return f"photos/{uuid.uuid4().hex}.jpg"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)


# The profile's free-text answers: edited in text areas, read by the directory's search.
PROFILE_TEXT_FIELDS = (
    "bio",
    "gains_goals",
    "gains_accomplishments",
    "gains_interests",
    "gains_networks",
    "gains_skills",
    "offer",
    "ideal_referral",
)

# What the directory's full-text search reads; the GIN index below is built on exactly these.
DIRECTORY_TEXT_FIELDS = ("first_name", "last_name", "company", "service_area", *PROFILE_TEXT_FIELDS)

# What a member edits on their own profile page.
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "company",
    "website",
    "address",
    "service_area",
    *PROFILE_TEXT_FIELDS,
)


# Words as written (for prefix matching while typing) plus their Dutch and English stems
# ("accountants" finds "accountant", "fotografie" finds "fotograaf" via the prefix "foto").
SEARCH_CONFIGS = ("simple", "dutch", "english")


def search_vector(*fields: str) -> SearchVector:
    vectors = [SearchVector(*fields, config=config) for config in SEARCH_CONFIGS]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


class StoredGeneratedField(models.GeneratedField):
    """A stored generated column. Django's check for GeneratedField asks the server for its version;
    Kring runs on PostgreSQL only (12+ has stored generated columns), so `check --deploy` must not
    need a database."""

    def _check_supported(self, databases):
        return []


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: member, leader, region admin. Email is the login.

    The business profile lives here too: it is one person's, one-to-one, and read on almost
    every page (names, company, photo), so a separate table would only add a join.
    """

    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.DUTCH)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    photo = models.ImageField(_("photo"), upload_to=photo_upload_to, blank=True)
    company = models.CharField(_("company"), max_length=160, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("business address"), max_length=250, blank=True)
    service_area = models.CharField(_("service area"), max_length=250, blank=True)
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)

    gains_goals = models.TextField(_("goals"), max_length=2000, blank=True)
    gains_accomplishments = models.TextField(_("accomplishments"), max_length=2000, blank=True)
    gains_interests = models.TextField(_("interests"), max_length=2000, blank=True)
    gains_networks = models.TextField(_("networks"), max_length=2000, blank=True)
    gains_skills = models.TextField(_("skills"), max_length=2000, blank=True)

    offer = models.TextField(_("what I offer"), max_length=2000, blank=True)
    ideal_referral = models.TextField(_("my ideal referral"), max_length=2000, blank=True)
    weekly_ask = models.CharField(_("weekly ask"), max_length=280, blank=True)
    weekly_ask_updated_at = models.DateTimeField(_("weekly ask updated"), null=True, blank=True)
    # The ask made concrete ("ask explicitly, concretely"): whom exactly, why, what to say.
    ask_who = models.CharField(_("whom exactly (role, kind of company, area)"), max_length=200, blank=True)
    ask_why = models.CharField(_("why"), max_length=280, blank=True)
    ask_intro = models.CharField(_("what to say when you introduce me"), max_length=280, blank=True)

    # Kept up to date by PostgreSQL on every write: the directory never re-parses profile texts.
    search_document = StoredGeneratedField(
        expression=search_vector(*DIRECTORY_TEXT_FIELDS), output_field=SearchVectorField(), db_persist=True
    )
    networks_document = StoredGeneratedField(
        expression=search_vector("gains_networks"), output_field=SearchVectorField(), db_persist=True
    )

    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when a former member's personal data was replaced by "Former member #id" (members.services.leaving).
    pseudonymised_at = models.DateTimeField(_("pseudonymised at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]
        # The directory searches these (members.selectors.directory_search).
        indexes = [
            GinIndex(fields=["search_document"], name="user_directory_fts"),
            GinIndex(fields=["networks_document"], name="user_networks_fts"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name

    def get_session_auth_hash(self) -> str:
        """A cached login (members.backends) holds this hash instead of the password hash it comes from."""
        if "password" not in self.__dict__ and hasattr(self, "_session_auth_hash"):
            return self._session_auth_hash
        return super().get_session_auth_hash()

    @property
    def initials(self) -> str:
        return ((self.first_name[:1] + self.last_name[:1]) or self.email[:1]).upper()
