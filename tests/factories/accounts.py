import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User
from crm.customers import ensure_customer_for_user

PASSWORD = "una-clave-segura-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified user (customer profile included, as for every account)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@example.pe")
    first_name = "Rosa"
    last_name = "Quispe"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", PASSWORD)
        user = model_class.objects.create_user(*args, password=password, **kwargs)
        # crm does it after commit (account.created); tests in a transaction need it now.
        ensure_customer_for_user(user=user)
        return user

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=str(extracted)))
