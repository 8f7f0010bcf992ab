import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { initI18n } from '../shared/i18n.ts';
import { createQueryClient } from '../shared/session.ts';
import { App } from './App.tsx';
import { consoleStrings } from './console.i18n.ts';
import { focusFirstFieldOnOpen, keepEnterInFields } from './forms.ts';
import './console.css';

initI18n(consoleStrings);
keepEnterInFields(document);
focusFirstFieldOnOpen(document);

const queryClient = createQueryClient();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
