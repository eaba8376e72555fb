// Small behaviours of every page. No framework: htmx does the rest.
(function () {
  "use strict";

  // Buttons marked data-open-chat open the chat panel ("Pregunta a un librero").
  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open-chat]");
    if (!opener) return;
    var panel = document.getElementById("chat-panel");
    var button = document.querySelector(".chat-button");
    if (panel) {
      panel.hidden = false;
      if (button) button.setAttribute("aria-expanded", "true");
      panel.scrollIntoView({ block: "nearest" });
    }
  });

  // Close the search suggestions on Escape or when clicking elsewhere.
  function clearSuggestions() {
    var box = document.getElementById("search-suggestions");
    if (box) box.innerHTML = "";
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") clearSuggestions();
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".search")) clearSuggestions();
  });

  // A <select data-submit-on-change> sends its form when a choice is made (the language
  // switcher); the form's <noscript> button does the same without JavaScript. Inline handlers
  // (onchange="…") are refused by the Content Security Policy.
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-submit-on-change]");
    if (!field || !field.form) return;
    if (field.form.requestSubmit) field.form.requestSubmit();
    else field.form.submit();
  });
})();

// Checkout: show the pickup or the delivery part for the chosen fulfilment; one submit only.
(function () {
  "use strict";
  function syncFulfilment() {
    var chosen = document.querySelector("[data-fulfilment-toggle] input:checked");
    if (!chosen) return;
    document.querySelectorAll("[data-fulfilment-section]").forEach(function (section) {
      section.hidden = section.getAttribute("data-fulfilment-section") !== chosen.value;
    });
    // Only the payments this way of receiving takes (orders.fulfilment.PAYMENTS_BY_FULFILMENT).
    var visible = [];
    document.querySelectorAll("[data-payment-for]").forEach(function (choice) {
      var fits = choice.getAttribute("data-payment-for").split(" ").indexOf(chosen.value) !== -1;
      var radio = choice.querySelector("input");
      choice.hidden = !fits;
      if (!fits && radio) radio.checked = false;
      if (fits && radio) visible.push(radio);
    });
    if (visible.length && !visible.some(function (radio) { return radio.checked; })) {
      visible[0].checked = true;
    }
  }
  document.addEventListener("change", function (event) {
    if (event.target.closest("[data-fulfilment-toggle]")) syncFulfilment();
  });
  document.addEventListener("DOMContentLoaded", syncFulfilment);
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("[data-once]");
    if (!button) return;
    if (button.dataset.sent) { event.preventDefault(); return; }
    button.dataset.sent = "1";
    button.setAttribute("aria-busy", "true");
  });
})();

// Too many attempts (core.abuse, 429): htmx swaps no 4xx by default, so the form's answer
// (its Spanish message) would never show. Swap it like a normal answer.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 429) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
