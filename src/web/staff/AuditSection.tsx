/** The audit trail for administrators: the newest records a page at a time, the chain checked, an export. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditRecord, auditPage, isProblem, verifyAuditChain } from '../session-api.js';
import { usePageTitle } from './ApiState.js';
import { TableWrap } from './TableWrap.js';

export function AuditSection() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('audit.title'));
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [more, setMore] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });

  async function load(before?: number) {
    try {
      const page = await auditPage(before);
      setRecords((shown) => (before ? [...shown, ...page] : page));
      setMore(page.length === 50);
    } catch (problem) {
      setMessage({ ok: false, text: isProblem(problem) ? problem.message : t('signin.failed') });
    }
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when shown
  useEffect(() => {
    void load();
  }, []);

  async function verify() {
    try {
      const check = await verifyAuditChain();
      setMessage(
        check.ok
          ? { ok: true, text: t('audit.intact', { count: check.checked }) }
          : { ok: false, text: t('audit.broken', { seq: check.seq, reason: check.reason }) },
      );
    } catch (problem) {
      setMessage({ ok: false, text: isProblem(problem) ? problem.message : t('signin.failed') });
    }
  }

  return (
    <section className="stack wide" data-testid="audit">
      <h1>{t('audit.title')}</h1>
      <p className="note">{t('audit.note')}</p>
      <p>
        <button type="button" onClick={() => void verify()}>
          {t('audit.verify')}
        </button>{' '}
        <a href="/api/audit/export" download="audit.jsonl">
          {t('audit.export')}
        </a>
      </p>
      {message && (
        <p className={message.ok ? 'note' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="audit-check">
          {message.text}
        </p>
      )}
      <TableWrap>
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('audit.when')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.request')}</th>
              <th>{t('audit.result')}</th>
              <th>{t('audit.from')}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.seq} data-testid="audit-record">
                <td className="num">{r.seq}</td>
                <td>{when(r.at)}</td>
                <td>{r.actorName}</td>
                <td>{r.action}</td>
                <td>
                  {r.method} {r.route}
                  {r.targets.length > 0 ? ` (${r.targets.join(', ')})` : ''}
                </td>
                <td className="num">{r.status}</td>
                <td>{r.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {more && (
        <button type="button" onClick={() => void load(records.at(-1)?.seq)}>
          {t('audit.older')}
        </button>
      )}
    </section>
  );
}
