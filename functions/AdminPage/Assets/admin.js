// Gatehouse administration page (issue #13 item 4). Plain JS, no framework, no inline code (the CSP forbids it).
// The sign-in (password, second factor) is the shared module's (pages/signin.js); the users and groups are Nuxeo's
// directory API (/api/v1/user, /api/v1/group), which decides who may do what: this page only keeps its controls
// from someone /api/v1/me says is no administrator.
'use strict';

(() => {
  const { ApiError, request, describe } = window.GatehouseSignIn;
  const PAGE_SIZE = 20;
  const GROUP_LISTS = 'memberUsers,memberGroups';

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'),
    who: $('who'),
    whoName: $('who-name'),
    signOut: $('sign-out'),
    signInSection: $('sign-in-section'),
    signInForm: $('sign-in-form'),
    login: $('login'),
    denied: $('denied-section'),
    admin: $('admin'),
    userSearchForm: $('user-search-form'),
    userQuery: $('user-query'),
    usersEmpty: $('users-empty'),
    usersTable: $('users'),
    userRows: $('user-rows'),
    createUserForm: $('create-user-form'),
    groupSearchForm: $('group-search-form'),
    groupQuery: $('group-query'),
    groupsEmpty: $('groups-empty'),
    groupsTable: $('groups'),
    groupRows: $('group-rows'),
    createGroupForm: $('create-group-form'),
    groupPanel: $('group-panel'),
    groupPanelTitle: $('group-panel-title'),
    groupMembers: $('group-members'),
    groupMembersEmpty: $('group-members-empty'),
    groupSubgroups: $('group-subgroups'),
    groupSubgroupsEmpty: $('group-subgroups-empty'),
    addMemberForm: $('add-member-form'),
    addMember: $('add-member'),
    addSubgroupForm: $('add-subgroup-form'),
    addSubgroup: $('add-subgroup'),
    passwordDialog: $('password-dialog'),
    passwordForm: $('password-form'),
    passwordText: $('password-dialog-text'),
    passwordInput: $('reset-password'),
    passwordError: $('password-error'),
    confirm: $('confirm-dialog'),
    confirmTitle: $('confirm-title'),
    confirmText: $('confirm-text'),
    confirmOk: $('confirm-ok'),
  };

  /** The signed-in administrator's name, once /api/v1/me said they are one. */
  let administrator = null;
  /** The group shown in the group panel, or null. */
  let openGroup = null;

  // ---- HTTP ----------------------------------------------------------------------------------

  /** The directory API's URL for these path segments (each encoded) and query. */
  function url(segments, query) {
    const target = new URL('api/v1/' + segments.map(encodeURIComponent).join('/'), document.baseURI);
    for (const [name, value] of Object.entries(query ?? {})) {
      target.searchParams.set(name, String(value));
    }
    return target;
  }

  function call(method, segments, { query, body } = {}) {
    return request(method, url(segments, query), { body });
  }

  // ---- status line ---------------------------------------------------------------------------

  function say(message, isError = false) {
    ui.status.textContent = message;
    ui.status.classList.toggle('error', isError);
  }

  /** A 401 on the session token means it expired or was revoked elsewhere: back to sign-in. */
  function isSessionEnd(error) {
    return error instanceof ApiError && error.status === 401 && window.GatehouseSignIn.readSession() !== null;
  }

  function sessionEnded() {
    window.GatehouseSignIn.saveSession(null);
    showSignedOut();
    say('Your session has ended (it expired or was revoked). Sign in again.', true);
  }

  /** A 401 ends the session; anything else is said, in the API's words. */
  function failed(error) {
    if (isSessionEnd(error)) {
      sessionEnded();
    } else {
      say(describe(error), true);
    }
  }

  /** Runs an action with its button disabled; a failure is said. Resolves true when it succeeded. */
  async function guarded(action, button) {
    if (button) {
      button.disabled = true;
    }
    try {
      await action();
      return true;
    } catch (error) {
      failed(error);
      return false;
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  }

  // ---- building blocks -----------------------------------------------------------------------

  function cell(label, ...content) {
    const td = document.createElement('td');
    td.dataset.label = label;
    td.append(...content);
    return td;
  }

  function badge(text, kind) {
    const span = document.createElement('span');
    span.className = kind ? `badge ${kind}` : 'badge';
    span.textContent = text;
    return span;
  }

  function button(text, label, onClick, kind = 'secondary') {
    const node = document.createElement('button');
    node.type = 'button';
    node.className = kind;
    node.textContent = text;
    node.setAttribute('aria-label', label);
    node.addEventListener('click', () => onClick(node));
    return node;
  }

  /** Shows a paged list's position and sets its Previous/Next buttons. */
  function renderPager(prefix, list, noun) {
    const pages = Math.max(list.numberOfPages ?? 1, 1);
    $(`${prefix}-page`).textContent = `${list.resultsCount} ${noun} · page ${list.currentPageIndex + 1} of ${pages}`;
    $(`${prefix}-previous`).disabled = !list.isPreviousPageAvailable;
    $(`${prefix}-next`).disabled = !list.isNextPageAvailable;
  }

  /** Asks "are you sure?" in the confirmation dialog; resolves true when the action was chosen. */
  function confirmed(title, text, action) {
    ui.confirmTitle.textContent = title;
    ui.confirmText.textContent = text;
    ui.confirmOk.textContent = action;
    ui.confirm.returnValue = '';
    return new Promise((resolve) => {
      ui.confirm.addEventListener('close', () => resolve(ui.confirm.returnValue === 'ok'), { once: true });
      ui.confirm.showModal();
    });
  }

  /** The typed search: empty means everyone ("*", Nuxeo's all). */
  function searchText(input) {
    return input.value.trim() || '*';
  }

  // ---- views ---------------------------------------------------------------------------------

  function showSignedOut() {
    administrator = null;
    ui.who.hidden = true;
    ui.admin.hidden = true;
    ui.denied.hidden = true;
    ui.userRows.replaceChildren();
    ui.groupRows.replaceChildren();
    closeGroup();
    ui.signInSection.hidden = false;
    signIn.reset();
  }

  /** Signed in: /api/v1/me says whether this is an administrator, and only then are the controls shown. */
  async function showSignedIn() {
    const session = window.GatehouseSignIn.readSession();
    ui.signInSection.hidden = true;
    ui.whoName.textContent = session.user;
    ui.who.hidden = false;
    const me = await call('GET', ['me']);
    if (!me.isAdministrator) {
      ui.denied.hidden = false;
      return;
    }
    administrator = me.id;
    ui.admin.hidden = false;
    await Promise.all([refreshUsers(), refreshGroups()]);
  }

  // ---- users ---------------------------------------------------------------------------------

  const users = { q: '*', page: 0 };

  async function refreshUsers() {
    const list = await call('GET', ['user', 'search'], { query: { q: users.q, currentPageIndex: users.page, pageSize: PAGE_SIZE } });
    if (list.entries.length === 0 && users.page > 0) {
      // The last user of the last page went: show the page before.
      users.page -= 1;
      await refreshUsers();
      return;
    }
    ui.userRows.replaceChildren(...list.entries.map(userRow));
    ui.usersEmpty.hidden = list.entries.length > 0;
    ui.usersTable.hidden = list.entries.length === 0;
    renderPager('users', list, list.resultsCount === 1 ? 'user' : 'users');
  }

  function userRow(user) {
    const name = user.id;
    const properties = user.properties;
    const tr = document.createElement('tr');
    tr.dataset.user = name;

    const title = document.createElement('span');
    title.textContent = name;
    if (user.isAdministrator) {
      title.append(' ', badge('administrator'));
    }
    const isSelf = name.toLowerCase() === administrator?.toLowerCase();
    if (isSelf) {
      title.append(' ', badge('you'));
    }

    const actions = cell('');
    actions.className = 'actions';
    if (!isSelf) {
      actions.append(properties.enabled
        ? button('Disable', `Disable ${name}`, (node) => setEnabled(name, false, node))
        : button('Enable', `Enable ${name}`, (node) => setEnabled(name, true, node)));
    }
    actions.append(button('Reset password', `Reset the password of ${name}`, (node) => resetPassword(name, node)));
    if (!isSelf) {
      actions.append(button('Delete', `Delete ${name}`, (node) => deleteUser(name, node), 'danger'));
    }

    tr.append(
      cell('User name', title),
      cell('Name', [properties.firstName, properties.lastName].filter(Boolean).join(' ')),
      cell('E-mail', properties.email ?? ''),
      cell('Company', properties.company ?? ''),
      cell('Groups', (properties.groups ?? []).join(', ')),
      cell('Status', properties.enabled ? 'Enabled' : badge('disabled', 'expired')),
      actions);
    return tr;
  }

  function setEnabled(name, enabled, node) {
    return guarded(async () => {
      await call('PUT', ['user', name], { body: { 'entity-type': 'user', id: name, properties: { enabled } } });
      say(enabled ? `${name} is enabled again.` : `${name} is disabled: their passwords and tokens are refused until enabled again.`);
      await refreshUsers();
    }, node);
  }

  async function deleteUser(name, node) {
    if (!await confirmed(`Delete ${name}?`, `${name} is removed with all their tokens, which stop working at once. Their e-mail address becomes free. This cannot be undone.`, 'Delete')) {
      node.focus();
      return;
    }
    await guarded(async () => {
      await call('DELETE', ['user', name]);
      say(`Deleted ${name}; their tokens no longer work.`);
      await Promise.all([refreshUsers(), refreshGroups()]);
    });
  }

  /** The password dialog: a refusal (the password policy's 400) is said in the dialog, which stays open. */
  function resetPassword(name, node) {
    ui.passwordText.textContent = `A new password for ${name}. Their tokens keep working; their old password stops at once.`;
    ui.passwordInput.value = '';
    ui.passwordError.textContent = '';
    ui.passwordForm.dataset.user = name;
    ui.passwordDialog.addEventListener('close', () => {
      ui.passwordInput.value = '';
      node.focus();
    }, { once: true });
    ui.passwordDialog.showModal();
    ui.passwordInput.focus();
  }

  async function submitPassword(event) {
    event.preventDefault();
    const name = ui.passwordForm.dataset.user;
    const password = ui.passwordInput.value;
    if (!password) {
      ui.passwordError.textContent = 'Enter the new password.';
      ui.passwordInput.focus();
      return;
    }
    const submit = $('password-submit');
    submit.disabled = true;
    try {
      await call('PUT', ['user', name], { body: { 'entity-type': 'user', id: name, properties: { password } } });
      ui.passwordDialog.close();
      say(`The password of ${name} is changed.`);
    } catch (error) {
      if (isSessionEnd(error)) {
        ui.passwordDialog.close();
        sessionEnded();
        return;
      }
      ui.passwordError.textContent = describe(error);
      ui.passwordInput.select();
    } finally {
      submit.disabled = false;
    }
  }

  async function createUser(event) {
    event.preventDefault();
    const form = new FormData(ui.createUserForm);
    const text = (field) => String(form.get(field) ?? '').trim();
    const username = text('username');
    const password = String(form.get('password') ?? '');
    if (!username || !password) {
      say('Enter a user name and a password for the new user.', true);
      (username ? $('new-user-password') : $('new-username')).focus();
      return;
    }
    const properties = { username, password };
    for (const field of ['email', 'firstName', 'lastName', 'company']) {
      if (text(field)) {
        properties[field] = text(field);
      }
    }
    const groups = text('groups').split(',').map((group) => group.trim()).filter(Boolean);
    if (groups.length > 0) {
      properties.groups = groups;
    }

    await guarded(async () => {
      const created = await call('POST', ['user'], { body: { 'entity-type': 'user', properties } });
      ui.createUserForm.reset();
      say(`Created user ${created.id}.`);
      await Promise.all([refreshUsers(), refreshGroups()]);
      $('new-username').focus();
    }, $('create-user'));
  }

  // ---- groups --------------------------------------------------------------------------------

  const groups = { q: '*', page: 0 };

  async function refreshGroups() {
    const list = await call('GET', ['group', 'search'], {
      query: { q: groups.q, currentPageIndex: groups.page, pageSize: PAGE_SIZE, 'fetch-group': GROUP_LISTS },
    });
    if (list.entries.length === 0 && groups.page > 0) {
      groups.page -= 1;
      await refreshGroups();
      return;
    }
    ui.groupRows.replaceChildren(...list.entries.map(groupRow));
    ui.groupsEmpty.hidden = list.entries.length > 0;
    ui.groupsTable.hidden = list.entries.length === 0;
    renderPager('groups', list, list.resultsCount === 1 ? 'group' : 'groups');
    if (openGroup) {
      await showGroup(openGroup);
    }
  }

  function groupRow(group) {
    const name = group.groupname;
    const tr = document.createElement('tr');
    tr.dataset.group = name;
    const actions = cell('',
      button('Manage', `Manage ${name}`, () => guarded(() => showGroup(name, true))),
      button('Delete', `Delete group ${name}`, (node) => deleteGroup(name, node), 'danger'));
    actions.className = 'actions';
    tr.append(
      cell('Group', name),
      cell('Label', group.grouplabel ?? ''),
      cell('Members', (group.memberUsers ?? []).join(', ')),
      cell('Sub-groups', (group.memberGroups ?? []).join(', ')),
      actions);
    return tr;
  }

  function memberItem(name, label, onRemove) {
    const li = document.createElement('li');
    const text = document.createElement('span');
    text.textContent = name;
    li.append(text, button('Remove', label, onRemove));
    return li;
  }

  /** Opens (or refreshes) the panel of one group: its member users and sub-groups, each removable. */
  async function showGroup(name, focus = false) {
    let group;
    try {
      group = await call('GET', ['group', name], { query: { 'fetch-group': GROUP_LISTS } });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        closeGroup();
        return;
      }
      throw error;
    }
    openGroup = group.groupname;
    ui.groupPanelTitle.textContent = group.grouplabel ? `Group ${group.groupname} (${group.grouplabel})` : `Group ${group.groupname}`;
    ui.groupMembers.replaceChildren(...group.memberUsers.map((user) =>
      memberItem(user, `Remove ${user} from ${group.groupname}`, (node) => removeMember(group.groupname, user, node))));
    ui.groupMembersEmpty.hidden = group.memberUsers.length > 0;
    ui.groupSubgroups.replaceChildren(...group.memberGroups.map((sub) =>
      memberItem(sub, `Remove sub-group ${sub} from ${group.groupname}`, (node) => setSubgroups(group.groupname, group.memberGroups.filter((g) => g !== sub), `${sub} is no longer a sub-group of ${group.groupname}.`, node))));
    ui.groupSubgroupsEmpty.hidden = group.memberGroups.length > 0;
    ui.groupPanel.dataset.subgroups = JSON.stringify(group.memberGroups);
    ui.groupPanel.hidden = false;
    if (focus) {
      ui.addMember.focus();
    }
  }

  function closeGroup() {
    openGroup = null;
    ui.groupPanel.hidden = true;
    ui.groupMembers.replaceChildren();
    ui.groupSubgroups.replaceChildren();
  }

  function removeMember(group, user, node) {
    return guarded(async () => {
      await call('DELETE', ['group', group, 'user', user]);
      say(`Removed ${user} from ${group}.`);
      await Promise.all([refreshUsers(), refreshGroups()]);
    }, node);
  }

  /** Sub-groups are the group's memberGroups list, replaced whole (the member users are left as they are). */
  function setSubgroups(group, memberGroups, message, node) {
    return guarded(async () => {
      await call('PUT', ['group', group], { body: { 'entity-type': 'group', groupname: group, memberGroups } });
      say(message);
      await refreshGroups();
    }, node);
  }

  async function addMember(event) {
    event.preventDefault();
    const user = ui.addMember.value.trim();
    if (!user || !openGroup) {
      say('Enter the name of the user to add.', true);
      ui.addMember.focus();
      return;
    }
    const group = openGroup;
    await guarded(async () => {
      await call('POST', ['group', group, 'user', user]);
      ui.addMember.value = '';
      say(`Added ${user} to ${group}.`);
      await Promise.all([refreshUsers(), refreshGroups()]);
      ui.addMember.focus();
    }, $('add-member-submit'));
  }

  async function addSubgroup(event) {
    event.preventDefault();
    const sub = ui.addSubgroup.value.trim();
    if (!sub || !openGroup) {
      say('Enter the name of the group to add as a sub-group.', true);
      ui.addSubgroup.focus();
      return;
    }
    const current = JSON.parse(ui.groupPanel.dataset.subgroups ?? '[]');
    if (await setSubgroups(openGroup, [...current, sub], `${sub} is now a sub-group of ${openGroup}.`, $('add-subgroup-submit'))) {
      ui.addSubgroup.value = '';
    }
    ui.addSubgroup.focus();
  }

  async function deleteGroup(name, node) {
    if (!await confirmed(`Delete group ${name}?`, `Its members leave it, and it leaves the groups it is a sub-group of. Their tokens keep working. This cannot be undone.`, 'Delete group')) {
      node.focus();
      return;
    }
    await guarded(async () => {
      await call('DELETE', ['group', name]);
      if (openGroup?.toLowerCase() === name.toLowerCase()) {
        closeGroup();
      }
      say(`Deleted group ${name}.`);
      await Promise.all([refreshUsers(), refreshGroups()]);
    });
  }

  async function createGroup(event) {
    event.preventDefault();
    const form = new FormData(ui.createGroupForm);
    const groupname = String(form.get('groupname') ?? '').trim();
    const grouplabel = String(form.get('grouplabel') ?? '').trim();
    if (!groupname) {
      say('Enter a name for the new group.', true);
      $('new-groupname').focus();
      return;
    }
    await guarded(async () => {
      const body = { 'entity-type': 'group', groupname };
      if (grouplabel) {
        body.grouplabel = grouplabel;
      }
      const created = await call('POST', ['group'], { body });
      ui.createGroupForm.reset();
      say(`Created group ${created.groupname}.`);
      openGroup = created.groupname;
      await refreshGroups();
      ui.addMember.focus();
    }, $('create-group'));
  }

  // ---- sign-in and out -----------------------------------------------------------------------

  async function signedIn() {
    await guarded(showSignedIn);
  }

  async function signOut() {
    await guarded(async () => {
      await window.GatehouseSignIn.endSession();
      showSignedOut();
      say('You are signed out.');
      ui.login.focus();
    }, ui.signOut);
  }

  // ---- start ---------------------------------------------------------------------------------

  const signIn = window.GatehouseSignIn.attach({ form: ui.signInForm, say, onSignedIn: signedIn });

  ui.signOut.addEventListener('click', signOut);
  ui.userSearchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    users.q = searchText(ui.userQuery);
    users.page = 0;
    guarded(refreshUsers, $('user-search'));
  });
  ui.groupSearchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    groups.q = searchText(ui.groupQuery);
    groups.page = 0;
    guarded(refreshGroups, $('group-search'));
  });
  // The pager's buttons are enabled by the page shown, so they are not passed to guarded (which would enable them).
  $('users-previous').addEventListener('click', () => { users.page -= 1; guarded(refreshUsers); });
  $('users-next').addEventListener('click', () => { users.page += 1; guarded(refreshUsers); });
  $('groups-previous').addEventListener('click', () => { groups.page -= 1; guarded(refreshGroups); });
  $('groups-next').addEventListener('click', () => { groups.page += 1; guarded(refreshGroups); });
  ui.createUserForm.addEventListener('submit', createUser);
  ui.createGroupForm.addEventListener('submit', createGroup);
  ui.addMemberForm.addEventListener('submit', addMember);
  ui.addSubgroupForm.addEventListener('submit', addSubgroup);
  $('group-panel-close').addEventListener('click', closeGroup);
  ui.passwordForm.addEventListener('submit', submitPassword);
  $('password-cancel').addEventListener('click', () => ui.passwordDialog.close());

  if (window.GatehouseSignIn.readSession()) {
    signedIn();
  } else {
    showSignedOut();
  }
})();
