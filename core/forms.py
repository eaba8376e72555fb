"""Form fields that refuse what the database cannot hold, with the field's own message.

Django's ModelChoiceField turns a posted id into a query as it is: an id past the integer
column's range (`99999999999999999999999`) reached SQLite as an OverflowError, a 500 (found
by the URL walker on /cuenta/perfil/). These fields answer such an id as any unknown choice.
"""

from django import forms

from core.parsing import parse_id


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField keyed by an integer id: anything that is not one is an invalid choice."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and parse_id(str(value)) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for several ids: one that is not an id is an invalid choice, as Django says."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value:
                if parse_id(str(item)) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)
