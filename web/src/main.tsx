import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prefetch } from './api/client';
import { listPath, OPEN_STATUSES } from './components/ConsultList';
import App from './app';
import './styles.css';

// Who is logged in, and the inbox or queue people open first: asked for before React renders.
prefetch('/me');
if (!window.location.search) {
  const path = window.location.pathname;
  if (path === '/inbox') prefetch(listPath('practice', '', '', 50));
  else if (path === '/queue') prefetch(listPath('service', OPEN_STATUSES, '', 50));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
