// Gatehouse token page (SPEC §7.4). Plain JS, no framework, no inline code (the CSP forbids it).
// The sign-in (password, second factor) is the shared module's (pages/signin.js): it trades them for a
// short-lived session token, kept in sessionStorage (gone when the tab closes), which sign-out revokes.
'use strict';

(() => {
  const PAGE_APPLICATION = 'Gatehouse token page';
  const { ApiError, request, describe } = window.GatehouseSignIn;
  const API = new URL('api/v1/token', document.baseURI);
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'),
    sessionWarning: $('session-warning'),
    who: $('who'),
    whoName: $('who-name'),
    adminLink: $('admin-link'),
    signOut: $('sign-out'),
    signInSection: $('sign-in-section'),
    signInForm: $('sign-in-form'),
    login: $('login'),
    securitySection: $('security-section'),
    security: $('security'),
    tokensSection: $('tokens-section'),
    refresh: $('refresh'),
    empty: $('empty'),
    table: $('tokens'),
    rows: $('token-rows'),
    createSection: $('create-section'),
    createForm: $('create-form'),
    newTokenPanel: $('new-token-panel'),
    newTokenNote: $('new-token-note'),
    newToken: $('new-token'),
    copyToken: $('copy-token'),
    newTokenDone: $('new-token-done'),
    confirm: $('confirm-revoke'),
    confirmText: $('confirm-revoke-text'),
  };

  /** @type {{token: string, id: string, user: string} | null} */
  let session = window.GatehouseSignIn.readSession();

  function saveSession(value) {
    session = value;
    window.GatehouseSignIn.saveSession(value);
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  function url(path, query) {
    const target = new URL(API);
    if (path) {
      target.pathname += '/' + path.split('/').map(encodeURIComponent).join('/');
    }
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') {
        target.searchParams.set(name, String(value));
      }
    }
    return target;
  }

  /** Calls the token API with the page session. */
  function call(method, path, { query } = {}) {
    return request(method, url(path, query));
  }

  // ---- status line ---------------------------------------------------------------------------

  function say(message, isError = false) {
    ui.status.textContent = message;
    ui.status.classList.toggle('error', isError);
  }

  function sayError(error) {
    say(describe(error), true);
  }

  /** A 401 on the session token means it expired or was revoked elsewhere: back to sign-in. */
  function sessionEnded() {
    saveSession(null);
    showSignedOut();
    say('Your session has ended (it expired or was revoked). Sign in again.', true);
  }

  /** A 401 on the session token ends the session; anything else is said. */
  function failed(error) {
    if (error instanceof ApiError && error.status === 401 && session) {
      sessionEnded();
    } else {
      sayError(error);
    }
  }

  async function guarded(action, button) {
    if (button) {
      button.disabled = true;
    }
    try {
      await action();
    } catch (error) {
      failed(error);
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  }

  // ---- views ---------------------------------------------------------------------------------

  function showSignedOut() {
    ui.who.hidden = true;
    ui.tokensSection.hidden = true;
    ui.createSection.hidden = true;
    ui.securitySection.hidden = true;
    ui.security.replaceChildren();
    hideNewToken();
    ui.rows.replaceChildren();
    warnBeforeSessionEnds(null);
    announceSession();
    ui.signInSection.hidden = false;
    signIn.reset();
  }

  function showSignedIn() {
    ui.signInSection.hidden = true;
    ui.whoName.textContent = session.user;
    ui.who.hidden = false;
    showAdminLink();
    ui.tokensSection.hidden = false;
    ui.createSection.hidden = false;
    ui.securitySection.hidden = false;
    security.refresh();
  }

  /** Administrators get a link to /admin; /api/v1/me says who is one (a failure just leaves the link hidden). */
  function showAdminLink() {
    ui.adminLink.hidden = true;
    request('GET', new URL('api/v1/me', document.baseURI)).then((me) => {
      ui.adminLink.hidden = !me?.isAdministrator;
    }, () => {});
  }

  function formatDate(value, never) {
    if (!value) {
      return { text: never, iso: '' };
    }
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? { text: value, iso: value } : { text: dateFormat.format(date), iso: date.toISOString() };
  }

  function cell(label, content) {
    const td = document.createElement('td');
    td.dataset.label = label;
    if (content instanceof Node) {
      td.append(content);
    } else {
      td.textContent = content ?? '';
    }
    return td;
  }

  function dateCell(label, value, never) {
    const { text, iso } = formatDate(value, never);
    if (!iso) {
      return cell(label, text);
    }
    const time = document.createElement('time');
    time.dateTime = iso;
    time.textContent = text;
    return cell(label, time);
  }

  function isExpired(entry) {
    return entry.expiresAt && new Date(entry.expiresAt).getTime() <= Date.now();
  }

  /** How long before the page session ends the page warns (it cannot be renewed: a new sign-in makes a new one). */
  const SESSION_WARNING_MS = 2 * 60 * 1000;
  let sessionWarningTimer = null;

  function render(entries) {
    const own = entries.find((entry) => session && entry.id === session.id);
    const otherSessions = entries.filter((entry) => entry.application === PAGE_APPLICATION && entry !== own && !isExpired(entry));
    const rows = entries.filter((entry) => !otherSessions.includes(entry)).map((entry) => tokenRow(entry, entry === own));
    if (otherSessions.length > 0) {
      rows.push(otherSessionsRow(otherSessions));
    }
    ui.rows.replaceChildren(...rows);
    ui.empty.hidden = rows.length > 0;
    ui.table.hidden = rows.length === 0;
    warnBeforeSessionEnds(own?.expiresAt);
    announceSession();
  }

  function tokenRow(entry, isCurrent) {
    const tr = document.createElement('tr');
    tr.dataset.id = entry.id;

    // The page's own session is named for what it is, not by its generated device id.
    const device = document.createElement('span');
    device.textContent = isCurrent ? 'This browser' : entry.deviceId;

    const expires = dateCell('Expires', entry.expiresAt, 'Never');
    if (isExpired(entry)) {
      expires.append(' ', badge('expired', 'expired'));
    }

    const actions = cell('', '');
    actions.className = 'actions';
    if (!isCurrent) {
      if (entry.expiresAt && !isExpired(entry)) {
        actions.append(actionButton('Renew', `Renew ${entry.application} on ${entry.deviceId}`, (button) => renew(entry, button)));
      }
      actions.append(actionButton('Revoke', `Revoke ${entry.application} on ${entry.deviceId}`, (button) => confirmRevoke(entry, button)));
    }

    tr.append(
      cell('Application', isCurrent ? 'This page' : entry.application),
      cell('Device', device),
      cell('Description', entry.deviceDescription ?? ''),
      cell('Permission', permissionLabel(entry.permission)),
      dateCell('Created', entry.creationDate, ''),
      dateCell('Last used', entry.lastUsed, 'Not yet'),
      expires,
      actions);
    return tr;
  }

  /** Earlier sign-ins of this page (other tabs, other browsers): one line, signed out together. */
  function otherSessionsRow(sessions) {
    const tr = document.createElement('tr');
    tr.dataset.id = 'other-sessions';
    const label = sessions.length === 1 ? '1 other browser session' : `${sessions.length} other browser sessions`;
    const newest = sessions.map((entry) => entry.lastUsed ?? entry.creationDate).filter(Boolean).sort().at(-1);
    const actions = cell('', '');
    actions.className = 'actions';
    actions.append(actionButton('End them', `End ${label}`, (button) => guarded(async () => {
      await Promise.all(sessions.map((entry) => call('DELETE', entry.id).catch((error) => {
        if (!(error instanceof ApiError) || error.status !== 404) {
          throw error;
        }
      })));
      say(`Ended ${label}.`);
      await refresh();
    }, button)));
    const blank = (name) => cell(name, '');
    tr.append(cell('Application', 'This page'), cell('Device', label), blank('Description'), blank('Permission'), blank('Created'), dateCell('Last used', newest, 'Not yet'), blank('Expires'), actions);
    return tr;
  }

  function actionButton(text, label, onClick) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = text;
    button.setAttribute('aria-label', label);
    button.addEventListener('click', () => onClick(button));
    return button;
  }

  /** A page session cannot be renewed (only a password or a second factor makes one): say when it is about to end. */
  function warnBeforeSessionEnds(expiresAt) {
    clearTimeout(sessionWarningTimer);
    ui.sessionWarning.hidden = true;
    const ends = expiresAt ? new Date(expiresAt).getTime() : NaN;
    if (!Number.isFinite(ends)) {
      return;
    }
    const show = () => {
      ui.sessionWarning.textContent = `Your session ends at ${dateFormat.format(new Date(ends))}. Sign out and in again to keep working.`;
      ui.sessionWarning.hidden = false;
    };
    const wait = ends - SESSION_WARNING_MS - Date.now();
    if (wait <= 0) {
      show();
    } else {
      sessionWarningTimer = setTimeout(show, wait);
    }
  }

  /** Tells other scripts of the page (activity.js) the session token, or null: they refresh on it. */
  function announceSession() {
    document.dispatchEvent(new CustomEvent('gatehouse:session', { detail: { token: session?.token ?? null } }));
  }

  /** The server stores ReadWrite or ReadOnly; anything else is treated as read-only there, so it is shown so here. */
  function permissionLabel(permission) {
    return permission === 'ReadWrite' ? 'Read and write' : 'Read only';
  }

  function badge(text, kind) {
    const span = document.createElement('span');
    span.className = kind ? `badge ${kind}` : 'badge';
    span.textContent = text;
    return span;
  }

  // ---- actions -------------------------------------------------------------------------------

  async function refresh() {
    const list = await call('GET', '');
    const entries = list.entries ?? [];
    render(entries);
    // Earlier page sessions that were never signed out expire on their own; tidy them away.
    for (const entry of entries) {
      if (entry.application === PAGE_APPLICATION && entry.id !== session.id && isExpired(entry)) {
        call('DELETE', entry.id).then(() => document.querySelector(`tr[data-id="${entry.id}"]`)?.remove(), () => {});
      }
    }
  }

  async function signedIn(value) {
    session = value;
    showSignedIn();
    await guarded(refresh);
    ui.refresh.focus();
  }

  async function signOut() {
    await guarded(async () => {
      try {
        if (session) {
          await call('DELETE', session.id);
        }
      } catch (error) {
        // Already expired or revoked: signing out is done either way.
        if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 404)) {
          throw error;
        }
      }
      saveSession(null);
      showSignedOut();
      say('You are signed out.');
      ui.login.focus();
    }, ui.signOut);
  }

  function confirmRevoke(entry, button) {
    ui.confirmText.textContent =
      `${entry.application} on ${entry.deviceId} will stop working at once and will have to sign in again.`;
    ui.confirm.returnValue = '';
    ui.confirm.addEventListener('close', async () => {
      if (ui.confirm.returnValue !== 'revoke') {
        button.focus();
        return;
      }
      await guarded(async () => {
        try {
          await call('DELETE', entry.id);
          say(`Revoked the token of ${entry.application} on ${entry.deviceId}.`);
        } catch (error) {
          if (!(error instanceof ApiError) || error.status !== 404) {
            throw error;
          }
          say('That token was already gone.');
        }
        await refresh();
        ui.refresh.focus();
      });
    }, { once: true });
    ui.confirm.showModal();
  }

  async function renew(entry, button) {
    await guarded(async () => {
      const renewed = await call('POST', `${entry.id}/renew`);
      const { text } = formatDate(renewed.expiresAt, 'never');
      await refresh();
      say(`Renewed ${entry.application} on ${entry.deviceId}: it now expires ${renewed.expiresAt ? 'on ' + text : 'never'}.`);
    }, button);
  }

  async function createToken(event) {
    event.preventDefault();
    const form = new FormData(ui.createForm);
    const application = String(form.get('application') ?? '').trim();
    const deviceId = String(form.get('deviceId') ?? '').trim();
    if (!application || !deviceId) {
      say('Enter an application and a device name for the new token.', true);
      (application ? $('create-device') : $('create-application')).focus();
      return;
    }

    await guarded(async () => {
      const created = await call('POST', '', {
        query: {
          application,
          deviceId,
          deviceDescription: String(form.get('deviceDescription') ?? '').trim(),
          permission: String(form.get('permission') ?? 'ReadWrite'),
          expiresIn: String(form.get('expiresIn') ?? ''),
        },
      });
      ui.newToken.value = created.token;
      ui.newTokenNote.textContent = created.created
        ? 'Copy it now: it is shown only once. Anyone holding it can act as you.'
        : 'This device already had a token: this is that same token. Revoke it first for a new one.';
      ui.newTokenPanel.hidden = false;
      ui.copyToken.textContent = 'Copy';
      ui.newToken.focus();
      ui.newToken.select();
      say('Token created.');
      await refresh();
    }, $('create'));
  }

  function hideNewToken() {
    ui.newToken.value = '';
    ui.newTokenPanel.hidden = true;
  }

  async function copyToken() {
    try {
      await navigator.clipboard.writeText(ui.newToken.value);
    } catch {
      // No async clipboard (plain http, permissions): fall back to the selection.
      ui.newToken.select();
      document.execCommand('copy');
    }
    ui.copyToken.textContent = 'Copied';
    say('Token copied to the clipboard.');
  }

  // ---- start ---------------------------------------------------------------------------------

  const signIn = window.GatehouseSignIn.attach({ form: ui.signInForm, say, onSignedIn: signedIn });
  const security = window.GatehouseSignIn.security({ container: ui.security, say, onError: failed });

  ui.signOut.addEventListener('click', signOut);
  ui.refresh.addEventListener('click', () => guarded(refresh, ui.refresh));
  ui.createForm.addEventListener('submit', createToken);
  ui.copyToken.addEventListener('click', copyToken);
  ui.newTokenDone.addEventListener('click', () => {
    hideNewToken();
    ui.createForm.reset();
    say('');
    $('create-device').focus();
  });

  if (session) {
    showSignedIn();
    guarded(refresh);
  } else {
    showSignedOut();
  }
})();
