import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members.capabilities import Capability


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


# What the directory's full-text search reads; the GIN index below is built on exactly these.
DIRECTORY_TEXT_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "service_area",
    "bio",
    "gains_goals",
    "gains_accomplishments",
    "gains_interests",
    "gains_networks",
    "gains_skills",
    "offer",
    "ideal_referral",
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

    @property
    def initials(self) -> str:
        return ((self.first_name[:1] + self.last_name[:1]) or self.email[:1]).upper()


class ClassificationCategory(models.Model):
    name_nl = models.CharField(_("name (Dutch)"), max_length=120, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("classification category")
        verbose_name_plural = _("classification categories")
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_nl


class Classification(models.Model):
    """A profession, e.g. "Accountant". Chapter-independent; one active member per chapter."""

    category = models.ForeignKey(
        ClassificationCategory,
        on_delete=models.PROTECT,
        related_name="classifications",
        verbose_name=_("category"),
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["name_nl"]
        constraints = [
            models.UniqueConstraint(Lower("name_nl"), name="classification_name_nl_unique"),
            models.UniqueConstraint(Lower("name_en"), name="classification_name_en_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_nl


class Membership(models.Model):
    """One term of a person's membership in a chapter. Renewal closes a term and opens the next."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        ACTIVE = "active", _("Active")
        ON_LEAVE = "on_leave", _("On leave")
        LAPSED = "lapsed", _("Lapsed")
        DROPPED = "dropped", _("Dropped")
        ENDED = "ended", _("Term ended")

    # Members in these states use the member pages and hold their classification's seat.
    CURRENT_STATUSES = (Status.ACTIVE, Status.ON_LEAVE)

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("member")
    )
    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("chapter")
    )
    classification = models.ForeignKey(
        Classification, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("classification")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    starts_on = models.DateField(_("start"))
    renewal_due_on = models.DateField(_("renewal date"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    leave_until = models.DateField(_("on leave until"), null=True, blank=True)
    sponsor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_memberships",
        verbose_name=_("sponsor"),
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    leave_approved_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leave approved by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "classification"],
                condition=models.Q(status__in=["active", "on_leave"]),
                name="one_active_member_per_classification",
                violation_error_message=_("This classification is already taken in this chapter."),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["active", "on_leave"]),
                name="one_current_membership_per_person",
                violation_error_message=_("This person is already a member of a chapter."),
            ),
            models.CheckConstraint(
                condition=models.Q(renewal_due_on__gt=models.F("starts_on")),
                name="membership_renewal_after_start",
                violation_error_message=_("The renewal date must be after the start date."),
            ),
        ]
        indexes = [models.Index(fields=["chapter", "status"]), models.Index(fields=["renewal_due_on"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.chapter} ({self.get_status_display()})"

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT_STATUSES


class Role(models.Model):
    """A leadership position. Rows with no chapter are the standard team every chapter has."""

    chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="custom_roles",
        verbose_name=_("chapter"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    capabilities = ArrayField(
        models.CharField(max_length=40, choices=Capability.choices),
        default=list,
        blank=True,
        verbose_name=_("capabilities"),
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["sort_order", "name_nl"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(chapter=None), name="standard_role_code_unique"
            ),
            models.UniqueConstraint(fields=["chapter", "code"], name="chapter_role_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_nl

    @property
    def capability_labels(self) -> list[str]:
        return [Capability(code).label for code in self.capabilities if code in Capability.values]


class RoleAssignment(models.Model):
    """Who holds a role in a chapter, for a term."""

    chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("chapter"),
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("role")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("member")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role__sort_order", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="role_assignment_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
        ]
        indexes = [models.Index(fields=["user", "chapter"])]

    def __str__(self) -> str:
        return f"{self.role} — {self.user}"


class RegionAdmin(models.Model):
    """A region director/admin: every capability in every chapter of the region."""

    region = models.ForeignKey(
        "chapters.Region", on_delete=models.CASCADE, related_name="admins", verbose_name=_("region")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="region_admin_roles", verbose_name=_("user")
    )
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("region admin")
        verbose_name_plural = _("region admins")
        constraints = [models.UniqueConstraint(fields=["region", "user"], name="region_admin_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.region}"


class ClassificationLock(models.Model):
    """A classification the chapter keeps closed (e.g. reserved for a returning member): no applicants."""

    chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.CASCADE,
        related_name="classification_locks",
        verbose_name=_("chapter"),
    )
    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="locks", verbose_name=_("classification")
    )
    reason = models.CharField(_("reason"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("locked classification")
        verbose_name_plural = _("locked classifications")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "classification"], name="classification_lock_unique")
        ]

    def __str__(self) -> str:
        return f"{self.classification} @ {self.chapter}"


class Application(models.Model):
    """A visitor's request to join a chapter, reviewed by the membership committee."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        INTERVIEWED = "interviewed", _("Interviewed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATUSES = (Status.PENDING, Status.INTERVIEWED)

    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.CASCADE, related_name="applications", verbose_name=_("chapter")
    )
    classification = models.ForeignKey(
        Classification,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("classification"),
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    company = models.CharField(_("company"), max_length=160)
    website = models.URLField(_("website"), blank=True)
    references = models.TextField(
        _("references"),
        max_length=2000,
        help_text=_("Two customers or business contacts the committee may call, with phone or email."),
    )
    motivation = models.TextField(_("why do you want to join?"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=User.Language.choices, default="nl")
    consent_given_at = models.DateTimeField(_("consent given at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    interview_notes = models.TextField(_("interview notes"), max_length=4000, blank=True)
    interviewed_on = models.DateField(_("interviewed on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    member = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            # A double-submitted form or a second try while the first is open adds nothing.
            models.UniqueConstraint(
                Lower("email"),
                "chapter",
                condition=models.Q(status__in=["pending", "interviewed"]),
                name="one_open_application_per_email_per_chapter",
            ),
        ]
        indexes = [models.Index(fields=["chapter", "status"])]

    def __str__(self) -> str:
        return f"{self.full_name} → {self.chapter}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
