// Bits every demo page shares: the connection badge and small formatting helpers.

/** Keeps a `.badge` element showing the client's state, transport and role. */
export function showConnection(hub, badge) {
  badge.innerHTML = '<span class="dot"></span><span class="text"></span>';
  const text = badge.querySelector('.text');
  const render = (s) => {
    badge.dataset.state = s.state;
    badge.dataset.transport = s.transport || '';
    const role = s.role === 'follower' ? ' · shared from another tab' : '';
    const retry = s.state === 'reconnecting' && s.delay ? ` in ${(s.delay / 1000).toFixed(1)} s` : '';
    text.textContent = `${s.state}${retry}${s.transport ? ' · ' + s.transport : ''}${role}`;
  };
  render({ state: hub.state, transport: hub.transport, role: hub.role });
  hub.on('state', render);
}

export function el(tag, { dataset = {}, ...props } = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  Object.assign(e.dataset, dataset);
  e.append(...children);
  return e;
}

export function bytes(n) {
  if (n == null) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function time(iso) {
  return new Date(iso).toLocaleTimeString();
}
