import { StrictMode, useContext, useEffect, useState, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { accessToken, get, logout, onSessionChange, type Principal } from './api';
import { disconnectEvents, usePlatformEvents } from './hooks';
import { LangContext, useT, type Lang } from './i18n';
import { match, navigate, useLocation } from './router';
import { Link } from './components/ui';
import { LoginPage } from './pages/login';
import { OverviewPage } from './pages/overview';
import { StationPage } from './pages/station';
import { CasesPage } from './pages/cases';
import { CasePage } from './pages/case';
import { CampaignsPage, CampaignPage } from './pages/campaigns';
import { ProblemPage } from './pages/problem';
import { OperationsPage } from './pages/operations';
import { UserContext } from './user';
import './styles.css';

function Shell({ user }: { user: Principal }) {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const { path } = useLocation();
  const live = usePlatformEvents(() => undefined);
  const nav: Array<[string, string, boolean]> = [
    ['/', 'overview', true],
    ['/cases', 'cases', true],
    ['/campaigns', 'campaigns', true],
    ['/ops', 'operations', user.role === 'operator'],
  ];
  let page: ReactElement = <OverviewPage />;
  let p: Record<string, string> | null;
  if ((p = match('/stations/:code', path))) page = <StationPage code={p.code} />;
  else if (match('/cases', path)) page = <CasesPage />;
  else if ((p = match('/cases/:id', path))) page = <CasePage id={p.id} />;
  else if (match('/campaigns', path)) page = <CampaignsPage />;
  else if ((p = match('/campaigns/:id', path))) page = <CampaignPage id={p.id} />;
  else if ((p = match('/problems/:id', path))) page = <ProblemPage id={p.id} />;
  else if (match('/ops', path)) page = <OperationsPage />;
  return (
    <UserContext.Provider value={user}>
      <header className="topbar">
        <span className="brand">{t('appTitle')}</span>
        <nav>
          {nav
            .filter(([, , shown]) => shown)
            .map(([href, key]) => (
              <Link
                key={href}
                to={href}
                className={
                  (
                    href === '/'
                      ? path === '/' || path.startsWith('/stations')
                      : path.startsWith(href) || (href === '/campaigns' && path.startsWith('/problems'))
                  )
                    ? 'active'
                    : ''
                }
              >
                {t(key)}
              </Link>
            ))}
        </nav>
        <span className="spacer" />
        <span className={`live ${live ? 'on' : ''}`} title="SSE">
          ● {t('live')}
        </span>
        <span className="who" data-testid="who">
          {user.displayName} · {t(user.province)}
          {user.district ? ` ${user.district}` : ''} · {t(user.role)}
        </span>
        <button className="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('language')}
        </button>
        <button
          className="link"
          onClick={() => {
            disconnectEvents();
            logout();
            navigate('/');
          }}
        >
          {t('logout')}
        </button>
      </header>
      <main>{page}</main>
    </UserContext.Provider>
  );
}

function App() {
  const [lang, setLangState] = useState<Lang>((localStorage.getItem('river.lang') as Lang) || 'zh');
  const [user, setUser] = useState<Principal | null>(null);
  const [checked, setChecked] = useState(false);
  const setLang = (l: Lang) => {
    localStorage.setItem('river.lang', l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  };
  useEffect(() => {
    const load = () => {
      if (!accessToken()) {
        setUser(null);
        setChecked(true);
        return;
      }
      get<Principal>('/api/v1/auth/me').then(
        (me) => {
          setUser(me);
          setChecked(true);
        },
        () => {
          setUser(null);
          setChecked(true);
        },
      );
    };
    load();
    return onSessionChange(() => {
      if (!accessToken()) {
        disconnectEvents();
        setUser(null);
      } else if (!user) load();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      {!checked ? null : user ? <Shell user={user} /> : <LoginPage />}
    </LangContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
