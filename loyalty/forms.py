"""The shape of what the Club Pepito's pages receive; the rules are loyalty.services'."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An adjustment beyond this is a typo, not a goodwill gesture (and would overflow nothing).
MAX_ADJUST_POINTS = 1_000_000
MAX_FIGURES_DAYS = 3 * 366
DEFAULT_FIGURES_DAYS = 30


class JoinForm(forms.Form):
    accept_terms = forms.BooleanField(
        label=_("Acepto los términos del Club Pepito"),
        error_messages={
            "required": _("Marca la casilla para aceptar los términos del Club Pepito."),
        },
    )


class AdjustForm(forms.Form):
    points = forms.IntegerField(
        label=_("Puntos (+ para sumar, − para restar)"),
        min_value=-MAX_ADJUST_POINTS,
        max_value=MAX_ADJUST_POINTS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        error_messages={
            "required": _("Escribe cuántos puntos sumas o restas."),
            "invalid": _("Escribe un número entero de puntos, por ejemplo 50 o -50."),
            "min_value": _("No puedes restar más de %(limit_value)s puntos de una vez."),
            "max_value": _("No puedes sumar más de %(limit_value)s puntos de una vez."),
        },
    )
    reason = forms.CharField(
        label=_("Motivo (obligatorio)"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("Compensación por pedido demorado")}),
        error_messages={
            "required": _("Escribe el motivo del ajuste: queda registrado."),
            "max_length": _("El motivo puede tener hasta %(limit_value)d caracteres."),
        },
    )

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(_("Un ajuste de 0 puntos no cambia nada."))
        return points

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Escribe el motivo del ajuste: queda registrado."))
        return reason


class FiguresForm(forms.Form):
    """The date range of the programme's figures (?desde=&hasta=, both included)."""

    desde = forms.DateField(
        label=_("Desde"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Escribe la fecha como AAAA-MM-DD.")},
    )
    hasta = forms.DateField(
        label=_("Hasta"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Escribe la fecha como AAAA-MM-DD.")},
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("hasta") or today
        start = data.get("desde") or end - timedelta(days=DEFAULT_FIGURES_DAYS - 1)
        if start.year < 2000 or end.year > 2100:
            raise forms.ValidationError(_("Elige fechas entre los años 2000 y 2100."))
        if start > end:
            raise forms.ValidationError(_("La fecha «desde» debe ser anterior a «hasta»."))
        if (end - start).days > MAX_FIGURES_DAYS:
            raise forms.ValidationError(_("Elige un periodo de hasta tres años."))
        data["desde"], data["hasta"] = start, end
        return data

    def period(self):
        """(start, end): the valid range, or the last 30 days when the form is not valid."""
        if self.is_valid():
            return self.cleaned_data["desde"], self.cleaned_data["hasta"]
        end = timezone.localdate()
        return end - timedelta(days=DEFAULT_FIGURES_DAYS - 1), end
