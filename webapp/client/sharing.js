// One hub connection per browser: every client of the same origin, hub and transport order (in
// any tab, or several in one page) asks for the same Web Lock. The holder is the leader: it owns
// the Connection, follows the union of everyone's channels and relays what arrives over a
// BroadcastChannel. When the leader goes (tab closed, hub.close()), the browser hands the lock to
// the next waiting client, which connects and resumes from the places it already holds.
//
// Bus messages (structured-cloned objects, `t` is the type):
//   follower → leader   want {from, channels: [[channel, place|null]]}   (also every few seconds: "still here")
//                       bye {from}, pub {from, ref, channel, event, data}
//   leader → all        leader {id}, leaving, state {s}, subscribed {info}, msg {m, epoch}, error {code, message}
//                       puback {to, ref, result}, puberr {to, ref, code, message, status}

import { Connection } from './connection.js';
import { HubError } from './errors.js';

const HEARTBEAT_MS = 5000;
const FOLLOWER_SILENCE_MS = 4 * HEARTBEAT_MS; // a tab that crashed stops saying "still here"
const PUBLISH_TIMEOUT_MS = 10000;
const TAKEOVER_GRACE_MS = 100; // lets followers name their channels before the new leader connects

export function canShare() {
  return typeof BroadcastChannel === 'function' && !!(globalThis.navigator && navigator.locks);
}

/** The link of a client that has its own connection (sharing off or impossible). */
export class DirectLink {
  constructor(hub) {
    this.role = 'direct';
    this.conn = new Connection(hub.options, hubSink(hub, 'direct'));
    queueMicrotask(() => this.conn.start()); // subscribe() calls right after connect() join the first attempt
  }

  want(channel, place) {
    this.conn.want(channel, place);
  }

  drop(channel) {
    this.conn.drop(channel);
  }

  publish(channel, event, data) {
    return this.conn.publish(channel, event, data);
  }

  stats() {
    return this.conn.stats;
  }

  close() {
    this.conn.close();
  }
}

export class SharedLink {
  constructor(hub) {
    this.hub = hub;
    this.id = Math.random().toString(36).slice(2) + Date.now().toString(36);
    this.role = 'follower';
    this.own = new Map(); // this client's channels → the place it asked to resume from
    this.publishes = new Map(); // ref → {resolve, reject, timer}
    this.nextRef = 1;
    this.othersSeen = false;
    const key = `realtime-hub ${hub.options.url} ${hub.options.transports.join(',')}`;
    this.bus = new BroadcastChannel(key);
    this.bus.onmessage = (e) => this.onBus(e.data);
    this.lockAbort = new AbortController();
    navigator.locks.request(key, { signal: this.lockAbort.signal }, () => this.lead()).catch(() => {
      // aborted: this client closed while still waiting for its turn
    });
    this.hub._state({ state: 'connecting', transport: null, role: this.role });
    this.announce();
    this.heartbeat = setInterval(() => (this.role === 'leader' ? this.forgetSilentFollowers() : this.announce()),
      HEARTBEAT_MS);
    this.onPageHide = () => this.role === 'follower' && this.post({ t: 'bye', from: this.id });
    addEventListener('pagehide', this.onPageHide);
  }

  want(channel, place) {
    this.own.set(channel, place);
    if (this.role === 'leader') this.conn.want(channel, place);
    else this.announce();
  }

  drop(channel) {
    this.own.delete(channel);
    if (this.role === 'leader') this.followUnion();
    else this.announce();
  }

  publish(channel, event, data) {
    if (this.role === 'leader') return this.conn.publish(channel, event, data);
    const ref = this.nextRef++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.publishes.delete(ref);
        reject(new HubError('timeout', 'no answer from the tab that holds the hub connection'));
      }, PUBLISH_TIMEOUT_MS);
      this.publishes.set(ref, { resolve, reject, timer });
      this.post({ t: 'pub', from: this.id, ref, channel, event, data });
    });
  }

  stats() {
    return this.role === 'leader' ? this.conn.stats : null;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    removeEventListener('pagehide', this.onPageHide);
    if (this.role === 'leader') {
      this.conn.close();
      this.post({ t: 'leaving' });
      this.releaseLock();
    } else {
      this.post({ t: 'bye', from: this.id });
      this.lockAbort.abort();
    }
    for (const p of this.publishes.values()) {
      clearTimeout(p.timer);
      p.reject(new HubError('disconnected', 'the client was closed'));
    }
    this.bus.close();
  }

  // --- leader -----------------------------------------------------------------------------------

  /** Runs while this client holds the lock; the returned promise ends the leadership. */
  lead() {
    if (this.closed) return Promise.resolve();
    return new Promise((release) => {
      this.releaseLock = release;
      this.role = 'leader';
      this.followers = new Map(); // follower id → {channels: Map<channel, place>, heard}
      this.conn = new Connection(this.hub.options, {
        ...hubSink(this.hub, 'leader'),
        state: (s) => {
          this.hub._state({ ...s, role: 'leader' });
          if (s.state === 'closed') return; // followers hear 'leaving' instead: another client takes over
          this.lastState = s;
          this.post({ t: 'state', s });
        },
        subscribed: (info) => {
          this.hub._subscribed(info);
          this.post({ t: 'subscribed', info });
        },
        message: (m, epoch) => {
          this.hub._message(m, epoch);
          this.post({ t: 'msg', m, epoch });
        },
        error: (e) => {
          this.hub._error(e);
          this.post({ t: 'error', code: e.code, message: e.message });
        },
      });
      this.followUnion();
      this.post({ t: 'leader', id: this.id });
      setTimeout(() => this.conn.start(), this.othersSeen ? TAKEOVER_GRACE_MS : 0);
    });
  }

  /** Makes the connection follow exactly the channels some client here still wants. */
  followUnion() {
    const union = new Map();
    const add = (channel, place) => {
      // Where clients differ, resume from the earliest place: each client drops what it already has.
      const known = union.get(channel);
      if (!union.has(channel) || (place && known && place.epoch === known.epoch && place.id < known.id)) {
        union.set(channel, place);
      }
    };
    for (const [channel, asked] of this.own) add(channel, this.hub.book.get(channel) || asked);
    for (const f of this.followers.values()) for (const [channel, place] of f.channels) add(channel, place);
    for (const [channel, place] of union) if (!this.conn.wanted.has(channel)) this.conn.want(channel, place);
    for (const channel of this.conn.channels()) if (!union.has(channel)) this.conn.drop(channel);
  }

  forgetSilentFollowers() {
    const now = Date.now();
    let changed = false;
    for (const [id, f] of this.followers) {
      if (now - f.heard > FOLLOWER_SILENCE_MS) changed = this.followers.delete(id) || changed;
    }
    if (changed) this.followUnion();
  }

  async relayPublish({ from, ref, channel, event, data }) {
    try {
      const result = await this.conn.publish(channel, event, data);
      this.post({ t: 'puback', to: from, ref, result });
    } catch (e) {
      this.post({ t: 'puberr', to: from, ref, code: e.code || 'unavailable', message: e.message, status: e.status });
    }
  }

  // --- both -------------------------------------------------------------------------------------

  announce() {
    if (this.closed) return;
    const channels = [...this.own].map(([channel, asked]) => [channel, this.hub.book.get(channel) || asked || null]);
    this.post({ t: 'want', from: this.id, channels });
  }

  post(message) {
    if (!this.closed || message.t === 'bye' || message.t === 'leaving') this.bus.postMessage(message);
  }

  onBus(msg) {
    this.othersSeen = true;
    if (this.role === 'leader') {
      if (msg.t === 'want') {
        const before = this.followers.get(msg.from);
        const channels = new Map(msg.channels);
        this.followers.set(msg.from, { channels, heard: Date.now() });
        // Only a channel new to this follower may carry a place to resume from; the places in its
        // periodic "still here" trail ours by what is in flight and must not rewind anything.
        for (const [channel, place] of channels) {
          if (!before || !before.channels.has(channel)) this.conn.want(channel, place);
        }
        this.followUnion();
        const isNew = !before;
        if (isNew && this.lastState) this.post({ t: 'state', s: this.lastState });
      } else if (msg.t === 'bye') {
        if (this.followers.delete(msg.from)) this.followUnion();
      } else if (msg.t === 'pub') {
        this.relayPublish(msg);
      }
      return;
    }
    switch (msg.t) {
      case 'leader':
        this.announce();
        break;
      case 'leaving':
        this.hub._state({ state: 'reconnecting', transport: null, role: 'follower', reason: 'the leading tab closed' });
        break;
      case 'state':
        this.hub._state({ ...msg.s, role: 'follower' });
        break;
      case 'subscribed':
        this.hub._subscribed(msg.info);
        break;
      case 'msg':
        this.hub._message(msg.m, msg.epoch);
        break;
      case 'error':
        this.hub._error(new HubError(msg.code, msg.message));
        break;
      case 'puback':
      case 'puberr': {
        const p = msg.to === this.id && this.publishes.get(msg.ref);
        if (!p) break;
        this.publishes.delete(msg.ref);
        clearTimeout(p.timer);
        if (msg.t === 'puback') p.resolve(msg.result);
        else p.reject(new HubError(msg.code, msg.message, msg.status));
        break;
      }
      default:
    }
  }
}

function hubSink(hub, role) {
  return {
    state: (s) => hub._state({ ...s, role }),
    subscribed: (info) => hub._subscribed(info),
    message: (m, epoch) => hub._message(m, epoch),
    error: (e) => hub._error(e),
    fallback: (f) => hub._emit('fallback', f),
    upgrade: (u) => hub._emit('upgrade', u),
  };
}
