import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './playground.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Playground } from './Playground';

const container = document.getElementById('root');
if (!container) throw new Error('the page has no #root element');
createRoot(container).render(
  <StrictMode>
    <Playground />
  </StrictMode>,
);
