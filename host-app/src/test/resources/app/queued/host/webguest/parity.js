// Test harness: feeds server frames to the page's own room-state.js and describes the state after each one in the
// same words as WebGuestParityTest's Java digest.
import { RoomState } from '/room-state.js';

const sortedPairs = (map) => [...map.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => k + ':' + v).join(',');

function digest(state, outcome) {
  return [
    'r=' + outcome,
    'seq=' + state.seq,
    'q=' + state.orderedQueue().map((t) => t.id + ':' + t.score).join(','),
    'np=' + (state.nowPlaying === null ? '-' : state.nowPlaying.id),
    'fb=' + state.nowPlayingFallback,
    'mv=' + sortedPairs(state.myVotes),
    'pr=' + [...state.present.values()].map((p) => p.guestId + ':' + p.role).join(','),
    'pc=' + sortedPairs(state.playedCounts),
    'sk=' + state.skipCount() + '/' + state.skipsNeeded(),
    'rq=' + [...state.skipRequests].join(','),
    'ord=' + state.rules.ordering,
    'closed=' + state.closed,
  ].join(';');
}

function step(state, frame) {
  if (frame.type === 'snapshot') {
    state.applySnapshot(frame);
    return 'snapshot';
  }
  if (frame.type === 'event') {
    return state.apply(frame);
  }
  if (frame.type === 'events') {
    return frame.events.map((e) => state.apply(e)).join('+');
  }
  return 'ignored';
}

window.parity = {
  run(myGuestId, framesJson) {
    const state = new RoomState(myGuestId);
    return JSON.stringify(JSON.parse(framesJson).map((frame) => digest(state, step(state, JSON.parse(frame)))));
  },
};
window.parityReady = true;
