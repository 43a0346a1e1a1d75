// The four transports, each a thin adapter from one wire format (PROTOCOL.md §4–§6) to the
// Connection's callbacks. A transport object lives for one attempt: when it fails it reports once
// and is dropped; the Connection decides whether to retry it or fall back to the next.
//
// What a transport calls on its Connection (`conn`):
//   conn.opened(t)          the transport has proved itself (first answer from the hub)
//   conn.idle(t)            no channels to follow yet: nothing to ask the hub
//   conn.failed(t, reason)  it stopped working; called at most once
//   conn.subscribed(t, info), conn.message(t, envelope), conn.refused(t, hubError)
//   conn.count(t, {requests, bytes})   traffic figures for `hub.stats`

import { HubError } from './errors.js';
import { errorOf, fromHub, requestHeaders } from './http.js';

const textDecoder = () => new TextDecoder('utf-8');

class Transport {
  constructor(conn) {
    this.conn = conn;
    this.proven = false; // has the hub answered over this transport?
    this.stopped = false;
  }

  /** Starts the clock for the hub's first answer; a transport a proxy swallows fails on time. */
  expectAnswer() {
    if (this.proven || this.openTimer) return;
    const ms = this.conn.options.openTimeout;
    this.openTimer = setTimeout(() => this.fail(`no answer from the hub within ${ms} ms`), ms);
  }

  prove() {
    clearTimeout(this.openTimer);
    if (!this.proven && !this.stopped) {
      this.proven = true;
      this.conn.opened(this);
    }
  }

  /** No channels to follow yet: nothing to ask the hub, and publishing goes over HTTP meanwhile. */
  idle() {
    clearTimeout(this.openTimer);
    this.openTimer = null;
    this.conn.idle(this);
  }

  fail(reason) {
    if (this.stopped) return;
    clearTimeout(this.openTimer);
    this.stop();
    this.conn.failed(this, reason);
  }

  /** Query string for poll and SSE: channels, their places, and the auth token if any. */
  async query(extra = {}) {
    const params = new URLSearchParams();
    const channels = this.conn.channels();
    channels.forEach((c) => params.append('channel', c));
    this.conn.book.fromParams(channels).forEach((p) => params.append('from', p));
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return params.toString();
  }

  /** A non-2xx answer: reported when the hub itself refused, then thrown as this attempt's failure. */
  async refuse(response) {
    const error = await errorOf(response);
    if (fromHub(response)) this.conn.refused(this, error);
    throw error;
  }

  headers(accept) {
    return requestHeaders(this.conn.options, { Accept: accept });
  }

  publish() {
    return null; // one-way transports publish over HTTP (the Connection does it)
  }

  /** The Connection moved a channel's place back: ask again from there. */
  rewind() {
    this.channelsChanged(); // poll and SSE send every place with each request or stream
  }
}

/** Approximate bytes of the HTTP response head: status line, headers, blank line. */
function headBytes(response) {
  let n = 17; // "HTTP/1.1 200 OK\r\n"
  response.headers.forEach((value, name) => { n += name.length + value.length + 4; });
  return n + 2;
}

// ---------------------------------------------------------------------------------------------
// WebSocket: one socket, all channels, publishing in-band (PROTOCOL §6).

export class WebSocketTransport extends Transport {
  static id = 'websocket';

  async start() {
    const token = await this.conn.token();
    if (this.stopped) return;
    const url = new URL('ws', this.conn.base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('batch', '1');
    if (token) url.searchParams.set('token', token);
    this.pending = new Map(); // publish ref → {resolve, reject}
    this.nextRef = 1;
    this.subscribed = new Set(); // channels a subscribe frame was sent for
    this.lastFrameAt = Date.now();
    this.conn.count(this, { requests: 1 });
    this.expectAnswer();
    const ws = (this.ws = new WebSocket(url));
    ws.onopen = () => this.send({ type: 'ping', ref: 'open' }); // proven by the pong, not by the upgrade alone
    ws.onmessage = (e) => this.onFrame(e.data);
    ws.onerror = () => this.fail('websocket error');
    ws.onclose = (e) => this.fail(`websocket closed (${e.code}${e.reason ? ' ' + e.reason : ''})`);
    // Browsers answer the hub's ping control frames but don't show them; our own ping frames
    // catch a connection that died silently (a sleeping laptop, a dropped NAT entry).
    this.keepAlive = setInterval(() => {
      if (Date.now() - this.lastFrameAt > 2 * this.conn.options.pingInterval) this.fail('no answer to ping');
      else this.send({ type: 'ping', ref: 'alive' });
    }, this.conn.options.pingInterval);
  }

  send(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  onFrame(text) {
    this.lastFrameAt = Date.now();
    this.conn.count(this, { bytes: text.length + (text.length < 126 ? 2 : text.length < 65536 ? 4 : 10) });
    let f;
    try {
      f = JSON.parse(text);
    } catch (e) {
      return;
    }
    switch (f.type) {
      case 'message':
        this.conn.message(this, f);
        break;
      case 'batch':
        f.messages.forEach((m) => this.conn.message(this, m));
        break;
      case 'subscribed':
        this.conn.subscribed(this, f);
        break;
      case 'pong':
        if (f.ref === 'open') {
          this.prove();
          this.channelsChanged();
        }
        break;
      case 'ack':
        this.settle(f.ref, (p) => p.resolve({ channel: f.channel, id: f.id }));
        break;
      case 'error':
        if (f.ref !== undefined && this.pending.has(f.ref)) {
          this.settle(f.ref, (p) => p.reject(new HubError(f.code, f.message)));
        } else {
          this.conn.refused(this, new HubError(f.code, f.message));
        }
        break;
      default: // unsubscribed, and frame types added later
    }
  }

  settle(ref, how) {
    const p = this.pending.get(ref);
    if (p) {
      this.pending.delete(ref);
      how(p);
    }
  }

  /** Brings the socket's subscriptions in line with the channels the Connection wants. */
  channelsChanged() {
    if (!this.proven) return;
    const wanted = new Set(this.conn.channels());
    for (const channel of wanted) {
      if (this.subscribed.has(channel)) continue;
      const place = this.conn.book.get(channel);
      const frame = place ? { type: 'subscribe', channel, after: place.id, epoch: place.epoch } : { type: 'subscribe', channel };
      if (this.send(frame)) this.subscribed.add(channel);
    }
    for (const channel of this.subscribed) {
      if (!wanted.has(channel) && this.send({ type: 'unsubscribe', channel })) this.subscribed.delete(channel);
    }
  }

  rewind(channel) {
    if (this.subscribed.has(channel) && this.send({ type: 'unsubscribe', channel })) this.subscribed.delete(channel);
    this.channelsChanged();
  }

  publish(channel, event, data) {
    if (!this.proven || this.stopped) return null;
    const ref = this.nextRef++;
    return new Promise((resolve, reject) => {
      this.pending.set(ref, { resolve, reject });
      if (!this.send({ type: 'publish', ref, channel, event, data })) {
        this.pending.delete(ref);
        reject(new HubError('disconnected', 'the connection closed before the message was sent'));
      }
    });
  }

  stop() {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.openTimer);
    clearInterval(this.keepAlive);
    if (this.ws) {
      this.ws.onopen = this.ws.onmessage = this.ws.onerror = this.ws.onclose = null;
      if (this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000);
    }
    // At most once: the hub may or may not have taken these; the caller decides whether to retry.
    for (const p of this.pending?.values() || []) {
      p.reject(new HubError('disconnected', 'the connection closed before the hub acknowledged the message'));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Server-Sent Events, read with a streaming fetch rather than EventSource: EventSource cannot
// receive events whose names it was not told in advance (every message event is named), cannot
// send an Authorization header, and reconnects on its own schedule instead of ours.

export class SseTransport extends Transport {
  static id = 'sse';

  start() {
    this.openStream();
  }

  channelsChanged() {
    // Several subscribe() calls in a row become one new stream.
    clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(() => this.openStream(), 10);
  }

  async openStream() {
    if (this.stopped) return;
    if (this.abort) this.abort.abort();
    clearTimeout(this.idleTimer);
    if (this.conn.channels().length === 0) {
      this.idle();
      return;
    }
    this.expectAnswer(); // the `subscribed` events must arrive: a buffering proxy holds them back
    const abort = (this.abort = new AbortController());
    try {
      const url = new URL('api/events?' + (await this.query()), this.conn.base);
      const init = { headers: await this.headers('text/event-stream'), cache: 'no-store', signal: abort.signal };
      this.conn.count(this, { requests: 1 });
      const response = await fetch(url, init);
      if (!response.ok) await this.refuse(response);
      this.conn.count(this, { bytes: headBytes(response) });
      await this.read(response.body.getReader(), abort);
      if (!abort.signal.aborted) this.fail('the stream ended');
    } catch (e) {
      if (!abort.signal.aborted) this.fail(e.message || String(e));
    }
  }

  async read(reader, abort) {
    const decoder = textDecoder();
    let buffer = '';
    let event = { name: '', data: [] };
    this.touch(abort);
    for (;;) {
      const { value, done } = await reader.read();
      if (done || abort.signal.aborted) return;
      this.touch(abort);
      this.conn.count(this, { bytes: value.byteLength });
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (event.data.length) this.dispatch(event.name || 'message', event.data.join('\n'));
          event = { name: '', data: [] };
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
          if (field === 'event') event.name = value;
          else if (field === 'data') event.data.push(value);
        }
      }
    }
  }

  /** A stream that sends nothing, not even the hub's keep-alive comment, for too long is dead. */
  touch(abort) {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.abort === abort) this.fail('the stream went silent');
    }, this.conn.options.sseIdleTimeout);
  }

  dispatch(name, data) {
    let payload;
    try {
      payload = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (name === 'subscribed') {
      this.prove();
      this.conn.subscribed(this, payload);
    } else {
      this.conn.message(this, payload);
    }
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.openTimer);
    clearTimeout(this.reopenTimer);
    clearTimeout(this.idleTimer);
    if (this.abort) this.abort.abort();
  }
}

// ---------------------------------------------------------------------------------------------
// Polling: long (`wait` > 0, answered when there is news) and short (a fixed interval).

export class PollTransport extends Transport {
  constructor(conn, long) {
    super(conn);
    this.long = long;
  }

  start() {
    this.seen = new Set(); // channels reported at least once in this session
    this.poll(true);
  }

  rewind() {
    this.cursor = null; // the cursor would win over the earlier place (`from`)
    this.channelsChanged();
  }

  channelsChanged() {
    // The cursor would still hold the place of a channel dropped and followed again, which must
    // restart from now; the places (`from`) of the others carry on without it.
    const wanted = new Set(this.conn.channels());
    if ([...this.seen].some((c) => !wanted.has(c))) this.cursor = null;
    // Re-ask at once with the new channel list; a held long poll would otherwise answer late.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(true), 10);
  }

  async poll(promptly) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    if (this.abort) this.abort.abort();
    if (this.conn.channels().length === 0) {
      this.idle();
      return;
    }
    this.expectAnswer();
    // The first poll of a session answers at once (wait=0), which places new channels and proves
    // the transport without holding a request.
    const wait = this.long && !promptly ? this.conn.options.longPollWait : 0;
    const abort = (this.abort = new AbortController());
    let more = false;
    try {
      const url = new URL('api/poll?' + (await this.query(this.cursor ? { wait, cursor: this.cursor } : { wait })), this.conn.base);
      this.conn.count(this, { requests: 1 });
      const response = await fetch(url, { headers: await this.headers('application/json'), cache: 'no-store', signal: abort.signal });
      if (!response.ok) await this.refuse(response);
      const bytes = await response.arrayBuffer();
      if (abort.signal.aborted) return;
      this.conn.count(this, { bytes: headBytes(response) + bytes.byteLength });
      const answer = JSON.parse(textDecoder().decode(bytes));
      this.prove();
      const wanted = new Set(this.conn.channels());
      for (const channel of this.seen) if (!wanted.has(channel)) this.seen.delete(channel);
      for (const [channel, state] of Object.entries(answer.channels)) {
        // Each answer repeats every channel's state; only news is reported upwards.
        if (!this.seen.has(channel) || !state.recovered) this.conn.subscribed(this, { channel, ...state });
        this.seen.add(channel);
      }
      answer.messages.forEach((m) => this.conn.message(this, m));
      this.cursor = answer.cursor;
      more = answer.more;
    } catch (e) {
      if (!abort.signal.aborted) this.fail(e.message || String(e));
      return;
    }
    if (this.stopped || this.abort !== abort) return;
    if (this.long || more) this.poll(more);
    else this.timer = setTimeout(() => this.poll(false), this.conn.options.pollInterval);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.openTimer);
    clearTimeout(this.timer);
    if (this.abort) this.abort.abort();
  }
}

export class LongPollTransport extends PollTransport {
  static id = 'longpoll';

  constructor(conn) {
    super(conn, true);
  }
}

export class ShortPollTransport extends PollTransport {
  static id = 'shortpoll';

  constructor(conn) {
    super(conn, false);
  }
}

export const TRANSPORTS = Object.fromEntries(
  [WebSocketTransport, SseTransport, LongPollTransport, ShortPollTransport].map((t) => [t.id, t]));
