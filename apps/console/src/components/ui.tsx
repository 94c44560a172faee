import { useState, type ReactNode } from 'react';
import { ApiError } from '../api';
import { classColour, className } from '../domain';
import { useT } from '../i18n';
import { navigate } from '../router';

export function Link({
  to,
  children,
  className: cls,
}: {
  to: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <a
      href={to}
      className={cls}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

export function ClassBadge({ value }: { value: number | null | undefined }) {
  const c = value ?? null;
  return (
    <span
      className="class-badge"
      style={{ background: classColour(c), color: c && c >= 3 && c <= 5 ? '#222' : '#fff' }}
    >
      {className(c)}
    </span>
  );
}

/** `prefix` picks a domain's wording first (problems: `p_closed` = 已销号), falling back to the state. */
export function StateBadge({ state, prefix = '' }: { state: string; prefix?: string }) {
  const t = useT();
  const specific = prefix ? t(prefix + state) : '';
  return (
    <span className={`state state-${state}`}>
      {specific && specific !== prefix + state ? specific : t(state)}
    </span>
  );
}

export function ErrorText({ error }: { error?: string | null }) {
  return error ? (
    <div className="error" role="alert">
      {error}
    </div>
  ) : null;
}

export function Loading({ what }: { what?: unknown }) {
  const t = useT();
  return what === undefined ? <div className="muted">{t('loading')}</div> : null;
}

export function ProgressBar({ value, label }: { value: number; label?: string }) {
  return (
    <div className="progress" title={label}>
      <div className="progress-fill" style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
      <span className="progress-label">{label ?? `${Math.round(value)}%`}</span>
    </div>
  );
}

export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'textarea' | 'datetime' | 'lines';
  required?: boolean;
  initial?: string;
}

/**
 * A button that opens a small form for an action (required fields marked), posts it, and shows the
 * server's problem `detail` on refusal. `run` receives the field values.
 */
export function ActionButton({
  label,
  fields = [],
  run,
  onDone,
  variant,
}: {
  label: string;
  fields?: Field[];
  run: (values: Record<string, string>) => Promise<unknown>;
  onDone: () => void;
  variant?: 'primary' | 'danger';
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await run(values);
      setOpen(false);
      setValues({});
      onDone();
    } catch (err) {
      const e = err as ApiError;
      const fieldText = (e.fieldErrors ?? []).map((f) => `${f.field ?? ''} ${f.message ?? ''}`).join('; ');
      setError(fieldText ? `${e.message} (${fieldText})` : e.message);
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <button
        className={variant ?? ''}
        data-action={label}
        onClick={() => {
          setValues(Object.fromEntries(fields.filter((f) => f.initial).map((f) => [f.name, f.initial!])));
          setOpen(true);
        }}
      >
        {label}
      </button>
    );
  return (
    <div className="action-form">
      <strong>{label}</strong>
      {fields.map((f) => (
        <label key={f.name}>
          {f.label}
          {f.required ? ' *' : ''}
          {f.type === 'textarea' || f.type === 'lines' ? (
            <textarea
              name={f.name}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
          ) : (
            <input
              name={f.name}
              type={f.type === 'datetime' ? 'datetime-local' : 'text'}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
          )}
        </label>
      ))}
      <ErrorText error={error} />
      <div className="row">
        <button
          className={variant ?? 'primary'}
          data-confirm={label}
          disabled={busy || fields.some((f) => f.required && !(values[f.name] ?? '').trim())}
          onClick={() => void submit()}
        >
          {t('submit')}
        </button>
        <button onClick={() => setOpen(false)}>{t('cancel')}</button>
      </div>
    </div>
  );
}

/** datetime-local value → ISO 8601 with offset (what the API wants). */
export const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);
export const optional = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
