/** Where both pages keep the API key (same origin, so the playground and the dashboard share it). */
export const API_KEY_STORAGE_KEY = 'ocs.apiKey';

/** The stored API key, or '' (anonymous) when none is stored or storage is unavailable. */
export function readApiKey(): string {
  try {
    return window.localStorage.getItem(API_KEY_STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Stores the key; an empty key removes it (back to anonymous). */
export function saveApiKey(apiKey: string): void {
  try {
    if (apiKey) window.localStorage.setItem(API_KEY_STORAGE_KEY, apiKey);
    else window.localStorage.removeItem(API_KEY_STORAGE_KEY);
  } catch {
    // Private mode or storage disabled: the key still applies to this page view.
  }
}

/** HTTP headers that carry the key (`x-api-key`), none when anonymous. */
export function apiKeyHeaders(apiKey: string): Record<string, string> {
  return apiKey ? { 'x-api-key': apiKey } : {};
}

/** graphql-ws connection_init payload that carries the key (`{ apiKey }`). */
export function apiKeyConnectionParams(apiKey: string): Record<string, string> {
  return apiKey ? { apiKey } : {};
}
