import { createContext, useContext } from 'react';
import type { DashboardClient } from './createDashboardClient';

export const ClientContext = createContext<DashboardClient | null>(null);

/** The dashboard's client (provided once by the App, recreated when the API key changes). */
export function useClient(): DashboardClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() outside <ClientContext.Provider>');
  return client;
}
