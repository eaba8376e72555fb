// The CSRF token of every POST, without printing it in the page (pages may come from a cache).
// Before a browser's first POST there is no csrftoken cookie: GET /csrf/ sets it (and answers
// the token), then every POST carries it, read from the cookie at that moment (it changes at
// login): htmx requests in the X-CSRFToken header, plain forms in a hidden
// csrfmiddlewaretoken field added just before they are sent. Scripts that fetch() themselves
// ask EstanteCsrf.token(), a promise of the token. Loaded first (base.html, in <head>).
(function () {
  "use strict";

  var COOKIE = "csrftoken";
  var FIELD = "csrfmiddlewaretoken";
  var ENDPOINT = "/csrf/";
  var fetched = "";
  var pending = null;

  function fromCookie() {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === COOKIE) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return "";
  }

  // The token now, or "" when this browser has none yet.
  function current() {
    return fromCookie() || fetched;
  }

  // A promise of the token: at once when the cookie is there, else one request to /csrf/.
  function token() {
    var now = current();
    if (now) return Promise.resolve(now);
    if (!pending) {
      pending = fetch(ENDPOINT, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) { fetched = data.token || ""; pending = null; return current(); })
        .catch(function () { pending = null; return ""; });
    }
    return pending;
  }

  function isUnsafe(method) {
    return !/^(get|head|options|trace)$/i.test(method || "get");
  }

  function sameOrigin(url) {
    try { return new URL(url, location.href).origin === location.origin; } catch (e) { return false; }
  }

  // No token could be had (offline, or the server did not answer): say so beside what was
  // sent, and send nothing. (Sending again would ask /csrf/ again, for ever.)
  function refuse(element) {
    if (!element) return;
    var where = element.closest("form") || element;
    var box = where.querySelector ? where.querySelector("[data-csrf-error]") : null;
    if (!box) {
      box = document.createElement("p");
      box.className = "form-error";
      box.setAttribute("role", "alert");
      box.setAttribute("data-csrf-error", "");
      if (where.tagName === "FORM") where.insertBefore(box, where.firstChild);
      else where.insertAdjacentElement("afterend", box);
    }
    box.textContent = (document.body && document.body.getAttribute("data-csrf-failed")) ||
      "No pudimos conectar con la tienda. Revisa tu conexión y vuelve a intentarlo.";
  }

  function clearRefusal(element) {
    var where = element && (element.closest("form") || element.parentNode);
    var box = where && where.querySelector ? where.querySelector("[data-csrf-error]") : null;
    if (box) box.remove();
  }

  function putField(form, value) {
    var input = form.querySelector("input[name='" + FIELD + "']");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = FIELD;
      form.appendChild(input);
    }
    input.value = value;
  }

  // Plain forms (and htmx forms: htmx sends the field too). Capture phase, before anyone else:
  // with no token yet, this submit waits for it and is sent again with the same button.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var method = (submitter && submitter.getAttribute("formmethod")) || form.getAttribute("method");
    var action = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action") || location.href;
    if (!isUnsafe(method) || !sameOrigin(action)) return;
    var now = current();
    if (now) { putField(form, now); return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    token().then(function (value) {
      if (!value) { refuse(form); return; }
      clearRefusal(form);
      putField(form, value);
      if (form.requestSubmit) form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      else form.submit();
    });
  }, true);

  // htmx: an unsafe request waits for the token (htmx:confirm), then carries it as a header.
  document.addEventListener("htmx:confirm", function (event) {
    if (!isUnsafe(event.detail.verb) || current()) return;
    event.preventDefault();
    token().then(function (value) {
      if (!value) { refuse(event.detail.elt); return; }
      clearRefusal(event.detail.elt);
      event.detail.issueRequest();
    });
  });
  document.addEventListener("htmx:configRequest", function (event) {
    if (!isUnsafe(event.detail.verb)) return;
    var now = current();
    if (now) event.detail.headers["X-CSRFToken"] = now;
  });

  window.EstanteCsrf = { token: token, current: current };
})();
