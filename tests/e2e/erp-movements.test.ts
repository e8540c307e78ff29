import { WarehouseClient } from '../../connectors/warehouse';
import { generateWorld } from '../../legacy/seed/world';
import { eventBus, type DomainEvent } from '../../lib/events';
import { locationId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import type { SubgraphName } from '../../subgraphs/services';
import { eventually } from '../support/eventually';
import { execute } from '../support/graphql';

/**
 * Goods movements posted in the ERP itself (a goods receipt booked by the warehouse's staff, not
 * through Omnigraph) reach the graph within seconds, not when the stock cache expires: the warehouse
 * subgraph's follower of the ERP's material documents publishes a stock event for each item, which
 * drops the cached figure and tells live subscribers.
 */
const subgraphs: SubgraphName[] = ['identity', 'ecommerce', 'warehouse', 'inventory', 'pos'];
const STOCK_AT = `query($sku: String!, $locationId: ID!) { productVariant(sku: $sku) { stockAt(locationId: $locationId) { onHand } } }`;
const FOLLOW_MS = 300;

describe('goods movements posted in the ERP itself', () => {
  const world = generateWorld({ seed: 53, size: 'small' });
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem({
      world,
      subgraphs,
      // The stock cache keeps its production lifetime (30 s): the figure may only move sooner through the event.
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', WAREHOUSE_MOVEMENTS_FOLLOW_MS: String(FOLLOW_MS) },
    });
  });
  afterAll(() => system.stop());

  it('shows a goods receipt booked in the ERP within seconds, and tells it as a stock event', async () => {
    const sku = world.products[0].sku;
    const plant = world.stores[0].plant;
    const onHand = async () =>
      (
        await execute<{ productVariant: { stockAt: { onHand: number } } }, object>(system.gatewayUrl, STOCK_AT, {
          sku,
          locationId: locationId(plant),
        })
      ).data!.productVariant.stockAt.onHand;
    const before = await onHand();
    // The follower has found where the ERP's numbering is before the receipt is booked.
    await new Promise((resolve) => setTimeout(resolve, 3 * FOLLOW_MS));

    const events: DomainEvent[] = [];
    const unsubscribe = await (await eventBus(system.env)).subscribe(`stock.*.*`, (event) => events.push(event));
    try {
      await WarehouseClient.fromEnv({ WAREHOUSE_URL: system.legacyUrls.warehouse }).postGoodsMovement({
        reference: `GR-${Date.now()}`.slice(0, 16),
        headerText: 'Delivery from supplier',
        items: [{ material: sku, plant, movementType: '501', quantity: 7 }],
      });
      expect(await eventually(onHand, (units) => units === before + 7, 10)).toBe(before + 7);
      expect(events.map((event) => event.data)).toContainEqual({ locationId: locationId(plant), sku });
    } finally {
      await unsubscribe();
    }
  });
});
