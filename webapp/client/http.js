// HTTP details every part of the client shares: the auth token on requests, and the hub's errors.

import { HubError } from './errors.js';

/** Request headers plus `Authorization: Bearer <token>` when a token supplier gives one. */
export async function requestHeaders(options, headers) {
  const token = options.token ? await options.token() : null;
  return token ? { ...headers, Authorization: `Bearer ${token}` } : { ...headers };
}

/** Reads a JSON error body `{error, message}` into a HubError; tolerates non-JSON bodies (proxies). */
export async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // a proxy's HTML page, or no body
  }
  if (body && typeof body.error === 'string') return new HubError(body.error, body.message, response.status);
  return new HubError('http_' + response.status, `the server answered ${response.status}`, response.status);
}

/** True when the answer came from the hub itself (a JSON body), not from a proxy standing in for it. */
export function fromHub(response) {
  return (response.headers.get('Content-Type') || '').includes('json');
}
