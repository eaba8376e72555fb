// Live chat, the shared core: the socket, small DOM helpers and how one message looks.
// The customer's widget (chat-widget.js) and the clerk's inbox (chat-inbox.js) are built on it.
// The page gives the strings and settings (#chat-strings, #chat-config: json_script blocks).
// No framework. Text from people is always put in the page with textContent, never as HTML.
(function () {
  "use strict";

  function readJSON(id) {
    var node = document.getElementById(id);
    if (!node) return {};
    try { return JSON.parse(node.textContent); } catch (e) { return {}; }
  }

  var S = readJSON("chat-strings");
  var config = readJSON("chat-config");

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

  // A promise of the CSRF token (static/js/csrf.js: fetched on first use, never in the page).
  function csrfToken() {
    return window.EstanteCsrf ? window.EstanteCsrf.token() : Promise.resolve("");
  }

  // The page's own host, or the same host name on the websocket server's port when it has
  // one of its own (config.websocketPort: `make run` with REDIS_URL serves pages by gunicorn).
  function wsUrl(path) {
    var host = config.websocketPort ? location.hostname + ":" + config.websocketPort : location.host;
    return (location.protocol === "https:" ? "wss://" : "ws://") + host + path;
  }

  // Frame dispatch: one function per frame type; types without one are ignored.
  function dispatch(table) {
    return function (frame) {
      var handle = Object.prototype.hasOwnProperty.call(table, frame.type) && table[frame.type];
      if (handle) handle(frame);
    };
  }

  // The socket ----------------------------------------------------------------------------

  // A socket that reconnects by itself and asks for what it missed (after=<last id seen>).
  // handlers: frame(frame), status(up, code), closed(code, greeted).
  // The server refuses after the handshake (chat/consumers.py), so the close code says why:
  // 4401 (not logged in, or the session or its conversation is gone) and 4403 (not allowed)
  // stop the reconnecting for good, and closed() tells the page, which shows what to do.
  // `greeted` is false when the refusal came at connect (no frame arrived on that socket).
  function Connection(path, handlers) {
    this.path = path;
    this.handlers = handlers;
    this.lastId = 0;
    this.delay = 500;
    this.queue = [];
    this.stopped = false;
    this.open();
  }
  Connection.REFUSED = [4401, 4403];
  Connection.prototype.open = function () {
    var self = this;
    var sep = this.path.indexOf("?") === -1 ? "?" : "&";
    var ws = new WebSocket(wsUrl(this.path + sep + "after=" + this.lastId));
    this.ws = ws;
    var greeted = false;
    ws.onopen = function () {
      self.delay = 500;
      self.handlers.status && self.handlers.status(true);
      var pending = self.queue; self.queue = [];
      pending.forEach(function (frame) { self.send(frame); });
    };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      greeted = true;
      if (frame.type === "message") {
        if (frame.message.id <= self.lastId && self.seen && self.seen[frame.message.id]) return;
        self.seen = self.seen || {};
        self.seen[frame.message.id] = true;
        if (frame.message.id > self.lastId) self.lastId = frame.message.id;
      }
      self.handlers.frame(frame);
    };
    ws.onclose = function (event) {
      var refused = Connection.REFUSED.indexOf(event.code) !== -1;
      if (refused) self.stopped = true;
      self.handlers.status && self.handlers.status(false, event.code);
      if (self.stopped) {
        self.handlers.closed && self.handlers.closed(event.code, greeted);
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
    if (this.stopped) return;  // refused (4401/4403) or closed on purpose: stays closed
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

  // Stock in a card -----------------------------------------------------------------------

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
    if (!config.stockUrl || !p.product_id) return list;
    (stockWaiting[p.product_id] = stockWaiting[p.product_id] || []).push(list);
    if (!stockTimer) stockTimer = setTimeout(refreshStock, 150);
    return list;
  }
  function refreshStock() {
    var waiting = stockWaiting;
    stockWaiting = {}; stockTimer = null;
    var ids = Object.keys(waiting).slice(0, 30);
    if (!ids.length) return;
    fetch(config.stockUrl + "?ids=" + ids.join(","), { credentials: "same-origin", headers: { "Accept": "application/json" } })
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

  // One message (both sides) --------------------------------------------------------------

  // hooks (the widget's): cardActions(p, actions, note) adds buttons to a product card;
  // extend(item, message, payload) adds the forms a message asks the customer for.
  function productCard(p, side, hooks) {
    var actions = el("div", { className: "chat-actions" });
    var note = el("div", { "data-chat-card-note": "" });
    if (hooks.cardActions) hooks.cardActions(p, actions, note);
    actions.appendChild(el("a", { href: p.url, className: "button small secondary", text: S.view, target: side === "customer" ? "_self" : "_blank" }));
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

  function paymentRequest(p, side) {
    var list = el("ul", { className: "chat-lines" });
    (p.lines || []).forEach(function (line) {
      list.appendChild(el("li", { text: line.quantity + " × " + line.title + " — " + line.total }));
    });
    return el("div", { className: "chat-card pay" }, [
      list,
      el("p", {}, [el("strong", { text: S.subtotal + ": " + p.subtotal })]),
      side === "customer" ? el("a", { href: p.pay_url, className: "button", text: S.pay, "data-chat-pay": "" }) : null,
    ]);
  }

  function renderMessage(m, side, hooks) {
    hooks = hooks || {};
    var mine = m.sender === side;
    var item = el("li", { className: "chat-msg from-" + m.sender + (mine ? " mine" : ""), "data-id": String(m.id) });
    var who = m.sender === "bot" ? S.bot : m.sender === "clerk" ? m.author : m.sender === "customer" && side === "customer" ? S.you : "";
    if (who && m.sender !== "system") item.appendChild(el("span", { className: "chat-who", text: who }));
    var p = m.payload || {};
    if (m.kind === "product_card") item.appendChild(productCard(p, side, hooks));
    else if (m.kind === "payment_request") {
      item.appendChild(el("p", { text: m.text }));
      item.appendChild(paymentRequest(p, side));
    } else if (m.kind === "order_status") {
      item.appendChild(el("p", {}, [el("strong", { text: m.text })]));
      if (p.url) item.appendChild(el("a", { href: p.url, text: S.order }));
    } else {
      item.appendChild(el("p", { className: "chat-text", text: m.text }));
    }
    if (hooks.extend) hooks.extend(item, m, p);
    if (mine) item.appendChild(el("span", { className: "chat-receipt small muted", text: m.read ? S.read : m.delivered ? S.delivered : S.sent }));
    return item;
  }

  // Pushes from different threads can overtake each other: keep the log in message-id order.
  function insertMessage(log, node, id) {
    var next = null;
    for (var n = log.lastElementChild; n && Number(n.getAttribute("data-id")) > id; n = n.previousElementSibling) next = n;
    log.insertBefore(node, next);
  }

  function markReceipts(log, upTo, read) {
    log.querySelectorAll(".chat-msg.mine").forEach(function (item) {
      if (Number(item.getAttribute("data-id")) <= upTo) {
        var r = item.querySelector(".chat-receipt");
        if (r && r.textContent !== S.read) r.textContent = read ? S.read : S.delivered;
      }
    });
  }

  // Composing, typing, errors -------------------------------------------------------------

  // The compose form: send(text) on submit or Enter (Shift+Enter is a new line),
  // typed() on every keystroke.
  function bindCompose(compose, send, typed) {
    compose.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = compose.elements.text.value.trim();
      if (text && send(text) !== false) compose.elements.text.value = "";
    });
    compose.elements.text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); compose.requestSubmit(); }
    });
    compose.elements.text.addEventListener("input", typed);
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

  window.EstanteChat = {
    strings: S,
    config: config,
    el: el,
    csrfToken: csrfToken,
    dispatch: dispatch,
    Connection: Connection,
    renderMessage: renderMessage,
    insertMessage: insertMessage,
    markReceipts: markReceipts,
    bindCompose: bindCompose,
    typingSender: typingSender,
    showTyping: showTyping,
    showError: showError,
  };
})();
