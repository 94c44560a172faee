import { useState } from 'react';
import { all, get } from '../api';
import { ParameterChart } from '../components/chart';
import { ClassBadge, ErrorText, Link, Loading, StateBadge } from '../components/ui';
import {
  PARAMETER_ORDER,
  PARAMETERS,
  className,
  formatTime,
  type CaseItem,
  type StationDetail,
} from '../domain';
import { useAsync, usePlatformEvents } from '../hooks';
import { useT } from '../i18n';
import { useUser } from '../user';

interface Series {
  parameter: string;
  points: Array<{ ts: string; value: number; class?: number; flag?: string }>;
}
interface Device {
  deviceId: string;
  online: boolean;
  disabled: boolean;
  lastSeenAt: string | null;
}

const RANGES: Record<string, number> = { '24h': 1, '7d': 7, '30d': 30 };

export function StationPage({ code }: { code: string }) {
  const t = useT();
  const user = useUser();
  const [range, setRange] = useState('7d');
  const {
    data: s,
    error,
    reload,
  } = useAsync(() => get<StationDetail>(`/api/v1/stations/${encodeURIComponent(code)}`), [code]);
  const { data: series } = useAsync(async () => {
    const days = RANGES[range];
    const from = new Date(Date.now() - days * 86_400_000).toISOString();
    const interval = days > 7 ? '1h' : 'raw';
    const res = await get<{ series: Series[] }>(
      `/api/v1/stations/${encodeURIComponent(code)}/readings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date().toISOString())}&interval=${interval}`,
    );
    return (res?.series ?? []).sort(
      (a, b) => PARAMETER_ORDER.indexOf(a.parameter) - PARAMETER_ORDER.indexOf(b.parameter),
    );
  }, [code, range]);
  const { data: devices } = useAsync(
    () =>
      user.role === 'operator'
        ? all<Device>(`/api/v1/stations/${encodeURIComponent(code)}/devices`)
        : Promise.resolve(null),
    [code],
  );
  const { data: cases, reload: reloadCases } = useAsync(
    () => all<CaseItem>(`/api/v1/cases?station=${encodeURIComponent(code)}`),
    [code],
  );
  usePlatformEvents((e) => {
    if (e.station === code) {
      reload();
      reloadCases();
    }
  });
  if (!s) return <>{error ? <ErrorText error={error} /> : <Loading />}</>;
  const latest = s.latest;
  const ageMin = latest ? (Date.now() - new Date(latest.ts).getTime()) / 60000 : Infinity;
  const fresh = ageMin <= 3 * s.cadenceMinutes;
  const flags = new Map<string, string>();
  for (const se of series ?? []) {
    const last = se.points[se.points.length - 1];
    if (last?.flag && last.flag !== 'N') flags.set(se.parameter, last.flag);
  }
  return (
    <div className="station-page" data-station={s.code}>
      <h2>
        {s.name} <span className="muted">{s.code}</span>{' '}
        {s.crossBorder && <span className="tag joint">{t('crossBorder')}</span>}
      </h2>
      <div className="muted">
        {s.river} · {s.basin} · {t(s.province)} {s.district} · {t(s.kind)}
        {s.upstreamProvince && s.downstreamProvince
          ? ` · ${t(s.upstreamProvince)} → ${t(s.downstreamProvince)}`
          : ''}
        {!s.nameVerified ? ' · (名称未核实 / name not verified)' : ''}
      </div>
      <div className="grid3">
        <section className="card">
          <h3>{t('latest')}</h3>
          <div className="big">
            <ClassBadge value={latest?.overall} /> / {t('target')} {className(s.targetClass)}{' '}
            {s.compliant === null ? '' : s.compliant ? `✓ ${t('compliant')}` : `✗ ${t('notCompliant')}`}
          </div>
          <div className="muted">{formatTime(latest?.ts)}</div>
          <table className="compact">
            <tbody>
              {PARAMETER_ORDER.filter((p) => latest?.values?.[p] !== undefined).map((p) => (
                <tr key={p}>
                  <td>{p}</td>
                  <td>
                    {latest!.values[p]} {PARAMETERS[p]?.unit}
                  </td>
                  <td>{latest!.classes?.[p] ? <ClassBadge value={latest!.classes[p]} /> : ''}</td>
                  <td>{flags.get(p) ? <span className="tag">{flags.get(p)}</span> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h3>{t('devices')}</h3>
          {devices ? (
            <ul>
              {devices.map((d) => (
                <li key={d.deviceId}>
                  <span className={`dot ${d.online ? 'on' : 'off'}`} /> {d.deviceId} ·{' '}
                  {d.online ? t('online') : t('offline')}
                  {d.disabled ? ' · disabled' : ''} · {t('lastSeen')} {formatTime(d.lastSeenAt)}
                </li>
              ))}
              {devices.length === 0 && <li className="muted">—</li>}
            </ul>
          ) : (
            <div>
              <span className={`dot ${fresh ? 'on' : 'off'}`} /> {fresh ? t('online') : t('offline')}{' '}
              <span className="muted small">({formatTime(latest?.ts)})</span>
            </div>
          )}
          <h4>{t('upstream')}</h4>
          <ul>
            {s.upstream.map((n) => (
              <li key={n.code}>
                <Link to={`/stations/${encodeURIComponent(n.code)}`}>{n.name}</Link> ({t(n.province)}){' '}
                {n.travelHours}h
              </li>
            ))}
          </ul>
          <h4>{t('downstream')}</h4>
          <ul>
            {s.arrivals.map((n) => (
              <li key={n.code}>
                <Link to={`/stations/${encodeURIComponent(n.code)}`}>{n.name}</Link> ({t(n.province)}) +
                {n.travelHours}h
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <h3>{t('cases')}</h3>
          <ul>
            {(cases ?? []).map((c) => (
              <li key={c.id}>
                <Link to={`/cases/${c.id}`}>#{c.id}</Link> <StateBadge state={c.state} /> {t(c.episode)}{' '}
                <ClassBadge value={c.class} /> <span className="muted small">{formatTime(c.openedAt)}</span>
              </li>
            ))}
            {cases && cases.length === 0 && <li className="muted">{t('noCases')}</li>}
          </ul>
        </section>
      </div>
      <section className="card">
        <h3>
          {t('series')}{' '}
          <span className="seg">
            {Object.keys(RANGES).map((r) => (
              <button key={r} className={r === range ? 'active' : ''} onClick={() => setRange(r)}>
                {r}
              </button>
            ))}
          </span>
        </h3>
        <Loading what={series} />
        <div className="charts">
          {(series ?? []).map((se) => (
            <div key={se.parameter}>
              <h4>
                {se.parameter} {PARAMETERS[se.parameter]?.unit ? `(${PARAMETERS[se.parameter].unit})` : ''}
              </h4>
              <ParameterChart parameter={se.parameter} points={se.points} />
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}
