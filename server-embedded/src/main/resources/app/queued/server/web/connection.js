// The page's link to the vote server: protocol 1 over the WebSocket this page came from (docs/protocol.md §3, §8,
// §9). It greets, joins, keeps the room state exact (replays, gaps → resume, snapshots), matches answers to requests
// by requestId, reconnects with backoff after any drop and rejoins with the guest token and lastSeq, and resends
// the requests that had no answer with their old ids (so each counts at most once).

import { RoomState, GAP } from './room-state.js';

// The page imports room-state.js only through here: JavaFX's WebKit stalls a page load now and then when two
// modules ask for the same module at once (docs/web-guest.md).
export { FAIR } from './room-state.js';

const PROTOCOL = 1;
const CLIENT = 'queued-web/1';
/** Answers that may change by trying again (§9.2); every other refusal of hello or join is final. */
const TRANSIENT = new Set(['unavailable', 'rate_limited', 'internal']);
const PING_EVERY_MS = 15_000;
const PING_TIMEOUT_MS = 8_000;
const QUICK_CHECK_MS = 4_000;
const HANDSHAKE_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 45_000;

/** A request the server refused: its code and its own sentence. */
export class Refusal extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Before retry n (from 0): a random time between half and all of 200 ms × 2^n, at most 5 s (as the Java client). */
export function backoffMs(attempt, random = Math.random) {
  const full = Math.min(5000, 200 * 2 ** Math.min(attempt, 10));
  return full / 2 + random() * (full / 2);
}

export function socketUrl(location) {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/';
}

/**
 * Status values: 'connecting' (first time), 'ready', 'reconnecting', 'ended' (banned, the party is over, or a
 * final refusal: the connection stays closed).
 */
export class PartyConnection {
  /**
   * @param {object} options url; join: {code, nickname?, guestToken?}; listener: {status(status, detail),
   *     joined(result), changed(info), ended(message, why)}
   */
  constructor({ url, join, listener }) {
    this.url = url;
    this.join = join;
    this.listener = listener;
    this.state = new RoomState(0);
    this.joined = null;
    this.status = 'connecting';
    this.socket = null;
    this.phase = 'idle';
    this.attempt = 0;
    this.ids = 0;
    this.idPrefix = 'w' + Math.random().toString(36).slice(2, 8) + '-';
    this.pending = new Map();
    this.handshakeId = null;
    this.resumeId = null;
    this.timers = {};
    this.bannedSelf = false;
  }

  start() {
    this.open();
  }

  /** Sends a request; resolves with the ack, rejects with a Refusal. Waits for the connection when it is down. */
  request(type, fields = {}) {
    const requestId = this.nextId();
    const frame = JSON.stringify({ type, requestId, ...fields });
    return new Promise((resolve, reject) => {
      const entry = { frame, type, resolve, reject };
      entry.timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Refusal('timeout', 'The party\'s server did not answer in time. Try again.'));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(requestId, entry);
      if (this.phase === 'ready') {
        this.send(frame);
      }
    });
  }

  /** The page became visible again (or the network came back): check the link at once instead of waiting. */
  wake() {
    if (this.status === 'ended') {
      return;
    }
    if (this.phase === 'waiting') {
      this.attempt = 0;
      this.clearTimer('retry');
      this.open();
    } else if (this.phase === 'ready') {
      this.checkAlive(QUICK_CHECK_MS);
    }
  }

  close() {
    this.stop();
  }

  // ---- the socket

  nextId() {
    this.ids += 1;
    return this.idPrefix + this.ids;
  }

  open() {
    this.phase = 'connecting';
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      this.linkLost();
      return;
    }
    this.socket = socket;
    // a phone on a flaky network can hang in the TCP connect for a long time: give up and try again
    this.startTimer('handshake', HANDSHAKE_TIMEOUT_MS, () => this.drop(socket));
    socket.onopen = () => {
      if (socket !== this.socket) {
        return;
      }
      this.phase = 'greeting';
      this.handshakeId = this.nextId();
      this.startTimer('handshake', HANDSHAKE_TIMEOUT_MS, () => this.drop(socket));
      this.send(JSON.stringify({ type: 'hello', requestId: this.handshakeId, protocol: PROTOCOL, client: CLIENT }));
    };
    socket.onmessage = (message) => {
      if (socket === this.socket) {
        this.receive(message.data, performance.now());
      }
    };
    socket.onclose = (close) => {
      if (socket === this.socket) {
        this.closed(close.code, close.reason);
      }
    };
    socket.onerror = () => {
      // a close event always follows
    };
  }

  send(frame) {
    try {
      this.socket.send(frame);
    } catch (e) {
      // the close event follows and the request is resent after the reconnect
    }
  }

  /** Closes a socket we no longer trust; the reconnect follows at once. */
  drop(socket) {
    if (socket !== this.socket) {
      return;
    }
    try {
      socket.close();
    } catch (e) {
      // already closing
    }
    this.closed(1006, '');
  }

  closed(code, reason) {
    this.socket = null;
    this.clearTimer('handshake');
    this.clearTimer('ping');
    this.clearTimer('pingTimeout');
    if (this.status === 'ended') {
      return;
    }
    if (this.bannedSelf) {
      this.end(reason || 'The host has removed you from this party.', 'banned');
    } else if (this.state.closed) {
      this.end(this.state.closedReason || reason || 'The host ended the party.', 'closed');
    } else {
      this.linkLost();
    }
  }

  linkLost() {
    this.phase = 'waiting';
    this.resumeId = null;
    this.setStatus(this.joined ? 'reconnecting' : 'connecting');
    const wait = backoffMs(this.attempt);
    this.attempt += 1;
    this.startTimer('retry', wait, () => this.open());
  }

  end(message, why) {
    this.stop();
    this.setStatus('ended');
    this.listener.ended(message, why);
  }

  stop() {
    this.status = 'ended';
    this.phase = 'stopped';
    Object.keys(this.timers).forEach((name) => this.clearTimer(name));
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
    }
    this.pending.clear();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      try {
        socket.close(1000);
      } catch (e) {
        // already closed
      }
    }
  }

  setStatus(status, detail) {
    if (this.status !== status) {
      this.status = status;
      this.listener.status(status, detail);
    }
  }

  startTimer(name, ms, action) {
    this.clearTimer(name);
    this.timers[name] = setTimeout(() => {
      delete this.timers[name];
      action();
    }, ms);
  }

  clearTimer(name) {
    if (this.timers[name] !== undefined) {
      clearTimeout(this.timers[name]);
      delete this.timers[name];
    }
  }

  /** Sends a ping and drops the link when no answer comes in time. */
  checkAlive(timeoutMs) {
    if (this.phase !== 'ready' || this.timers.pingTimeout !== undefined) {
      return;
    }
    const socket = this.socket;
    this.request('ping').then(() => this.clearTimer('pingTimeout'), () => {});
    this.startTimer('pingTimeout', timeoutMs, () => this.drop(socket));
  }

  keepAlive() {
    this.startTimer('ping', PING_EVERY_MS, () => {
      if (document.visibilityState !== 'hidden') {
        this.checkAlive(PING_TIMEOUT_MS);
      }
      this.keepAlive();
    });
  }

  // ---- what the server sends

  receive(data, receivedAt) {
    let message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      return;
    }
    switch (message.type) {
      case 'ack':
      case 'error':
        this.answer(message);
        break;
      case 'snapshot':
        if (this.state.hasSnapshot() && message.seq < this.state.seq) {
          return; // older than what we have: never move backwards
        }
        this.state.applySnapshot(message);
        this.listener.changed({ receivedAt, snapshot: true });
        break;
      case 'event':
        this.events([message], receivedAt);
        break;
      case 'events':
        this.events(message.events || [], receivedAt);
        break;
      default:
        break; // a newer server's message type
    }
  }

  events(list, receivedAt) {
    let changed = false;
    for (const event of list) {
      if (!this.state.hasSnapshot()) {
        continue; // the snapshot or replay is on its way
      }
      const outcome = this.state.apply(event);
      if (outcome === GAP) {
        this.resume();
        break; // the rest of this frame is past the gap too; the replay covers it
      } else if (outcome === 'applied') {
        changed = true;
        const change = event.change || {};
        if (change.kind === 'guestBanned' && this.joined && change.guestId === this.joined.guestId) {
          this.bannedSelf = true;
        }
      }
    }
    if (changed) {
      this.listener.changed({ receivedAt, snapshot: false });
    }
  }

  resume() {
    if (this.resumeId !== null || this.phase !== 'ready') {
      return; // at most one resume at a time; its replay covers the later gaps
    }
    this.resumeId = this.nextId();
    this.send(JSON.stringify({ type: 'resume', requestId: this.resumeId, lastSeq: this.state.seq }));
  }

  answer(message) {
    const id = message.requestId;
    if (id === undefined) {
      if (message.code === 'rate_limited') {
        // the frame was not read at all: send what is unanswered again, same ids, once the bucket has refilled
        this.startTimer('resend', Math.max(20, message.retryAfterMs || 100), () => this.resendPending());
      }
      return;
    }
    if (id === this.handshakeId) {
      this.handshake(message);
    } else if (id === this.resumeId) {
      this.resumeId = null;
      if (message.type === 'error') {
        this.startTimer('resumeAgain', 1000, () => this.resume());
      }
    } else if (this.pending.has(id)) {
      const entry = this.pending.get(id);
      this.pending.delete(id);
      clearTimeout(entry.timer);
      if (message.type === 'ack') {
        entry.resolve(message);
      } else if (message.code === 'unavailable' && entry.type !== 'search' && entry.type !== 'ping') {
        // "retry later with the same requestId" (§10); after a short pause, once
        this.pending.set(id, entry);
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          entry.reject(new Refusal(message.code, message.message));
        }, REQUEST_TIMEOUT_MS);
        setTimeout(() => this.phase === 'ready' && this.pending.has(id) && this.send(entry.frame), 1000);
      } else {
        entry.reject(new Refusal(message.code, message.message));
      }
    }
  }

  handshake(message) {
    if (message.type === 'error') {
      this.clearTimer('handshake');
      if (TRANSIENT.has(message.code)) {
        this.drop(this.socket);
      } else {
        this.end(message.message, this.phase === 'greeting' ? 'hello' : 'join:' + message.code);
      }
      return;
    }
    if (this.phase === 'greeting') {
      this.phase = 'joining';
      this.handshakeId = this.nextId();
      this.startTimer('handshake', HANDSHAKE_TIMEOUT_MS, () => this.drop(this.socket));
      this.send(JSON.stringify({ type: 'join', requestId: this.handshakeId, ...this.joinFields() }));
    } else if (this.phase === 'joining') {
      this.clearTimer('handshake');
      const result = message.result || {};
      const sameMember = this.joined !== null && this.joined.guestId === result.guestId
        && this.joined.roomId === result.roomId;
      const hadState = this.state.hasSnapshot();
      this.joined = result;
      this.join = { code: result.joinCode || this.join.code, guestToken: result.guestToken || this.join.guestToken };
      if (!sameMember) {
        this.state = new RoomState(result.guestId);
        if (hadState) {
          // someone else now (a token the room no longer knew): the replay we asked for belongs to the old state;
          // join again without lastSeq for a snapshot
          this.listener.joined(result);
          this.drop(this.socket);
          return;
        }
      }
      this.phase = 'ready';
      this.attempt = 0;
      this.listener.joined(result);
      this.setStatus('ready');
      this.resendPending();
      this.keepAlive();
    }
  }

  /** The join: a new guest by nickname, or the same guest by token (with lastSeq when we hold the state). */
  joinFields() {
    const fields = { code: this.join.code };
    if (this.join.guestToken) {
      fields.guestToken = this.join.guestToken;
    }
    if (this.join.nickname) {
      fields.nickname = this.join.nickname; // with a token: a rename (only on the first join; rejoins keep it)
    }
    if (this.state.hasSnapshot()) {
      fields.lastSeq = this.state.seq;
    }
    return fields;
  }

  resendPending() {
    if (this.phase !== 'ready') {
      return;
    }
    for (const entry of this.pending.values()) {
      this.send(entry.frame);
    }
  }
}
