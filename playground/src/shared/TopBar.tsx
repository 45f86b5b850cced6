import { useState, type FormEvent } from 'react';
import './topBar.css';

interface TopBarProps {
  page: 'playground' | 'dashboard';
  apiKey: string;
  onApiKeyChange: (apiKey: string) => void;
}

/** Title, links between the two pages, and the API key field (applied on submit, stored by the caller). */
export function TopBar({ page, apiKey, onApiKeyChange }: TopBarProps) {
  const [draft, setDraft] = useState(apiKey);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApiKeyChange(draft.trim());
  };
  return (
    <header className="top-bar">
      <div className="top-bar-title">
        <strong>On-Chain Services</strong>
        <nav>
          <a href="/playground" aria-current={page === 'playground' ? 'page' : undefined}>Playground</a>
          <a href="/dashboard" aria-current={page === 'dashboard' ? 'page' : undefined}>Dashboard</a>
        </nav>
      </div>
      <form className="api-key-form" onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="anonymous"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit">Use key</button>
        {apiKey ? (
          <button type="button" onClick={() => { setDraft(''); onApiKeyChange(''); }}>Clear</button>
        ) : null}
        <span className="api-key-state" data-testid="api-key-state">{apiKey ? `key ${apiKey.slice(0, 8)}…` : 'anonymous'}</span>
      </form>
    </header>
  );
}
