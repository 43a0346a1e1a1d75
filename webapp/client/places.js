// A client's place in each channel, `(epoch, id)`: "I have everything up to `id` of `epoch`"
// (PROTOCOL.md §2, §6). The same book drops duplicates and spots gaps on every transport.

export class PlaceBook {
  constructor() {
    this.places = new Map(); // channel → {epoch, id}
  }

  get(channel) {
    return this.places.get(channel) || null;
  }

  set(channel, place) {
    if (place) this.places.set(channel, { epoch: place.epoch, id: place.id });
  }

  forget(channel) {
    this.places.delete(channel);
  }

  /** Applies a `subscribed` outcome (SSE/WebSocket `subscribed`, or a poll `channels` entry). */
  subscribed(info) {
    const old = this.places.get(info.channel);
    const sameEpoch = old && old.epoch === info.epoch;
    let id;
    if (info.recovered) {
      id = sameEpoch ? old.id : info.lastId;
    } else if (sameEpoch && old.id > info.lastId) {
      id = info.lastId; // we were ahead of the hub: only live messages follow (PROTOCOL §2, last row)
    } else {
      id = info.firstRetained - 1; // the replay starts at firstRetained
    }
    this.places.set(info.channel, { epoch: info.epoch, id });
  }

  /**
   * Accounts for a message of `epoch`. Returns null for a duplicate (already had it), otherwise
   * `{gap}` where gap is null or `{channel, epoch, from, to}`: the ids that never arrived.
   */
  accept(channel, id, epoch) {
    const place = this.places.get(channel);
    if (!place || place.epoch !== epoch) {
      this.places.set(channel, { epoch, id });
      return { gap: null };
    }
    if (id <= place.id) return null;
    const gap = id > place.id + 1 ? { channel, epoch, from: place.id + 1, to: id - 1 } : null;
    place.id = id;
    return { gap };
  }

  /** `from=<channel>~<epoch>~<id>` query values for the channels given (poll and SSE). */
  fromParams(channels) {
    const params = [];
    for (const channel of channels) {
      const place = this.places.get(channel);
      if (place) params.push(`${channel}~${place.epoch}~${place.id}`);
    }
    return params;
  }
}
