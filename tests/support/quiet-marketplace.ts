/**
 * The marketplace subgraph's own rounds (order poll, stock sync, promotion sync) off, for tests that
 * count legacy calls around a request: those rounds call the marketplace, the ERP, the POS feed
 * and the web shop on their own clocks. Its first read and rounds at start still happen.
 */
export const QUIET_MARKETPLACE = {
  MARKETPLACE_POLL_MS: '0',
  MARKETPLACE_STOCK_SYNC_MS: '0',
  MARKETPLACE_PROMOTION_SYNC_MS: '0',
} as const;

/**
 * Every follower that reads a legacy system on its own clock off, for tests that count the legacy
 * calls one request costs: identity's sync, commerce's pickup sweep and loyalty earning's follower
 * of web orders (an orders.list every 5 s), the catalogue follower (a products search every second),
 * the CRM partner follower, and the marketplace's rounds.
 */
export const QUIET_FOLLOWERS = {
  IDENTITY_SYNC_INTERVAL_MS: '0',
  COMMERCE_PICKUP_SWEEP_MS: '0',
  ECOMMERCE_CATALOGUE_FOLLOW_MS: '0',
  WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0',
  CRM_PROFILE_FOLLOW_MS: '0',
  COMMERCE_LOYALTY_FOLLOW_MS: '0',
  ...QUIET_MARKETPLACE,
} as const;
