// Realtime Hub browser client: one API over WebSocket, Server-Sent Events, long polling and short
// polling, with fallback, reconnection, lossless resume and one connection per browser.
// A plain ES module; no build step:
//
//   import { connect } from '/client/realtime-hub.js';
//   const hub = connect();                                    // the hub that served this file
//   const sub = hub.subscribe('prices', (m) => show(m.data)); // m is the envelope: channel, id, event, data, time
//   await hub.publish('chat.lobby', { text: 'hi' }, { event: 'chat' });
//   hub.on('unrecovered', (e) => reload(e.channel));          // the hub said recovered:false
//   sub.unsubscribe(); hub.close();
//
// The options, events and guarantees are described in README.md ("Browser client").

import { PlaceBook } from './places.js';
import { HubError } from './errors.js';
import { errorOf, requestHeaders } from './http.js';
import { DirectLink, SharedLink, canShare } from './sharing.js';

export { HubError };

export const TRANSPORT_NAMES = ['websocket', 'sse', 'longpoll', 'shortpoll'];

const CHANNEL = /^[A-Za-z0-9._:-]{1,128}$/;
const EVENT = /^[A-Za-z0-9._:-]{1,64}$/;
const EVENTS = ['state', 'subscribed', 'unrecovered', 'gap', 'error', 'fallback', 'upgrade'];

const DEFAULTS = {
  url: new URL('../', import.meta.url).href, // the module lives in <hub>/client/
  transports: TRANSPORT_NAMES,
  share: true,
  token: null,
  longPollWait: 25, // seconds a long poll may be held (the hub caps it at realtime.longpoll.max-wait)
  pollInterval: 2000, // ms between short polls
  openTimeout: 5000, // ms a transport has to get its first answer before it counts as blocked
  pingInterval: 25000, // ms between WebSocket ping frames (silence for two intervals: reconnect)
  sseIdleTimeout: 45000, // ms without a byte (the hub's keep-alive comes every 15 s) before an SSE stream counts as dead
  reconnect: { initialDelay: 500, maxDelay: 15000 },
  upgradeInterval: 60000, // ms between looks for a preferred transport after a fallback (0: never)
};

export function connect(options = {}) {
  return new Hub(options);
}

export class Hub {
  constructor(options = {}) {
    this.options = normalise(options);
    this.handlers = new Map(); // channel → Set of handlers
    this.book = new PlaceBook(); // this client's own places: duplicates and gaps are judged per client
    this.listeners = new Map(EVENTS.map((e) => [e, new Set()]));
    this.state = 'connecting';
    this.transport = null;
    this.link = this.options.share && canShare() ? new SharedLink(this) : new DirectLink(this);
  }

  /** 'leader' (holds the browser's connection), 'follower' (uses another client's) or 'direct'. */
  get role() {
    return this.link.role;
  }

  /** Traffic of this client's own connection: {transport, requests, bytes, messages, reconnects, fallbacks, upgrades, since}. */
  get stats() {
    return this.link.stats();
  }

  /**
   * Calls `handler(envelope)` for each message of `channel`, from now on, or after `options.resume`
   * ({epoch, id}, e.g. kept from an earlier page) when given. Returns {channel, unsubscribe()}.
   */
  subscribe(channel, handler, { resume = null } = {}) {
    requireChannel(channel);
    if (typeof handler !== 'function') throw new TypeError('subscribe(channel, handler): handler must be a function');
    this.open();
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      this.handlers.set(channel, (handlers = new Set()));
      if (resume) this.book.set(channel, resume);
      this.link.want(channel, resume);
    }
    handlers.add(handler);
    return { channel, unsubscribe: () => this.unsubscribe(channel, handler) };
  }

  /** Removes one handler, or all of the channel's handlers when none is named. */
  unsubscribe(channel, handler) {
    const handlers = this.handlers.get(channel);
    if (!handlers) return;
    if (handler) handlers.delete(handler);
    else handlers.clear();
    if (handlers.size === 0) {
      this.handlers.delete(channel);
      this.book.forget(channel);
      if (!this.closed) this.link.drop(channel);
    }
  }

  /** Your place in a channel, {epoch, id}: store it to resume there later (subscribe's `resume`). */
  place(channel) {
    return this.book.get(channel);
  }

  /**
   * Publishes `data` (any JSON value) to `channel`. Resolves to {channel, id} once the hub has
   * accepted it; rejects with a HubError (`code` as in the protocol, e.g. too_large, rate_limited,
   * or `disconnected` when the connection dropped before the hub acknowledged it: it may or may not
   * have been accepted, so nothing is retried behind your back).
   */
  async publish(channel, data, { event } = {}) {
    requireChannel(channel);
    if (event !== undefined && event !== null && !EVENT.test(event)) throw new TypeError(`event names are 1-64 characters from [A-Za-z0-9._:-]; got ${JSON.stringify(event)}`);
    this.open();
    return this.link.publish(channel, event ?? undefined, data === undefined ? null : data);
  }

  /** The channel's state over HTTP: {channel, epoch, firstRetained, lastId, last} (`last` is the newest envelope or null). */
  async channelState(channel) {
    requireChannel(channel);
    const headers = await requestHeaders(this.options, { Accept: 'application/json' });
    const response = await fetch(new URL(`api/channels/${channel}`, this.options.url), { headers, cache: 'no-store' });
    if (!response.ok) throw await errorOf(response);
    return response.json();
  }

  /**
   * Events: 'state' {state: connecting|open|reconnecting|closed, transport, role, reason?, delay?},
   * 'subscribed' {channel, epoch, recovered, lastId, firstRetained?}, 'unrecovered' (the same, when
   * recovered is false: messages may be missing, reload the state), 'gap' {channel, epoch, from, to},
   * 'fallback' {from, to, reason}, 'upgrade' {from, to}, 'error' (a HubError the hub sent that belongs to no call).
   * Returns a function that removes the listener.
   */
  on(type, listener) {
    const set = this.listeners.get(type);
    if (!set) throw new TypeError(`unknown event ${JSON.stringify(type)}; one of ${EVENTS.join(', ')}`);
    set.add(listener);
    return () => set.delete(listener);
  }

  off(type, listener) {
    this.listeners.get(type)?.delete(listener);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.link.close();
    this.handlers.clear();
    if (this.state !== 'closed') this._state({ state: 'closed', transport: this.transport, role: this.role });
  }

  open() {
    if (this.closed) throw new HubError('closed', 'this client was closed; connect() a new one');
  }

  // --- from the link ----------------------------------------------------------------------------

  _state(s) {
    if (this.closed && s.state !== 'closed') return;
    this.state = s.state;
    this.transport = s.transport;
    this._emit('state', s);
  }

  _subscribed(info) {
    if (!this.handlers.has(info.channel)) return;
    this.book.subscribed(info);
    this._emit('subscribed', info);
    if (!info.recovered) this._emit('unrecovered', info);
  }

  _message(m, epoch) {
    const handlers = this.handlers.get(m.channel);
    if (!handlers) return;
    const outcome = this.book.accept(m.channel, m.id, epoch);
    if (!outcome) return;
    if (outcome.gap) this._emit('gap', outcome.gap);
    for (const handler of [...handlers]) {
      try {
        handler(m);
      } catch (e) {
        console.error(`realtime-hub: a handler of ${m.channel} threw`, e); // one bad handler must not stop the others
      }
    }
  }

  _error(e) {
    this._emit('error', e);
  }

  _emit(type, value) {
    for (const listener of [...this.listeners.get(type)]) {
      try {
        listener(value);
      } catch (e) {
        console.error(`realtime-hub: a '${type}' listener threw`, e);
      }
    }
  }
}

function requireChannel(channel) {
  if (!CHANNEL.test(channel)) throw new TypeError(`channel names are 1-128 characters from [A-Za-z0-9._:-]; got ${JSON.stringify(channel)}`);
}

function normalise(options) {
  const o = { ...DEFAULTS, ...options, reconnect: { ...DEFAULTS.reconnect, ...(options.reconnect || {}) } };
  o.url = new URL(o.url, location.href).href;
  if (!o.url.endsWith('/')) o.url += '/';
  if (typeof o.transports === 'string') o.transports = [o.transports];
  if (!Array.isArray(o.transports) || o.transports.length === 0) throw new TypeError('transports: name at least one');
  for (const t of o.transports) {
    if (!TRANSPORT_NAMES.includes(t)) throw new TypeError(`unknown transport ${JSON.stringify(t)}; one of ${TRANSPORT_NAMES.join(', ')}`);
  }
  if (o.token !== null && typeof o.token !== 'function') throw new TypeError('token must be a function returning a token (or a promise of one)');
  return o;
}
