import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n.js';
import { ClaimsPage } from './public/ClaimsPage.js';
import { StaffApp } from './staff/StaffApp.js';

initI18n();
createRoot(document.getElementById('root')!).render(<StrictMode>{window.location.pathname.startsWith('/entrar') ? <StaffApp /> : <ClaimsPage />}</StrictMode>);
