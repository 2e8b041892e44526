// Gatehouse's web sign-in (SPEC §12), shared by every page: the password, then the second factor (a code, a recovery
// code, or the enrolment an account must make first), through POST /signin; and the Security section that turns the
// second factor on and off. Plain JS, no framework, no inline code (the CSP forbids it). The password stays in this
// closure only while the sign-in is under way; only the page session is kept, in sessionStorage (gone with the tab).
'use strict';

window.GatehouseSignIn = (() => {
  const STORAGE_KEY = 'gatehouse.tokens.session';
  const SIGN_IN = new URL('signin', document.baseURI);
  const SECOND_FACTOR = new URL('signin/second-factor', document.baseURI);

  // ---- session -------------------------------------------------------------------------------

  /** @returns {{token: string, id: string, user: string} | null} */
  function readSession() {
    try {
      const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
      return value && typeof value.token === 'string' && typeof value.id === 'string' ? value : null;
    } catch {
      return null;
    }
  }

  function saveSession(value) {
    if (value) {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
    } else {
      sessionStorage.removeItem(STORAGE_KEY);
    }
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  class ApiError extends Error {
    /** @param {string | null} code the sign-in's error code (code_required, ...), null for other answers */
    constructor(status, message, retryAfterSeconds = null, code = null) {
      super(message);
      this.status = status;
      this.retryAfterSeconds = retryAfterSeconds;
      this.code = code;
    }
  }

  /** Retry-After as whole seconds (Gatehouse sends seconds; an HTTP date is read too), or null. */
  function retryAfter(response) {
    const value = response.headers.get('Retry-After');
    if (!value) {
      return null;
    }
    const seconds = /^\d+$/.test(value.trim()) ? Number(value) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
    return Number.isFinite(seconds) ? Math.max(seconds, 1) : null;
  }

  /** "5 minutes", "1 minute", "40 seconds": minutes from a minute on, rounded up so that waiting that long is enough. */
  function duration(seconds) {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return minutes === 1 ? '1 minute' : `${minutes} minutes`;
    }
    return seconds === 1 ? '1 second' : `${seconds} seconds`;
  }

  function basic(login, password) {
    const bytes = new TextEncoder().encode(login + ':' + password);
    let binary = '';
    for (const byte of bytes) {
      binary += String.fromCharCode(byte);
    }
    return 'Basic ' + btoa(binary);
  }

  /**
   * Calls Gatehouse with the page session (or the given Authorization), JSON in and out. Credentials are never left
   * to the browser ("omit"): no cookies, and a 401 with a Basic challenge does not pop up the browser's own dialog.
   */
  async function request(method, target, { authorization, body, json = true } = {}) {
    const headers = { Accept: json ? 'application/json' : 'text/plain' };
    const session = readSession();
    if (authorization) {
      headers.Authorization = authorization;
    } else if (session) {
      headers['X-Authentication-Token'] = session.token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(target, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit', cache: 'no-store', redirect: 'error',
      });
    } catch {
      throw new ApiError(0, 'Gatehouse cannot be reached. Check your connection and try again.');
    }
    if (response.ok) {
      // A few answers are plain text (a group member removed answers the user's name): those are returned as text.
      return response.status === 204 ? null
        : (response.headers.get('Content-Type') ?? '').includes('json') ? response.json() : response.text();
    }
    const text = (await response.text()).trim();
    let problem = null;
    try {
      problem = JSON.parse(text);
    } catch {
      // A plain-text answer (the chain's): no error code.
    }
    const message = problem?.message ?? (text || `Gatehouse answered ${response.status}.`);
    throw new ApiError(response.status, message, retryAfter(response), problem?.error ?? null);
  }

  /** Says an error plainly: bans with when to try again, outages as such. */
  function describe(error) {
    if (error instanceof ApiError && error.status === 429) {
      return error.retryAfterSeconds ? `Too many attempts: try again in ${duration(error.retryAfterSeconds)}.` : 'Too many attempts: try again later.';
    }
    if (error instanceof ApiError && error.status === 503) {
      return 'Gatehouse is temporarily unavailable. Try again in a moment.';
    }
    return error instanceof Error ? error.message : String(error);
  }

  /**
   * Signs out: revokes the page session's token (one already expired or revoked is just as ended) and forgets it.
   * Other failures are thrown, and the session is kept so that signing out can be tried again.
   */
  async function endSession() {
    const session = readSession();
    if (session) {
      try {
        await request('DELETE', new URL('api/v1/token/' + encodeURIComponent(session.id), document.baseURI));
      } catch (error) {
        if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 404)) {
          throw error;
        }
      }
    }
    saveSession(null);
  }

  // ---- building blocks -----------------------------------------------------------------------

  function element(tag, properties = {}, ...children) {
    const node = Object.assign(document.createElement(tag), properties);
    node.append(...children);
    return node;
  }

  /** A labelled code field: six digits from the app, or a recovery code. */
  function codeField(id, label) {
    const input = element('input', {
      id, name: 'code', type: 'text', autocomplete: 'one-time-code', autocapitalize: 'none', spellcheck: false, required: true,
    });
    return [element('label', { htmlFor: id, textContent: label }), input];
  }

  /** The QR code the server drew, inserted as an SVG element (never as markup or a data: URL, which the CSP refuses). */
  function qrCode(svgText) {
    const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
    const figure = element('div', { className: 'qr' });
    figure.setAttribute('role', 'img');
    figure.setAttribute('aria-label', 'QR code of the key, for your authenticator app');
    if (parsed.namespaceURI === 'http://www.w3.org/2000/svg' && parsed.localName === 'svg') {
      figure.append(document.importNode(parsed, true));
    }
    return figure;
  }

  /** An enrolment's QR code, key and confirmation form; <paramref name="confirm"/> gets the code typed. */
  function enrolmentPanel(enrolment, idPrefix, confirm) {
    const [label, input] = codeField(`${idPrefix}-code`, 'Code from your authenticator app');
    const button = element('button', { type: 'submit', id: `${idPrefix}-confirm`, textContent: 'Turn on two-step sign-in' });
    const form = element('form', { className: 'card', noValidate: true },
      element('h3', { textContent: 'Set up two-step sign-in' }),
      element('p', { textContent: 'Scan this QR code with an authenticator app, or type the key in, then enter the code it shows.' }),
      qrCode(enrolment.qrCodeSvg),
      element('p', {}, 'Key: ', element('code', { id: `${idPrefix}-key`, className: 'key', textContent: enrolment.key })),
      label, input, button);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      confirm(input.value.trim(), button, input);
    });
    return { form, input };
  }

  /** The ten recovery codes, shown once, and a button that goes on. */
  function recoveryPanel(codes, done) {
    const button = element('button', { type: 'button', textContent: 'I have saved my recovery codes' });
    const panel = element('div', { className: 'card notice', id: 'recovery-panel' },
      element('h3', { textContent: 'Your recovery codes' }),
      element('p', { textContent: 'Each one signs you in once if you lose your phone. Save them now: they are shown only once.' }),
      element('ol', { id: 'recovery-codes', className: 'recovery-codes' }, ...codes.map((code) => element('li', {}, element('code', { textContent: code })))),
      button);
    button.addEventListener('click', done, { once: true });
    return panel;
  }

  async function busy(button, action) {
    if (button) {
      button.disabled = true;
    }
    try {
      await action();
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  }

  // ---- sign-in -------------------------------------------------------------------------------

  /**
   * Runs the sign-in on a page's form (with inputs named login and password): the password first, then whatever step
   * the account needs, each shown after the form. <paramref name="onSignedIn"/> gets the new session once complete.
   * @param {{form: HTMLFormElement, say: (message: string, isError?: boolean) => void, onSignedIn: (session: object) => Promise<void> | void}} options
   */
  function attach({ form, say, onSignedIn }) {
    const steps = element('div', { className: 'sign-in-steps' });
    form.after(steps);
    const login = form.elements.namedItem('login');
    const password = form.elements.namedItem('password');
    let credentials = null;

    function reset() {
      credentials = null;
      steps.replaceChildren();
      form.hidden = false;
      password.value = '';
    }

    function show(node, focus) {
      form.hidden = true;
      steps.replaceChildren(node);
      focus?.focus();
    }

    async function finish(result) {
      credentials = null;
      const session = { token: result.session.token, id: result.session.id, user: result.session.username };
      saveSession(session);
      if (result.recoveryCodes) {
        say('Two-step sign-in is on.');
        show(recoveryPanel(result.recoveryCodes, async () => {
          steps.replaceChildren();
          await onSignedIn(session);
        }));
        return;
      }
      steps.replaceChildren();
      say(result.secondFactor.enrolled && result.secondFactor.recoveryCodesLeft <= 3
        ? `Only ${result.secondFactor.recoveryCodesLeft} recovery codes are left: make new ones under Security.`
        : '');
      await onSignedIn(session);
    }

    /** One try of POST /signin with the password kept for this sign-in, and a code when one was typed. */
    async function attempt(code, button, input) {
      await busy(button, async () => {
        try {
          const result = await request('POST', SIGN_IN, {
            authorization: basic(credentials.login, credentials.password),
            body: code ? { code } : undefined,
          });
          await finish(result);
        } catch (error) {
          await refused(error, input);
        }
      });
    }

    async function refused(error, input) {
      if (!(error instanceof ApiError)) {
        say(describe(error), true);
        return;
      }
      switch (error.code) {
        case 'code_required':
          say('');
          showCodeStep();
          return;
        case 'enrolment_required':
          say(error.message);
          await showEnrolmentStep();
          return;
        case 'code_refused':
        case 'code_replayed':
        case 'code_unreadable':
          if (input) {
            input.value = '';
            input.focus();
          }
          say(error.status === 429 ? describe(error) : error.message, true);
          return;
        default:
          reset();
          say(error.status === 401 ? 'The user name, e-mail or password is not right.' : describe(error), true);
          (error.status === 401 ? login : password).focus();
      }
    }

    function showCodeStep() {
      const [label, input] = codeField('sign-in-code', 'Code from your authenticator app, or a recovery code');
      const button = element('button', { type: 'submit', id: 'sign-in-code-submit', textContent: 'Verify' });
      const back = element('button', { type: 'button', className: 'secondary', textContent: 'Use another account' });
      const step = element('form', { className: 'card', noValidate: true },
        element('p', { textContent: `Two-step sign-in is on for ${credentials.login}.` }), label, input, button, ' ', back);
      step.addEventListener('submit', (event) => {
        event.preventDefault();
        const code = input.value.trim();
        if (!code) {
          say('Enter the code from your authenticator app, or a recovery code.', true);
          input.focus();
          return;
        }
        attempt(code, button, input);
      });
      back.addEventListener('click', () => {
        reset();
        say('');
        login.focus();
      });
      show(step, input);
    }

    async function showEnrolmentStep() {
      let enrolment;
      try {
        enrolment = await request('POST', new URL('signin/second-factor/enrolment', document.baseURI), {
          authorization: basic(credentials.login, credentials.password),
        });
      } catch (error) {
        reset();
        say(describe(error), true);
        return;
      }
      // Confirming is the sign-in itself, with a code of the new key.
      const { form: step, input } = enrolmentPanel(enrolment, 'enrol', (code, button, field) => {
        if (!code) {
          say('Enter the code your authenticator app shows.', true);
          field.focus();
          return;
        }
        attempt(code, button, field);
      });
      show(step, input);
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const typed = { login: login.value.trim(), password: password.value };
      if (!typed.login || !typed.password) {
        say('Enter your user name or e-mail and your password.', true);
        (typed.login ? password : login).focus();
        return;
      }
      credentials = typed;
      password.value = '';
      await attempt(null, form.querySelector('button[type="submit"]'), null);
    });

    return { reset };
  }

  // ---- Security section ----------------------------------------------------------------------

  /**
   * Renders the signed-in user's second factor into <paramref name="container"/>: set it up, new recovery codes,
   * turn it off (each proven with a code). <paramref name="onError"/> handles what the page handles (a session ended).
   */
  function security({ container, say, onError }) {
    async function guarded(button, action) {
      await busy(button, async () => {
        try {
          await action();
        } catch (error) {
          onError(error);
        }
      });
    }

    /** A form asking for a code, then doing <paramref name="action"/> with it. */
    function codeForm(id, label, submitText, danger, action) {
      const [fieldLabel, input] = codeField(id, label);
      const button = element('button', { type: 'submit', textContent: submitText, className: danger ? 'danger' : '' });
      const cancel = element('button', { type: 'button', className: 'secondary', textContent: 'Cancel' });
      const form = element('form', { className: 'card', noValidate: true }, fieldLabel, input, button, ' ', cancel);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        guarded(button, () => action(input.value.trim(), input));
      });
      cancel.addEventListener('click', () => refresh());
      return { form, input };
    }

    /** A refused code is said and typed again; anything else is the page's. */
    function codeRefused(error, input) {
      if (error instanceof ApiError && ['code_refused', 'code_replayed', 'code_unreadable', 'code_required'].includes(error.code)) {
        say(error.status === 429 ? describe(error) : error.message, true);
        input.value = '';
        input.focus();
        return true;
      }
      return false;
    }

    function render(status) {
      const body = [];
      if (status.enrolled) {
        body.push(element('p', { id: 'second-factor-state', textContent: `Two-step sign-in is on. Recovery codes left: ${status.recoveryCodesLeft}.` }));
        const renew = element('button', { type: 'button', className: 'secondary', textContent: 'New recovery codes' });
        const off = element('button', { type: 'button', className: 'secondary', textContent: 'Turn off two-step sign-in' });
        renew.addEventListener('click', () => {
          const { form, input } = codeForm('security-renew-code', 'Code from your authenticator app, or a recovery code', 'Make new recovery codes', false, async (code) => {
            try {
              const result = await request('POST', new URL('signin/second-factor/recovery-codes', document.baseURI), { body: { code } });
              say('New recovery codes: the old ones no longer work.');
              container.replaceChildren(recoveryPanel(result.recoveryCodes, () => render(result.secondFactor)));
            } catch (error) {
              if (!codeRefused(error, input)) {
                throw error;
              }
            }
          });
          container.replaceChildren(form);
          input.focus();
        });
        off.addEventListener('click', () => {
          const { form, input } = codeForm('security-off-code', 'Code from your authenticator app, or a recovery code', 'Turn off', true, async (code) => {
            try {
              const result = await request('POST', new URL('signin/second-factor/disable', document.baseURI), { body: { code } });
              say(result.required ? 'Two-step sign-in is off; your next sign-in will ask you to set it up again.' : 'Two-step sign-in is off.');
              render(result);
            } catch (error) {
              if (!codeRefused(error, input)) {
                throw error;
              }
            }
          });
          container.replaceChildren(form);
          input.focus();
        });
        body.push(element('div', { className: 'button-row' }, renew, ' ', off));
      } else {
        body.push(element('p', { id: 'second-factor-state', textContent: 'Two-step sign-in is off: a password alone signs you in.' }));
        const setUp = element('button', { type: 'button', textContent: 'Set up two-step sign-in' });
        setUp.addEventListener('click', () => guarded(setUp, async () => {
          const enrolment = await request('POST', new URL('signin/second-factor/enrolment', document.baseURI));
          const { form, input } = enrolmentPanel(enrolment, 'security-enrol', (code, button, field) => guarded(button, async () => {
            try {
              const result = await request('POST', new URL('signin/second-factor/confirmation', document.baseURI), { body: { code } });
              say('Two-step sign-in is on.');
              container.replaceChildren(recoveryPanel(result.recoveryCodes, () => render(result.secondFactor)));
            } catch (error) {
              if (!codeRefused(error, field)) {
                throw error;
              }
            }
          }));
          container.replaceChildren(form);
          input.focus();
        }));
        body.push(setUp);
      }
      container.replaceChildren(...body);
    }

    async function refresh() {
      try {
        render(await request('GET', SECOND_FACTOR));
      } catch (error) {
        onError(error);
      }
    }

    return { refresh };
  }

  return Object.freeze({ ApiError, readSession, saveSession, endSession, request, describe, duration, attach, security });
})();
