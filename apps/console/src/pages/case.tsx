import { get, post } from '../api';
import { ParameterChart } from '../components/chart';
import {
  ActionButton,
  ClassBadge,
  ErrorText,
  Link,
  Loading,
  StateBadge,
  optional,
  toIso,
} from '../components/ui';
import { formatTime, type CaseItem } from '../domain';
import { useAsync, useNow, usePlatformEvents } from '../hooks';
import { useT } from '../i18n';
import { useUser } from '../user';
import { SidesStatus, SlaCountdown } from './cases';

interface Series {
  parameter: string;
  points: Array<{ ts: string; value: number; class?: number; flag?: string }>;
}

export function CasePage({ id }: { id: string }) {
  const t = useT();
  const user = useUser();
  const now = useNow(15_000);
  const {
    data: c,
    error,
    reload,
  } = useAsync(() => get<CaseItem>(`/api/v1/cases/${encodeURIComponent(id)}`), [id]);
  const { data: readings } = useAsync(async () => {
    if (!c) return undefined;
    const from = new Date(new Date(c.openedAt).getTime() - 48 * 3600_000).toISOString();
    const to = new Date(
      Math.max(new Date(c.lastFindingAt).getTime() + 48 * 3600_000, Date.now()),
    ).toISOString();
    const params = c.primaryPollutants.length ? c.primaryPollutants : ['nh3n'];
    const res = await get<{ series: Series[] }>(
      `/api/v1/stations/${encodeURIComponent(c.station)}/readings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&parameter=${params.join(',')}`,
    ).catch(() => ({ series: [] as Series[] }));
    return res.series ?? [];
  }, [c?.id, c?.station, c?.openedAt]);
  usePlatformEvents((e) => {
    const payload = e.payload as { case?: { id?: string } } | null;
    if (e.type.startsWith('case.') && (!payload?.case?.id || payload.case.id === id)) reload();
  });
  if (!c) return <>{error ? <ErrorText error={error} /> : <Loading />}</>;
  const canAct = user.role === 'operator' || user.role === 'river_chief';
  const side = user.province;
  const partyOf = !c.joint || c.provinces.includes(side) || user.role === 'operator';
  const act = (action: string, body: Record<string, unknown>) =>
    post(`/api/v1/cases/${encodeURIComponent(c.id)}/${action}`, body);
  const done = () => reload();
  const actions = [];
  if (canAct && partyOf) {
    if (c.state === 'open' && !c.acknowledgedBy.includes(side))
      actions.push(
        <ActionButton
          key="ack"
          label={t('acknowledge')}
          variant="primary"
          fields={[{ name: 'note', label: t('note') }]}
          run={(v) => act('acknowledge', { note: optional(v.note) })}
          onDone={done}
        />,
      );
    if (c.state === 'acknowledged')
      actions.push(
        <ActionButton
          key="dispatch"
          label={t('dispatch')}
          fields={[
            { name: 'to', label: t('to'), required: true, initial: c.district },
            { name: 'deadline', label: t('deadline'), type: 'datetime', required: true },
            { name: 'note', label: t('note') },
          ]}
          run={(v) => act('dispatch', { to: v.to, deadline: toIso(v.deadline), note: optional(v.note) })}
          onDone={done}
        />,
      );
    if (c.state === 'acknowledged' || c.state === 'dispatched')
      actions.push(
        <ActionButton
          key="resolve"
          label={t('resolve')}
          fields={[
            { name: 'cause', label: t('cause'), type: 'textarea', required: true },
            { name: 'action', label: t('action'), type: 'textarea', required: true },
            { name: 'note', label: t('note') },
          ]}
          run={(v) => act('resolve', { cause: v.cause, action: v.action, note: optional(v.note) })}
          onDone={done}
        />,
      );
    if (c.state === 'resolved' && !c.closeConfirmedBy.includes(side))
      actions.push(
        <ActionButton
          key="close"
          label={t('close')}
          variant="primary"
          fields={[{ name: 'note', label: t('note') }]}
          run={(v) => act('close', { note: optional(v.note) })}
          onDone={done}
        />,
      );
    if (['open', 'acknowledged', 'dispatched', 'resolved'].includes(c.state))
      actions.push(
        <ActionButton
          key="dismiss"
          label={t('dismiss')}
          variant="danger"
          fields={[{ name: 'reason', label: t('reason'), type: 'textarea', required: true }]}
          run={(v) => act('dismiss', { reason: v.reason })}
          onDone={done}
        />,
      );
    if (c.state === 'resolved')
      actions.push(
        <ActionButton
          key="reopen"
          label={t('reopen')}
          fields={[{ name: 'reason', label: t('reason'), type: 'textarea', required: true }]}
          run={(v) => act('reopen', { reason: v.reason })}
          onDone={done}
        />,
      );
  }
  if (user.role !== 'viewer')
    actions.push(
      <ActionButton
        key="comment"
        label={t('comment')}
        fields={[{ name: 'text', label: t('comment'), type: 'textarea', required: true }]}
        run={(v) => post(`/api/v1/cases/${encodeURIComponent(c.id)}/comments`, { text: v.text })}
        onDone={done}
      />,
    );
  const lastFinding = new Date(c.lastFindingAt).getTime();
  return (
    <div className="case-page" data-case={c.id} data-state={c.state}>
      <h2>
        #{c.id} <Link to={`/stations/${encodeURIComponent(c.station)}`}>{c.stationName}</Link>{' '}
        <StateBadge state={c.state} />
        {c.joint && <span className="tag joint">{t('joint')}</span>}
      </h2>
      <div className="muted">
        {c.river} · {t(c.province)} {c.district} · {t(c.episode)} · {c.rules.map(t).join(', ')}
      </div>
      <ErrorText error={error} />
      <div className="grid2">
        <section className="card">
          <h3>{t('class')}</h3>
          <div className="big">
            <ClassBadge value={c.class} /> / {t('target')} <ClassBadge value={c.targetClass} />
          </div>
          <div>
            {t('primary')}: {c.primaryPollutants.join(', ') || '—'}
          </div>
          <div>
            {t('exceedance')}:{' '}
            {Object.entries(c.exceedance ?? {})
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || '—'}
          </div>
          <div>
            {t('opened')}: {formatTime(c.openedAt)} · {t('sla')}: <SlaCountdown c={c} now={now} />
          </div>
          {c.resolutionProposedAt && ['open', 'acknowledged', 'dispatched'].includes(c.state) && (
            <div className="ok">
              {t('ev_resolution_proposed')} · {formatTime(c.resolutionProposedAt)}
            </div>
          )}
          {c.dispatch && (
            <div>
              {t('dispatch')}: {c.dispatch.to} · {t('deadline')} {formatTime(c.dispatch.deadline)}
            </div>
          )}
          {c.resolution && (
            <div>
              {t('cause')}: {c.resolution.cause} · {t('action')}: {c.resolution.action}
            </div>
          )}
          {c.dismissReason && (
            <div>
              {t('reason')}: {c.dismissReason}
            </div>
          )}
        </section>
        <section className="card" data-testid="sides">
          <h3>{t('sides')}</h3>
          <SidesStatus c={c} />
          <h4>{t('chiefs')}</h4>
          <ul>
            {(c.chiefs ?? []).map((ch) => (
              <li key={ch.userId}>
                {t(ch.province)} · {ch.displayName}
                {ch.district ? ` (${ch.district})` : ''}
              </li>
            ))}
          </ul>
          <h4>{t('actions')}</h4>
          <div className="actions">{actions}</div>
        </section>
      </div>
      <div className="grid2">
        <section className="card">
          <h3>{t('attribution')}</h3>
          {(c.upstreamAttribution ?? []).length === 0 && <p className="muted">—</p>}
          <ul>
            {(c.upstreamAttribution ?? []).map((a) => (
              <li key={a.station + a.at}>
                <Link to={`/stations/${encodeURIComponent(a.station)}`}>{a.name}</Link> ({t(a.province)}) ·{' '}
                {formatTime(a.at)} · −{a.lagHours}h · {a.parameters.join(', ')}
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <h3>{t('eta')}</h3>
          {(c.downstreamArrivals ?? []).length === 0 && <p className="muted">—</p>}
          <ul>
            {(c.downstreamArrivals ?? []).map((a) => (
              <li key={a.station}>
                <Link to={`/stations/${encodeURIComponent(a.station)}`}>{a.name}</Link> ({t(a.province)}) · +
                {a.travelHours}h ·{' '}
                {formatTime(a.eta ?? new Date(lastFinding + a.travelHours * 3600_000).toISOString())}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="card">
        <h3>{t('readings')}</h3>
        <div className="charts">
          {(readings ?? []).map((s) => (
            <div key={s.parameter}>
              <h4>{s.parameter}</h4>
              <ParameterChart parameter={s.parameter} points={s.points} markTime={c.openedAt} />
            </div>
          ))}
        </div>
        <table className="compact">
          <tbody>
            {(c.readings ?? []).map((r, i) => (
              <tr key={i}>
                <td>{formatTime(r.ts)}</td>
                <td>
                  <ClassBadge value={r.overall} />
                </td>
                <td className="small">
                  {Object.entries(r.values ?? {})
                    .map(([k, v]) => `${k} ${v}`)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h3>{t('timeline')}</h3>
        <ol className="timeline" data-testid="timeline">
          {(c.timeline ?? []).map((e) => (
            <li key={e.id}>
              <span className="muted">{formatTime(e.at)}</span>{' '}
              <strong>{t(`ev_${e.kind}`).startsWith('ev_') ? e.kind : t(`ev_${e.kind}`)}</strong>{' '}
              {e.actor?.system
                ? 'system'
                : `${e.actor?.username ?? ''} ${e.actor?.province ? `(${t(e.actor.province)})` : ''}`}
              {e.note ? ` — ${e.note}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
