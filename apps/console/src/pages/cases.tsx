import { useState } from 'react';
import { all } from '../api';
import { ClassBadge, ErrorText, Link, Loading, StateBadge } from '../components/ui';
import { ACTIVE_CASE_STATES, formatDuration, formatTime, type CaseItem } from '../domain';
import { useAsync, useNow, usePlatformEvents } from '../hooks';
import { useT } from '../i18n';
import { navigate, useLocation } from '../router';
import { useUser } from '../user';
import type { Principal } from '../api';

export const isMine = (c: CaseItem, user: Principal) =>
  user.district
    ? c.districts.includes(user.district) || c.district === user.district
    : c.provinces.includes(user.province);

/** Worst first: pollution by class, then faults and missing data; older first within a level. */
function severity(c: CaseItem): number {
  const base = c.episode === 'pollution' ? 10 : c.episode === 'instrument_fault' ? 3 : 2;
  return base + (c.class ?? 0);
}

export function SlaCountdown({ c, now }: { c: CaseItem; now: number }) {
  const t = useT();
  if (!c.nextDueAt || !ACTIVE_CASE_STATES.includes(c.state) || c.state === 'resolved')
    return <span className="muted">—</span>;
  const left = new Date(c.nextDueAt).getTime() - now;
  return (
    <span className={left < 0 || c.overdue ? 'overdue' : left < 30 * 60_000 ? 'warn' : ''}>
      {left < 0 ? `${t('overdue')} ${formatDuration(-left)}` : formatDuration(left)}
    </span>
  );
}

export function SidesStatus({ c }: { c: CaseItem }) {
  const t = useT();
  if (!c.joint) return null;
  return (
    <span className="sides">
      {c.provinces.map((p) => {
        // before resolution each side acknowledges; after it, each side confirms the close
        const closing = c.state === 'resolved' || c.state === 'closed';
        const done = closing
          ? c.closeConfirmedBy.includes(p) || c.state === 'closed'
          : c.acknowledgedBy.includes(p);
        const label = closing
          ? done
            ? t('closeDone')
            : t('closePending')
          : done
            ? t('ackDone')
            : t('ackPending');
        return (
          <span key={p} className={`side ${done ? 'done' : 'pending'}`} data-side={p}>
            {t(p)}: {label}
          </span>
        );
      })}
    </span>
  );
}

export function CasesPage() {
  const t = useT();
  const user = useUser();
  const { query } = useLocation();
  const station = query.get('station') ?? '';
  const [scope, setScope] = useState<'mine' | 'all'>(
    user.role === 'river_chief' || user.role === 'officer' ? 'mine' : 'all',
  );
  const [jointOnly, setJointOnly] = useState(false);
  const [activeOnly, setActiveOnly] = useState(true);
  const now = useNow(15_000);
  const { data, error, reload } = useAsync(
    () =>
      all<CaseItem>(
        `/api/v1/cases?${activeOnly ? `state=${ACTIVE_CASE_STATES.join(',')}&` : ''}${station ? `station=${encodeURIComponent(station)}&` : ''}`.replace(
          /&$/,
          '',
        ),
      ),
    [activeOnly, station],
  );
  usePlatformEvents((e) => {
    if (e.type.startsWith('case.')) reload();
  });
  const cases = (data ?? [])
    .filter((c) => scope === 'all' || isMine(c, user))
    .filter((c) => !jointOnly || c.joint)
    .sort((a, b) => severity(b) - severity(a) || a.openedAt.localeCompare(b.openedAt));
  return (
    <div>
      <h2>
        {t('cases')} {station && <span className="muted">· {station}</span>}
      </h2>
      <div className="filters">
        <span className="seg">
          {(['mine', 'all'] as const).map((s) => (
            <button key={s} className={scope === s ? 'active' : ''} onClick={() => setScope(s)}>
              {t(s)}
            </button>
          ))}
        </span>
        <label>
          <input type="checkbox" checked={jointOnly} onChange={(e) => setJointOnly(e.target.checked)} />{' '}
          {t('jointOnly')}
        </label>
        <label>
          <input type="checkbox" checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)} />{' '}
          {t('activeOnly')}
        </label>
      </div>
      <ErrorText error={error} />
      <Loading what={data} />
      {data && cases.length === 0 && <p className="muted">{t('noCases')}</p>}
      <table className="list" data-testid="case-list">
        <thead>
          <tr>
            <th>{t('station')}</th>
            <th>{t('severity')}</th>
            <th>{t('state')}</th>
            <th>{t('sides')}</th>
            <th>{t('opened')}</th>
            <th>{t('sla')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr
              key={c.id}
              className="clickable"
              data-case={c.id}
              data-station={c.station}
              onClick={() => navigate(`/cases/${c.id}`)}
            >
              <td>
                <Link to={`/cases/${c.id}`}>
                  #{c.id} {c.stationName}
                </Link>
                {c.joint && <span className="tag joint">{t('joint')}</span>}
                <div className="muted small">
                  {c.river} · {t(c.province)} {c.district}
                </div>
              </td>
              <td>
                <ClassBadge value={c.class} /> {t(c.episode)}
                <div className="muted small">{c.primaryPollutants.join(', ')}</div>
              </td>
              <td>
                <StateBadge state={c.state} />
              </td>
              <td>
                <SidesStatus c={c} />
              </td>
              <td>{formatTime(c.openedAt)}</td>
              <td>
                <SlaCountdown c={c} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
