/*
 * The Barker page: your inbox, newest first (its history first), and a box to bark. Both are AMQP
 * links the page opens itself (manifold.js on rhea): it resolves //HOST/inbox/<you> and
 * //HOST/outbox/<you> through the directory, follows the redirect to the manifold instance that
 * serves them, and relinks by itself when a connection drops.
 */
(async function () {
  'use strict';

  const MAX_SHOWN = 200;
  const MAX_LENGTH = 280;
  const page = document.body;
  const el = (id) => document.getElementById(id);

  const config = await (await fetch('/config.json')).json();
  const {users} = await (await fetch('/users.json')).json();
  const directory = Manifold.parseAddress(config.directory);
  const base = '//' + directory.host + ':' + directory.port;
  askCredentials.failed = (why) => show('login-result', why, true);
  const manifold = await Manifold.login(config, askCredentials);

  const arrivals = [];
  let me = manifold.options.username
    || new URLSearchParams(location.search).get('user') || localStorage.getItem('barker-user') || 'ark3';
  if (manifold.options.username) {
    el('user').disabled = true; // logged in: your own inbox and outbox only
    const dashboard = document.querySelector('a[href="/monitoring"]');
    dashboard.addEventListener('click', () => {
      dashboard.href = Manifold.handOver('/monitoring');
    });
  }
  let inbox = null;
  let outbox = null;

  for (const user of users) {
    el('user').add(new Option(user, user, false, user === me));
  }
  el('user').addEventListener('change', () => become(el('user').value));

  el('text').addEventListener('input', () => {
    const length = el('text').value.trim().length;
    el('count').textContent = el('text').value.length + '/' + MAX_LENGTH;
    el('send').disabled = length === 0 || el('text').value.length > MAX_LENGTH;
  });

  el('compose').addEventListener('submit', (event) => {
    event.preventDefault();
    const content = el('text').value.trim();
    if (!content || content.length > MAX_LENGTH) {
      return;
    }
    const id = me + '-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);
    show('result', 'sending ' + id + '...', false);
    outbox.send({message_id: id, creation_time: new Date(), body: [me, content, id]})
      .then(() => show('result', 'accepted: ' + id, false))
      .catch((error) => show('result', 'refused: ' + error.message, true));
    el('text').value = '';
    el('text').dispatchEvent(new Event('input'));
  });

  setInterval(updateRate, 1000);
  become(me);

  /** Shows the login form until it is sent; resolves to {user, password}. */
  function askCredentials() {
    el('login').hidden = false;
    return new Promise((resolve) => {
      el('login').onsubmit = (event) => {
        event.preventDefault();
        el('login').hidden = true;
        resolve({user: el('login-user').value.trim(), password: el('login-password').value});
      };
    });
  }

  /** Switches who you are: new links for your inbox and outbox, an empty list. */
  function become(user) {
    me = user;
    localStorage.setItem('barker-user', user);
    if (inbox) {
      inbox.close();
      outbox.close();
    }
    arrivals.length = 0;
    el('inbox').replaceChildren();
    inbox = manifold.receiver(base + '/inbox/' + user, {message: onBark, status: (status) => onStatus('inbox', status)});
    outbox = manifold.sender(base + '/outbox/' + user, {status: (status) => onStatus('outbox', status)});
  }

  function onStatus(which, status) {
    page.dataset[which] = status.state;
    if (which !== 'inbox') {
      return;
    }
    const text = status.state === 'live'
      ? 'live: your inbox is served by ' + status.servedBy + ' (' + status.address + ')'
      : status.state === 'reconnecting'
        ? 'reconnecting in ' + (status.retryInMs / 1000).toFixed(1) + ' s (' + status.reason + ')'
        : 'connecting to the directory at ' + directory.host + ':' + directory.port + '...';
    el('status').textContent = text;
    if (status.servedBy) {
      page.dataset.servedBy = status.servedBy;
    }
  }

  function onBark(message) {
    const [author, content, id] = Array.isArray(message.body) ? message.body : [];
    if (typeof author !== 'string' || typeof content !== 'string') {
      return; // not a bark (replays after a relink never come here: manifold.js drops them)
    }
    const created = message.creation_time ? new Date(message.creation_time) : new Date();
    if (Date.now() - created.getTime() < 60000) {
      arrivals.push(Date.now());
    }
    el('inbox').prepend(render(author, content, id, created));
    while (el('inbox').children.length > MAX_SHOWN) {
      el('inbox').lastChild.remove();
    }
  }

  function render(author, content, id, created) {
    const item = document.createElement('li');
    item.className = 'bark' + (author === me ? ' own' : '');
    item.dataset.id = id;
    item.dataset.author = author;
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.append(span('author', author), span('time', created.toLocaleTimeString()));
    const text = document.createElement('div');
    text.className = 'content';
    content.split(/([@#][A-Za-z0-9_-]+)/).forEach((part, index) => {
      const marked = index % 2 === 1; // split puts each captured @mention or #tag at an odd index
      text.append(marked ? span(part.startsWith('@') ? 'mention' : 'tag', part) : part);
    });
    item.append(meta, text);
    return item;
  }

  function span(className, text) {
    const node = document.createElement('span');
    node.className = className;
    node.textContent = text;
    return node;
  }

  function show(id, text, refused) {
    el(id).textContent = text;
    el(id).classList.toggle('refused', refused);
  }

  function updateRate() {
    const minuteAgo = Date.now() - 60000;
    while (arrivals.length && arrivals[0] < minuteAgo) {
      arrivals.shift();
    }
    el('rate').textContent = arrivals.length;
  }
})();
