// Live chat, the clerk's inbox (/tienda/chat/, templates/chat/staff/inbox.html) over
// /ws/tienda/chat/. Needs chat.js; its strings and settings come from the page. The lists and
// the customer panel are htmx fragments: this script only tells them when to refresh.
(function () {
  "use strict";

  var Chat = window.EstanteChat;
  var S = Chat.strings;
  var config = Chat.config;

  function refreshLists() {
    if (window.htmx) htmx.trigger(document.body, "chat-inbox");
  }

  function clerkInbox(root) {
    var log = root.querySelector("[data-chat-log]");
    var compose = root.querySelector("[data-chat-compose]");
    var header = root.querySelector("[data-chat-header]");
    var typing = root.querySelector("[data-chat-typing]");
    var errorBox = root.querySelector("[data-chat-error]");
    var tools = root.querySelectorAll("[data-needs-conversation]");
    var presence = root.querySelector("[data-presence]");
    var presenceStatus = root.querySelector("[data-presence-status]");
    var current = null;
    var lastByConversation = {};
    var socketUp = false;
    // The switch was flipped here and the server has not confirmed it yet.
    var presenceSent = false;
    // A heartbeat was sent and its answer has not come back.
    var waitingForBeat = false;

    // What routing sees: the switch (the server keeps it) and this page's live socket.
    function showPresence() {
      if (!presenceStatus) return;
      var online = socketUp && presence && presence.checked;
      presenceStatus.textContent = !socketUp ? S.statusOffline : online ? S.statusOnline : S.statusPaused;
      presenceStatus.classList.toggle("is-online", Boolean(online));
    }

    function showHeader(c) {
      header.textContent = c.name + " · " + (c.clerk || S.waiting) + (c.state === "closed" ? " · " + S.closed : "");
    }

    // The server's value wins: another tab may have changed it while this one was away.
    // Except a switch flipped on this page before the socket said hello: that choice is
    // on its way to the server, whose "presence" frame will confirm it.
    function showServerPresence(frame) {
      var online = frame.type === "hello" ? frame.presence && frame.presence.online : frame.online;
      if (frame.type === "presence") presenceSent = false;
      if (presence && !(frame.type === "hello" && presenceSent)) presence.checked = Boolean(online);
      showPresence();
    }

    function showMessage(frame) {
      var m = frame.message;
      // Messages of conversations not on screen only refresh the unread counts.
      if (m.conversation && m.conversation !== current) { refreshLists(); return; }
      Chat.insertMessage(log, Chat.renderMessage(m, "clerk"), m.id);
      log.scrollTop = log.scrollHeight;
      lastByConversation[current] = Math.max(lastByConversation[current] || 0, m.id);
      if (m.sender === "customer") {
        typing.hidden = true;
        conn.send({ type: "seen", conversation: current, up_to: m.id, read: true });
        refreshLists();  // this conversation's unread count drops back to zero
      }
    }

    function showReceipt(frame) {
      if (frame.conversation !== current) {
        if (frame.by === "clerk") refreshLists();  // read in another tab: unread counts
      } else if (frame.by === "customer") {
        Chat.markReceipts(log, frame.up_to, frame.read);
      }
    }

    var conn = new Chat.Connection("/ws/tienda/chat/", {
      status: function (up) {
        socketUp = up;
        root.classList.toggle("offline", !up);
        showPresence();
        if (up && current) conn.send({ type: "open", conversation: current, after: lastByConversation[current] || 0 });
      },
      // Refused: no reconnecting. At connect (not greeted) the whole inbox is refused and the
      // status line says what to do, for good; later a 4403 means one conversation was not
      // this clerk's.
      closed: function (code, greeted) {
        var text = code === 4401 ? S.sessionGone : code === 4403 ? (greeted ? S.forbidden : S.notClerk) : "";
        if (!text) return;
        socketUp = false;
        root.classList.add("offline");
        if (presenceStatus) { presenceStatus.textContent = text; presenceStatus.classList.remove("is-online"); }
        errorBox.textContent = text; errorBox.hidden = false;
      },
      frame: Chat.dispatch({
        inbox: refreshLists,
        assigned: refreshLists,
        hello: showServerPresence,
        presence: showServerPresence,
        heartbeat: function () { waitingForBeat = false; },
        opened: function (frame) {
          showHeader(frame.conversation);
          root.dataset.state = frame.conversation.state;
        },
        state: function (frame) {
          if (frame.conversation.id === current) showHeader(frame.conversation);
          refreshLists();
        },
        message: showMessage,
        typing: function (frame) {
          if (frame.by === "customer" && frame.conversation === current) Chat.showTyping(typing);
        },
        receipt: showReceipt,
        cart: function (frame) {
          if (frame.conversation && frame.conversation !== current) return;
          var box = root.querySelector("[data-chat-cart]");
          if (box) box.textContent = frame.cart.count + " · " + frame.cart.subtotal;
        },
        error: function (frame) { Chat.showError(errorBox, frame.error); },
      }),
    });

    function open(id) {
      current = Number(id);
      log.innerHTML = "";
      conn.seen = {};
      root.dataset.conversation = String(current);
      tools.forEach(function (node) { node.hidden = false; });
      conn.send({ type: "open", conversation: current, after: 0 });
      var panel = root.querySelector("#chat-customer");
      if (panel && window.htmx) htmx.ajax("GET", config.customerUrl.replace("0", current), { target: "#chat-customer" });
      var search = root.querySelector("[data-product-search]");
      if (search) search.setAttribute("hx-get", config.productsUrl.replace("0", current));
      if (search && window.htmx) htmx.process(search);
    }

    // The buttons of the conversation and of the tools: one frame each.
    function actionFrame(action) {
      var frame = { type: action.getAttribute("data-chat-action"), conversation: current };
      if (action.hasAttribute("data-product")) frame.product = action.getAttribute("data-product");
      if (frame.type === "transfer") {
        frame.to = root.querySelector("[data-transfer-to]").value;
        if (!frame.to) return null;
      }
      if (frame.type === "canned") {
        frame.canned = root.querySelector("[data-canned]").value;
        if (!frame.canned) return null;
      }
      if (frame.type === "payment_request") {
        // Club Pepito points and store credit the customer asked to use (checked by the server).
        var points = root.querySelector("[data-pay-points]");
        var credit = root.querySelector("[data-pay-credit]");
        if (points && points.value) frame.points = points.value;
        if (credit && credit.value) frame.credit = credit.value;
      }
      if (frame.type === "close" && !window.confirm(S.confirmClose || "?")) return null;
      return frame;
    }

    root.addEventListener("click", function (event) {
      var opener = event.target.closest("[data-open-conversation]");
      if (opener) { event.preventDefault(); open(opener.getAttribute("data-open-conversation")); return; }
      var action = event.target.closest("[data-chat-action]");
      if (!action || !current) return;
      event.preventDefault();
      var frame = actionFrame(action);
      if (!frame) return;
      conn.send(frame);
      if (frame.type === "take") setTimeout(function () { open(current); }, 300);
    });

    // The status line changes when the server confirms (a "presence" frame to every tab).
    if (presence) presence.addEventListener("change", function () {
      presenceSent = true;
      conn.send({ type: "presence", online: presence.checked });
    });

    // Heartbeat: keeps this tab's socket counted as alive (chat/presence.py). A beat still
    // unanswered at the next tick means the connection is dead even if it looks open.
    setInterval(function () {
      if (!conn.isOpen()) { waitingForBeat = false; return; }
      if (waitingForBeat) { waitingForBeat = false; conn.restart(); return; }
      waitingForBeat = true;
      conn.send({ type: "heartbeat" });
    }, (Number(config.heartbeat) || 30) * 1000);

    Chat.bindCompose(compose, function (text) {
      if (!current) return false;
      conn.send({ type: "message", conversation: current, text: text, ref: String(Date.now()) });
    }, (function () {
      var sendTyping = Chat.typingSender(conn, function () { return { conversation: current }; });
      return function () { if (current) sendTyping(); };
    })());
  }

  var root = document.querySelector("[data-chat-clerk]");
  if (root) clerkInbox(root);
})();
