import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from '../shared/api.ts';
import { initI18n } from '../shared/i18n.ts';
import { App } from './App.tsx';
import { h5Strings } from './h5.i18n.ts';
import './h5.css';

initI18n(h5Strings);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers will not fix themselves: do not retry them.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename="/m">
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
