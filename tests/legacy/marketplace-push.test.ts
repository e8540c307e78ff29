import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pushSign } from '../../legacy/marketplace/sign';
import type { MarketplaceClient } from '../../legacy/marketplace/testing';
import { marketplaceFixture } from '../../legacy/marketplace/testing';
import { generateWorld } from '../../legacy/seed/world';

const world = generateWorld({ seed: 42, size: 'small' });

interface Received {
  authorization: string | undefined;
  body: string;
}

/** The seller's callback: a tiny receiver on 127.0.0.1 that records what arrives and answers as told. */
class Receiver {
  readonly received: Received[] = [];
  /** Status codes to answer next, in turn; 200 once they are used up. */
  answers: number[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const status = this.answers.shift() ?? 200;
        if (status === 200) this.received.push({ authorization: request.headers.authorization, body });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/marketplace/push`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Waits until `count` pushes have arrived (or fails after a few seconds). */
  async waitFor(count: number, timeoutMs = 5_000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.received.slice(0, count);
  }

  statuses(orderSn: string): string[] {
    return this.received
      .map((r) => JSON.parse(r.body))
      .filter((push) => push.data.ordersn === orderSn)
      .map((push) => push.data.status);
  }
}

describe('the marketplace push notifications', () => {
  const receiver = new Receiver();
  let app: FastifyInstance;
  let client: MarketplaceClient;
  const sku = world.marketplace.items[1].models[0].sku;
  const stock = () =>
    client.post('product/update_stock', {
      item_id: world.marketplace.items[1].itemId,
      stock_list: [{ model_id: world.marketplace.items[1].models[0].modelId, seller_stock: [{ stock: 100 }] }],
    });

  beforeAll(async () => {
    await receiver.start();
    ({ app, client } = await marketplaceFixture(world, { env: { MARKETPLACE_PUSH_URL: receiver.url } }));
    await stock();
  });
  afterAll(async () => {
    await app.close();
    await receiver.stop();
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    await client.admin('PUT', '/__admin/push', { duplicates: 0, outOfOrder: false, dropRate: 0 });
  });

  it('pushes a new order and each status change to the callback URL, signed with the partner key over url|body', async () => {
    const orderSn = await client.buyerOrders([{ model_sku: sku, quantity: 1 }]);
    await client.buyer(orderSn, 'pay');
    const pushes = await receiver.waitFor(2);
    expect(pushes).toHaveLength(2);
    for (const push of pushes) expect(push.authorization).toBe(pushSign(client.partner.partnerKey, receiver.url, push.body));
    expect(JSON.parse(pushes[0].body)).toEqual({
      data: { ordersn: orderSn, status: 'UNPAID', completed_scenario: '', update_time: Math.floor(world.now.getTime() / 1000) },
      shop_id: world.marketplace.shopId,
      code: 3,
      timestamp: Math.floor(world.now.getTime() / 1000),
    });
    expect(receiver.statuses(orderSn)).toEqual(['UNPAID', 'READY_TO_SHIP']);

    await client.post('logistics/ship_order', { order_sn: orderSn, dropoff: {} });
    await receiver.waitFor(3);
    expect(receiver.statuses(orderSn)).toEqual(['UNPAID', 'READY_TO_SHIP', 'PROCESSED']);
    // A refused call changes nothing and pushes nothing.
    await client.post('logistics/ship_order', { order_sn: orderSn, dropoff: {} });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(3);
  });

  it('repeats pushes and sends them out of order when the knob says so', async () => {
    expect((await client.admin('PUT', '/__admin/push', { duplicates: 1, outOfOrder: true })).json()).toMatchObject({
      duplicates: 1,
      outOfOrder: true,
    });
    const orderSn = await client.buyerOrders([{ model_sku: sku, quantity: 1 }], { paid: true });
    await receiver.waitFor(4);
    expect(receiver.statuses(orderSn)).toEqual(['READY_TO_SHIP', 'UNPAID', 'READY_TO_SHIP', 'UNPAID']);
    expect((await client.admin('PUT', '/__admin/push', { duplicates: -1 })).statusCode).toBe(400);
  });

  it('misses pushes when the knob drops them, and the poll by update_time still finds the order', async () => {
    await client.admin('PUT', '/__admin/push', { dropRate: 1 });
    const orderSn = await client.buyerOrders([{ model_sku: sku, quantity: 1 }], { paid: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(0);
    const t = Math.floor(world.now.getTime() / 1000);
    const polled = (
      await client.get('order/get_order_list', {
        time_range_field: 'update_time',
        time_from: t - 300,
        time_to: t,
        page_size: 100,
        order_status: 'READY_TO_SHIP',
      })
    ).json().response.order_list;
    expect(polled.map((o: { order_sn: string }) => o.order_sn)).toContain(orderSn);
  });

  it('tries a push again when the callback does not answer 2xx', async () => {
    receiver.answers = [500];
    const orderSn = await client.buyerOrders([{ model_sku: sku, quantity: 1 }]);
    const [push] = await receiver.waitFor(1, 4_000);
    expect(JSON.parse(push.body).data).toMatchObject({ ordersn: orderSn, status: 'UNPAID' });
  });
});
