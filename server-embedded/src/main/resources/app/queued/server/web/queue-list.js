// The queue on screen. Rows are keyed by track id, so a row keeps its element as it moves; when the order changes
// each row slides from where it was to its new place (FLIP: note the old positions, put the rows in their new
// order, then animate each from the old offset to none — 240 ms ease-out, as the desktop apps), and new rows fade
// in. Nothing here knows the protocol: the page hands it rows and gets back clicks.

const SLIDE_MS = 240;
const reducedMotion = () => window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** A colour of its own for each video, instead of a thumbnail from the internet. */
export function hueOf(text) {
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    hash = (hash * 31 + text.charCodeAt(i)) | 0;
  }
  return Math.abs(hash) % 360;
}

export function formatScore(score) {
  return score > 0 ? '+' + score : String(score);
}

export class QueueList {
  /** @param {HTMLElement} list an <ol>; actions: {vote(trackId, value), remove(trackId)} */
  constructor(list, actions) {
    this.list = list;
    this.actions = actions;
    this.rows = new Map();
    list.addEventListener('click', (event) => this.click(event));
  }

  click(event) {
    const button = event.target.closest('button');
    if (!button || button.disabled) {
      return;
    }
    const row = button.closest('li');
    const trackId = Number(row.dataset.trackId);
    if (button.dataset.vote !== undefined) {
      const value = Number(button.dataset.vote);
      // the lit arrow again takes the vote back
      this.actions.vote(trackId, button.getAttribute('aria-pressed') === 'true' ? 0 : value);
    } else if (button.dataset.action === 'remove') {
      this.actions.remove(trackId);
    }
  }

  /** @param rows [{track, position, score, myVote, pending, mine, adder, canVote, showDown, canRemove}] */
  render(rows) {
    const before = new Map();
    for (const [id, node] of this.rows) {
      before.set(id, node.getBoundingClientRect().top);
    }
    const wanted = new Set(rows.map((r) => r.track.id));
    for (const [id, node] of this.rows) {
      if (!wanted.has(id)) {
        node.remove();
        this.rows.delete(id);
      }
    }
    let cursor = this.list.firstElementChild;
    for (const row of rows) {
      let node = this.rows.get(row.track.id);
      if (!node) {
        node = this.create(row.track);
        this.rows.set(row.track.id, node);
      }
      this.update(node, row);
      if (node !== cursor) {
        this.list.insertBefore(node, cursor);
      } else {
        cursor = cursor.nextElementSibling;
      }
    }
    if (reducedMotion() || typeof this.list.animate !== 'function') {
      return;
    }
    for (const [id, node] of this.rows) {
      const old = before.get(id);
      if (old === undefined) {
        if (before.size > 0) {
          node.animate([{ opacity: 0, transform: 'scale(0.97)' }, { opacity: 1, transform: 'none' }],
            { duration: SLIDE_MS, easing: 'ease-out' });
        }
        continue;
      }
      const offset = old - node.getBoundingClientRect().top;
      if (Math.abs(offset) >= 1) {
        node.animate([{ transform: `translateY(${offset}px)` }, { transform: 'none' }],
          { duration: SLIDE_MS, easing: 'ease-out' });
      }
    }
  }

  create(track) {
    const node = el('li', 'row');
    node.dataset.trackId = String(track.id);
    const art = el('span', 'art');
    art.style.setProperty('--hue', String(hueOf(track.videoId || String(track.id))));
    const info = el('div', 'info');
    const title = el('div', 'title');
    const meta = el('div', 'meta');
    info.append(title, meta);
    const votes = el('div', 'votes');
    const up = el('button', 'vote up');
    up.type = 'button';
    up.dataset.vote = '1';
    up.setAttribute('aria-label', 'Vote up');
    up.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5l8 11H4z"/></svg>';
    const score = el('span', 'score');
    const down = el('button', 'vote down');
    down.type = 'button';
    down.dataset.vote = '-1';
    down.setAttribute('aria-label', 'Vote down');
    down.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 19L4 8h16z"/></svg>';
    votes.append(up, score, down);
    node.append(art, info, votes);
    node.parts = { art, title, meta, up, score, down };
    return node;
  }

  update(node, row) {
    const { art, title, meta, up, score, down } = node.parts;
    const { track } = row;
    art.textContent = String(row.position);
    title.textContent = track.title;
    title.title = track.title;
    meta.replaceChildren();
    meta.append(el('span', 'who', row.mine ? 'added by you' : 'added by ' + row.adder));
    if (track.channel) {
      meta.append(el('span', 'channel', ' · ' + track.channel));
    }
    if (row.canRemove) {
      const remove = el('button', 'link remove', 'Remove');
      remove.type = 'button';
      remove.dataset.action = 'remove';
      meta.append(remove);
    }
    score.textContent = formatScore(row.score);
    score.className = 'score' + (row.score > 0 ? ' positive' : row.score < 0 ? ' negative' : '')
      + (row.pending ? ' pending' : '');
    up.setAttribute('aria-pressed', String(row.myVote === 1));
    down.setAttribute('aria-pressed', String(row.myVote === -1));
    up.disabled = !row.canVote;
    down.disabled = !row.canVote;
    down.hidden = !row.showDown;
    node.classList.toggle('mine', row.mine);
    node.classList.toggle('head', row.position === 1);
  }
}
