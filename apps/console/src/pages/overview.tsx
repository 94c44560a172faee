import { all } from '../api';
import { RiverMap, type MapStation } from '../components/river-map';
import { ClassBadge, ErrorText, Link, Loading } from '../components/ui';
import {
  ACTIVE_CASE_STATES,
  CLASS_COLOURS,
  className,
  groupStatus,
  isNationalCq,
  type CaseItem,
  type Station,
} from '../domain';
import { useAsync, usePlatformEvents } from '../hooks';
import { useT } from '../i18n';

/** Every station with its class now (carried by the station list) and its open cases. */
async function loadOverview(): Promise<MapStation[]> {
  const [stations, cases] = await Promise.all([
    all<Station>('/api/v1/stations'),
    all<CaseItem>(`/api/v1/cases?state=${ACTIVE_CASE_STATES.join(',')}`).catch(() => [] as CaseItem[]),
  ]);
  const open = new Map<string, number>();
  for (const c of cases) open.set(c.station, (open.get(c.station) ?? 0) + 1);
  return stations.map((s) => ({ ...s, cls: s.now?.overall ?? null, openCases: open.get(s.code) ?? 0 }));
}

export function OverviewPage() {
  const t = useT();
  const { data, error, reload } = useAsync(loadOverview, []);
  usePlatformEvents((e) => {
    if (e.type.startsWith('case.')) reload();
  });
  const stations = data ?? [];
  const national = stations.filter(isNationalCq);
  const graded = national.filter((s) => s.cls !== null).map((s) => s.cls!);
  const share = (n: number) => (graded.length ? `${((100 * n) / graded.length).toFixed(1)}%` : '—');
  const status = groupStatus(graded);
  const withData = stations.filter((s) => s.cls !== null);
  const compliant = withData.filter((s) => s.cls! <= s.targetClass).length;
  const attention = stations
    .filter((s) => s.openCases > 0 || (s.cls !== null && s.cls > s.targetClass))
    .sort((a, b) => b.openCases - a.openCases || (b.cls ?? 0) - (a.cls ?? 0));
  return (
    <div className="overview">
      <ErrorText error={error} />
      <Loading what={data} />
      <div className="overview-grid">
        <section className="card map-card">
          <RiverMap stations={stations} />
        </section>
        <aside className="side">
          <section className="card" data-testid="national-summary">
            <h3>{t('national74')}</h3>
            <div className="big">
              {national.length} · {t('withData')} {graded.length}
            </div>
            <div>
              {t('shareGood')}: <strong>{share(graded.filter((c) => c <= 3).length)}</strong>
            </div>
            <div>
              {t('shareWorst')}: <strong>{share(graded.filter((c) => c === 6).length)}</strong>
            </div>
            {status && (
              <div className={`status-word status-${status}`} data-testid="status-word">
                {t(status)}
              </div>
            )}
            <div className="class-bars">
              {[1, 2, 3, 4, 5, 6].map((c) => {
                const n = graded.filter((x) => x === c).length;
                return (
                  <div key={c} className="class-bar">
                    <span>{className(c)}</span>
                    <div
                      style={{
                        width: `${graded.length ? (100 * n) / graded.length : 0}%`,
                        background: CLASS_COLOURS[c],
                      }}
                    />
                    <span>{n}</span>
                  </div>
                );
              })}
            </div>
          </section>
          <section className="card">
            <h3>{t('compliant')}</h3>
            <div className="big">
              {compliant} / {withData.length}
            </div>
            <div>
              {t('openCases')}: <strong>{stations.reduce((a, s) => a + s.openCases, 0)}</strong>
            </div>
          </section>
          <section className="card">
            <h3>
              {t('openCases')} / {t('notCompliant')}
            </h3>
            <table className="compact">
              <tbody>
                {attention.slice(0, 15).map((s) => (
                  <tr key={s.code}>
                    <td>
                      <Link to={`/stations/${encodeURIComponent(s.code)}`}>{s.name}</Link>
                      <div className="muted small">
                        {s.river} · {t(s.province)}
                      </div>
                    </td>
                    <td>
                      <ClassBadge value={s.cls} /> / {className(s.targetClass)}
                    </td>
                    <td>
                      {s.openCases > 0 ? (
                        <Link to={`/cases?station=${encodeURIComponent(s.code)}`}>{s.openCases}</Link>
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </aside>
      </div>
    </div>
  );
}
