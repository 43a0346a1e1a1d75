// The hub's refusals as one error type: `code` is the protocol's error code (PROTOCOL.md §9),
// or one of the client's own: `disconnected`, `timeout`, `unavailable`, `http_<status>`.
export class HubError extends Error {
  constructor(code, message, status) {
    super(message || code);
    this.name = 'HubError';
    this.code = code;
    if (status !== undefined) this.status = status;
  }
}
