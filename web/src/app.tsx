// The shell: skip link, header with the role's navigation and the language switch, the page
// for the current path, and the live-update connection while logged in.
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import type { Role, User } from './api/types';
import { Announcer, Loading, PageHeading } from './components/ui';
import { I18nProvider, useI18n, type MessageKey } from './i18n/i18n';
import { LiveProvider, useLiveConnected } from './live';
import { Link, matchPath, navigate, useLocation, usePageTitle } from './router';
import { SessionProvider, useSession } from './session';
import Login from './pages/Login';
import { FollowUp, Inbox, Overdue, Queue } from './pages/Boxes';

// Only the lists are in the first bundle: the inbox or queue is what every role opens first.
// The thread and the wizard load on demand, and are fetched in the background once the first
// page is up, so opening a consult does not wait for them.
const loadConsultPage = () => import('./pages/ConsultPage');
const loadNewConsult = () => import('./pages/NewConsult');
const ConsultPage = lazy(loadConsultPage);
const NewConsult = lazy(loadNewConsult);
// Rarely used screens load on demand only.
const Services = lazy(() => import('./pages/Services'));
const AuditLog = lazy(() => import('./pages/Audit').then((m) => ({ default: m.AuditLog })));
const PatientAccess = lazy(() => import('./pages/Audit').then((m) => ({ default: m.PatientAccess })));
const Profile = lazy(() => import('./pages/Profile'));
const Contracts = lazy(() => import('./pages/Contracts'));
const Billing = lazy(() => import('./pages/Billing'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const DashboardPrint = lazy(() => import('./pages/Dashboard').then((m) => ({ default: m.DashboardPrint })));
const TeachingLibrary = lazy(() => import('./pages/Teaching'));
const SessionCalendar = lazy(() => import('./pages/Sessions'));
const SessionView = lazy(() => import('./pages/Sessions').then((m) => ({ default: m.SessionView })));
const DeskList = lazy(() => import('./pages/Desk'));
const NewDeskQuestion = lazy(() => import('./pages/Desk').then((m) => ({ default: m.NewDeskQuestion })));
const DeskQuestionView = lazy(() => import('./pages/Desk').then((m) => ({ default: m.DeskQuestionView })));
const TeachingCaseView = lazy(() => import('./pages/Teaching').then((m) => ({ default: m.TeachingCaseView })));

interface NavItem { to: string; label: MessageKey }

const contracts: NavItem = { to: '/contracts', label: 'nav.contracts' };
const billing: NavItem = { to: '/billing', label: 'nav.billing' };
const dashboard: NavItem = { to: '/dashboard', label: 'nav.dashboard' };
const teaching: NavItem = { to: '/kennisbank', label: 'nav.teaching' };
const sessions: NavItem = { to: '/spreekuren', label: 'nav.sessions' };
const desk: NavItem = { to: '/loket', label: 'nav.desk' };

export function navFor(role: Role): NavItem[] {
  switch (role) {
    case 'gp':
      return [{ to: '/inbox', label: 'nav.inbox' }, { to: '/consults/new', label: 'nav.new' }, { to: '/follow-up', label: 'nav.followUp' }, sessions, dashboard, teaching, desk];
    case 'assistant':
      return [{ to: '/inbox', label: 'nav.inbox' }, { to: '/consults/new', label: 'nav.new' }];
    case 'consultant':
      return [{ to: '/queue', label: 'nav.queue' }, { to: '/assigned', label: 'nav.assigned' }, sessions, teaching];
    case 'coordinator':
      return [{ to: '/queue', label: 'nav.queue' }, { to: '/overdue', label: 'nav.overdue' }, { to: '/services', label: 'nav.services' }, sessions, billing, contracts, dashboard, teaching];
    case 'regional_admin':
      return [contracts, billing, dashboard, teaching];
    case 'insurer':
      return [billing, contracts, dashboard];
    case 'care_group_manager':
      return [billing, contracts, dashboard, desk];
    case 'desk_officer':
    case 'third_party':
      return [desk];
    case 'privacy_officer':
      return [{ to: '/audit', label: 'nav.audit' }, { to: '/audit/patient', label: 'nav.patientAccess' }];
    default:
      return [];
  }
}

export function homeFor(role: Role): string {
  return navFor(role)[0]?.to ?? '/';
}

function Page({ user }: { user: User }) {
  const { path } = useLocation();
  let m: Record<string, string> | null;
  if (path === '/' || path === '/login') {
    const home = homeFor(user.role);
    return home === '/' ? <NoBox role={user.role} /> : <Redirect to={home} />;
  }
  if (path === '/inbox') return <Inbox />;
  if (path === '/follow-up') return <FollowUp />;
  if (path === '/queue') return <Queue box="service" />;
  if (path === '/assigned') return <Queue box="assigned" />;
  if (path === '/overdue') return <Overdue />;
  if (path === '/services') return <Services />;
  if (path === '/audit') return <AuditLog />;
  if (path === '/audit/patient') return <PatientAccess />;
  if (path === '/profile') return <Profile />;
  if (path === '/contracts') return <Contracts />;
  if (path === '/billing') return <Billing />;
  if (path === '/dashboard') return <Dashboard />;
  if (path === '/dashboard/print') return <DashboardPrint />;
  if (path === '/kennisbank') return <TeachingLibrary />;
  if (path === '/spreekuren') return <SessionCalendar />;
  if ((m = matchPath('/spreekuren/:id', path))) return <SessionView key={m.id} id={m.id} />;
  if (path === '/loket') return <DeskList />;
  if (path === '/loket/nieuw') return <NewDeskQuestion />;
  if ((m = matchPath('/loket/:id', path))) return <DeskQuestionView key={m.id} id={m.id} />;
  if ((m = matchPath('/kennisbank/:id', path))) return <TeachingCaseView key={m.id} id={m.id} />;
  if (path === '/consults/new') return <NewConsult key="new" />;
  if ((m = matchPath('/consults/:id/edit', path))) return <NewConsult key={m.id} draftId={m.id} />;
  if ((m = matchPath('/consults/:id', path))) return <ConsultPage key={m.id} id={m.id} />;
  return <NotFound />;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function NoBox({ role }: { role: Role }) {
  const { t } = useI18n();
  usePageTitle(t('app.name'));
  return (
    <>
      <PageHeading>{t('app.tagline')}</PageHeading>
      <p>{t('home.noBox', { role: t(`role.${role}` as MessageKey) })}</p>
    </>
  );
}

function NotFound() {
  const { t } = useI18n();
  usePageTitle(t('app.notFound'));
  return (
    <>
      <PageHeading>{t('app.notFound')}</PageHeading>
      <p>{t('app.notFoundText')}</p>
      <Link to="/" className="btn">{t('app.home')}</Link>
    </>
  );
}

function LangSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <button type="button" className="btn btn-quiet btn-small lang" lang={lang === 'nl' ? 'en' : 'nl'}
      aria-label={t('app.langSwitchLabel')} onClick={() => setLang(lang === 'nl' ? 'en' : 'nl')}>
      {t('app.langSwitch')}
    </button>
  );
}

function LiveIndicator() {
  const { t } = useI18n();
  const connected = useLiveConnected();
  return (
    <span className={`live ${connected ? 'live-on' : 'live-off'}`} title={connected ? t('app.live') : t('app.offline')}>
      <span className="live-dot" aria-hidden="true" />
      <span className="sr-only">{connected ? t('app.live') : t('app.offline')}</span>
    </span>
  );
}

// The nav item for a path: an exact match, else the longest item the path lies under.
function currentNav(items: NavItem[], path: string): string | undefined {
  if (items.some((i) => i.to === path)) return path;
  return items
    .filter((i) => i.to !== '/consults/new' && path.startsWith(i.to + '/'))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;
}

function Header({ user }: { user: User | null }) {
  const { t } = useI18n();
  const { logout } = useSession();
  const { path } = useLocation();
  const items = user ? navFor(user.role) : [];
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to="/" className="brand" aria-label={`${t('app.name')} — ${t('app.home')}`}>
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        {user && (
          <nav aria-label={t('app.menu')} className="mainnav">
            <ul>
              {items.map((i) => {
                const current = i.to === currentNav(items, path);
                return (
                  <li key={i.to}>
                    <Link to={i.to} aria-current={current ? 'page' : undefined}>{t(i.label)}</Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
        <div className="topbar-end">
          {user && <LiveIndicator />}
          {user && (
            <span className="who" title={user.email}>
              <span className="sr-only">{t('app.loggedInAs', { name: user.name })}</span>
              <span aria-hidden="true">{user.name}</span>
              <span className="who-role">{t(`role.${user.role}` as MessageKey)}{user.organization ? ' · ' + user.organization.name : ''}</span>
            </span>
          )}
          <LangSwitch />
          {user && (
            <Link to="/profile" className="btn btn-quiet btn-small" aria-current={path === '/profile' ? 'page' : undefined}>
              {t('app.profile')}
            </Link>
          )}
          {user && (
            <button type="button" className="btn btn-quiet btn-small" onClick={() => void logout().then(() => navigate('/login'))}>
              {t('app.logout')}
            </button>
          )}
        </div>
      </div>
    </header>
  );
}

function Shell({ children, user }: { children: ReactNode; user: User | null }) {
  const { t } = useI18n();
  return (
    <>
      <a href="#main" className="skip-link">{t('app.skip')}</a>
      <Header user={user} />
      <main id="main" tabIndex={-1} className="main">
        {children}
      </main>
    </>
  );
}

function Gate() {
  const { user, loading } = useSession();
  const { path } = useLocation();
  useEffect(() => {
    if (!user) return;
    const id = window.setTimeout(() => {
      void loadConsultPage();
      if (user.role === 'gp' || user.role === 'assistant') void loadNewConsult();
    }, 1500);
    return () => window.clearTimeout(id);
  }, [user]);
  useEffect(() => {
    // Logged out on a deep link: remember where to go back to.
    if (!loading && !user && path !== '/login') sessionStorage.setItem('mk.after-login', path + window.location.search);
    if (!loading && user && path === '/login') {
      const back = sessionStorage.getItem('mk.after-login');
      sessionStorage.removeItem('mk.after-login');
      navigate(back && back !== '/login' ? back : homeFor(user.role), { replace: true });
    }
  }, [loading, user, path]);
  if (loading) return <Shell user={null}><Loading /></Shell>;
  if (!user) return <Shell user={null}><Login /></Shell>;
  return (
    <LiveProvider enabled>
      <Shell user={user}>
        <Suspense fallback={<Loading />}>
          <Page user={user} />
        </Suspense>
      </Shell>
    </LiveProvider>
  );
}

export default function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Announcer>
          <Gate />
        </Announcer>
      </SessionProvider>
    </I18nProvider>
  );
}
