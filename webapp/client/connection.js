// One live link to the hub: picks a transport from the preference order, falls back when one is
// blocked, reconnects with exponential backoff and jitter, and resumes every channel from its
// place. Transports come and go; the channels wanted and the places reached stay here.

import { TRANSPORTS } from './transports.js';
import { errorOf, fromHub, requestHeaders } from './http.js';
import { PlaceBook } from './places.js';
import { HubError } from './errors.js';

export class Connection {
  /**
   * @param options normalised client options (see realtime-hub.js)
   * @param sink {state(s), subscribed(info), message(envelope, epoch), error(hubError)}
   */
  constructor(options, sink) {
    this.options = options;
    this.base = options.url;
    this.sink = sink;
    this.order = options.transports.map((name) => TRANSPORTS[name]);
    this.index = 0;
    this.wanted = new Set();
    this.book = new PlaceBook();
    this.failures = 0; // consecutive failed attempts, for the backoff
    this.everOpen = false;
    this.worked = new Set(); // transports that have answered in this connection
    this.current = null;
    this.state = null;
    this.stats = { transport: null, requests: 0, bytes: 0, messages: 0, reconnects: 0, fallbacks: 0, upgrades: 0, since: Date.now() };
  }

  start() {
    if (this.started || this.closed) return;
    this.started = true;
    this.attempt();
  }

  channels() {
    return [...this.wanted];
  }

  async token() {
    return this.options.token ? await this.options.token() : null;
  }

  /**
   * Follows a channel; `place` ({epoch, id}) resumes it, null starts from now. A channel already
   * followed is rewound when the place is earlier than ours (another client sharing this
   * connection asks for history): the replay reaches everyone, and each drops what it has.
   */
  want(channel, place) {
    if (this.wanted.has(channel)) {
      const have = this.book.get(channel);
      if (place && have && place.epoch === have.epoch && place.id < have.id) {
        this.book.set(channel, place);
        if (this.current) this.current.rewind(channel);
      }
      return;
    }
    this.wanted.add(channel);
    if (place) this.book.set(channel, place);
    if (this.current) this.current.channelsChanged();
  }

  drop(channel) {
    if (!this.wanted.delete(channel)) return;
    this.book.forget(channel); // following it again later starts from now
    if (this.current) this.current.channelsChanged();
  }

  attempt() {
    if (this.closed) return;
    const Transport = this.order[this.index];
    const transport = (this.current = new Transport(this));
    this.stats.transport = Transport.id;
    this.setState(this.everOpen ? 'reconnecting' : 'connecting');
    transport.start();
  }

  // --- called by the current transport ---------------------------------------------------------

  opened(t) {
    if (t !== this.current) return;
    if (this.everOpen) this.stats.reconnects++;
    this.everOpen = true;
    this.worked.add(t.constructor);
    this.failures = 0;
    this.strikes = 0;
    this.setState('open');
    this.scheduleUpgrade();
  }

  idle(t) {
    if (t === this.current) this.setState('open');
  }

  failed(t, reason) {
    if (t !== this.current || this.closed) return;
    this.current = null;
    // A transport that worked and then broke is reconnected as it was: the hub or the network
    // went away. One that never answered may be blocked on the way (a proxy refusing WebSocket
    // upgrades or buffering streams): if plain HTTP reaches the hub, fall back to the next.
    if (t.proven || t.refusedByHub || this.index === this.order.length - 1) {
      this.retryLater(reason);
      return;
    }
    this.setState(this.everOpen ? 'reconnecting' : 'connecting', { reason });
    const Failed = t.constructor;
    this.hubAnswersHttp().then((reachable) => {
      if (this.closed || this.current) return;
      // One that worked before in this connection gets a second chance: the hub may just have
      // been half-way through starting when it was tried.
      const strikes = reachable ? (this.strikes = (this.strikes || 0) + 1) : (this.strikes = 0);
      if (reachable && (strikes >= 2 || !this.worked.has(Failed))) {
        this.strikes = 0;
        this.index++;
        this.stats.fallbacks++;
        this.sink.fallback?.({ from: t.constructor.id, to: this.order[this.index].id, reason });
        this.attempt();
      } else {
        this.retryLater(reason);
      }
    });
  }

  subscribed(t, info) {
    if (t !== this.current || !this.wanted.has(info.channel)) return;
    this.book.subscribed(info);
    this.sink.subscribed(info);
  }

  message(t, m) {
    if (t !== this.current || !this.wanted.has(m.channel)) return;
    const place = this.book.get(m.channel);
    const epoch = place ? place.epoch : null;
    if (!this.book.accept(m.channel, m.id, epoch)) return; // a resume's replay overlapping what we had
    this.stats.messages++;
    this.sink.message(m, epoch);
  }

  /** The hub itself refused the request (a 4xx with its JSON error): reachable, so not blocked either. */
  refused(t, error) {
    if (t !== this.current) return;
    t.refusedByHub = true;
    this.sink.error(error);
  }

  count(t, { requests = 0, bytes = 0 }) {
    this.stats.requests += requests;
    this.stats.bytes += bytes;
  }

  // ---------------------------------------------------------------------------------------------

  retryLater(reason) {
    const { initialDelay, maxDelay } = this.options.reconnect;
    const ceiling = Math.min(maxDelay, initialDelay * 2 ** Math.min(this.failures++, 30));
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2); // jitter: clients don't return in step
    this.setState('reconnecting', { reason, delay });
    this.retryTimer = setTimeout(() => this.attempt(), delay);
  }

  /**
   * After a fallback, looks now and then whether a preferred transport gets through again (the
   * proxy was fixed, the client moved to another network). If one answers, the connection
   * switches to it and resumes there from its places.
   */
  scheduleUpgrade() {
    clearTimeout(this.upgradeTimer);
    if (this.index === 0 || !this.options.upgradeInterval) return;
    this.upgradeTimer = setTimeout(async () => {
      for (let better = 0; better < this.index; better++) {
        if (this.closed || this.state !== 'open') return;
        if (await this.answers(this.order[better])) {
          if (this.closed || this.state !== 'open' || !this.current) return;
          const from = this.current.constructor.id;
          this.current.stop();
          this.current = null;
          this.index = better;
          this.stats.upgrades++;
          this.sink.upgrade?.({ from, to: this.order[better].id });
          this.attempt();
          return;
        }
      }
      this.scheduleUpgrade();
    }, this.options.upgradeInterval);
  }

  /** Tries a transport on the side, with no effect on this connection: does the hub answer over it? */
  answers(Transport) {
    return new Promise((resolve) => {
      const probe = {
        options: this.options,
        base: this.base,
        book: new PlaceBook(),
        channels: () => [this.channels()[0] || 'realtime.probe'],
        token: () => this.token(),
        opened: (t) => { t.stop(); resolve(true); },
        failed: () => resolve(false),
        idle: () => {}, subscribed: () => {}, message: () => {}, refused: () => {},
        count: (t, c) => this.count(t, c),
      };
      new Transport(probe).start();
    });
  }

  /** Does the hub itself answer a plain HTTP request (a JSON body, not a proxy's error page)? */
  async hubAnswersHttp() {
    const channel = this.channels()[0] || 'realtime.probe';
    try {
      this.stats.requests++;
      const r = await fetch(new URL(`api/poll?channel=${encodeURIComponent(channel)}&wait=0`, this.base),
        { cache: 'no-store', headers: await requestHeaders(this.options, { Accept: 'application/json' }) });
      return fromHub(r) && r.status < 500;
    } catch (e) {
      return false;
    }
  }

  /** Over the WebSocket when it is up (acknowledged in-band), otherwise an HTTP POST. */
  async publish(channel, event, data) {
    const inBand = this.current && this.current.publish(channel, event, data);
    if (inBand) return inBand;
    const headers = await requestHeaders(this.options, { 'Content-Type': 'application/json', Accept: 'application/json' });
    let response;
    try {
      this.stats.requests++;
      response = await fetch(new URL(`api/channels/${encodeURIComponent(channel)}/messages`, this.base), {
        method: 'POST', headers, body: JSON.stringify({ event, data }),
      });
    } catch (e) {
      throw new HubError('unavailable', `the hub cannot be reached: ${e.message}`);
    }
    if (response.status !== 201) throw await errorOf(response);
    const envelope = await response.json();
    return { channel: envelope.channel, id: envelope.id, time: envelope.time };
  }

  setState(state, detail = {}) {
    if (state === this.state && !detail.reason) return;
    this.state = state;
    this.sink.state({ state, transport: this.current ? this.current.constructor.id : this.stats.transport, ...detail });
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.upgradeTimer);
    if (this.current) this.current.stop();
    this.current = null;
    this.setState('closed');
  }
}
