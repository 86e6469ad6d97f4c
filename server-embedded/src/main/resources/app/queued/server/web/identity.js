// Who this browser is in each room: the guest token from the join, kept per party (this host and port, and the
// room's code) in localStorage, never in the URL (URLs end up in histories and logs). Same guest after a reload.

const PREFIX = 'queued.guest.v1:';
const NICKNAME = 'queued.nickname';

/** The code as the server matches it: case-insensitive, spaces and dashes ignored. */
export function normalizeCode(code) {
  return (code || '').toUpperCase().replace(/[\s-]+/g, '');
}

function storage() {
  try {
    return window.localStorage;
  } catch (e) {
    return null; // storage turned off: the page still works, a reload just asks for the nickname again
  }
}

const key = (host, code) => PREFIX + host + '/' + normalizeCode(code);

/** {guestToken, guestId, nickname} or null. */
export function loadIdentity(host, code) {
  const store = storage();
  if (!store || !code) {
    return null;
  }
  try {
    const saved = JSON.parse(store.getItem(key(host, code)) || 'null');
    return saved && typeof saved.guestToken === 'string' ? saved : null;
  } catch (e) {
    return null;
  }
}

export function saveIdentity(host, code, identity) {
  const store = storage();
  if (!store) {
    return;
  }
  try {
    store.setItem(key(host, code), JSON.stringify(identity));
    if (identity.nickname) {
      store.setItem(NICKNAME, identity.nickname);
    }
  } catch (e) {
    // full or refused: nothing to do but forget at reload
  }
}

export function forgetIdentity(host, code) {
  const store = storage();
  if (store) {
    store.removeItem(key(host, code));
  }
}

export function lastNickname() {
  const store = storage();
  return (store && store.getItem(NICKNAME)) || '';
}
