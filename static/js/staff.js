// The staff console (/tienda/…): behaviours of templates/staff/base.html. No framework.
(function () {
  "use strict";

  // Choosing another store in the picker shows the page for it; without JavaScript the
  // picker's <noscript> button does the same.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("[data-store-picker]");
    if (!form || event.target.name !== "tienda") return;
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  });
})();
