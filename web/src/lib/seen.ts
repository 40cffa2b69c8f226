// Unread markers: per user, the last-seen change of every consult the user opened, in
// localStorage. A consult is unread when it changed after the user last saw it. Consults that
// did not change since the user's first visit on this device count as read (a baseline), so a
// new device does not show the whole history as unread.
interface SeenState {
  baseline: string;
  items: Record<string, { version: number; updated_at: string }>;
}

const MAX_ITEMS = 1000;

function key(userId: string) {
  return 'mk.seen.' + userId;
}

function load(userId: string): SeenState {
  try {
    const raw = localStorage.getItem(key(userId));
    if (raw) return JSON.parse(raw) as SeenState;
  } catch {
    /* ignore */
  }
  const fresh: SeenState = { baseline: new Date().toISOString(), items: {} };
  save(userId, fresh);
  return fresh;
}

function save(userId: string, s: SeenState) {
  const ids = Object.keys(s.items);
  if (ids.length > MAX_ITEMS) {
    ids.sort((a, b) => s.items[a].updated_at.localeCompare(s.items[b].updated_at));
    for (const id of ids.slice(0, ids.length - MAX_ITEMS)) delete s.items[id];
  }
  try {
    localStorage.setItem(key(userId), JSON.stringify(s));
  } catch {
    /* full or private: markers are a convenience */
  }
}

export function markSeen(userId: string, consult: { id: string; version: number; updated_at: string }) {
  const s = load(userId);
  s.items[consult.id] = { version: consult.version, updated_at: consult.updated_at };
  save(userId, s);
}

type Item = { id: string; updated_at: string; version?: number };

function unread(s: SeenState, item: Item): boolean {
  const seen = s.items[item.id];
  if (!seen) return item.updated_at > s.baseline;
  if (item.version !== undefined) return item.version > seen.version;
  return item.updated_at > seen.updated_at;
}

export function isUnread(userId: string, item: Item): boolean {
  return unread(load(userId), item);
}

// One read of the storage for a whole list.
export function unreadChecker(userId: string): (item: Item) => boolean {
  const s = load(userId);
  return (item) => unread(s, item);
}
