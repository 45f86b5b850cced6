import type { ReactNode } from 'react';
import type { DisplayError } from './displayError';

interface PanelProps {
  title: string;
  testId: string;
  errors?: (DisplayError | undefined)[];
  actions?: ReactNode;
  children: ReactNode;
}

/** A dashboard card: title, optional controls, the first error (if any), then its content. */
export function Panel({ title, testId, errors = [], actions, children }: PanelProps) {
  const error = errors.find((e) => e !== undefined);
  return (
    <section className="panel" data-testid={testId} aria-label={title}>
      <header className="panel-header">
        <h2>{title}</h2>
        {actions}
      </header>
      {error ? <ErrorBox error={error} /> : null}
      <div className="panel-body">{children}</div>
    </section>
  );
}

/** The server's code and message, as an alert. */
export function ErrorBox({ error }: { error: DisplayError }) {
  return (
    <p className="error-box" role="alert">
      <code>{error.code}</code> {error.message}
    </p>
  );
}
