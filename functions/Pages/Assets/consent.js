// The consent screen (Nuxeo Drive's browser sign-in, the device grant's verification page): the shared sign-in
// (password, second factor), then the consent form, posted to this same URL with the page session.
'use strict';

(() => {
  const { readSession, saveSession, request, ApiError, attach } = window.GatehouseSignIn;
  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'),
    who: $('who'),
    whoName: $('who-name'),
    switchAccount: $('switch-account'),
    signInSection: $('sign-in-section'),
    signInForm: $('sign-in-form'),
    consentSection: $('consent-section'),
    consentForm: $('consent-form'),
    consentSession: $('consent-session'),
  };

  function say(message, isError = false) {
    ui.status.textContent = message;
    ui.status.classList.toggle('error', isError);
  }

  function showConsent(session) {
    ui.signInSection.hidden = true;
    ui.whoName.textContent = session.user;
    ui.who.hidden = false;
    ui.consentSection.hidden = false;
    $('consent-approve').focus();
  }

  function showSignIn() {
    ui.who.hidden = true;
    ui.consentSection.hidden = true;
    ui.signInSection.hidden = false;
    signIn.reset();
  }

  /** Another account: this browser's session is revoked (errors are harmless: it only expires sooner). */
  async function switchAccount() {
    const session = readSession();
    saveSession(null);
    if (session) {
      await request('DELETE', new URL('api/v1/token/' + encodeURIComponent(session.id), document.baseURI)).catch(() => {});
    }
    say('');
    showSignIn();
    $('login').focus();
  }

  ui.consentForm.addEventListener('submit', () => {
    ui.consentSession.value = readSession()?.token ?? '';
  });
  ui.switchAccount.addEventListener('click', switchAccount);
  const signIn = attach({ form: ui.signInForm, say, onSignedIn: showConsent });

  // A session of this tab that still works goes straight to the consent.
  const existing = readSession();
  if (existing) {
    request('GET', new URL('signin/second-factor', document.baseURI)).then(
      () => showConsent(existing),
      (error) => {
        if (error instanceof ApiError && error.status === 401) {
          saveSession(null);
        }
        showSignIn();
      });
  }
})();
