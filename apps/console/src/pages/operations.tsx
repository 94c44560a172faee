import { useEffect, useState } from 'react';
import { all, get, post, type Page } from '../api';
import { ActionButton, ErrorText, Loading, ProgressBar, StateBadge, toIso } from '../components/ui';
import { formatTime } from '../domain';
import { useAsync } from '../hooks';
import { useT } from '../i18n';

type Tab = 'devices' | 'deadLetters' | 'replays' | 'audit' | 'users';

export function OperationsPage() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('devices');
  return (
    <div>
      <h2>{t('operations')}</h2>
      <div className="seg tabs">
        {(['devices', 'deadLetters', 'replays', 'audit', 'users'] as const).map((k) => (
          <button key={k} className={tab === k ? 'active' : ''} onClick={() => setTab(k)}>
            {t(k)}
          </button>
        ))}
      </div>
      {tab === 'devices' && <Devices />}
      {tab === 'deadLetters' && <DeadLetters />}
      {tab === 'replays' && <Replays />}
      {tab === 'audit' && <Audit />}
      {tab === 'users' && <Users />}
    </div>
  );
}

interface Device {
  deviceId: string;
  station: string;
  online: boolean;
  disabled: boolean;
  lastSeenAt: string | null;
  secretRotatedAt: string | null;
}

function Devices() {
  const t = useT();
  const [code, setCode] = useState('CQ-LMQ');
  const [shown, setShown] = useState('CQ-LMQ');
  const [secret, setSecret] = useState<{ deviceId: string; secret: string } | null>(null);
  const { data, error, reload } = useAsync(
    () => all<Device>(`/api/v1/stations/${encodeURIComponent(shown)}/devices`),
    [shown],
  );
  return (
    <section className="card">
      <div className="filters">
        <label>
          {t('stationCode')} <input value={code} onChange={(e) => setCode(e.target.value.trim())} />
        </label>
        <button onClick={() => setShown(code)}>{t('show')}</button>
        <ActionButton
          label={t('createDevice')}
          variant="primary"
          run={async () =>
            setSecret(
              await post<{ deviceId: string; secret: string }>(
                `/api/v1/stations/${encodeURIComponent(code)}/devices`,
                {},
              ),
            )
          }
          onDone={() => {
            setShown(code);
            reload();
          }}
        />
      </div>
      {secret && (
        <div className="secret" data-testid="secret">
          {t('secretOnce')} <code>{secret.deviceId}</code> / <code>{secret.secret}</code>
          <button className="link" onClick={() => setSecret(null)}>
            ✕
          </button>
        </div>
      )}
      <ErrorText error={error} />
      <table className="list">
        <tbody>
          {(data ?? []).map((d) => (
            <tr key={d.deviceId}>
              <td>
                <span className={`dot ${d.online ? 'on' : 'off'}`} /> {d.deviceId}
              </td>
              <td>{d.online ? t('online') : t('offline')}</td>
              <td>
                {t('lastSeen')}: {formatTime(d.lastSeenAt)}
              </td>
              <td>
                <ActionButton
                  label={t('rotateSecret')}
                  run={async () =>
                    setSecret(
                      await post<{ deviceId: string; secret: string }>(
                        `/api/v1/devices/${encodeURIComponent(d.deviceId)}/rotate-secret`,
                        {},
                      ),
                    )
                  }
                  onDone={reload}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface DeadLetter {
  id: string;
  receivedAt: string;
  reason: string;
  detail: string | null;
  topic: string;
  device: string | null;
  station: string | null;
  payloadSize: number;
  payloadBase64: string;
}

function decode(b64: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))).slice(0, 200);
  } catch {
    return '';
  }
}

function DeadLetters() {
  const t = useT();
  const { data, error } = useAsync(() => get<Page<DeadLetter>>('/api/v1/dead-letters?limit=100'), []);
  return (
    <section className="card">
      <ErrorText error={error} />
      <Loading what={data} />
      {data && data.items.length === 0 && <p className="muted">—</p>}
      <table className="list">
        <tbody>
          {(data?.items ?? []).map((d) => (
            <tr key={d.id}>
              <td>{formatTime(d.receivedAt)}</td>
              <td>
                <strong>{d.reason}</strong>
                <div className="small muted">{d.detail}</div>
              </td>
              <td>
                {d.topic}
                <div className="small muted">
                  {d.device} · {d.payloadSize} B
                </div>
              </td>
              <td className="small mono">{decode(d.payloadBase64)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('deadLetters')}</p>
    </section>
  );
}

interface Replay {
  id: string;
  state: string;
  target: string;
  from: string;
  to: string;
  speed: number | 'max';
  progress: { done: number; total: number; percent: number; etaSeconds: number | null };
  error: string | null;
  createdAt: string;
}

function Replays() {
  const t = useT();
  const { data, error, reload } = useAsync(() => get<Page<Replay>>('/api/v1/replays?limit=50'), []);
  const running = (data?.items ?? []).some((r) => ['queued', 'running', 'pending'].includes(r.state));
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(reload, 2000);
    return () => clearTimeout(timer);
  }, [data, running, reload]);
  const act = (id: string, what: string) =>
    post(`/api/v1/replays/${id}/${what}`, {}).then(reload, () => reload());
  return (
    <section className="card">
      <ActionButton
        label={`${t('create')} ${t('replays')}`}
        variant="primary"
        fields={[
          { name: 'from', label: t('from'), type: 'datetime', required: true },
          { name: 'to', label: t('until'), type: 'datetime', required: true },
          { name: 'target', label: `${t('mode')} (sandbox|live)`, required: true, initial: 'sandbox' },
          { name: 'speed', label: `${t('speed')} (max | k)`, initial: 'max' },
          { name: 'stations', label: `${t('stations')} (CQ-LMQ,…)` },
        ]}
        run={(v) =>
          post('/api/v1/replays', {
            from: toIso(v.from),
            to: toIso(v.to),
            target: v.target,
            speed: !v.speed || v.speed === 'max' ? 'max' : Number(v.speed),
            ...(v.stations
              ? {
                  stations: v.stations
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean),
                }
              : {}),
          })
        }
        onDone={reload}
      />
      <ErrorText error={error} />
      <table className="list">
        <tbody>
          {(data?.items ?? []).map((r) => (
            <tr key={r.id}>
              <td>
                {r.id.slice(0, 8)} <StateBadge state={r.state} /> {r.target}
                <div className="small muted">
                  {formatTime(r.from)} – {formatTime(r.to)} · ×{String(r.speed)}
                </div>
                {r.error && <div className="error">{r.error}</div>}
              </td>
              <td style={{ width: 260 }}>
                <ProgressBar
                  value={r.progress?.percent ?? 0}
                  label={`${r.progress?.done ?? 0}/${r.progress?.total ?? 0}`}
                />
              </td>
              <td>
                {r.state === 'running' && (
                  <button onClick={() => void act(r.id, 'pause')}>{t('pause')}</button>
                )}
                {r.state === 'paused' && (
                  <button onClick={() => void act(r.id, 'resume')}>{t('resume')}</button>
                )}
                {['running', 'paused', 'queued'].includes(r.state) && (
                  <button onClick={() => void act(r.id, 'cancel')}>{t('cancel')}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface AuditEntry {
  id: string;
  at: string;
  username: string | null;
  role: string | null;
  province: string | null;
  action: string;
  status: number;
  target: Record<string, unknown>;
}

function Audit() {
  const t = useT();
  const [cursor, setCursor] = useState<string | null>(null);
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const { error, loading } = useAsync(async () => {
    const page = await get<Page<AuditEntry>>(
      `/api/v1/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    setRows((r) => (cursor ? [...r, ...page.items] : page.items));
    setNext(page.nextCursor);
    return page;
  }, [cursor]);
  const [next, setNext] = useState<string | null>(null);
  return (
    <section className="card">
      <ErrorText error={error} />
      <table className="list compact">
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td>{formatTime(a.at)}</td>
              <td>
                {a.username ?? '—'} {a.role ? `(${a.role}${a.province ? ` ${a.province}` : ''})` : ''}
              </td>
              <td className="mono small">{a.action}</td>
              <td>{a.status}</td>
              <td className="small muted">
                {Object.entries(a.target ?? {})
                  .map(([k, v]) => `${k}=${String(v)}`)
                  .join(' ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button disabled={loading} onClick={() => setCursor(next)}>
          {t('more')}
        </button>
      )}
    </section>
  );
}

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: string;
  province: string;
  level: string | null;
  district: string | null;
  disabled?: boolean;
}

function Users() {
  const t = useT();
  const { data, error, reload } = useAsync(() => all<UserRow>('/api/v1/users'), []);
  return (
    <section className="card">
      <ActionButton
        label={t('createUser')}
        variant="primary"
        fields={[
          { name: 'username', label: t('username'), required: true },
          { name: 'displayName', label: t('displayName') },
          { name: 'password', label: `${t('password')} (≥ 10)`, required: true },
          {
            name: 'role',
            label: `${t('role')} (operator|river_chief|inspector|officer|viewer)`,
            required: true,
            initial: 'river_chief',
          },
          { name: 'province', label: `${t('province')} (CQ|SC)`, required: true, initial: 'CQ' },
          { name: 'level', label: `${t('level')} (province|city|district|township)` },
          { name: 'district', label: `${t('district')} (梁平区, 开江县…)` },
        ]}
        run={(v) =>
          post('/api/v1/users', {
            username: v.username,
            password: v.password,
            role: v.role,
            province: v.province,
            ...(v.displayName ? { displayName: v.displayName } : {}),
            ...(v.level ? { level: v.level } : {}),
            ...(v.district ? { district: v.district } : {}),
          })
        }
        onDone={reload}
      />
      <ErrorText error={error} />
      <table className="list compact">
        <tbody>
          {(data ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{u.role}</td>
              <td>
                {t(u.province)} {u.district ?? ''} {u.level ?? ''}
              </td>
              <td>{u.disabled ? 'disabled' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
