import type { GatewayPlugin } from '../plugin';

/**
 * Apollo Gateway sends anonymous usage metrics to Apollo over the internet unless
 * APOLLO_TELEMETRY_DISABLED is set: a retailer's graph talks to its own systems only. The gateway
 * reads only process.env, as it is constructed, so the opt-out is made with the plugin, before the
 * assembly builds the gateway. An operator may set it to false.
 */
export function useNoTelemetry(): GatewayPlugin {
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  return { name: 'telemetry' };
}
