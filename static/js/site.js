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

  // The main menu: on a phone a drawer the menu button opens. Opening moves the focus into it
  // (and keeps it there with Tab); Esc, the × or a tap outside close it and give the focus
  // back to the button.
  var menu = document.getElementById("main-nav");
  var toggle = document.querySelector("[data-menu-toggle]");
  var backdrop = document.querySelector(".menu-backdrop");

  function menuIsOpen() {
    return !!(menu && menu.classList.contains("is-open"));
  }
  function menuLinks() {
    return Array.prototype.slice.call(menu.querySelectorAll("a[href], button"));
  }
  function openMenu() {
    if (!menu || !toggle) return;
    menu.classList.add("is-open");
    toggle.setAttribute("aria-expanded", "true");
    if (backdrop) backdrop.hidden = false;
    document.body.classList.add("menu-open");
    var first = menu.querySelector("a[href]");
    if (first) first.focus();
  }
  function closeMenu(returnFocus) {
    if (!menuIsOpen()) return;
    menu.classList.remove("is-open");
    toggle.setAttribute("aria-expanded", "false");
    if (backdrop) backdrop.hidden = true;
    document.body.classList.remove("menu-open");
    if (returnFocus) toggle.focus();
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-menu-toggle]")) {
      if (menuIsOpen()) closeMenu(true); else openMenu();
    } else if (event.target.closest("[data-menu-close]")) {
      closeMenu(true);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (!menuIsOpen()) return;
    if (event.key === "Escape") {
      event.preventDefault();
      closeMenu(true);
    } else if (event.key === "Tab") {
      var items = menuLinks();
      if (!items.length) return;
      var first = items[0];
      var last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
    }
  });
  // From a phone to a wider screen the menu is a bar again: nothing stays open behind it.
  if (window.matchMedia) {
    var wide = window.matchMedia("(min-width: 720px)");
    var onWide = function () { if (wide.matches) closeMenu(false); };
    if (wide.addEventListener) wide.addEventListener("change", onWide);
  }

  // The instant search: an ARIA combobox. The input keeps the focus; ArrowDown/ArrowUp move
  // the active suggestion (aria-activedescendant), Enter opens it (or searches, when none is
  // active), Esc or a click elsewhere closes the list.
  var ACTIVE = "is-active";
  function searchInput() {
    return document.getElementById("header-q");
  }
  function suggestionBox() {
    return document.getElementById("search-suggestions");
  }
  function options() {
    var box = suggestionBox();
    return box ? Array.prototype.slice.call(box.querySelectorAll("[role=option]")) : [];
  }
  function setActive(index) {
    var input = searchInput();
    var all = options();
    all.forEach(function (option, i) {
      var on = i === index;
      option.classList.toggle(ACTIVE, on);
      option.setAttribute("aria-selected", on ? "true" : "false");
      if (on) option.scrollIntoView({ block: "nearest" });
    });
    if (!input) return;
    if (index >= 0 && all[index]) input.setAttribute("aria-activedescendant", all[index].id);
    else input.removeAttribute("aria-activedescendant");
  }
  function activeIndex() {
    var all = options();
    for (var i = 0; i < all.length; i++) if (all[i].classList.contains(ACTIVE)) return i;
    return -1;
  }
  function syncExpanded() {
    var input = searchInput();
    if (input) input.setAttribute("aria-expanded", options().length ? "true" : "false");
  }
  function clearSuggestions() {
    var box = suggestionBox();
    if (box) box.innerHTML = "";
    setActive(-1);
    syncExpanded();
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "search-suggestions") {
      setActive(-1);
      syncExpanded();
    }
  });
  document.addEventListener("keydown", function (event) {
    var input = searchInput();
    if (event.target !== input) {
      if (event.key === "Escape" && !menuIsOpen()) clearSuggestions();
      return;
    }
    var all = options();
    var index = activeIndex();
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      setActive(index + 1 >= all.length ? 0 : index + 1);
    } else if (event.key === "ArrowUp" && all.length) {
      event.preventDefault();
      setActive(index <= 0 ? all.length - 1 : index - 1);
    } else if (event.key === "Enter" && index >= 0) {
      var link = all[index].querySelector("a[href]");
      if (link) {
        event.preventDefault();
        window.location.assign(link.href);
      }
    } else if (event.key === "Escape") {
      if (all.length || suggestionBox().innerHTML) {
        event.preventDefault();  // the first Esc closes the list, a second one clears the box
        clearSuggestions();
      }
    }
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

// A long list of checkboxes with a filter box (the profile's favorite authors): typing keeps
// the names that contain the words (accents and case aside), the chosen ones come first, and
// a line counts them. Without JavaScript the list just scrolls.
(function () {
  "use strict";
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setUp(picker) {
    var filter = picker.querySelector("[data-picker-filter]");
    var tools = picker.querySelector("[data-picker-tools]");
    var count = picker.querySelector("[data-picker-count]");
    var empty = picker.querySelector("[data-picker-empty]");
    var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));
    var rows = boxes.map(function (box) {
      var row = box.closest("label").parentElement;
      return { box: box, row: row, text: fold(row.textContent) };
    });
    // The chosen ones first, in their order; then the others.
    var list = rows.length ? rows[0].row.parentElement : null;
    rows.filter(function (r) { return r.box.checked; }).reverse().forEach(function (r) {
      list.insertBefore(r.row, list.firstChild);
    });
    function recount() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      var text = n === 0 ? picker.dataset.countNone : n === 1 ? picker.dataset.countOne
        : picker.dataset.countMany.replace("__n__", String(n));
      if (count) count.textContent = text;
    }
    function apply() {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r) {
        var match = words.every(function (w) { return r.text.indexOf(w) !== -1; });
        r.row.hidden = !match;
        if (match) shown++;
      });
      if (empty) empty.hidden = shown > 0;
    }
    if (tools) tools.hidden = false;
    if (filter) {
      filter.addEventListener("input", apply);
      // Enter in the filter box filters; it does not send the whole profile form.
      filter.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    }
    picker.addEventListener("change", recount);
    recount();
  }
  function init() {
    document.querySelectorAll("[data-picker]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
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
  // Sent back with errors: the message is at the top, the field may be far below (the store
  // to pick up from, on a phone). Take the customer to the first field in error and focus it.
  function focusFirstError() {
    var form = document.getElementById("checkout-form");
    if (!form) return;
    var errors = Array.prototype.filter.call(form.querySelectorAll(".field-error"), function (node) {
      return node.offsetParent !== null && !node.closest(".store-choice");
    });
    if (!errors.length) return;
    var area = errors[0].closest(".field") || errors[0].closest("[data-fulfilment-section]") || errors[0].closest("section");
    var field = area && area.querySelector("input:not([type=hidden]):not(:disabled), select, textarea");
    var target = field || errors[0];
    target.scrollIntoView({ block: "center" });
    if (field) field.focus({ preventScroll: true });
  }
  document.addEventListener("DOMContentLoaded", function () { syncFulfilment(); focusFirstError(); });
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

// Club Pepito tenders (templates/orders/partials/tender_fields.html): as the customer types the
// points and the store credit, say what is left to pay. Only a help: the server checks again.
(function () {
  "use strict";
  function cents(text) {
    var value = parseFloat(String(text || "").replace(",", "."));
    return isFinite(value) && value > 0 ? Math.round(value * 100) : 0;
  }
  function soles(amount) {
    var text = (amount / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return "S/ " + text;
  }
  function update() {
    var box = document.querySelector("[data-tenders]");
    if (!box) return;
    var form = box.closest("form") || document;
    var total = cents(box.getAttribute("data-subtotal"));
    var delivery = form.querySelector("[name=fulfilment][value=delivery]");
    var withFee = document.getElementById("total-with-delivery");
    if (delivery && delivery.checked && withFee) total = cents(withFee.getAttribute("data-total"));
    var points = form.querySelector("[name=points]");
    var credit = form.querySelector("[name=credit]");
    var pointValue = cents(box.getAttribute("data-point-value"));
    var used = (points ? Math.max(0, parseInt(points.value, 10) || 0) * pointValue : 0) +
      (credit ? cents(credit.value) : 0);
    var due = Math.max(0, total - used);
    var line = document.getElementById("tender-due");
    if (!line) return;
    var card = form.querySelector("[name=payment_method][value=card]");
    var label = due === 0 ? "data-label-none" : card && card.checked ? "data-label-card" : "data-label-other";
    line.querySelector("[data-tender-label]").textContent = line.getAttribute(label);
    line.querySelector("[data-tender-amount]").textContent = soles(due);
  }
  document.addEventListener("input", function (event) {
    if (event.target.closest("[data-tenders]")) update();
  });
  document.addEventListener("change", update);
  document.addEventListener("htmx:afterSettle", update);
  document.addEventListener("DOMContentLoaded", update);
})();
