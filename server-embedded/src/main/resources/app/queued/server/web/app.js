// The web guest: the page a phone opens from the QR code on the host's screen. Join with a nickname, see the queue
// in the server's order live, search or paste a link, vote, ask to skip. The protocol lives in connection.js, the
// room and its order in room-state.js, the moving queue in queue-list.js; this file is the screens.

import { FAIR, PartyConnection, socketUrl } from './connection.js';
import { forgetIdentity, lastNickname, loadIdentity, normalizeCode, saveIdentity } from './identity.js';
import { QueueList, hueOf } from './queue-list.js';

const $ = (id) => document.getElementById(id);
const host = location.host;
const MODERATORS = new Set(['host', 'cohost']);
const LINK = /^(https?:\/\/)?([a-z0-9-]+\.)*(youtube\.com|youtu\.be|youtube-nocookie\.com)\//i;

let party = null;
let joinedCode = null;
/** trackId → {value, seq, token}: votes shown at once, until the room state has caught up with their event. */
const pendingVotes = new Map();
let everReady = false;
let lastResults = null;
let renderQueued = false;
let firstReceivedAt = null;
let sawSnapshot = false;
let addedLink = null;

const queue = new QueueList($('queue'), { vote, remove });

// ---- small helpers

function show(node, visible) {
  node.hidden = !visible;
}

export function formatDuration(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

let toastTimer = 0;
function toast(message, kind = 'info') {
  const box = $('toast');
  box.textContent = message;
  box.className = 'toast ' + kind;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.hidden = true;
  }, kind === 'error' ? 6000 : 3500);
}

function codeFromHash() {
  const match = /(?:^#|&)code=([^&]*)/.exec(location.hash);
  return match ? normalizeCode(decodeURIComponent(match[1])) : '';
}

function myId() {
  return party && party.joined ? party.joined.guestId : 0;
}

function myRole() {
  const me = party.state.present.get(myId());
  return me ? me.role : party.joined.role;
}

// ---- joining

function showJoinForm(message) {
  show($('party-screen'), false);
  show($('join-screen'), true);
  show($('join-busy'), false);
  $('join-submit').disabled = false;
  show($('join-error'), !!message);
  $('join-error').textContent = message || '';
  document.title = 'Queued — join the party';
  markOnce('queued:join-form');
}

function joinBusy(text) {
  $('join-busy-text').textContent = text;
  show($('join-busy'), true);
  show($('join-error'), false);
  $('join-submit').disabled = true;
}

function connect(join) {
  if (party) {
    party.close();
  }
  pendingVotes.clear();
  everReady = false;
  party = new PartyConnection({
    url: socketUrl(location),
    join,
    listener: {
      status: statusChanged,
      joined,
      changed: scheduleRender,
      ended: (message, why) => ended(message, why, join),
    },
  });
  party.start();
}

function joined(result) {
  joinedCode = result.joinCode;
  saveIdentity(host, result.joinCode, {
    guestToken: result.guestToken || party.join.guestToken, guestId: result.guestId, nickname: result.nickname,
  });
  if (codeFromHash() !== result.joinCode) {
    history.replaceState(null, '', '#code=' + result.joinCode); // the code is public; the token never goes here
  }
  show($('join-busy'), false);
  $('join-submit').disabled = false;
  $('room-name').textContent = result.roomName;
  document.title = result.roomName + ' — Queued';
  show($('join-screen'), false);
  show($('party-screen'), true);
  scheduleRender();
}

function ended(message, why, join) {
  if (!party || !party.joined) {
    // the first join (or hello) was refused: back to the form with the server's own sentence
    if (why === 'join:unauthorized' && join.guestToken) {
      forgetIdentity(host, join.code);
    }
    showJoinForm(message);
    return;
  }
  const banner = $('banner');
  banner.className = 'banner ended';
  $('banner-text').textContent = message;
  show($('banner-action'), true);
  show(banner, true);
  render();
}

function statusChanged(status) {
  const banner = $('banner');
  if (status === 'ready') {
    if (everReady && !banner.hidden) {
      toast('You\'re back in the party — the queue is up to date.', 'success');
    }
    everReady = true;
    show(banner, false);
  } else if (status === 'reconnecting') {
    banner.className = 'banner reconnecting';
    $('banner-text').textContent = 'Reconnecting… the queue below may be out of date.';
    show($('banner-action'), false);
    show(banner, true);
  }
  render();
}

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const code = normalizeCode($('join-code').value);
  const nickname = $('join-nickname').value.trim();
  if (!code) {
    showJoinForm('Type the party code from the host\'s screen.');
    $('join-code').focus();
    return;
  }
  if (!nickname) {
    showJoinForm('Choose a nickname, so the party knows who added what.');
    $('join-nickname').focus();
    return;
  }
  const saved = loadIdentity(host, code);
  joinBusy('Joining…');
  connect({ code, nickname, guestToken: saved ? saved.guestToken : undefined });
});

$('banner-action').addEventListener('click', () => {
  if (party) {
    party.close();
    party = null;
  }
  show($('banner'), false);
  showJoinForm();
});

// ---- actions

function vote(trackId, value) {
  const token = {};
  pendingVotes.set(trackId, { value, seq: null, token });
  scheduleRender();
  party.request('vote', { trackId, value }).then((ack) => {
    const pending = pendingVotes.get(trackId);
    if (pending && pending.token === token) {
      pending.seq = ack.seq ?? 0;
      scheduleRender();
    }
  }, (refusal) => {
    const pending = pendingVotes.get(trackId);
    if (pending && pending.token === token) {
      pendingVotes.delete(trackId);
    }
    toast(refusal.message, 'error');
    scheduleRender();
  });
}

function remove(trackId) {
  party.request('remove', { trackId }).then(
    () => toast('Removed from the queue.', 'info'),
    (refusal) => toast(refusal.message, 'error'));
}

function add(track, title, button) {
  if (button) {
    button.disabled = true;
  }
  return party.request('add', { track }).then((ack) => {
    const result = ack.result || {};
    if (result.outcome === 'upvoted') {
      toast('Already in the queue — you upvoted it.', 'success');
    } else if (title) {
      toast(`Added “${title}”.`, 'success');
    } else {
      addedLink = result.trackId; // a pasted link: name the song once its event has brought the title
      toast('Added to the queue.', 'success');
    }
    return true;
  }, (refusal) => {
    toast(refusal.message, 'error');
    if (button) {
      button.disabled = false;
    }
    return false;
  });
}

$('add-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('add-input');
  const text = input.value.trim();
  if (!text || !party) {
    return;
  }
  const submit = $('add-submit');
  if (LINK.test(text)) {
    submit.disabled = true;
    add(text, null, null).then((ok) => {
      submit.disabled = false;
      if (ok) {
        input.value = '';
        submit.textContent = 'Search';
      }
    });
    return;
  }
  submit.disabled = true;
  party.request('search', { query: text }).then((ack) => {
    submit.disabled = false;
    lastResults = ack.result || { source: '', results: [] };
    renderResults();
    input.blur(); // let the phone's keyboard go, so the results are visible
  }, (refusal) => {
    submit.disabled = false;
    toast(refusal.message, 'error');
  });
});

$('add-input').addEventListener('input', () => {
  $('add-submit').textContent = LINK.test($('add-input').value.trim()) ? 'Add' : 'Search';
});

$('results-close').addEventListener('click', () => {
  lastResults = null;
  renderResults();
});

$('results').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-video]');
  if (button && !button.disabled) {
    add(button.dataset.video, button.dataset.title, button);
  }
});

// not a link: the address keeps the party's code (#code=…), which a reload needs
$('people-button').addEventListener('click', () => $('people').scrollIntoView({ behavior: 'smooth', block: 'start' }));

$('skip-button').addEventListener('click', () => {
  const playing = party && party.state.nowPlaying;
  if (!playing) {
    return;
  }
  $('skip-button').disabled = true;
  party.request('skipVote', { trackId: playing.id }).catch((refusal) => {
    toast(refusal.message, 'error');
    scheduleRender();
  });
});

// ---- the screen

/** One render per frame however many frames arrived; tells listeners when the page shows a new state. */
function scheduleRender(info) {
  if (info && info.receivedAt !== undefined && firstReceivedAt === null) {
    firstReceivedAt = info.receivedAt;
  }
  sawSnapshot = sawSnapshot || !!(info && info.snapshot);
  if (renderQueued) {
    return;
  }
  renderQueued = true;
  requestAnimationFrame(renderNow);
  setTimeout(renderNow, 100); // where frames are not painted (a hidden tab), still keep the page current
}

function renderNow() {
  if (!renderQueued) {
    return;
  }
  renderQueued = false;
  render();
  const receivedAt = firstReceivedAt;
  const snapshot = sawSnapshot;
  firstReceivedAt = null;
  sawSnapshot = false;
  // for whoever measures the page (the tests): when a frame that arrived at receivedAt is on screen
  document.dispatchEvent(new CustomEvent('queued:rendered', {
    detail: { seq: party ? party.state.seq : -1, receivedAt, renderedAt: performance.now(), snapshot },
  }));
}

function render() {
  if (!party || !party.joined) {
    return;
  }
  const state = party.state;
  const moderator = MODERATORS.has(myRole());
  const rules = state.rules;
  for (const [trackId, pending] of pendingVotes) {
    if ((pending.seq !== null && state.seq >= pending.seq) || !state.queue.has(trackId)) {
      pendingVotes.delete(trackId);
    }
  }
  if (!state.hasSnapshot()) {
    return;
  }
  $('party-body').dataset.seq = String(state.seq);
  if (addedLink !== null && state.queue.has(addedLink)) {
    toast(`Added “${state.queue.get(addedLink).title}”.`, 'success');
    addedLink = null;
  }
  renderNowPlaying(state);
  renderQueue(state, rules, moderator);
  renderAddNote(rules, moderator);
  renderPeople(state);
  if (lastResults) {
    renderResults();
  }
  markOnce('queued:queue-shown'); // address opened → the room's queue on screen (docs/web-guest.md, figures)
}

const marked = new Set();
function markOnce(name) {
  if (!marked.has(name) && performance.mark) {
    marked.add(name);
    performance.mark(name);
  }
}

function renderNowPlaying(state) {
  const playing = state.nowPlaying;
  show($('now-fallback'), state.nowPlayingFallback);
  show($('now-progress-row'), !!playing);
  if (!playing) {
    $('now-title').textContent = 'Nothing is playing';
    $('now-meta').textContent = 'Add a song, and the host\'s screen starts it.';
  } else {
    $('now-title').textContent = playing.title;
    $('now-meta').textContent = [playing.channel, 'added by ' + playing.addedByName].filter(Boolean).join(' · ');
    updateProgress();
  }
  const asked = playing && state.skipRequests.has(myId());
  const skip = $('skip-button');
  skip.disabled = !playing || asked || party.status !== 'ready';
  skip.textContent = asked ? 'You asked to skip' : 'Ask to skip';
  $('skip-count').textContent = playing ? `${state.skipCount()} of ${state.skipsNeeded()} asked` : '';
}

function updateProgress() {
  const state = party && party.state;
  const playing = state && state.nowPlaying;
  if (!playing || !state.nowPlayingStartedAt) {
    return;
  }
  const duration = playing.durationSeconds || 0;
  const elapsed = Math.min(duration, Math.max(0, (Date.now() - state.nowPlayingStartedAt) / 1000));
  $('now-progress').style.width = duration > 0 ? (100 * elapsed / duration).toFixed(1) + '%' : '0%';
  $('now-time').textContent = duration > 0 ? `${formatDuration(elapsed)} / ${formatDuration(duration)}` : '';
}

function adderModerates(state, track) {
  const adder = state.present.get(track.addedBy);
  return adder ? MODERATORS.has(adder.role) : true; // not here: the server knows, and says so if it refuses
}

function renderQueue(state, rules, moderator) {
  const me = myId();
  const shown = [...state.queue.values()].map((track) => {
    const pending = pendingVotes.get(track.id);
    return pending ? { ...track, score: track.score - state.myVote(track.id) + pending.value } : track;
  }).sort(state.order());
  const ready = party.status === 'ready' || party.status === 'reconnecting';
  queue.render(shown.map((track, index) => {
    const pending = pendingVotes.get(track.id);
    const myVote = pending ? pending.value : state.myVote(track.id);
    const canVote = ready && (moderator
      || (!rules.votingLocked && (!rules.voteOnly || adderModerates(state, track))));
    return {
      track,
      position: index + 1,
      score: track.score,
      myVote,
      pending: !!pending,
      mine: track.addedBy === me,
      adder: track.addedByName,
      canVote,
      showDown: moderator || rules.downvotes || myVote === -1,
      canRemove: ready && (moderator || track.addedBy === me),
    };
  }));
  const count = shown.length;
  $('queue-count').textContent = count === 1 ? '1 song' : `${count} songs`;
  show($('queue-empty'), count === 0);
  const notes = [];
  if (!moderator && rules.votingLocked) {
    notes.push('The host has paused voting for now.');
  } else if (!moderator && rules.voteOnly) {
    notes.push('Right now guests vote only on the host\'s picks.');
  } else if (!moderator && !rules.downvotes) {
    notes.push('Downvotes are off in this room.');
  }
  if (rules.ordering === FAIR) {
    notes.push('Fair order: on equal votes, guests who had fewer songs played go first.');
  }
  $('queue-note').textContent = notes.join(' ');
  show($('queue-note'), notes.length > 0);
}

function canAdd(rules, moderator) {
  return moderator || (!rules.voteOnly && !rules.addingLocked);
}

function renderAddNote(rules, moderator) {
  let note = '';
  if (!moderator && rules.voteOnly) {
    note = 'Right now only the host adds tracks; vote on the queue!';
  } else if (!moderator && rules.addingLocked) {
    note = 'The host has paused adding tracks for now.';
  } else if (!moderator && rules.maxQueuedPerGuest) {
    const mine = [...party.state.queue.values()].filter((t) => t.addedBy === myId()).length;
    note = `You have ${mine} of ${rules.maxQueuedPerGuest} songs in the queue.`;
  }
  $('add-note').textContent = note;
  show($('add-note'), note !== '');
  const allowed = canAdd(rules, moderator);
  $('add-input').disabled = !allowed;
  $('add-submit').disabled = !allowed;
}

function renderResults() {
  const box = $('results-box');
  if (!lastResults) {
    show(box, false);
    return;
  }
  const state = party.state;
  const rules = state.rules;
  const moderator = MODERATORS.has(myRole());
  const queued = new Set([...state.queue.values()].map((t) => t.videoId));
  const list = $('results');
  list.replaceChildren();
  $('results-source').textContent = lastResults.results.length === 0
    ? 'Nothing found in ' + lastResults.source
    : 'From ' + lastResults.source;
  for (const entry of lastResults.results) {
    const item = document.createElement('li');
    item.className = 'result';
    const art = document.createElement('span');
    art.className = 'art small';
    art.style.setProperty('--hue', String(hueOf(entry.videoId)));
    const info = document.createElement('div');
    info.className = 'info';
    const title = document.createElement('div');
    title.className = 'title';
    title.textContent = entry.title;
    const meta = document.createElement('div');
    meta.className = 'meta';
    const tooLong = !moderator && rules.maxTrackSeconds && entry.durationSeconds > rules.maxTrackSeconds;
    meta.textContent = [entry.channel, formatDuration(entry.durationSeconds),
      tooLong ? 'longer than the host allows' : ''].filter(Boolean).join(' · ');
    info.append(title, meta);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'primary add';
    button.dataset.video = entry.videoId;
    button.dataset.title = entry.title;
    const already = queued.has(entry.videoId);
    button.textContent = already ? 'Upvote' : 'Add';
    button.disabled = tooLong || (!already && !canAdd(rules, moderator)) || party.status === 'ended';
    item.append(art, info, button);
    list.append(item);
  }
  show(box, true);
}

function renderPeople(state) {
  const me = myId();
  const people = [...state.present.values()];
  $('people-count').textContent = String(people.length);
  $('people-total').textContent = String(people.length);
  const list = $('people-list');
  list.replaceChildren();
  for (const person of people) {
    const item = document.createElement('li');
    item.className = 'person' + (person.guestId === me ? ' me' : '');
    item.textContent = person.nickname + (person.guestId === me ? ' (you)' : '');
    if (MODERATORS.has(person.role)) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = person.role === 'host' ? 'host' : 'co-host';
      item.append(badge);
    }
    list.append(item);
  }
}

setInterval(() => {
  if (document.visibilityState !== 'hidden' && party && party.joined) {
    updateProgress();
  }
}, 1000);

// ---- a phone that slept: look at the link as soon as the page is back
function wake() {
  if (party && document.visibilityState !== 'hidden') {
    party.wake();
  }
}
document.addEventListener('visibilitychange', wake);
window.addEventListener('pageshow', wake);
window.addEventListener('online', wake);
document.addEventListener('resume', wake);

// another party's QR code opened in this tab: start over with its code
window.addEventListener('hashchange', () => {
  const code = codeFromHash();
  if (code && code !== joinedCode && code !== normalizeCode($('join-code').value)) {
    location.reload();
  }
});

// ---- start: the code from the address; the same guest again if this browser was here before
function start() {
  const code = codeFromHash();
  $('join-code').value = code;
  $('join-nickname').value = lastNickname();
  const saved = code ? loadIdentity(host, code) : null;
  if (saved) {
    $('join-nickname').value = saved.nickname || $('join-nickname').value;
    joinBusy(saved.nickname ? `Coming back as ${saved.nickname}…` : 'Joining…');
    connect({ code, guestToken: saved.guestToken });
  } else {
    showJoinForm();
    (code ? $('join-nickname') : $('join-code')).focus();
  }
}

start();
