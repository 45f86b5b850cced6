import type { Principal } from '../auth/principal.js';

/**
 * Watches API traffic (usage metering implements it). Called by both paths: over HTTP once per operation with the
 * response size; over graphql-ws once per operation (bytesSent 0) plus `onBytesSent` for every message written to
 * the socket, and around each subscription's life. Implementations must not throw and should not block.
 */
export interface ApiObserver {
  /** One operation admitted and run; `costPoints` is its estimated cost (src/auth/measureOperation.ts). */
  onRequest(principal: Principal, request: { costPoints: number; bytesSent: number; operationName: string | null }): void;
  /** A subscription started; `end()` completes it from the server side (the client receives `complete`). */
  onSubscriptionStart(principal: Principal, subscription: { connectionId: string; subscriptionId: string; operationName: string | null; end: () => Promise<void> }): void;
  /** A subscription ended (completed by either side, or its connection closed). */
  onSubscriptionEnd(principal: Principal, subscription: { connectionId: string; subscriptionId: string }): void;
  /** Bytes written to a WebSocket of `principal`. */
  onBytesSent(principal: Principal, bytes: number): void;
}
