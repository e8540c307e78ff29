import { Client } from 'pg';
import { PostgresCommerceState } from '../subgraphs/commerce/state/postgres';

/**
 * `npx tsx bench/order-writes.ts`: how many checkouts a second the commerce state's PostgreSQL
 * writes allow, on the PostgreSQL at ORDER_WRITES_URL (default postgres://postgres@127.0.0.1:5432/test): per
 * order what a checkout saga writes through `PostgresCommerceState` (the idempotency key claimed
 * and completed, the saga started, its eight steps each STARTED then DONE, the saga finished) and
 * one stock lock taken (`withLocks`, the reserve step's), ORDER_WRITES_AT_ONCE (32) orders at a
 * time for ORDER_WRITES_SECONDS (10), in a schema of its own that it drops at the end. The
 * legacy calls between the writes are left out: this is the database's share alone.
 */
const STEPS = ['cart', 'reserve', 'shipping', 'price', 'redeem', 'placeOrder', 'labelReservation', 'noteOrder'];

async function main(): Promise<void> {
  const url = process.env.ORDER_WRITES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const seconds = Number(process.env.ORDER_WRITES_SECONDS ?? 10);
  const atOnce = Number(process.env.ORDER_WRITES_AT_ONCE ?? 32);
  const schema = `bench_scale_${process.pid}`;
  const state = await PostgresCommerceState.open({ url, schema, poolSize: atOnce, env: { LOG_LEVEL: 'silent' } });
  let begun = 0;
  let orders = 0;
  const started = Date.now();
  const until = started + seconds * 1_000;
  const checkout = async () => {
    while (Date.now() < until) {
      const n = begun++;
      const key = `bench-${n}`;
      await state.claimIdempotencyKey('checkout', key, `fingerprint-${n}`);
      await state.startSaga({ id: key, kind: 'order', input: { cartId: key, storeId: 'S101', lines: [{ sku: 'SKU-1', quantity: 1 }] } });
      for (const step of STEPS) {
        await state.recordStep(key, step, 'STARTED');
        if (step === 'reserve') await state.withLocks([`stock:S101:SKU-${n % 500}`], async () => undefined);
        await state.recordStep(key, step, 'DONE', { step, at: new Date().toISOString() });
      }
      await state.finishSaga(key, 'COMPLETED', { orderNumber: `OG${n}` });
      await state.completeIdempotencyKey('checkout', key, { orderNumber: `OG${n}` });
      orders += 1;
    }
  };
  await Promise.all(Array.from({ length: atOnce }, checkout));
  const ms = Date.now() - started;
  await state.close();
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA ${schema} CASCADE`);
  await client.end();
  // Per order: claim, start, 16 step records, finish, complete = 20 statements, and one lock transaction.
  const ordersPerSecond = orders / (ms / 1000);
  process.stdout.write(
    `${JSON.stringify({ orders, ordersPerSecond: Math.round(ordersPerSecond), statementsPerSecond: Math.round(ordersPerSecond * 21), atOnce, seconds })}\n`,
  );
}

void main();
