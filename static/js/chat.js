// Live chat over websockets: the customer widget (every page) and the clerk inbox (/tienda/chat/).
// No framework. Text from people is always put in the page with textContent, never as HTML.
(function () {
  "use strict";

  var S = {};
  var stringsEl = document.getElementById("chat-strings");
  if (stringsEl) S = stringsEl.dataset;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (e) { return ""; }
  }

  function wsUrl(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  // A socket that reconnects by itself and asks for what it missed (after=<last id seen>).
  function Connection(path, handlers) {
    this.path = path;
    this.handlers = handlers;
    this.lastId = 0;
    this.delay = 500;
    this.queue = [];
    this.stopped = false;
    this.open();
  }
  Connection.prototype.open = function () {
    var self = this;
    var sep = this.path.indexOf("?") === -1 ? "?" : "&";
    var ws = new WebSocket(wsUrl(this.path + sep + "after=" + this.lastId));
    this.ws = ws;
    ws.onopen = function () {
      self.delay = 500;
      self.handlers.status && self.handlers.status(true);
      var pending = self.queue; self.queue = [];
      pending.forEach(function (frame) { self.send(frame); });
    };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "message") {
        if (frame.message.id <= self.lastId && self.seen && self.seen[frame.message.id]) return;
        self.seen = self.seen || {};
        self.seen[frame.message.id] = true;
        if (frame.message.id > self.lastId) self.lastId = frame.message.id;
      }
      self.handlers.frame(frame);
    };
    ws.onclose = function (event) {
      self.handlers.status && self.handlers.status(false, event.code);
      if (self.stopped || event.code === 4401 || event.code === 4403) {
        self.handlers.closed && self.handlers.closed(event.code);
        return;
      }
      // Jittered: after a daphne restart its sockets do not all come back in the same instant.
      setTimeout(function () { self.open(); }, self.delay * (0.5 + Math.random()));
      self.delay = Math.min(self.delay * 2, 10000);
    };
  };
  // A connection that died without a close (network cut, server gone) can look open for
  // minutes: drop it without waiting for its close and open a new one.
  Connection.prototype.restart = function () {
    var old = this.ws;
    if (old) {
      old.onopen = old.onmessage = old.onclose = null;
      try { old.close(); } catch (e) { /* already closing */ }
    }
    this.handlers.status && this.handlers.status(false);
    this.open();
  };
  Connection.prototype.isOpen = function () {
    return Boolean(this.ws && this.ws.readyState === WebSocket.OPEN);
  };
  Connection.prototype.send = function (frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
    else this.queue.push(frame);
  };

  // Rendering one message (both sides) ------------------------------------------------------

  function stockList(stock) {
    var list = el("ul", { className: "chat-stock" });
    (stock || []).forEach(function (row) {
      var text = row.store + ": " + (row.available > 0 ? row.available + (row.low ? " (" + S.low + ")" : "") : S.out);
      list.appendChild(el("li", { text: text, className: row.available > 0 ? "" : "muted" }));
    });
    return list;
  }

  // A card shows the stock of when it was sent, then today's: the lists on screen are asked
  // for together (one request per burst of cards) and replaced.
  var stockWaiting = {};
  var stockTimer = null;
  function liveStock(p) {
    var list = stockList(p.stock);
    if (!S.stockUrl || !p.product_id) return list;
    (stockWaiting[p.product_id] = stockWaiting[p.product_id] || []).push(list);
    if (!stockTimer) stockTimer = setTimeout(refreshStock, 150);
    return list;
  }
  function refreshStock() {
    var waiting = stockWaiting;
    stockWaiting = {}; stockTimer = null;
    var ids = Object.keys(waiting).slice(0, 30);
    if (!ids.length) return;
    fetch(S.stockUrl + "?ids=" + ids.join(","), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        ids.forEach(function (id) {
          var rows = data.stock[id];
          waiting[id].forEach(function (list) {
            if (rows) list.replaceWith(stockList(rows));
            else list.replaceWith(el("p", { className: "muted small", text: S.gone }));
          });
        });
      })
      .catch(function () {});
  }

  function productCard(p, forCustomer) {
    var actions = el("div", { className: "chat-actions" });
    var note = el("div", { "data-chat-card-note": "" });
    if (forCustomer) {
      var add = el("button", { type: "button", className: "button small", text: S.add });
      add.addEventListener("click", function () { addToCart(p, add, note); });
      actions.appendChild(add);
    }
    actions.appendChild(el("a", { href: p.url, className: "button small secondary", text: S.view, target: forCustomer ? "_self" : "_blank" }));
    return el("div", { className: "chat-card" }, [
      el("img", { src: p.cover, alt: "", width: "60", height: "90", loading: "lazy" }),
      el("div", {}, [
        p.reason ? el("p", { className: "muted small", text: p.reason }) : null,
        el("strong", { text: p.title }),
        el("p", { className: "muted", text: p.authors || "" }),
        el("p", { className: "price", text: p.price }),
        el("p", { className: "small", text: S.stock }),
        liveStock(p),
        actions,
        note,
      ]),
    ]);
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
    fetch(p.add_url, {
      method: "POST", body: new URLSearchParams({ cantidad: "1" }), credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
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

  function paymentRequest(p, forCustomer) {
    var list = el("ul", { className: "chat-lines" });
    (p.lines || []).forEach(function (line) {
      list.appendChild(el("li", { text: line.quantity + " × " + line.title + " — " + line.total }));
    });
    return el("div", { className: "chat-card pay" }, [
      list,
      el("p", {}, [el("strong", { text: S.subtotal + ": " + p.subtotal })]),
      forCustomer ? el("a", { href: p.pay_url, className: "button", text: S.pay, "data-chat-pay": "" }) : null,
    ]);
  }

  function field(name, label, attrs) {
    var id = "chat-f-" + name + "-" + Math.random().toString(36).slice(2, 7);
    var input = el(attrs && attrs.tag === "textarea" ? "textarea" : "input", Object.assign({ id: id, name: name }, attrs || {}));
    input.removeAttribute("tag");
    return el("p", { className: "chat-field" }, [el("label", { for: id, text: label }), input]);
  }

  function addressForm(payload, conn) {
    var listId = "chat-districts";
    if (!document.getElementById(listId)) {
      var datalist = el("datalist", { id: listId });
      (S.districts || "").split("|").forEach(function (d) { datalist.appendChild(el("option", { value: d })); });
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

  function rateForm(conn) {
    var select = el("select", { name: "rating", required: "" });
    [5, 4, 3, 2, 1].forEach(function (n) { select.appendChild(el("option", { value: String(n), text: "★".repeat(n) + " " + n })); });
    var form = el("form", { className: "chat-form" }, [
      el("p", { className: "chat-field" }, [select]),
      field("comment", S.comment, { maxlength: "500" }),
      el("button", { type: "submit", className: "button small", text: S.rate }),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      conn.send({ type: "rate", rating: select.value, comment: form.elements.comment.value });
      form.replaceWith(el("p", { className: "muted", text: S.thanks }));
    });
    return form;
  }

  function actionButtons(actions, conn, container) {
    var box = el("div", { className: "chat-actions" });
    (actions || []).forEach(function (action) {
      var label = { human: S.human, helper: S.helper, leave_message: S.leave }[action];
      if (!label) return;
      var button = el("button", { type: "button", className: "button small secondary", text: label });
      button.addEventListener("click", function () {
        if (action === "leave_message") container.appendChild(leaveForm(conn));
        else conn.send({ type: action });
      });
      box.appendChild(button);
    });
    return box;
  }

  // Pushes from different threads can overtake each other: keep the log in message-id order.
  function insertMessage(log, node, id) {
    var next = null;
    for (var n = log.lastElementChild; n && Number(n.getAttribute("data-id")) > id; n = n.previousElementSibling) next = n;
    log.insertBefore(node, next);
  }

  function renderMessage(m, side, conn) {
    var mine = m.sender === side;
    var item = el("li", { className: "chat-msg from-" + m.sender + (mine ? " mine" : ""), "data-id": String(m.id) });
    var who = m.sender === "bot" ? S.bot : m.sender === "clerk" ? m.author : m.sender === "customer" && side === "customer" ? S.you : "";
    if (who && m.sender !== "system") item.appendChild(el("span", { className: "chat-who", text: who }));
    var p = m.payload || {};
    if (m.kind === "product_card") item.appendChild(productCard(p, side === "customer"));
    else if (m.kind === "payment_request") {
      item.appendChild(el("p", { text: m.text }));
      item.appendChild(paymentRequest(p, side === "customer"));
    } else if (m.kind === "order_status") {
      item.appendChild(el("p", {}, [el("strong", { text: m.text })]));
      if (p.url) item.appendChild(el("a", { href: p.url, text: S.order }));
    } else {
      item.appendChild(el("p", { className: "chat-text", text: m.text }));
    }
    if (side === "customer") {
      if (m.kind === "address_request") item.appendChild(addressForm(p, conn));
      if (p.actions) item.appendChild(actionButtons(p.actions, conn, item));
      if (p.rate) item.appendChild(rateForm(conn));
    }
    if (mine) item.appendChild(el("span", { className: "chat-receipt small muted", text: m.read ? S.read : m.delivered ? S.delivered : S.sent }));
    return item;
  }

  function markReceipts(log, upTo, read) {
    log.querySelectorAll(".chat-msg.mine").forEach(function (item) {
      if (Number(item.getAttribute("data-id")) <= upTo) {
        var r = item.querySelector(".chat-receipt");
        if (r && r.textContent !== S.read) r.textContent = read ? S.read : S.delivered;
      }
    });
  }

  function typingSender(conn, extra) {
    var last = 0;
    return function () {
      var now = Date.now();
      if (now - last > 2000) { last = now; conn.send(Object.assign({ type: "typing" }, extra ? extra() : {})); }
    };
  }

  function showTyping(node) {
    node.hidden = false;
    clearTimeout(node._timer);
    node._timer = setTimeout(function () { node.hidden = true; }, 3000);
  }

  function showError(node, text) {
    node.textContent = text;
    node.hidden = false;
    clearTimeout(node._timer);
    node._timer = setTimeout(function () { node.hidden = true; }, 6000);
  }

  // Customer widget --------------------------------------------------------------------------

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
    var unreadCount = 0;

    function setOpen(open) {
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      try { sessionStorage.setItem("chat-open", open ? "1" : ""); } catch (e) { /* private mode */ }
      if (open) { unreadCount = 0; unread.hidden = true; markSeen(); }
    }
    function markSeen() {
      if (!conn || panel.hidden || !conn.lastId) return;
      conn.send({ type: "seen", up_to: conn.lastId, read: true });
    }

    function connect() {
      startForm.hidden = true;
      body.hidden = false;
      log.innerHTML = "";
      conn = new Connection("/ws/chat/", {
        status: function (up) { if (!up) status.textContent = S.offline; },
        closed: function (code) {
          if (code === 4403) { body.hidden = true; startForm.hidden = false; conn = null; }
        },
        frame: function (frame) {
          if (frame.type === "hello" || frame.type === "state") {
            var c = frame.conversation;
            status.textContent = c.state === "closed" ? S.closed : c.clerk ? S.with + " " + c.clerk + (c.store ? " · " + c.store : "") : S.waiting;
            compose.hidden = c.state === "closed";
            if (c.state === "closed" && !root.querySelector("[data-chat-new]")) {
              var again = el("button", { type: "button", className: "button small secondary", text: S.newChat, "data-chat-new": "" });
              again.addEventListener("click", function () {
                conn.stopped = true; conn.ws.close(); again.remove();
                body.hidden = true; startForm.hidden = false;
              });
              body.appendChild(again);
            }
          } else if (frame.type === "message") {
            insertMessage(log, renderMessage(frame.message, "customer", conn), frame.message.id);
            if (frame.message.payload && frame.message.payload.address_id) answered(log, frame.message.id);
            log.scrollTop = log.scrollHeight;
            if (frame.message.sender !== "customer") {
              typing.hidden = true;
              if (panel.hidden) { unreadCount += 1; unread.textContent = String(unreadCount); unread.hidden = false; }
              else markSeen();
            }
          } else if (frame.type === "typing" && frame.by === "clerk") {
            showTyping(typing);
          } else if (frame.type === "receipt" && frame.by === "clerk") {
            markReceipts(log, frame.up_to, frame.read);
          } else if (frame.type === "error") {
            showError(errorBox, frame.error);
          }
        },
      });
    }

    button.addEventListener("click", function () { setOpen(panel.hidden); });
    // "Pagar" and "Ver libro" leave for a full page: let it show, the chat stays a tap away.
    panel.addEventListener("click", function (event) {
      if (event.target.closest("[data-chat-pay], .chat-card a")) {
        try { sessionStorage.setItem("chat-open", ""); } catch (e) { /* private mode */ }
      }
    });
    root.querySelector("[data-chat-hide]").addEventListener("click", function () { setOpen(false); });
    document.addEventListener("click", function (event) {
      if (event.target.closest("[data-open-chat]")) setOpen(true);
    });

    startForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var err = root.querySelector("[data-chat-start-error]");
      fetch(root.dataset.startUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
        body: new URLSearchParams(new FormData(startForm)),
      }).then(function (r) { return r.json().then(function (data) { return [r.ok, data]; }); })
        .then(function (result) {
          if (!result[0]) { showError(err, result[1].error || S.error); return; }
          connect();
        })
        .catch(function () { showError(err, S.error); });
    });

    compose.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = compose.elements.text.value.trim();
      if (!text || !conn) return;
      conn.send({ type: "message", text: text, ref: String(Date.now()) });
      compose.elements.text.value = "";
    });
    compose.elements.text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); compose.requestSubmit(); }
    });
    var sendTyping = null;
    compose.elements.text.addEventListener("input", function () {
      if (conn) { sendTyping = sendTyping || typingSender(conn); sendTyping(); }
    });

    var wasOpen = false;
    try { wasOpen = sessionStorage.getItem("chat-open") === "1"; } catch (e) { /* private mode */ }
    // Reconnect on every page when this browser (or account) has a conversation.
    if (root.dataset.hasConversation && (startForm.hidden || wasOpen)) connect();
    if (wasOpen) setOpen(true);
  }

  // Clerk inbox ------------------------------------------------------------------------------

  function clerkInbox(root) {
    var log = root.querySelector("[data-chat-log]");
    var compose = root.querySelector("[data-chat-compose]");
    var header = root.querySelector("[data-chat-header]");
    var typing = root.querySelector("[data-chat-typing]");
    var errorBox = root.querySelector("[data-chat-error]");
    var tools = root.querySelectorAll("[data-needs-conversation]");
    var current = null;
    var lastByConversation = {};

    function refreshLists() {
      if (window.htmx) htmx.trigger(document.body, "chat-inbox");
    }

    var presence = root.querySelector("[data-presence]");
    var presenceStatus = root.querySelector("[data-presence-status]");
    var socketUp = false;

    // What routing sees: the switch (the server keeps it) and this page's live socket.
    function showPresence() {
      if (!presenceStatus) return;
      var online = socketUp && presence && presence.checked;
      presenceStatus.textContent = !socketUp ? root.dataset.statusOffline
        : online ? root.dataset.statusOnline : root.dataset.statusPaused;
      presenceStatus.classList.toggle("is-online", Boolean(online));
    }

    var conn = new Connection("/ws/tienda/chat/", {
      status: function (up) {
        socketUp = up;
        root.classList.toggle("offline", !up);
        showPresence();
        if (up && current) conn.send({ type: "open", conversation: current, after: lastByConversation[current] || 0 });
      },
      closed: function (code) {
        if (code === 4403) showError(errorBox, root.dataset.forbidden);
      },
      frame: function (frame) {
        if (frame.type === "inbox" || frame.type === "assigned") refreshLists();
        else if (frame.type === "hello" || frame.type === "presence") {
          // The server's value wins: another tab may have changed it while this one was away.
          // Except a switch flipped on this page before the socket said hello: that choice is
          // on its way to the server, whose "presence" frame will confirm it.
          var online = frame.type === "hello" ? frame.presence && frame.presence.online : frame.online;
          if (frame.type === "presence") presenceSent = false;
          if (presence && !(frame.type === "hello" && presenceSent)) presence.checked = Boolean(online);
          showPresence();
        } else if (frame.type === "heartbeat") {
          waitingForBeat = false;
        } else if (frame.type === "opened") {
          var c = frame.conversation;
          header.textContent = c.name + " · " + (c.clerk || S.waiting) + (c.state === "closed" ? " · " + S.closed : "");
          root.dataset.state = c.state;
        } else if (frame.type === "state") {
          if (frame.conversation.id === current) {
            var s = frame.conversation;
            header.textContent = s.name + " · " + (s.clerk || S.waiting) + (s.state === "closed" ? " · " + S.closed : "");
          }
          refreshLists();
        } else if (frame.type === "message") {
          // Messages of conversations not on screen only refresh the unread counts.
          if (frame.message.conversation && frame.message.conversation !== current) { refreshLists(); return; }
          insertMessage(log, renderMessage(frame.message, "clerk", conn), frame.message.id);
          log.scrollTop = log.scrollHeight;
          lastByConversation[current] = Math.max(lastByConversation[current] || 0, frame.message.id);
          if (frame.message.sender === "customer") {
            typing.hidden = true;
            conn.send({ type: "seen", conversation: current, up_to: frame.message.id, read: true });
            refreshLists();  // this conversation's unread count drops back to zero
          }
        } else if (frame.type === "typing" && frame.by === "customer" && frame.conversation === current) {
          showTyping(typing);
        } else if (frame.type === "receipt" && frame.conversation !== current) {
          if (frame.by === "clerk") refreshLists();  // read in another tab: unread counts
        } else if (frame.type === "receipt" && frame.by === "customer") {
          markReceipts(log, frame.up_to, frame.read);
        } else if (frame.type === "cart" && (!frame.conversation || frame.conversation === current)) {
          var box = root.querySelector("[data-chat-cart]");
          if (box) box.textContent = frame.cart.count + " · " + frame.cart.subtotal;
        } else if (frame.type === "error") {
          showError(errorBox, frame.error);
        }
      },
    });

    function open(id) {
      current = Number(id);
      log.innerHTML = "";
      conn.seen = {};
      root.dataset.conversation = String(current);
      tools.forEach(function (node) { node.hidden = false; });
      conn.send({ type: "open", conversation: current, after: 0 });
      var panel = root.querySelector("#chat-customer");
      if (panel && window.htmx) htmx.ajax("GET", root.dataset.customerUrl.replace("0", current), { target: "#chat-customer" });
      var search = root.querySelector("[data-product-search]");
      if (search) search.setAttribute("hx-get", root.dataset.productsUrl.replace("0", current));
      if (search && window.htmx) htmx.process(search);
    }

    root.addEventListener("click", function (event) {
      var opener = event.target.closest("[data-open-conversation]");
      if (opener) { event.preventDefault(); open(opener.getAttribute("data-open-conversation")); return; }
      var action = event.target.closest("[data-chat-action]");
      if (!action || !current) return;
      event.preventDefault();
      var frame = { type: action.getAttribute("data-chat-action"), conversation: current };
      if (action.hasAttribute("data-product")) frame.product = action.getAttribute("data-product");
      if (frame.type === "transfer") {
        var select = root.querySelector("[data-transfer-to]");
        if (!select.value) return;
        frame.to = select.value;
      }
      if (frame.type === "canned") {
        var canned = root.querySelector("[data-canned]");
        if (!canned.value) return;
        frame.canned = canned.value;
      }
      if (frame.type === "close" && !window.confirm(action.getAttribute("data-confirm") || "?")) return;
      conn.send(frame);
      if (frame.type === "take") setTimeout(function () { open(current); }, 300);
    });

    // The status line changes when the server confirms (a "presence" frame to every tab).
    var presenceSent = false;
    if (presence) presence.addEventListener("change", function () {
      presenceSent = true;
      conn.send({ type: "presence", online: presence.checked });
    });

    // Heartbeat: keeps this tab's socket counted as alive (chat/presence.py). A beat still
    // unanswered at the next tick means the connection is dead even if it looks open.
    var beatEvery = (Number(root.dataset.heartbeat) || 30) * 1000;
    var waitingForBeat = false;
    setInterval(function () {
      if (!conn.isOpen()) { waitingForBeat = false; return; }
      if (waitingForBeat) { waitingForBeat = false; conn.restart(); return; }
      waitingForBeat = true;
      conn.send({ type: "heartbeat" });
    }, beatEvery);

    compose.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = compose.elements.text.value.trim();
      if (!text || !current) return;
      conn.send({ type: "message", conversation: current, text: text, ref: String(Date.now()) });
      compose.elements.text.value = "";
    });
    compose.elements.text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); compose.requestSubmit(); }
    });
    var sendTyping = typingSender(conn, function () { return { conversation: current }; });
    compose.elements.text.addEventListener("input", function () { if (current) sendTyping(); });
  }

  var customerRoot = document.querySelector("[data-chat-customer]");
  if (customerRoot) customerWidget(customerRoot);
  var clerkRoot = document.querySelector("[data-chat-clerk]");
  if (clerkRoot) clerkInbox(clerkRoot);
})();
