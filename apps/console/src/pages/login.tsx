import { useContext, useState } from 'react';
import { login } from '../api';
import { BootstrapForm } from './bootstrap';
import { ErrorText } from '../components/ui';
import { LangContext, useT } from '../i18n';

export function LoginPage() {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [firstStart, setFirstStart] = useState(false);
  if (firstStart) return <BootstrapForm onCancel={() => setFirstStart(false)} />;
  return (
    <div className="login">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          login(username, password).then(
            () => setBusy(false),
            (err: Error) => {
              setBusy(false);
              setError(err.message);
            },
          );
        }}
      >
        <h1>{t('appTitle')}</h1>
        <p className="muted">{t('welcome')}</p>
        <label>
          {t('username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorText error={error} />
        <button className="primary" type="submit" disabled={busy || !username || !password}>
          {t('login')}
        </button>
        <div className="row-between">
          <button type="button" className="link" onClick={() => setFirstStart(true)}>
            {t('firstStart')}
          </button>
          <button type="button" className="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('language')}
          </button>
        </div>
      </form>
    </div>
  );
}
