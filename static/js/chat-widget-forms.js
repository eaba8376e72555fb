// Live chat, the customer's side: what a message asks of the customer inside the log
// ("Agregar al carrito" in a card, the address form, the action buttons, leaving a message,
// rating). Needs chat.js; chat-widget.js puts these in the messages it renders.
(function () {
  "use strict";

  var Chat = window.EstanteChat;
  var S = Chat.strings;
  var el = Chat.el;

  function field(name, label, attrs) {
    var id = "chat-f-" + name + "-" + Math.random().toString(36).slice(2, 7);
    var input = el(attrs && attrs.tag === "textarea" ? "textarea" : "input", Object.assign({ id: id, name: name }, attrs || {}));
    input.removeAttribute("tag");
    return el("p", { className: "chat-field" }, [el("label", { for: id, text: label }), input]);
  }

  // "Agregar al carrito" in a card: orders:cart_add answers JSON (the new count, or a Spanish
  // error such as "agotado"); the header badge changes without leaving the page.
  function addToCart(p, button, note) {
    button.disabled = true;
    function say(text, isError, cart) {
      note.innerHTML = "";
      var line = el("p", { className: isError ? "chat-error" : "chat-ok small", role: isError ? "alert" : "status", text: text });
      if (cart) { line.appendChild(document.createTextNode(" · ")); line.appendChild(el("a", { href: cart.url, text: S.cart + " (" + cart.count + ")" })); }
      note.appendChild(line);
    }
    Chat.csrfToken().then(function (token) {
      return fetch(p.add_url, {
        method: "POST", body: new URLSearchParams({ cantidad: "1" }), credentials: "same-origin",
        headers: { "X-CSRFToken": token, "Accept": "application/json" },
      });
    }).then(function (r) { return r.json().then(function (data) { return [r.ok, data]; }); })
      .then(function (result) {
        var data = result[1];
        if (!result[0]) { say(data.error || S.addError, true); button.disabled = false; return; }
        var badge = document.getElementById("cart-count");
        if (badge) badge.textContent = String(data.count);
        button.textContent = "✓ " + S.added;
        say(data.message, false, { url: data.cart_url, count: data.count });
      })
      .catch(function () { say(S.addError, true); button.disabled = false; });
  }

  function cardActions(p, actions, note) {
    var add = el("button", { type: "button", className: "button small", text: S.add });
    add.addEventListener("click", function () { addToCart(p, add, note); });
    actions.appendChild(add);
  }

  function addressForm(payload, conn) {
    var listId = "chat-districts";
    if (!document.getElementById(listId)) {
      var datalist = el("datalist", { id: listId });
      (Chat.config.districts || []).forEach(function (d) { datalist.appendChild(el("option", { value: d })); });
      document.body.appendChild(datalist);
    }
    var form = el("form", { className: "chat-form", "data-address-form": "" }, [
      field("street", S.street, { required: "", maxlength: "200", autocomplete: "street-address" }),
      field("district", S.district, { required: "", list: listId, maxlength: "80" }),
      field("reference", S.reference, { maxlength: "200" }),
      field("phone", S.phone, { required: "", type: "tel", maxlength: "20", autocomplete: "tel" }),
      payload.needs_email ? field("email", S.email, { type: "email", maxlength: "254", autocomplete: "email" }) : null,
      el("button", { type: "submit", className: "button small", text: S.save }),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = {};
      new FormData(form).forEach(function (value, key) { data[key] = value; });
      conn.send({ type: "address", address: data });
    });
    return form;
  }

  // Once the address is saved, the forms that asked for it give way to a short note.
  function answered(log, upTo) {
    log.querySelectorAll("[data-address-form]").forEach(function (form) {
      var item = form.closest("[data-id]");
      if (item && Number(item.getAttribute("data-id")) < upTo) {
        form.replaceWith(el("p", { className: "chat-ok small", text: "✓ " + S.addressSaved }));
      }
    });
  }

  function leaveForm(conn) {
    var form = el("form", { className: "chat-form" }, [
      field("name", S.name, { required: "", maxlength: "80" }),
      field("email", S.email, { type: "email", maxlength: "254" }),
      field("phone", S.phone, { type: "tel", maxlength: "20" }),
      field("text", S.message, { tag: "textarea", required: "", maxlength: "2000", rows: "3" }),
      el("button", { type: "submit", className: "button small", text: S.send }),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = { type: "leave_message" };
      new FormData(form).forEach(function (value, key) { data[key] = value; });
      conn.send(data);
      form.remove();
    });
    return form;
  }

  // Tappable stars: five radio buttons (keyboard: arrows; screen readers: "4 estrellas"),
  // drawn as stars by site.css (.chat-stars), which lights up the chosen one and those before it.
  function rateForm(conn) {
    var stars = el("fieldset", { className: "chat-stars" }, [el("legend", { text: S.rateLegend })]);
    var row = el("div", { className: "chat-stars-row" });
    var group = "chat-rating-" + Math.random().toString(36).slice(2, 7);
    [1, 2, 3, 4, 5].forEach(function (n) {
      var id = group + "-" + n;
      row.appendChild(el("input", { type: "radio", name: "rating", value: String(n), id: id, required: "", className: "chat-star-input" }));
      row.appendChild(el("label", { for: id, className: "chat-star", title: n + " " + (n === 1 ? S.star : S.stars) }, [
        el("span", { "aria-hidden": "true", text: "★" }),
        el("span", { className: "visually-hidden", text: n + " " + (n === 1 ? S.star : S.stars) }),
      ]));
    });
    stars.appendChild(row);
    var form = el("form", { className: "chat-form", "data-chat-rate": "" }, [
      stars,
      field("comment", S.comment, { maxlength: "500" }),
      el("button", { type: "submit", className: "button small", text: S.rate }),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input[name=rating]:checked");
      if (!chosen) return;
      conn.send({ type: "rate", rating: chosen.value, comment: form.elements.comment.value });
      form.replaceWith(el("p", { className: "muted", text: S.thanks }));
    });
    return form;
  }

  // Each helper answer offers "Hablar con una persona": only the latest offer of each action
  // keeps its button, so a long helper conversation does not pile them up.
  function latestOfferOnly(log) {
    var latest = {};
    log.querySelectorAll("[data-chat-action]").forEach(function (button) {
      var action = button.getAttribute("data-chat-action");
      if (latest[action]) latest[action].remove();
      latest[action] = button;
    });
    log.querySelectorAll("[data-chat-offer]").forEach(function (box) {
      if (!box.children.length) box.remove();
    });
  }

  function actionButtons(actions, conn, container) {
    var box = el("div", { className: "chat-actions", "data-chat-offer": "" });
    (actions || []).forEach(function (action) {
      var label = { human: S.human, helper: S.helper, leave_message: S.leave }[action];
      if (!label) return;
      var button = el("button", { type: "button", className: "button small secondary", text: label, "data-chat-action": action });
      button.addEventListener("click", function () {
        if (action === "leave_message") container.appendChild(leaveForm(conn));
        else conn.send({ type: action });
      });
      box.appendChild(button);
    });
    return box;
  }

  // The hooks of Chat.renderMessage for the customer's side, bound to one connection.
  function customerHooks(conn) {
    return {
      cardActions: cardActions,
      extend: function (item, m, p) {
        if (m.kind === "address_request") item.appendChild(addressForm(p, conn));
        if (p.actions) item.appendChild(actionButtons(p.actions, conn, item));
        if (p.rate && !conn.rated) item.appendChild(rateForm(conn));
      },
    };
  }

  Chat.widgetForms = { customerHooks: customerHooks, answered: answered, latestOfferOnly: latestOfferOnly };
})();
