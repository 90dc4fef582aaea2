/*
 * manifold.js: the browser side of the manifold, on top of rhea (window.rheaUmd).
 *
 * A page asks for a receiver or a sender by address (//HOST[:PORT]/PATH). The link attaches to the
 * directory named in the address over AMQP-over-WebSocket, follows amqp:link:redirect (at most
 * five hops) to whichever instance serves the address, and when its connection or link is lost
 * resolves again through the directory after a back-off (100 ms doubling to 5 s, with jitter).
 *
 *   const manifold = new Manifold();
 *   manifold.receiver('//127.0.0.1/inbox/ark3', {
 *     message: (message) => show(message.body),
 *     status: (status) => console.log(status.state, status.servedBy)   // connecting | live | reconnecting
 *   });
 *   const outbox = manifold.sender('//127.0.0.1/outbox/ark3');
 *   outbox.send({message_id: 'b1', body: ['ark3', 'woof', 'b1']}).then(() => console.log('accepted'));
 *
 * A receiver hands each message to handlers.message once: after a relink, a node may send again
 * what the page has seen (a manifold replays its history), so the receiver remembers the
 * message_ids of the last handlers.dedupe (default 1000) messages and drops repeats, as the Java
 * Receiver does. Messages without a message_id always go through.
 *
 * When the page's server requires a login (config.login), Manifold.login(config, askCredentials)
 * gets a short-lived token from POST /login once and then keeps it fresh; the manifold it returns
 * uses the token as its SASL PLAIN password on every connection (wss on an https page). A page
 * opens another page of the same site logged in with Manifold.handOver(url); the other page's
 * Manifold.login picks the login up from its URL.
 *
 * manifold.request('//127.0.0.1:5800/$management', {operation, type, name, body}) asks a service's
 * management node (AMQP request/response: a dynamic reply link, reply_to and correlation_id) and
 * resolves to {status, description, body}; it rejects when the service refuses the request (for
 * example amqp:unauthorized-access), with the service's reason.
 */
(function (global) {
  'use strict';

  const rhea = global.rheaUmd;
  const MAX_REDIRECTS = 5;
  const BACKOFF_INITIAL_MS = 100;
  const BACKOFF_CAP_MS = 5000;
  const DEFAULT_DEDUPE = 1000;
  const REQUEST_TIMEOUT_MS = 10000;

  /** {host, port, path} of //HOST[:PORT]/PATH. */
  function parseAddress(text) {
    const match = /^\/\/([^/:[\]]+|\[[^\]]+\])(?::(\d+))?(\/.*)$/.exec(text);
    if (!match) {
      throw new Error("invalid address '" + text + "': expected //HOST[:PORT]/PATH");
    }
    return {host: match[1], port: match[2] ? Number(match[2]) : 5672, path: match[3]};
  }

  /** {host, port, address} of an amqp:link:redirect error, or null. */
  function redirectOf(error) {
    if (!error || String(error.condition) !== 'amqp:link:redirect' || !error.info) {
      return null;
    }
    const info = error.info;
    return {host: String(info['network-host']), port: Number(info.port), address: String(info.address)};
  }

  const LOGIN_KEY = 'manifold-login';

  /**
   * POSTs {user, password} (a password, or a token still valid) to /login; resolves to the login
   * {user, token, expiresAt}, which it also keeps for this tab.
   */
  async function grant(user, password) {
    const response = await fetch('/login', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({user: user, password: password})
    });
    if (!response.ok) {
      throw new Error(response.status === 401 ? 'wrong user or password' : 'login failed: ' + response.status);
    }
    const granted = await response.json();
    const login = {user: granted.user, token: granted.token, expiresAt: Date.now() + granted.expiresIn * 1000};
    global.sessionStorage.setItem(LOGIN_KEY, JSON.stringify(login));
    return login;
  }

  /** The login handed over in this page's URL (#login=...), taken out of the URL, or null. */
  function takeHandedOver() {
    const handedOver = /^#login=(.+)$/.exec(global.location.hash);
    if (!handedOver) {
      return null;
    }
    global.history.replaceState(null, '', global.location.pathname + global.location.search);
    const login = JSON.parse(decodeURIComponent(handedOver[1]));
    global.sessionStorage.setItem(LOGIN_KEY, JSON.stringify(login));
    return login;
  }

  /** The last `capacity` message ids seen; add() says false for one seen already. */
  class RecentIds {
    constructor(capacity) {
      this.capacity = capacity;
      this.ids = new Set();
      this.order = [];
    }

    add(id) {
      if (id === undefined || id === null || this.capacity === 0) {
        return true;
      }
      const key = typeof id === 'object' ? JSON.stringify(id) : typeof id + ':' + id;
      if (this.ids.has(key)) {
        return false;
      }
      this.ids.add(key);
      this.order.push(key);
      if (this.order.length > this.capacity) {
        this.ids.delete(this.order.shift());
      }
      return true;
    }
  }

  /**
   * Why host:port could not be reached, as far as a page can tell: a browser hides why a WebSocket
   * failed, so say what a refusal of this page's origin would look like, when the host differs.
   */
  function unreachable(key) {
    const host = key.replace(/:\d+$/, '');
    return host === global.location.hostname ? 'cannot reach ' + key
      : 'cannot reach ' + key + ', or it refuses pages from ' + global.location.origin
        + ' (a service allows other origins with --allowed-origin)';
  }

  function describe(error) {
    return error ? error.condition + (error.description ? ': ' + error.description : '') : 'link closed';
  }

  class Manifold {
    constructor(options) {
      this.options = options || {};
      this.container = rhea.create_container({id: this.options.id || 'browser-' + Math.random().toString(36).slice(2)});
      this.webSocket = this.container.websocket_connect(global.WebSocket);
      this.connections = new Map();
      this.requesters = new Map();
    }

    /** Asks the management node at address (//HOST:PORT/$management); resolves to {status, description, body}. */
    request(address, request) {
      const {host, port} = parseAddress(address);
      const key = host + ':' + port;
      if (!this.requesters.has(key)) {
        this.requesters.set(key, new Requester(this, host, port));
      }
      return this.requesters.get(key).request(request);
    }

    /** A link receiving from address; handlers.message(message) for each, handlers.status(status) on changes. */
    receiver(address, handlers) {
      return new Link(this, true, address, handlers || {});
    }

    /** A link sending to address; send() returns a promise settled by the serving node's outcome. */
    sender(address, handlers) {
      return new Link(this, false, address, handlers || {});
    }

    /**
     * A manifold logged in per the page's /config.json: without config.login, anonymous; with it,
     * askCredentials() (resolving to {user, password}) is called until /login accepts, or a token
     * saved for this tab is used; the token is renewed at half its life. Resolves to the manifold,
     * whose options.username is who logged in.
     */
    static async login(config, askCredentials) {
      if (!config.login) {
        return new Manifold();
      }
      let login = takeHandedOver() || JSON.parse(global.sessionStorage.getItem(LOGIN_KEY) || 'null');
      if (login && login.expiresAt - Date.now() < 60000) {
        login = null;
      }
      while (!login) {
        const {user, password} = await askCredentials();
        try {
          login = await grant(user, password);
        } catch (error) {
          askCredentials.failed && askCredentials.failed(error.message);
        }
      }
      const manifold = new Manifold({username: login.user, password: login.token});
      const renewAtHalfLife = () => setTimeout(renew, Math.max(1000, (login.expiresAt - Date.now()) / 2));
      const renew = () => grant(login.user, login.token)
        .then((renewed) => {
          login = renewed;
          manifold.options.password = login.token;
        }, () => {}) // tried again below, while the token lasts
        .then(() => login.expiresAt > Date.now() && renewAtHalfLife());
      renewAtHalfLife();
      return manifold;
    }

    /**
     * url with this tab's login (as it is now: it is renewed) in its fragment, for a link to another
     * page of the same site; url itself when not logged in.
     */
    static handOver(url) {
      const login = global.sessionStorage.getItem(LOGIN_KEY);
      return login ? url + '#login=' + encodeURIComponent(login) : url;
    }

    /** The shared connection to host:port, opened on first use and again after it drops. */
    connection(host, port) {
      const key = host + ':' + port;
      let opened = this.connections.get(key);
      if (!opened) {
        opened = new Promise((resolve, reject) => {
          const scheme = global.location.protocol === 'https:' ? 'wss://' : 'ws://';
          const connection = this.container.connect({
            connection_details: this.webSocket(scheme + key + '/', ['amqp']),
            reconnect: false,
            idle_time_out: 60000,
            username: this.options.username,
            password: this.options.password
          });
          connection.on('connection_open', () => resolve(connection));
          connection.on('disconnected', () => {
            this.connections.delete(key);
            reject(new Error(unreachable(key)));
          });
          connection.on('connection_close', () => this.connections.delete(key));
        });
        this.connections.set(key, opened);
      }
      return opened;
    }
  }

  /** Requests to one service's management node, over the shared connection to it. */
  class Requester {
    constructor(manifold, host, port) {
      this.manifold = manifold;
      this.host = host;
      this.port = port;
      this.pending = new Map();
      this.sent = new Map();
      this.count = 0;
      this.links = null;
    }

    request({operation, type, name, body}) {
      return this.open().then((links) => new Promise((resolve, reject) => {
        const id = 'request-' + ++this.count;
        const timer = setTimeout(() => this.settle(id, null, new Error('no answer from ' + this.host + ':' + this.port
          + ' within ' + REQUEST_TIMEOUT_MS / 1000 + ' s')), REQUEST_TIMEOUT_MS);
        this.pending.set(id, {resolve, reject, timer});
        const properties = {operation, type};
        if (name !== undefined && name !== null) {
          properties.name = name;
        }
        const delivery = links.sender.send({message_id: id, reply_to: links.replyTo, application_properties: properties,
          body: body || {}});
        this.sent.set(delivery, id);
      }));
    }

    open() {
      if (!this.links) {
        this.links = this.manifold.connection(this.host, this.port).then((connection) => new Promise((resolve, reject) => {
          const receiver = connection.open_receiver({source: {dynamic: true}, credit_window: 100});
          receiver.on('message', (context) => {
            const properties = context.message.application_properties || {};
            this.settle(context.message.correlation_id, {status: Number(properties.statusCode),
              description: properties.statusDescription, body: context.message.body});
          });
          const sender = connection.open_sender({target: {address: '$management'}});
          sender.on('accepted', (context) => this.sent.delete(context.delivery));
          sender.on('rejected', (context) => {
            const error = context.delivery.remote_state && context.delivery.remote_state.error;
            this.settle(this.sent.get(context.delivery), null, new Error(describe(error)));
            this.sent.delete(context.delivery);
          });
          sender.on('sender_error', () => {});
          receiver.on('receiver_error', () => {});
          receiver.once('receiver_open', () => resolve({sender, replyTo: receiver.source.address}));
          receiver.once('receiver_close', () => reject(new Error(describe(receiver.remote.detach && receiver.remote.detach.error))));
          connection.once('disconnected', () => {
            this.links = null;
            for (const id of [...this.pending.keys()]) {
              this.settle(id, null, new Error('connection to ' + this.host + ':' + this.port + ' lost'));
            }
          });
        }));
        this.links.catch(() => { this.links = null; });
      }
      return this.links;
    }

    settle(id, response, error) {
      const pending = this.pending.get(id);
      if (pending) {
        this.pending.delete(id);
        clearTimeout(pending.timer);
        if (error) {
          pending.reject(error);
        } else {
          pending.resolve(response);
        }
      }
    }
  }

  class Link {
    constructor(manifold, receiving, address, handlers) {
      this.manifold = manifold;
      this.receiving = receiving;
      this.address = address;
      this.handlers = handlers;
      this.prefix = receiving ? 'receiver_' : 'sender_';
      this.link = null;
      this.closed = false;
      this.attempts = 0;
      this.waiting = [];
      this.inFlight = [];
      this.handled = new RecentIds(handlers.dedupe === undefined ? DEFAULT_DEDUPE : handlers.dedupe);
      this.report('connecting');
      this.resolve();
    }

    /** Sends message (a rhea message object); resolves when accepted, rejects when refused. */
    send(message) {
      return new Promise((resolve, reject) => {
        this.waiting.push({message, resolve, reject});
        this.flush();
      });
    }

    /** Stops the link for good. */
    close() {
      this.closed = true;
      if (this.link) {
        this.link.close();
      }
    }

    report(state, detail) {
      this.state = state;
      if (this.handlers.status) {
        this.handlers.status(Object.assign({state, address: this.address, servedBy: this.servedBy || null}, detail));
      }
    }

    async resolve() {
      let {host, port} = parseAddress(this.address);
      let linkAddress = this.address;
      for (let hop = 0; hop <= MAX_REDIRECTS && !this.closed; hop++) {
        let connection;
        try {
          connection = await this.manifold.connection(host, port);
        } catch (error) {
          return this.retry(error.message);
        }
        const outcome = await this.attach(connection, linkAddress);
        if (outcome.link) {
          return this.linked(outcome.link, connection, host + ':' + port);
        }
        if (!outcome.redirect) {
          return this.retry(outcome.error);
        }
        ({host, port, address: linkAddress} = outcome.redirect);
      }
      this.retry('more than ' + MAX_REDIRECTS + ' redirects for ' + this.address);
    }

    attach(connection, linkAddress) {
      return new Promise((resolve) => {
        const link = this.receiving
          ? connection.open_receiver({source: linkAddress, credit_window: this.handlers.credit || 100})
          : connection.open_sender({target: linkAddress});
        if (this.receiving) {
          // at once: messages may follow the attach in the same frame batch
          link.on('message', (context) => this.deliver(context));
        }
        const onLost = () => finish({error: 'connection lost'});
        const finish = (outcome) => {
          connection.removeListener('disconnected', onLost);
          resolve(outcome);
        };
        connection.on('disconnected', onLost);
        link.once(this.prefix + 'open', () => {
          const terminus = this.receiving ? link.source : link.target;
          if (terminus && terminus.address !== undefined) {
            finish({link}); // a refusal carries a null terminus (rhea: a typed null); its detach says why
          }
        });
        link.once(this.prefix + 'close', () => {
          const error = link.remote.detach && link.remote.detach.error;
          const redirect = redirectOf(error);
          finish(redirect ? {redirect} : {error: describe(error)});
        });
        link.on(this.prefix + 'error', () => {}); // the close handlers take it
      });
    }

    /** Hands a message to the handler unless it handled one with the same message_id lately. */
    deliver(context) {
      if (this.handled.add(context.message.message_id) && this.handlers.message) {
        this.handlers.message(context.message, context.delivery);
      }
    }

    linked(link, connection, servedBy) {
      if (this.closed) {
        link.close();
        return;
      }
      this.link = link;
      this.servedBy = servedBy;
      this.attempts = 0;
      const onDisconnected = () => lost('connection to ' + servedBy + ' lost');
      const lost = (why) => {
        connection.removeListener('disconnected', onDisconnected);
        this.lost(link, why);
      };
      connection.on('disconnected', onDisconnected);
      link.on(this.prefix + 'close', () => lost(describe(link.remote.detach && link.remote.detach.error)));
      if (!this.receiving) {
        link.on('sendable', () => this.flush());
        link.on('accepted', (context) => this.settled(context.delivery, null));
        link.on('rejected', (context) => this.settled(context.delivery,
            describe(context.delivery.remote_state && context.delivery.remote_state.error)));
        link.on('released', (context) => this.settled(context.delivery, 'released'));
      }
      this.report('live');
      this.flush();
    }

    flush() {
      while (this.link && !this.receiving && this.link.sendable() && this.waiting.length) {
        const pending = this.waiting.shift();
        pending.delivery = this.link.send(pending.message);
        this.inFlight.push(pending);
      }
    }

    settled(delivery, problem) {
      const index = this.inFlight.findIndex((pending) => pending.delivery === delivery);
      if (index >= 0) {
        const [pending] = this.inFlight.splice(index, 1);
        if (problem) {
          pending.reject(new Error(problem));
        } else {
          pending.resolve();
        }
      }
    }

    lost(link, why) {
      if (this.link !== link) {
        return;
      }
      this.link = null;
      this.servedBy = null;
      this.waiting = this.inFlight.concat(this.waiting); // never settled: send again, in order
      this.inFlight = [];
      this.retry(why);
    }

    retry(why) {
      if (this.closed) {
        return;
      }
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_INITIAL_MS * Math.pow(2, this.attempts++));
      const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
      this.report('reconnecting', {reason: why, retryInMs: delay});
      setTimeout(() => this.resolve(), delay);
    }
  }

  global.Manifold = Manifold;
  global.Manifold.parseAddress = parseAddress;
})(window);
