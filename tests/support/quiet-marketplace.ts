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
