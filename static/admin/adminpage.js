/* adminpage.js -- for admins: the moderation metrics, the accounts (and a new one), the audit log. */
'use strict';

const AUDIT_PAGE_SIZE = 50;

BB.page('Admin', async (main, me) => {
  const { el } = BB;
  if (me.role !== 'admin') throw new Error('This page is for admins.');
  const [metrics, accounts] = await Promise.all([
    BB.api('/admin/api/moderation/metrics'),
    BB.api('/admin/api/users?size=500'),
  ]);
  const m = metrics.data;
  const audit = el('div', { id: 'audit' });
  async function loadAudit(page) {
    audit.replaceChildren(el('div', { class: 'loading' }, 'Loading…'));
    try {
      const { data, total } = await BB.api(`/admin/api/audit?size=${AUDIT_PAGE_SIZE}&page=${page}`);
      audit.replaceChildren(
        BB.table(['When', 'Who', 'Action', 'Campaign', 'Detail'], data, (a) => [BB.time(a.at), a.actor, a.action,
          a.campaign_id ? el('a', { href: `item.html?id=${encodeURIComponent(a.campaign_id)}` }, a.campaign_id.slice(0, 8)) : '',
          a.detail || '']),
        BB.pager(page, AUDIT_PAGE_SIZE, total, loadAudit));
    } catch (err) {
      audit.replaceChildren();
      BB.showError(audit, err);
    }
  }
  const p = (v) => (v === null || v === undefined ? 'n/a' : `${Math.round(v)} s`);
  main.append(
    el('h1', {}, 'Admin'),
    el('h2', {}, 'Moderation'),
    el('div', { class: 'cards', id: 'metrics' },
      BB.card('Open', BB.num(m.open), 'open'), BB.card('Claimed', BB.num(m.claimed), 'claimed'),
      BB.card('Escalated', BB.num(m.escalated), 'escalated'), BB.card('Decided today', BB.num(m.decided_today), 'decided_today'),
      BB.card('Time to decision p50', p(m.time_to_decision_s?.p50), 'p50'),
      BB.card('Time to decision p90', p(m.time_to_decision_s?.p90), 'p90'),
      BB.card('Took action', BB.num(m.decisions?.took_action), 'took_action'),
      BB.card('Skipped', BB.num(m.decisions?.skipped), 'skipped'),
      BB.card('Agreement', m.agreement_rate === null ? 'n/a' : BB.percent(m.agreement_rate * 100), 'agreement')),
    el('p', {}, el('a', { href: 'queue.html?status=escalated&flagged=' }, 'Escalated items')),
    m.per_reviewer.length === 0 ? null :
      BB.table(['Reviewer', '#Decisions', '#Took action', '#Skipped', '#Escalations'], m.per_reviewer, (r) =>
        [r.login, BB.num(r.decisions), BB.num(r.took_action), BB.num(r.skipped), BB.num(r.escalations)]),
    el('h2', {}, 'Accounts'),
    newAccount(),
    BB.table(['Login', 'Role', 'Since'], accounts.data, (a) => [a.login, a.role, BB.time(a.created_at)]),
    el('h2', {}, 'Audit log'),
    audit);
  await loadAudit(1);
});

/* POST /admin/api/users; the server's detail is shown as it is (taken login, short password). */
function newAccount() {
  const { el } = BB;
  const login = el('input', { id: 'new-login', autocomplete: 'off', maxlength: 64, required: true });
  const password = el('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', required: true });
  const role = el('select', { id: 'new-role' }, el('option', { value: 'moderator' }, 'moderator'),
    el('option', { value: 'admin' }, 'admin'));
  const result = el('div', { id: 'new-account-result', 'aria-live': 'polite' });
  const form = el('form', { class: 'toolbar', id: 'new-account' },
    el('label', { for: 'new-login' }, 'New account'), login,
    el('label', { for: 'new-password' }, 'Password'), password, role,
    el('button', { type: 'submit' }, 'Create'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await BB.api('/admin/api/users', { method: 'POST',
        body: { login: login.value, password: password.value, role: role.value } });
      result.replaceChildren(el('div', { class: 'notice' }, `Account ${login.value} (${role.value}) created.`));
      password.value = '';
    } catch (err) {
      result.replaceChildren(el('div', { class: 'error', role: 'alert' }, err.message));
    }
  });
  return el('div', {}, form, result);
}
