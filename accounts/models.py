from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class UserManager(DjangoUserManager):
    """Users log in with their e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Users need an e-mail address")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        with transaction.atomic(using=self._db):
            user.save(using=self._db)
            # Every account has its customer profile: crm links or creates it after commit.
            from accounts.users import announce_account

            announce_account(user=user)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    create_user.alters_data = True
    create_superuser.alters_data = True


class User(AbstractUser):
    username = None
    email = models.EmailField(_("correo electrónico"), unique=True)
    store = models.ForeignKey(
        "inventory.Store",
        verbose_name=_("tienda"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("La tienda donde trabaja (solo personal)."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def has_role(self, role: Role) -> bool:
        # Groups are prefetched by the `role_names` cache below, so menus cost one query.
        return role.value in self.role_names

    @property
    def role_names(self) -> set[str]:
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names

    @property
    def is_store_staff(self) -> bool:
        """Clerks, store managers, owners and admins: who may open the staff console."""
        return self.is_superuser or bool(self.role_names & Role.staff_values())

    @property
    def is_courier(self) -> bool:
        """A repartidor: the day's deliveries and their cash-up (/tienda/reparto/), no more."""
        return self.has_role(Role.COURIER)

    @property
    def can_pick_any_store(self) -> bool:
        """Admins and the owner work on any store (the staff pages' store picker)."""
        return self.is_superuser or self.has_role(Role.OWNER)
