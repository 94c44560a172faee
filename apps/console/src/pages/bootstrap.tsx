import { useState } from 'react';
import { login } from '../api';
import { ErrorText } from '../components/ui';
import { useT } from '../i18n';

/**
 * First start without BOOTSTRAP_OPERATOR_*: the log prints a one-time token; exchanging it here
 * (POST /api/v1/auth/bootstrap) creates the first operator, who is then logged in.
 */
export function BootstrapForm({ onCancel }: { onCancel: () => void }) {
  const t = useT();
  const [v, setV] = useState({ token: '', username: '', password: '', province: 'CQ' });
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      const res = await fetch('/api/v1/auth/bootstrap', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(v),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as {
          detail?: string;
          title?: string;
          errors?: Array<{ field?: string; message?: string }>;
        };
        const fields = (body.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
        throw new Error(
          [body.detail ?? body.title ?? String(res.status), fields].filter(Boolean).join(' — '),
        );
      }
      await login(v.username, v.password);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="login">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1>{t('firstStart')}</h1>
        <label>
          {t('bootstrapToken')}
          <input
            name="token"
            value={v.token}
            onChange={(e) => setV({ ...v, token: e.target.value.trim() })}
          />
        </label>
        <label>
          {t('username')}
          <input
            name="username"
            value={v.username}
            onChange={(e) => setV({ ...v, username: e.target.value })}
          />
        </label>
        <label>
          {t('password')} (≥ 10)
          <input
            name="password"
            type="password"
            value={v.password}
            onChange={(e) => setV({ ...v, password: e.target.value })}
          />
        </label>
        <label>
          {t('province')}
          <select value={v.province} onChange={(e) => setV({ ...v, province: e.target.value })}>
            <option value="CQ">{t('CQ')}</option>
            <option value="SC">{t('SC')}</option>
          </select>
        </label>
        <ErrorText error={error} />
        <button className="primary" type="submit" disabled={!v.token || !v.username || !v.password}>
          {t('submit')}
        </button>
        <button type="button" className="link" onClick={onCancel}>
          {t('cancel')}
        </button>
      </form>
    </div>
  );
}
