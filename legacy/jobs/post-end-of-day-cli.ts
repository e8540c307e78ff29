import { parseArgs } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { endpointsFromEnv, postEndOfDay } from './post-end-of-day';

/** `npm run post-eod -- --day 2026-11-20 [--store 101] [--no-close]`: books store days in the ERP. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { day: { type: 'string' }, store: { type: 'string', multiple: true }, 'no-close': { type: 'boolean' } },
  });
  if (!values.day || !/^\d{4}-\d{2}-\d{2}$/.test(values.day))
    throw new Error('usage: npm run post-eod -- --day YYYY-MM-DD [--store ID ...] [--no-close]');
  const endpoints = endpointsFromEnv();
  let stores = values.store ?? [];
  if (stores.length === 0) {
    const response = await fetch(`${endpoints.posUrl}/poslog/v1/stores`, { headers: { 'x-api-key': endpoints.posApiKey } });
    const parsed = new XMLParser({ removeNSPrefix: true, parseTagValue: false, isArray: (name) => name === 'Store' }).parse(
      await response.text(),
    );
    stores = (parsed.Stores.Store as { RetailStoreID: string }[]).map((store) => store.RetailStoreID);
  }
  for (const store of stores) {
    const result = await postEndOfDay(endpoints, store, values.day, !values['no-close']);
    console.log(`${result.reference}: ${result.posted ? `posted ${result.lines} lines` : 'already booked or nothing to book'}`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
