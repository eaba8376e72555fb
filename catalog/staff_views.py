"""Staff catalog pages: upload a CSV or ONIX file and follow its import."""

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.imports import (
    MAX_FILE_BYTES,
    STATUS_CREATED,
    STATUS_REJECTED,
    STATUS_UNCHANGED,
    STATUS_UPDATED,
    start_import,
)
from catalog.models import ImportJob
from core.uploads import check_size, read_head, sniff_text_upload

XML_EXTENSIONS = {".xml", ".onx", ".onix"}
ALLOWED_EXTENSIONS = {".csv", ".txt", ".tsv", *XML_EXTENSIONS}
REPORT_PAGE_SIZE = 200
REPORT_FILTERS = {
    "rechazados": STATUS_REJECTED,
    "creados": STATUS_CREATED,
    "actualizados": STATUS_UPDATED,
    "sin-cambios": STATUS_UNCHANGED,
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Archivo CSV u ONIX 3.0"),
        help_text=gettext_lazy(
            "Hasta 20 MB. CSV en UTF-8 separado por comas o punto y coma, u ONIX 3.0 en XML."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xml,.onx,.onix"}),
    )

    def clean_file(self):
        """By its content, not its name: text, UTF-8 or Windows-1252, an ONIX XML document or a
        CSV with a header; its extension must say the same (core.uploads)."""
        uploaded = self.cleaned_data["file"]
        name = (uploaded.name or "").lower()
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        if suffix not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Sube un archivo .csv o .xml (ONIX 3.0); «%(name)s» no lo es.")
                % {"name": uploaded.name}
            )
        try:
            check_size(uploaded, max_bytes=MAX_FILE_BYTES)
            kind = sniff_text_upload(read_head(uploaded), xml_roots={"ONIXMessage"})
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        says_xml = suffix in XML_EXTENSIONS
        if says_xml != (kind == "xml"):
            raise forms.ValidationError(
                _(
                    "«%(name)s» dice ser %(said)s pero su contenido es %(is)s. Guárdalo con la "
                    "extensión correcta (.csv o .xml) y vuelve a subirlo."
                )
                % {
                    "name": uploaded.name,
                    "said": "XML" if says_xml else "CSV",
                    "is": "XML" if kind == "xml" else "CSV",
                }
            )
        self.file_format = ImportJob.Format.ONIX if kind == "xml" else ImportJob.Format.CSV
        return uploaded


@login_required
@permission_required("catalog.import_catalog", raise_exception=True)
def import_list(request):
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = start_import(
                uploaded_file=form.cleaned_data["file"],
                file_format=form.file_format,
                user=request.user,
            )
            return redirect(job)
        status = 400
    else:
        form = ImportUploadForm()
        status = 200
    jobs = ImportJob.objects.select_related("created_by")[:20]
    return render(
        request, "catalog/staff/import_list.html", {"form": form, "jobs": jobs}, status=status
    )


@login_required
@permission_required("catalog.import_catalog", raise_exception=True)
def import_detail(request, pk: int):
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)
    context = {"job": job}
    if job.is_finished:
        wanted = REPORT_FILTERS.get(request.GET.get("estado", ""))
        rows = [row for row in job.report if wanted is None or row["status"] == wanted]
        page = Paginator(rows, REPORT_PAGE_SIZE).get_page(request.GET.get("pagina"))
        context |= {
            "report_page": page,
            "report_filter": request.GET.get("estado", "") if wanted else "",
            "report_filters": REPORT_FILTERS,
        }
    template = "catalog/staff/import_detail.html"
    if request.htmx:
        template += "#import-progress"
    return render(request, template, context)
