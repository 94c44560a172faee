import { useRef, useState } from 'react';
import { all, call, download, get } from '../api';
import { ErrorText, Link, Loading, ProgressBar, StateBadge } from '../components/ui';
import { formatTime } from '../domain';
import { useAsync, usePlatformEvents } from '../hooks';
import { useT } from '../i18n';
import { navigate } from '../router';
import { useUser } from '../user';

export interface Campaign {
  id: string;
  name: string;
  basin: string;
  rivers: string[];
  startsOn: string;
  endsOn: string | null;
  joint: boolean;
  provinces: string[];
  inspectorIds: string[];
  status: string;
}
interface Tally {
  total: number;
  byState: Record<string, number>;
  closed: number;
  percentClosed: number;
  overdue: number;
}
interface Progress {
  total: Tally;
  byJurisdiction: Array<Tally & { province: string; district: string }>;
}
export interface Problem {
  id: string;
  campaignId: string;
  seq: number;
  title: string;
  description?: string;
  category: string;
  jurisdiction: { province: string; district: string; label: string };
  foundBy: string;
  severity: string;
  state: string;
  deadline: string | null;
  overdue: boolean;
  verifications: Array<{ at: string; userId: string; province: string }>;
  closedAt: string | null;
  plan: string | null;
  rectificationEvidence: string[];
  evidence: string[];
  note: string | null;
  location?: { text: string | null };
  stationCodes: string[];
  timeline?: Array<{
    action: string;
    from: string | null;
    to: string | null;
    actor: { name: string; role: string; province: string } | null;
    note: string | null;
    at: string;
  }>;
}

export const CATEGORY: Record<string, string> = {
  domestic_sewage: '生活污水',
  industrial: '工业污染',
  agricultural_non_point: '农业面源',
  livestock_poultry: '畜禽养殖',
  aquaculture: '水产养殖',
  other: '其他',
};

export function CampaignsPage() {
  const t = useT();
  const { data, error } = useAsync(() => all<Campaign>('/api/v1/campaigns'), []);
  return (
    <div>
      <h2>{t('campaigns')}</h2>
      <ErrorText error={error} />
      <Loading what={data} />
      <table className="list">
        <tbody>
          {(data ?? []).map((c) => (
            <CampaignRow key={c.id} c={c} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CampaignRow({ c }: { c: Campaign }) {
  const t = useT();
  const { data: p } = useAsync(() => get<Progress>(`/api/v1/campaigns/${c.id}/progress`), [c.id]);
  return (
    <tr className="clickable" onClick={() => navigate(`/campaigns/${c.id}`)}>
      <td>
        <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
        {c.joint && <span className="tag joint">{t('joint')}</span>}
        <div className="muted small">
          {c.basin} · {c.rivers.join('/')} · {c.startsOn} – {c.endsOn ?? ''} · {c.status}
        </div>
      </td>
      <td className="split">{p ? p.byJurisdiction.map((j) => j.total).join(' + ') : ''}</td>
      <td style={{ width: 240 }}>
        {p && (
          <ProgressBar
            value={p.total.percentClosed}
            label={`${p.total.closed}/${p.total.total} ${t('percentClosed')}`}
          />
        )}
      </td>
      <td>
        {p && p.total.overdue > 0 ? (
          <span className="overdue">
            {t('overdue')} {p.total.overdue}
          </span>
        ) : (
          ''
        )}
      </td>
    </tr>
  );
}

export function CampaignPage({ id }: { id: string }) {
  const t = useT();
  const user = useUser();
  const [filter, setFilter] = useState<{ district: string; state: string; overdue: boolean }>({
    district: '',
    state: '',
    overdue: false,
  });
  const [message, setMessage] = useState<string | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const { data: c, error } = useAsync(() => get<Campaign>(`/api/v1/campaigns/${id}`), [id]);
  const { data: progress, reload: reloadProgress } = useAsync(
    () => get<Progress>(`/api/v1/campaigns/${id}/progress`),
    [id],
  );
  const { data: problems, reload } = useAsync(() => {
    const q = new URLSearchParams();
    if (filter.district) q.set('district', filter.district);
    if (filter.state) q.set('state', filter.state);
    if (filter.overdue) q.set('overdue', 'true');
    return all<Problem>(`/api/v1/campaigns/${id}/problems?${q.toString()}`);
  }, [id, filter.district, filter.state, filter.overdue]);
  usePlatformEvents((e) => {
    if (e.type.startsWith('problem.')) {
      reload();
      reloadProgress();
    }
  });
  const canImport = user.role === 'inspector' || user.role === 'operator';
  const upload = async (file: File) => {
    setImportError(null);
    setMessage(null);
    const type = file.name.toLowerCase().endsWith('.xlsx')
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv';
    try {
      const res = await call<{ imported?: number; created?: number }>(`/api/v1/campaigns/${id}/import`, {
        method: 'POST',
        raw: { data: await file.arrayBuffer(), type },
      });
      setMessage(`${t('importDone')}: ${res?.imported ?? res?.created ?? ''}`);
      reload();
      reloadProgress();
    } catch (err) {
      const e = err as Error & { fieldErrors?: Array<{ field?: string; message?: string }> };
      setImportError(
        [e.message, ...(e.fieldErrors ?? []).slice(0, 10).map((f) => `${f.field}: ${f.message}`)].join('\n'),
      );
    }
  };
  if (!c) return <>{error ? <ErrorText error={error} /> : <Loading />}</>;
  return (
    <div>
      <h2>
        {c.name} {c.joint && <span className="tag joint">{t('joint')}</span>}
      </h2>
      <div className="muted">
        {c.basin} · {c.rivers.join('/')} · {c.startsOn} – {c.endsOn ?? ''} · {c.provinces.map(t).join(' + ')}
      </div>
      {progress && (
        <section className="card" data-testid="progress">
          <h3>
            {t('progress')}: {progress.byJurisdiction.map((j) => j.total).join(' + ')} ={' '}
            {progress.total.total}
          </h3>
          {progress.byJurisdiction.map((j) => (
            <div key={j.province + j.district} className="progress-row">
              <span className="jur">
                {t(j.province)} {j.district}: {j.total}
              </span>
              <ProgressBar value={j.percentClosed} label={`${j.closed}/${j.total} ${t('percentClosed')}`} />
              {j.overdue > 0 && (
                <span className="overdue">
                  {t('overdue')} {j.overdue}
                </span>
              )}
            </div>
          ))}
        </section>
      )}
      <div className="filters">
        <select value={filter.district} onChange={(e) => setFilter({ ...filter, district: e.target.value })}>
          <option value="">
            {t('jurisdiction')}: {t('all')}
          </option>
          {(progress?.byJurisdiction ?? []).map((j) => (
            <option key={j.district} value={j.district}>
              {j.district}
            </option>
          ))}
        </select>
        <select value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value })}>
          <option value="">
            {t('state')}: {t('all')}
          </option>
          {['found', 'handed_over', 'rectifying', 'submitted', 'verified', 'closed'].map((s) => (
            <option key={s} value={s}>
              {t(s)}
            </option>
          ))}
        </select>
        <label>
          <input
            type="checkbox"
            checked={filter.overdue}
            onChange={(e) => setFilter({ ...filter, overdue: e.target.checked })}
          />{' '}
          {t('overdue')}
        </label>
        <span className="spacer" />
        <button
          onClick={() =>
            void download(`/api/v1/campaigns/${id}/export?format=csv`, `${c.name}.csv`).catch((e: Error) =>
              setImportError(e.message),
            )
          }
        >
          {t('export')} CSV
        </button>
        <button
          onClick={() =>
            void download(`/api/v1/campaigns/${id}/export?format=xlsx`, `${c.name}.xlsx`).catch((e: Error) =>
              setImportError(e.message),
            )
          }
        >
          {t('export')} XLSX
        </button>
        {canImport && (
          <>
            <button onClick={() => fileRef.current?.click()}>{t('import')} CSV/XLSX</button>
            <input
              ref={fileRef}
              type="file"
              accept=".csv,.xlsx"
              hidden
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void upload(f);
                e.target.value = '';
              }}
            />
          </>
        )}
      </div>
      {message && <div className="ok">{message}</div>}
      <ErrorText error={importError} />
      <table className="list" data-testid="problem-list">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('problems')}</th>
            <th>{t('jurisdiction')}</th>
            <th>{t('category')}</th>
            <th>{t('state')}</th>
            <th>{t('deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {(problems ?? []).map((p) => (
            <tr
              key={p.id}
              className={`clickable ${p.overdue ? 'row-overdue' : ''}`}
              data-problem={p.seq}
              onClick={() => navigate(`/problems/${p.id}`)}
            >
              <td>{p.seq}</td>
              <td>
                <Link to={`/problems/${p.id}`}>{p.title}</Link>
              </td>
              <td>{p.jurisdiction.label}</td>
              <td>{CATEGORY[p.category] ?? p.category}</td>
              <td>
                <StateBadge state={p.state} prefix="p_" />
                {p.overdue && <span className="overdue"> {t('overdue')}</span>}
              </td>
              <td>{formatTime(p.deadline)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
