import { get, post } from '../api';
import { ActionButton, ErrorText, Link, Loading, StateBadge, optional, toIso } from '../components/ui';
import { formatTime } from '../domain';
import { useAsync } from '../hooks';
import { useT } from '../i18n';
import { useUser } from '../user';
import { CATEGORY, type Campaign, type Problem } from './campaigns';

const STEPS = ['found', 'handed_over', 'rectifying', 'submitted', 'verified', 'closed'];

export function ProblemPage({ id }: { id: string }) {
  const t = useT();
  const user = useUser();
  const { data: p, error, reload } = useAsync(() => get<Problem>(`/api/v1/problems/${id}`), [id]);
  const { data: campaign } = useAsync(
    () => (p ? get<Campaign>(`/api/v1/campaigns/${p.campaignId}`) : Promise.resolve(undefined)),
    [p?.campaignId],
  );
  if (!p) return <>{error ? <ErrorText error={error} /> : <Loading />}</>;
  const act = (action: string, body: Record<string, unknown>) =>
    post(`/api/v1/problems/${id}/${action}`, body);
  const inspector = user.role === 'inspector' && (!campaign || campaign.inspectorIds.includes(user.userId));
  const officer =
    user.role === 'officer' &&
    user.province === p.jurisdiction.province &&
    (!user.district || user.district === p.jurisdiction.district);
  const verifiedByMe = p.verifications.some((v) => v.province === user.province);
  const actions = [];
  if ((inspector || user.role === 'operator') && p.state === 'found')
    actions.push(
      <ActionButton
        key="handover"
        label={t('handover')}
        variant="primary"
        fields={[
          { name: 'deadline', label: t('deadline'), type: 'datetime', required: true },
          { name: 'note', label: t('note') },
        ]}
        run={(v) => act('handover', { deadline: toIso(v.deadline), note: optional(v.note) })}
        onDone={reload}
      />,
    );
  if (officer && (p.state === 'handed_over' || p.state === 'rectifying'))
    actions.push(
      <ActionButton
        key="plan"
        label={t('plan')}
        fields={[{ name: 'plan', label: t('plan'), type: 'textarea', required: true, initial: p.plan ?? '' }]}
        run={(v) => act('plan', { plan: v.plan })}
        onDone={reload}
      />,
    );
  if (officer && p.state === 'rectifying')
    actions.push(
      <ActionButton
        key="submit"
        label={t('submitEvidence')}
        variant="primary"
        fields={[
          { name: 'evidence', label: t('evidence'), type: 'lines', required: true },
          { name: 'note', label: t('note') },
        ]}
        run={(v) =>
          act('submit', {
            evidence: v.evidence
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
            note: optional(v.note),
          })
        }
        onDone={reload}
      />,
    );
  if (inspector && (p.state === 'submitted' || (p.state === 'verified' && !verifiedByMe)))
    actions.push(
      <ActionButton
        key="verify"
        label={t('verify')}
        variant="primary"
        fields={[{ name: 'note', label: t('note') }]}
        run={(v) => act('verify', { note: optional(v.note) })}
        onDone={reload}
      />,
    );
  if (inspector && (p.state === 'submitted' || p.state === 'verified'))
    actions.push(
      <ActionButton
        key="reject"
        label={t('reject')}
        variant="danger"
        fields={[{ name: 'reason', label: t('rejectReason'), type: 'textarea', required: true }]}
        run={(v) => act('reject', { reason: v.reason })}
        onDone={reload}
      />,
    );
  if (inspector && p.state === 'verified')
    actions.push(
      <ActionButton
        key="close"
        label={`${t('close')}（销号）`}
        variant="primary"
        fields={[{ name: 'note', label: t('note') }]}
        run={(v) => act('close', { note: optional(v.note) })}
        onDone={reload}
      />,
    );
  const step = STEPS.indexOf(p.state);
  return (
    <div className="problem-page" data-state={p.state}>
      <div className="muted">
        {campaign && <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link>} · #{p.seq}
      </div>
      <h2>
        {p.title} <StateBadge state={p.state} prefix="p_" />{' '}
        {p.overdue && <span className="overdue">{t('overdue')}</span>}
      </h2>
      <ol className="steps">
        {STEPS.map((s, i) => (
          <li key={s} className={i < step ? 'done' : i === step ? 'current' : ''}>
            {t(s)}
          </li>
        ))}
      </ol>
      <div className="grid2">
        <section className="card">
          <p>{p.description}</p>
          <div>
            {t('jurisdiction')}: {p.jurisdiction.label} · {t('category')}:{' '}
            {CATEGORY[p.category] ?? p.category} · {t('severity')}: {t(p.severity)}
          </div>
          <div>
            {t('deadline')}: {formatTime(p.deadline)}
          </div>
          {p.location?.text && <div>{p.location.text}</div>}
          <div>
            {p.stationCodes.map((s) => (
              <Link key={s} to={`/stations/${encodeURIComponent(s)}`}>
                {s}{' '}
              </Link>
            ))}
          </div>
          {p.plan && (
            <div>
              {t('plan')}: {p.plan}
            </div>
          )}
          {p.rectificationEvidence.length > 0 && <div>✓ {p.rectificationEvidence.join('; ')}</div>}
          <h4>{t('verifications')}</h4>
          <ul>
            {p.verifications.map((v) => (
              <li key={v.province}>
                {t(v.province)} · {formatTime(v.at)}
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <h3>{t('actions')}</h3>
          <div className="actions">{actions.length ? actions : <span className="muted">—</span>}</div>
        </section>
      </div>
      <section className="card">
        <h3>{t('timeline')}</h3>
        <ol className="timeline">
          {(p.timeline ?? []).map((e, i) => (
            <li key={i}>
              <span className="muted">{formatTime(e.at)}</span> <strong>{t(e.action)}</strong>{' '}
              {e.from ? `${t(e.from)} → ` : ''}
              {e.to ? t(e.to) : ''} · {e.actor ? `${e.actor.name} (${t(e.actor.province)})` : 'system'}
              {e.note ? ` — ${e.note}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
