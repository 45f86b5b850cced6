/** The GraphQL endpoint of the server that served this page (HTTP). */
export function graphqlHttpUrl(): string {
  return `${window.location.origin}/graphql`;
}

/** The same endpoint for graphql-ws subscriptions (ws:, or wss: behind https). */
export function graphqlWsUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/graphql`;
}
