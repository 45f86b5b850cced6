import type { TierLimits, TierName } from './tiers.js';

/** Who is calling: the authenticated key's account, or an anonymous client address. */
export interface Principal {
  accountId: string | null;
  keyId: string | null;
  keyPrefix: string | null;
  tier: TierName;
  /** The caller's IP address (the socket's peer; proxies' forwarding headers are not trusted). */
  clientAddress: string;
  limits: TierLimits;
}

/** The subject rate limits are counted against: the account, or the client address when anonymous. */
export function rateSubjectOf(principal: Principal): string {
  return principal.accountId ? `account:${principal.accountId}` : `address:${principal.clientAddress}`;
}

/** The subject WebSocket connections are counted against: the key, or the client address when anonymous. */
export function connectionSubjectOf(principal: Principal): string {
  return principal.keyId ? `key:${principal.keyId}` : `address:${principal.clientAddress}`;
}
