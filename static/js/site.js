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
})();
