/** What the console's server says at `/config.json` (server/console-server.ts): where the graph and the identity provider are. */
export interface ConsoleConfig {
  /** The gateway's endpoint: queries and mutations over HTTP, subscriptions over a WebSocket at the same URL. */
  graphqlUrl: string;
  /** The OpenID Connect issuer staff sign in at. */
  issuer: string;
  clientId: string;
  /** The OAuth resource the access token is for (RFC 8707). */
  resource: string;
  scopes: string[];
  /** The stores' time zone: times on screen are the store's, whatever the device's zone. */
  storeTimeZone: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`the console's configuration could not be read (HTTP ${response.status})`);
  return (await response.json()) as ConsoleConfig;
}
