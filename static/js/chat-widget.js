// Live chat, the customer's widget (templates/chat/widget.html) over /ws/chat/.
// Needs chat.js and chat-widget-forms.js; its strings and settings come from the page.
(function () {
  "use strict";

  var Chat = window.EstanteChat;
  var S = Chat.strings;
  var el = Chat.el;
  var forms = Chat.widgetForms;

  function remember(open) {
    try { sessionStorage.setItem("chat-open", open ? "1" : ""); } catch (e) { /* private mode */ }
  }

  function wasOpen() {
    try { return sessionStorage.getItem("chat-open") === "1"; } catch (e) { return false; /* private mode */ }
  }

  function customerWidget(root) {
    var panel = root.querySelector("#chat-panel");
    var button = root.querySelector(".chat-button");
    var startForm = root.querySelector("[data-chat-start]");
    var body = root.querySelector("[data-chat-body]");
    var log = root.querySelector("[data-chat-log]");
    var compose = root.querySelector("[data-chat-compose]");
    var status = root.querySelector("[data-chat-status]");
    var typing = root.querySelector("[data-chat-typing]");
    var errorBox = root.querySelector("[data-chat-error]");
    var unread = root.querySelector("[data-chat-unread]");
    var conn = null;
    var sendTyping = null;
    var hooks = null;
    var unreadCount = 0;

    // The closed button never covers what a page marks data-chat-keep-clear (a pickup code, a
    // total, the button that pays): while it would, it steps aside (.is-tucked), and comes back
    // as the page scrolls on. Checked on scroll, resize and after every htmx swap.
    var pending = false;
    function overlaps(a, b) {
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }
    function keepClear() {
      pending = false;
      if (!panel.hidden) { root.classList.remove("is-tucked"); return; }
      // The button's place when shown (a tucked one is moved away): the launcher's corner.
      var spot = root.getBoundingClientRect();
      var covers = Array.prototype.some.call(document.querySelectorAll("[data-chat-keep-clear]"), function (node) {
        var box = node.getBoundingClientRect();
        return box.width > 0 && overlaps(spot, box);
      });
      root.classList.toggle("is-tucked", covers);
    }
    function scheduleKeepClear() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(keepClear);
    }
    window.addEventListener("scroll", scheduleKeepClear, { passive: true });
    window.addEventListener("resize", scheduleKeepClear);
    document.addEventListener("htmx:afterSettle", scheduleKeepClear);
    document.addEventListener("toggle", scheduleKeepClear, true);

    function setOpen(open) {
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      remember(open);
      if (open) { clearUnread(); markSeen(); }
      keepClear();
    }
    function markSeen() {
      if (!conn || panel.hidden || !conn.lastId) return;
      conn.send({ type: "seen", up_to: conn.lastId, read: true });
    }

    // The conversation ended: a button starts a new one from the start form.
    function offerNewChat() {
      if (root.querySelector("[data-chat-new]")) return;
      var again = el("button", { type: "button", className: "button small secondary", text: S.newChat, "data-chat-new": "" });
      again.addEventListener("click", function () {
        conn.stopped = true; conn.ws.close(); again.remove();
        body.hidden = true; startForm.hidden = false;
      });
      body.appendChild(again);
    }

    function clearUnread() { unreadCount = 0; unread.textContent = ""; unread.hidden = true; }

    function showState(frame) {
      var c = frame.conversation;
      status.textContent = c.state === "closed" ? S.closed : c.clerk ? S.with + " " + c.clerk + (c.store ? " · " + c.store : "") : S.waiting;
      compose.hidden = c.state === "closed";
      if (c.state === "closed") offerNewChat();
      // Rated: the conversation is over and its last word was the customer's; nothing is waiting.
      if (c.state === "closed" && c.rated) {
        clearUnread();
        if (conn) conn.rated = true;  // the rating form is not offered again (chat-widget-forms.js)
        log.querySelectorAll("[data-chat-rate]").forEach(function (form) { form.remove(); });
      }
    }

    function showMessage(frame) {
      var m = frame.message;
      Chat.insertMessage(log, Chat.renderMessage(m, "customer", hooks), m.id);
      forms.latestOfferOnly(log);
      if (m.payload && m.payload.address_id) {
        forms.answered(log, m.id);
        errorBox.hidden = true;  // the address went through: an earlier refusal no longer holds
      }
      log.scrollTop = log.scrollHeight;
      if (m.sender !== "customer") {
        typing.hidden = true;
        // The catch-up after each page load replays the whole conversation: only what the
        // customer has not read yet (read_at, set by "seen") counts.
        if (panel.hidden) {
          if (!m.read) { unreadCount += 1; unread.textContent = String(unreadCount); unread.hidden = false; }
        } else markSeen();
      }
    }

    function connect() {
      startForm.hidden = true;
      body.hidden = false;
      log.innerHTML = "";
      conn = new Chat.Connection("/ws/chat/", {
        status: function (up) { if (!up) status.textContent = S.offline; },
        // Refused (4401: this browser's conversation is gone, e.g. the session expired;
        // 4403: not this browser's): no reconnecting, the start form with what to do.
        closed: function (code) {
          var text = code === 4401 ? S.sessionGone : code === 4403 ? S.refused : "";
          if (!text) return;
          status.textContent = "";
          body.hidden = true; startForm.hidden = false; conn = null;
          var err = root.querySelector("[data-chat-start-error]");
          err.textContent = text; err.hidden = false;
        },
        frame: Chat.dispatch({
          hello: showState,
          state: showState,
          message: showMessage,
          typing: function (frame) { if (frame.by === "clerk") Chat.showTyping(typing); },
          receipt: function (frame) { if (frame.by === "clerk") Chat.markReceipts(log, frame.up_to, frame.read); },
          error: function (frame) { Chat.showError(errorBox, frame.error); },
        }),
      });
      hooks = forms.customerHooks(conn);
      sendTyping = Chat.typingSender(conn);
    }

    button.addEventListener("click", function () { setOpen(panel.hidden); });
    // "Pagar" and "Ver libro" leave for a full page: let it show, the chat stays a tap away.
    panel.addEventListener("click", function (event) {
      if (event.target.closest("[data-chat-pay], .chat-card a")) remember(false);
    });
    root.querySelector("[data-chat-hide]").addEventListener("click", function () { setOpen(false); });
    document.addEventListener("click", function (event) {
      // Buttons marked data-open-chat ("Pregunta a un librero" on a search with no results).
      if (!event.target.closest("[data-open-chat]")) return;
      setOpen(true);
      panel.scrollIntoView({ block: "nearest" });
    });

    startForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var err = root.querySelector("[data-chat-start-error]");
      var body = new URLSearchParams(new FormData(startForm));
      Chat.csrfToken().then(function (token) {
        return fetch(Chat.config.startUrl, {
          method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token }, body: body,
        });
      }).then(function (r) { return r.json().then(function (data) { return [r.ok, data]; }); })
        .then(function (result) {
          if (!result[0]) { Chat.showError(err, result[1].error || S.error); return; }
          connect();
        })
        .catch(function () { Chat.showError(err, S.error); });
    });

    Chat.bindCompose(compose, function (text) {
      if (!conn) return false;
      conn.send({ type: "message", text: text, ref: String(Date.now()) });
    }, function () { if (conn) sendTyping(); });

    keepClear();
    var reopen = wasOpen();
    // Reconnect on every page when this browser (or account) has a conversation.
    if (Chat.config.hasConversation && (startForm.hidden || reopen)) connect();
    if (reopen) setOpen(true);
    // Set up: a tap on the button now opens the panel (tests wait for it after a navigation).
    root.setAttribute("data-chat-ready", "");
  }

  var root = document.querySelector("[data-chat-customer]");
  if (root) customerWidget(root);
})();
