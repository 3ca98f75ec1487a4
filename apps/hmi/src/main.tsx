// Entry: mounts the HMI.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles/base.css';
import './styles/shell-alarms.css';
import './styles/values-graphics.css';
import './styles/dialogs-trends.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
