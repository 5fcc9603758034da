/*
 * Hearken site chat widget (docs/channels-site.md). Hand-written, dependency-free, served as-is
 * at /widget.js. A site adds it with one tag:
 *   <script src="https://hearken.example.com/widget.js" data-hearken-chat="<channel key>" async></script>
 * Every text (greeting, agent replies, the visitor's own words) is set with textContent, never as
 * HTML; the only value put into CSS is the color, checked against #rrggbb here and on the server.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__hearkenChat) return;
  window.__hearkenChat = true;
  var key = script.getAttribute('data-hearken-chat') || '';
  var api = new URL(script.src).origin + '/site/v1/' + encodeURIComponent(key);
  var slot = 'hearken-chat:' + key;
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(slot) || '{}') || {}; } catch (e) { saved = {}; }
  var cfg = null, version = '', server = [], pending = [], open = false, typingUntil = 0, typingSent = 0, polling = false;

  function save() { try { localStorage.setItem(slot, JSON.stringify(saved)); } catch (e) { /* private mode: the chat lasts for this page */ } }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = String(text);
    return n;
  }
  function call(method, path, body) {
    var h = { 'content-type': 'application/json' };
    if (saved.token) h.authorization = 'Bearer ' + saved.token;
    return fetch(api + path, { method: method, headers: h, body: body ? JSON.stringify(body) : undefined, credentials: 'omit' }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) { var e = new Error((j.error && j.error.message) || ('HTTP ' + r.status)); e.status = r.status; throw e; }
        return j;
      });
    });
  }
  function rid() {
    var a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  // ---- the frame: a shadow root keeps the site's CSS out and ours in
  var host = el('div', { id: 'hearken-chat' });
  var root = host.attachShadow({ mode: 'open' });
  var style = el('style');
  var launcher = el('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false' }, 'Chat');
  var panel = el('section', { class: 'panel', hidden: '', role: 'dialog' });
  var head = el('header');
  var title = el('h2');
  var close = el('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '×');
  var intro = el('p', { class: 'intro' });
  var form = el('form', { class: 'prechat', hidden: '' });
  var nameIn = el('input', { type: 'text', maxlength: '100', 'aria-label': 'Your name', placeholder: 'Your name', autocomplete: 'name' });
  var emailIn = el('input', { type: 'email', maxlength: '254', 'aria-label': 'Your email', placeholder: 'Your email', autocomplete: 'email' });
  var start = el('button', { type: 'submit' }, 'Start chat');
  var log = el('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  var typing = el('p', { class: 'typing', hidden: '' }, 'Typing…');
  var composer = el('form', { class: 'composer' });
  var input = el('textarea', { rows: '2', maxlength: '5000', 'aria-label': 'Message', placeholder: 'Write a message…' });
  var send = el('button', { type: 'submit' }, 'Send');
  var notice = el('p', { class: 'notice', role: 'status' });
  head.append(title, close);
  form.append(nameIn, emailIn, start);
  composer.append(input, send);
  panel.append(head, intro, form, log, typing, notice, composer);
  root.append(style, launcher, panel);

  // The labels in the visitor's language, as the server chose them (English until it answers).
  function words(name, fallback) { return (cfg && cfg.texts && typeof cfg.texts[name] === 'string' && cfg.texts[name]) || fallback; }
  function label() {
    panel.setAttribute('lang', (cfg && cfg.language) || 'en');
    close.setAttribute('aria-label', words('close', 'Close chat'));
    nameIn.setAttribute('aria-label', words('name', 'Your name'));
    nameIn.setAttribute('placeholder', words('name', 'Your name'));
    emailIn.setAttribute('aria-label', words('email', 'Your email'));
    emailIn.setAttribute('placeholder', words('email', 'Your email'));
    start.textContent = words('start', 'Start chat');
    log.setAttribute('aria-label', words('messages', 'Messages'));
    typing.textContent = words('typing', 'Typing…');
    input.setAttribute('aria-label', words('message', 'Message'));
    input.setAttribute('placeholder', words('placeholder', 'Write a message…'));
    send.textContent = words('send', 'Send');
  }

  function paint() {
    label();
    var c = /^#[0-9a-fA-F]{6}$/.test(cfg.color) ? cfg.color : '#3b5bdb';
    style.textContent = ':host{all:initial}*{box-sizing:border-box;font:14px/1.4 system-ui,sans-serif}' +
      '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;padding:12px 20px;background:' + c + ';color:#fff;cursor:pointer;box-shadow:0 2px 8px #0003}' +
      '.panel{position:fixed;right:20px;bottom:76px;z-index:2147483000;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 100px);display:flex;flex-direction:column;background:#fff;color:#222;border-radius:12px;box-shadow:0 4px 24px #0004;overflow:hidden}' +
      '.panel[hidden],form[hidden],p[hidden]{display:none}header{display:flex;align-items:center;justify-content:space-between;background:' + c + ';color:#fff;padding:10px 14px}' +
      'h2{margin:0;font-weight:600;font-size:15px;color:#fff}.close{background:none;border:0;color:#fff;font-size:20px;cursor:pointer}.intro{margin:10px 14px;color:#444}' +
      '.prechat{display:flex;flex-direction:column;gap:6px;margin:0 14px 8px}input,textarea{width:100%;border:1px solid #ccc;border-radius:6px;padding:6px 8px;color:#222;background:#fff}' +
      '.log{flex:1;overflow-y:auto;list-style:none;margin:0;padding:8px 14px;display:flex;flex-direction:column;gap:6px}' +
      '.log li{max-width:80%;padding:6px 10px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}.visitor{align-self:flex-end;background:' + c + ';color:#fff}.agent{align-self:flex-start;background:#f1f3f5}' +
      '.log small{display:block;font-size:11px;opacity:.75}.failed{outline:2px solid #c92a2a}.typing,.notice{margin:0 14px;font-size:12px;color:#666}' +
      '.composer{display:flex;gap:6px;padding:8px 14px;border-top:1px solid #eee}button[type=submit]{border:0;border-radius:6px;padding:6px 12px;background:' + c + ';color:#fff;cursor:pointer}';
    launcher.textContent = cfg.title || words('launcher', 'Chat');
    panel.setAttribute('aria-label', cfg.title);
    title.textContent = cfg.title;
    intro.textContent = cfg.online ? cfg.greeting : cfg.awayMessage;
    var ask = cfg.askEmail !== 'off' && !saved.details && !server.length;
    form.hidden = !ask;
    composer.hidden = ask;
    emailIn.required = cfg.askEmail === 'required' || (!cfg.online && cfg.askEmail !== 'off');
  }

  function render() {
    var seen = {};
    var items = server.slice();
    server.forEach(function (m) { if (m.clientId) seen[m.clientId] = true; });
    pending = pending.filter(function (p) { return !seen[p.clientId]; });
    items = items.concat(pending);
    var nodes = items.map(function (m) {
      var li = el('li', { class: m.from === 'agent' ? 'agent' : 'visitor', 'data-from': m.from });
      if (m.author) li.append(el('small', null, m.author));
      li.append(document.createTextNode(m.text));
      if (m.failed) {
        li.className += ' failed';
        var retry = el('button', { type: 'button' }, words('retry', 'Not sent — retry'));
        retry.onclick = function () { m.failed = false; post(m); render(); };
        li.append(retry);
      }
      return li;
    });
    log.replaceChildren.apply(log, nodes);
    log.scrollTop = log.scrollHeight;
  }

  function post(m) {
    return call('POST', '/messages', { clientId: m.clientId, text: m.text }).then(function () { notice.textContent = ''; }, function (e) {
      m.failed = true;
      notice.textContent = e.message;
      render();
    });
  }

  function ack() {
    var st = open && document.visibilityState === 'visible' ? 'read' : 'delivered';
    var ids = server.filter(function (m) { return m.from === 'agent' && (m.status === 'sent' || (st === 'read' && m.status === 'delivered')); }).map(function (m) { return m.id; });
    if (ids.length) call('POST', '/ack', { ids: ids.slice(-100), status: st }).catch(function () { /* the next poll acknowledges again */ });
  }

  // ---- long poll: the server answers at once when something changed, else after up to 25 s
  function poll(delay) {
    if (polling) return;
    polling = true;
    call('GET', '/messages?wait=25&since=' + encodeURIComponent(version)).then(function (j) {
      polling = false;
      version = j.version;
      server = j.messages || [];
      typing.hidden = !j.agentTyping;
      render();
      ack();
      poll(0);
    }, function (e) {
      polling = false;
      if (e.status === 401) { saved = {}; save(); return boot(); }
      setTimeout(function () { poll(1); }, Math.min(30000, 2000 * Math.pow(2, delay || 0)) * (e.status === 429 ? 2 : 1));
    });
  }

  function boot() {
    return call('POST', '/session', saved.token ? { token: saved.token } : {}).then(function (j) {
      saved.token = j.token;
      save();
      cfg = j.config;
      paint();
      if (!host.isConnected) document.body.append(host);
      poll(0);
    }, function (e) {
      if (e.status !== 403 && e.status !== 404) setTimeout(boot, 10000);
    });
  }

  launcher.onclick = function () {
    open = panel.hidden;
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    if (open) { ack(); (form.hidden ? input : nameIn).focus(); }
  };
  close.onclick = function () { open = false; panel.hidden = true; launcher.setAttribute('aria-expanded', 'false'); };
  form.onsubmit = function (ev) {
    ev.preventDefault();
    var b = { token: saved.token };
    if (nameIn.value.trim()) b.name = nameIn.value.trim();
    if (emailIn.value.trim()) b.email = emailIn.value.trim();
    call('POST', '/session', b).then(function (j) {
      saved.token = j.token;
      saved.details = true;
      save();
      paint();
      input.focus();
    }, function (e) { notice.textContent = e.message; });
  };
  composer.onsubmit = function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    var m = { clientId: rid(), from: 'visitor', text: text };
    pending.push(m);
    render();
    post(m);
    typingUntil = 0;
  };
  input.onkeydown = function (ev) {
    if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); composer.requestSubmit(); }
  };
  input.oninput = function () {
    var now = Date.now();
    typingUntil = now + 5000;
    if (now - typingSent > 4000) { typingSent = now; call('POST', '/typing', { typing: true }).catch(function () {}); }
  };
  setInterval(function () {
    if (typingSent && typingUntil < Date.now()) { typingSent = 0; call('POST', '/typing', { typing: false }).catch(function () {}); }
  }, 1000);
  document.addEventListener('visibilitychange', ack);

  if (document.body) boot(); else document.addEventListener('DOMContentLoaded', boot);
})();
