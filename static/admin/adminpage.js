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
    el('h2', {}, 'Accounts'),
    BB.table(['Login', 'Role', 'Since'], accounts.data, (a) => [a.login, a.role, BB.time(a.created_at)]),
    el('h2', {}, 'Audit log'),
    audit);
  await loadAudit(1);
});
