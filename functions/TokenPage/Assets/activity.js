// Gatehouse token page: "Recent activity" (SPEC §13), the signed-in user's newest audit events from
// GET /api/v1/audit. Kept apart from tokens.js: that script announces the session on the document
// ("gatehouse:session" with the session token, or null on sign-out); this one only listens. No inline code (CSP).
'use strict';

(() => {
  const API = new URL('api/v1/audit', document.baseURI);
  const PAGE_SIZE = 10;
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const LABELS = {
    'token.issued': 'Token created',
    'token.reissued': 'Token handed out again',
    'token.renewed': 'Token renewed',
    'token.revoked': 'Token revoked',
    'signin.succeeded': 'Signed in',
    'signin.failed': 'Sign-in failed',
    'regulation.banned': 'Sign-ins blocked for a while',
    'mfa.enrolled': 'Second factor set up',
    'mfa.recovery-codes-replaced': 'Recovery codes replaced',
    'mfa.disabled': 'Second factor turned off',
    'mfa.reset': 'Second factor reset by an administrator',
    'user.created': 'Account created',
    'user.updated': 'Account changed',
    'user.enabled': 'Account enabled',
    'user.disabled': 'Account disabled',
    'user.password-changed': 'Password changed',
    'user.deleted': 'Account deleted',
    'portal.replay-refused': 'A replayed portal sign-in was refused',
  };
  const VIA = { 'handshake': 'device handshake', 'token-api': 'token API', 'token-page': 'this page', 'directory-api': 'directory API', 'internal': 'Gatehouse' };

  const section = document.getElementById('activity-section');
  const list = document.getElementById('activity');
  const empty = document.getElementById('activity-empty');
  let token = null;
  let again = null;

  function item(entry) {
    const li = document.createElement('li');
    li.dataset.type = entry.type;
    const time = document.createElement('time');
    const date = new Date(entry.at);
    time.dateTime = date.toISOString();
    time.textContent = dateFormat.format(date);
    const what = document.createElement('strong');
    what.textContent = LABELS[entry.type] ?? entry.type;
    const how = document.createElement('span');
    how.className = 'hint';
    const by = entry.actor && entry.actor !== entry.user ? ` by ${entry.actor}` : '';
    how.textContent = ` via ${VIA[entry.via] ?? entry.via}${by}${entry.detail ? ' — ' + entry.detail : ''}`;
    li.append(time, ' ', what, how);
    return li;
  }

  async function load() {
    if (!token) {
      return;
    }
    const target = new URL(API);
    target.searchParams.set('pageSize', String(PAGE_SIZE));
    try {
      const response = await fetch(target, {
        headers: { Accept: 'application/json', 'X-Authentication-Token': token },
        credentials: 'omit', cache: 'no-store', redirect: 'error',
      });
      if (!response.ok) {
        // The token list says what went wrong with the session; activity is an extra, it just stays hidden.
        section.hidden = true;
        return;
      }
      const page = await response.json();
      const entries = page.entries ?? [];
      list.replaceChildren(...entries.map(item));
      empty.hidden = entries.length > 0;
      section.hidden = false;
    } catch {
      section.hidden = true;
    }
  }

  document.addEventListener('gatehouse:session', (event) => {
    token = event.detail?.token ?? null;
    if (!token) {
      section.hidden = true;
      list.replaceChildren();
      return;
    }
    // Events are stored a moment after they happen (in the background): read now, and once more shortly.
    load();
    clearTimeout(again);
    again = setTimeout(load, 1500);
  });
})();
