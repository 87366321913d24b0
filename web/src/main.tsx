import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, entryReady } from './app.js';
import { withinMs } from './entry-prefetch.js';
import './styles.css';

void withinMs(entryReady, 1_000).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
