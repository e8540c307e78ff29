import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { CustomerCardRow, CustomerPartnerRow } from '../connectors/crm/wire';
import type { MagentoCustomer } from '../connectors/ecommerce/wire';
import { CrmClient } from '../connectors/crm';
import { EcommerceClient } from '../connectors/ecommerce';
import { generateWorld } from '../legacy/seed/world';
import type { DecisionStore } from '../subgraphs/identity/decisions';
import { DirectorySync } from '../subgraphs/identity/sync';
import { directoryRecordStore } from '../subgraphs/identity/directory-records';
import { Client } from 'pg';

/**
 * `npx tsx bench/directory-scale.ts`: the identity directory (every replica's in-memory copy of who is
 * who, built from the records kept in the directory store) at 100,000, 300,000 and 1,000,000
 * members: the heap and RSS it holds, how long a replica's start takes, and the legacy calls and
 * bytes that start reads, for the first replica (the store empty: both systems read whole) and the
 * next (from the store, PostgreSQL at DIRECTORY_SCALE_STORE_URL) (docs/SCALING.md).
 *
 * The members are the large seeded world's (62,855 people, with its households, shared emails,
 * typos and store phones) cloned: each copy's identifiers are made its own (phones' last seven
 * digits, emails' local part, card codes, social ids, streets), so copies never link to each other
 * and each is as hard to link as the original. A stand-in process answers the CRM's JSON-RPC and
 * Magento's REST pages from them; the measuring process runs `DirectorySync` with the real
 * connectors against it, as the identity subgraph's start does, with `--expose-gc`. Both processes
 * are fresh for each size, so nothing of one size is left in the next's heap.
 *
 * DIRECTORY_SCALE_MEMBERS=100000,300000,1000000 (default) picks the sizes.
 */

interface Template {
  persons: number;
  partners: CustomerPartnerRow[];
  cards: CustomerCardRow[];
  customers: MagentoCustomer[];
}

const SEED = 42;
const TEMPLATE_FILE = join(tmpdir(), `omnigraph-directory-template-${SEED}.json`);
/** Ids of copy c are the original's plus c times this: above any id of the large world. */
const ID_STRIDE = 10_000_000;

/** The large world's customer records, as the CRM and Magento answer them (wire shape); kept in the temp directory between runs. */
function template(): Template {
  if (existsSync(TEMPLATE_FILE)) return JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as Template;
  const world = generateWorld({ seed: SEED, size: 'large' });
  const handles = new Map(world.crm.socialHandles.map((handle) => [handle.partnerId, handle]));
  const odooTime = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');
  const result: Template = {
    persons: world.truth.persons.length,
    partners: world.crm.partners.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email ?? false,
      phone: p.phone ?? false,
      mobile: p.mobile ?? false,
      street: p.street,
      city: p.city,
      active: true,
      x_zalo_user_id: handles.get(p.id)?.zaloUserId ?? false,
      x_facebook_psid: handles.get(p.id)?.facebookPsid ?? false,
      write_date: odooTime(p.writeDate),
    })),
    cards: world.crm.loyaltyCards.map((c) => ({
      id: c.id,
      partner_id: [c.partnerId, ''],
      code: c.code,
      write_date: odooTime(c.createdAt),
    })),
    customers: world.ecommerce.customers.map((c) => ({
      id: c.id,
      email: c.email,
      firstname: c.firstname,
      lastname: c.lastname,
      created_at: odooTime(c.createdAt),
      updated_at: odooTime(c.updatedAt),
      addresses: c.addresses.map((a) => ({ telephone: a.telephone, street: [a.street], city: a.city, country_id: 'VN' })),
    })),
  };
  writeFileSync(TEMPLATE_FILE, JSON.stringify(result));
  return result;
}

/** Copy `copy` of a value: the same text with its last seven digits shifted, so its format (and validity) stays. */
function ownDigits(value: string, copy: number): string {
  if (copy === 0) return value;
  const chars = [...value];
  const places = chars.flatMap((char, index) => (/\d/.test(char) ? [index] : [])).slice(-7);
  const shifted = String((Number(places.map((i) => chars[i]).join('')) + copy * 7_919) % 10 ** places.length).padStart(places.length, '0');
  places.forEach((place, i) => (chars[place] = shifted[i]));
  return chars.join('');
}

const ownEmail = (email: string, copy: number) => (copy === 0 ? email : email.replace('@', `.${copy}@`));
const ownStreet = (street: string, copy: number) => (copy === 0 ? street : `${street}, ngõ ${copy}`);
const ownHandle = (handle: string | false, copy: number) =>
  handle === false || copy === 0 ? handle : `${handle}${String(copy).padStart(2, '0')}`;
const orFalse = <T>(value: T | false, map: (value: T) => T) => (value === false ? false : map(value));

function partnerCopy(row: CustomerPartnerRow, copy: number): CustomerPartnerRow {
  return {
    ...row,
    id: row.id + copy * ID_STRIDE,
    email: orFalse(row.email, (email) => ownEmail(email, copy)),
    phone: orFalse(row.phone, (phone) => ownDigits(phone, copy)),
    mobile: orFalse(row.mobile, (mobile) => ownDigits(mobile, copy)),
    street: orFalse(row.street, (street) => ownStreet(street, copy)),
    x_zalo_user_id: ownHandle(row.x_zalo_user_id, copy),
    x_facebook_psid: ownHandle(row.x_facebook_psid, copy),
  };
}

function cardCopy(row: CustomerCardRow, copy: number): CustomerCardRow {
  return {
    ...row,
    id: row.id + copy * ID_STRIDE,
    partner_id: row.partner_id === false ? false : [row.partner_id[0] + copy * ID_STRIDE, ''],
    code: copy === 0 ? row.code : `${row.code}-${copy}`,
  };
}

function customerCopy(row: MagentoCustomer, copy: number): MagentoCustomer {
  return {
    ...row,
    id: row.id + copy * ID_STRIDE,
    email: ownEmail(row.email, copy),
    addresses: row.addresses.map((address) => ({
      ...address,
      telephone: address.telephone === undefined ? undefined : ownDigits(address.telephone, copy),
      street: address.street?.map((street) => ownStreet(street, copy)),
    })),
  };
}

/** The first `count` rows of the template's rows copied as often as needed. */
/**
 * The copies in pages. The connectors page on from the last row read (its write date and id), not by
 * offset: each page answered notes where the next begins after its last row's id, and a page asked
 * after an id begins there (the copies' write dates are not in order; only the pages' sequence matters).
 */
function rowsOf<T extends { id: number }>(rows: readonly T[], count: number, copyOf: (row: T, copy: number) => T) {
  const nextAfter = new Map<number, number>();
  return (afterId: number | null, limit: number): T[] => {
    const offset = afterId === null ? 0 : (nextAfter.get(afterId) ?? count);
    const page: T[] = [];
    for (let i = offset; i < Math.min(count, offset + limit); i += 1) page.push(copyOf(rows[i % rows.length], Math.floor(i / rows.length)));
    if (page.length > 0) nextAfter.set(page[page.length - 1].id, offset + page.length);
    return page;
  };
}

/** The id a keyset page goes on after: Odoo's `['id', '>', n]` in the domain, Magento's `entity_id gt n` filter. */
function cursorOf(criteria: unknown): number | null {
  const text = JSON.stringify(criteria);
  const odoo = /\["id",">",(\d+)\]/.exec(text);
  return odoo ? Number(odoo[1]) : null;
}

/**
 * Answers the CRM's and Magento's reads of every customer for `members` people: Odoo's
 * `search_read` by offset (and `authenticate`), Magento's `/customers/search` by page. Counts the
 * calls and the bytes answered, and when the last answer went out.
 */
function answer(members: number): void {
  const base = template();
  const scale = members / base.persons;
  const counts = {
    partners: Math.round(base.partners.length * scale),
    cards: Math.round(base.cards.length * scale),
    customers: Math.round(base.customers.length * scale),
  };
  const partners = rowsOf(base.partners, counts.partners, partnerCopy);
  // A card whose partner is past the last partner answered belongs to no one here.
  const partnerIndex = new Map(base.partners.map((row, index) => [row.id, index]));
  const cards = rowsOf(base.cards, counts.cards, (row, copy): CustomerCardRow => {
    const index = row.partner_id === false ? undefined : partnerIndex.get(row.partner_id[0]);
    const card = cardCopy(row, copy);
    return index !== undefined && copy * base.partners.length + index < counts.partners ? card : { ...card, partner_id: false };
  });
  const customers = rowsOf(base.customers, counts.customers, customerCopy);
  const stats = { calls: { crm: 0, ecommerce: 0 }, bytes: { crm: 0, ecommerce: 0 }, lastAnswerAt: 0, counts };
  let signUps = 0;
  const send = (response: ServerResponse, system: 'crm' | 'ecommerce' | null, body: unknown) => {
    const text = JSON.stringify(body);
    if (system) {
      stats.calls[system] += 1;
      stats.bytes[system] += Buffer.byteLength(text);
      stats.lastAnswerAt = Date.now();
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(text);
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/stats') return send(response, null, stats);
    if (url.pathname.endsWith('/customers/search')) {
      const size = Number(url.searchParams.get('searchCriteria[pageSize]'));
      const filters = [...url.searchParams.entries()].filter(([name]) => name.includes('[filters]') && name.endsWith('[field]'));
      const field = (name: string) => filters.find(([, value]) => value === name)?.[0].replace(/\[field\]$/, '');
      const afterField = field('entity_id');
      // A read of what changed since the full read: nothing has.
      if (filters.length > 0 && !afterField) return send(response, 'ecommerce', { items: [], total_count: 0, search_criteria: {} });
      const afterId = afterField ? Number(url.searchParams.get(`${afterField}[value]`)) : null;
      return send(response, 'ecommerce', { items: customers(afterId, size), total_count: counts.customers, search_criteria: {} });
    }
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { id, params } = JSON.parse(body) as { id: number; params: { service: string; args: unknown[] } };
      if (params.service === 'common') return send(response, 'crm', { jsonrpc: '2.0', id, result: 2 });
      const [, , , model, , [domain], kwargs] = params.args as [
        string,
        number,
        string,
        string,
        string,
        [unknown[]],
        { offset: number; limit: number },
      ];
      // After the full read, each read of what changed finds one more customer who has just signed up at a till.
      const since = JSON.stringify(domain).includes('"write_date",">="');
      const afterId = cursorOf(domain);
      if (model === 'res.partner' && since && afterId === null) signUps += 1;
      const rows =
        model === 'res.partner'
          ? since
            ? afterId === null
              ? Array.from({ length: signUps }, (_, k) => ({
                  ...partnerCopy(base.partners[0], 999 - k),
                  name: 'Khách Mới',
                  write_date: `2030-01-01 00:00:${String(k).padStart(2, '0')}`,
                }))
              : []
            : partners(afterId, kwargs.limit)
          : model === 'loyalty.card' && !since
            ? cards(afterId, kwargs.limit)
            : [];
      send(response, 'crm', { jsonrpc: '2.0', id, result: rows });
    });
  });
  // The measuring process asks for its stats before and after a start that blocks it for minutes: its idle
  // connection must still be open then.
  server.keepAliveTimeout = 60 * 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
}

/** The heap after a full collection, in MiB. */
function settledMemory(): { heapUsedMiB: number; rssMiB: number; externalMiB: number } {
  for (let i = 0; i < 3; i += 1) global.gc!();
  const usage = process.memoryUsage();
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  return { heapUsedMiB: mib(usage.heapUsed), rssMiB: mib(usage.rss), externalMiB: mib(usage.external + usage.arrayBuffers) };
}

/** Starts the directory as the identity subgraph does, against the answering process; prints what it cost as JSON. */
interface LegacyStats {
  calls: { crm: number; ecommerce: number };
  bytes: { crm: number; ecommerce: number };
  lastAnswerAt: number;
  counts: { partners: number; cards: number; customers: number };
}

interface Measured {
  replica: Replica;
  records: number;
  customers: number;
  suspectedDuplicates: number;
  startMs: number;
  /** From the last legacy answer of the full read (or the start, when none) to ready: storing, scoring, linking and indexing. */
  buildMs: number;
  /** What the start asked of the CRM and the web shop. */
  legacy: LegacyStats;
  /** The first round after the start, reading the systems' changes. */
  firstRoundMs: number;
  /** A later round that finds one new customer. */
  resyncMs: number;
  loadAverage: number;
  startedAt: number;
  readyAt: number;
  before: ReturnType<typeof settledMemory>;
  after: ReturnType<typeof settledMemory>;
  maxRssMiB: number;
  lookupByPhone: { microsecondsEach: number; found: number; asked: number };
  lookupByEmail: { microsecondsEach: number; found: number; asked: number };
}

/** Where the replicas keep the directory's records: the PostgreSQL the tests use (DIRECTORY_SCALE_STORE_URL). */
const STORE_URL = process.env.DIRECTORY_SCALE_STORE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Replica = 'first' | 'next';

async function legacyStats(port: number): Promise<LegacyStats> {
  return (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as LegacyStats;
}

/**
 * One replica's start: the first finds the store empty and reads both systems whole (storing what
 * it read); the next starts from the store, as every replica after the first does.
 */
async function measure(port: number, replica: Replica, schema: string): Promise<void> {
  const env = { CRM_URL: `http://127.0.0.1:${port}`, ECOMMERCE_URL: `http://127.0.0.1:${port}` };
  const records = directoryRecordStore({ IDENTITY_DIRECTORY_URL: STORE_URL, IDENTITY_DIRECTORY_SCHEMA: schema }, pino({ level: 'silent' }));
  await records.ready;
  const legacyBefore = await legacyStats(port);
  const crm = CrmClient.fromEnv(env);
  const ecommerce = EcommerceClient.fromEnv(env);
  // No decisions taken yet: the directory is what the model links.
  const decisions = { all: async () => [] } as unknown as DecisionStore;
  const before = settledMemory();
  const started = Date.now();
  const sync = new DirectorySync(crm, ecommerce, decisions, records, pino({ level: 'silent' }), {
    intervalMs: 0,
    leads: () => replica === 'first',
  });
  await sync.ready;
  const readyAt = Date.now();
  const after = settledMemory();
  const legacyAfter = await legacyStats(port);
  const legacy: LegacyStats = {
    ...legacyAfter,
    calls: { crm: legacyAfter.calls.crm - legacyBefore.calls.crm, ecommerce: legacyAfter.calls.ecommerce - legacyBefore.calls.ecommerce },
    bytes: { crm: legacyAfter.bytes.crm - legacyBefore.bytes.crm, ecommerce: legacyAfter.bytes.ecommerce - legacyBefore.bytes.ecommerce },
  };
  const timed = async (round: () => Promise<void>) => {
    const started = Date.now();
    await round();
    return Date.now() - started;
  };
  // The first round after the start reads the systems' changes (one new customer) and takes in what the store holds
  // since the start: for the first replica, every record it stored while starting, compared with what it holds.
  const firstRoundMs = await timed(() => sync.refresh(true));
  // A round that finds one new customer: only its pairs are scored, its part of the customers clustered again (RecordLinker)
  // and re-indexed (CustomerDirectory.apply).
  const resyncMs = await timed(() => sync.refresh(true));
  const directory = sync.current();
  // Lookups as channels type them: a phone in its local format, an email in another case.
  const phones = directory.clusters
    .filter((c) => c.phones.length > 0)
    .slice(0, 20_000)
    .map((c) => c.phones[0].replace(/^\+84/, '0'));
  const emails = directory.clusters
    .filter((c) => c.emails.length > 0)
    .slice(0, 20_000)
    .map((c) => c.emails[0].toUpperCase());
  const lookup = (kind: 'PHONE' | 'EMAIL', values: string[]) => {
    const t = process.hrtime.bigint();
    let found = 0;
    for (const value of values) found += directory.holders(kind, value).length > 0 ? 1 : 0;
    return { microsecondsEach: Number(process.hrtime.bigint() - t) / 1e3 / values.length, found, asked: values.length };
  };
  const result: Measured = {
    records: directory.clusters.reduce((sum, c) => sum + c.records.length, 0),
    customers: directory.clusters.length,
    suspectedDuplicates: directory.suspectedDuplicates.length,
    replica,
    startMs: readyAt - started,
    buildMs: readyAt - Math.max(started, legacy.lastAnswerAt),
    legacy,
    firstRoundMs,
    resyncMs,
    loadAverage: loadavg()[0],
    startedAt: started,
    readyAt,
    before,
    after,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    lookupByPhone: lookup('PHONE', phones),
    lookupByEmail: lookup('EMAIL', emails),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await sync.stop();
  await records.close();
}

function child(args: string[], gc: boolean): ChildProcess {
  return spawn(process.execPath, [...(gc ? ['--expose-gc'] : []), '--max-old-space-size=12288', '--import', 'tsx', __filename, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function firstLine(process: ChildProcess, matching: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((one) => matching.test(one));
      if (line) resolve(line);
    });
    process.on('exit', (code) => reject(new Error(`exited ${code} before answering`)));
  });
}

async function measureSize(members: number) {
  const answering = child(['answer', String(members)], false);
  const schema = `directory_scale_${members}_${process.pid}`;
  try {
    const port = Number((await firstLine(answering, /^listening /)).split(' ')[1]);
    const results = [];
    for (const replica of ['first', 'next'] as const) {
      const measuring = child(['measure', String(port), replica, schema], true);
      results.push({ members, ...(JSON.parse(await firstLine(measuring, /^\{/)) as Measured) });
      await new Promise((exited) => {
        measuring.once('exit', exited);
        measuring.kill();
      });
    }
    return results;
  } finally {
    answering.kill();
    const pg = new Client({ connectionString: STORE_URL });
    await pg.connect();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  }
}

async function main(): Promise<void> {
  const sizes = (process.env.DIRECTORY_SCALE_MEMBERS ?? '100000,300000,1000000').split(',').map(Number);
  template();
  const results = [];
  for (const members of sizes) {
    for (const one of await measureSize(members)) {
      process.stderr.write(`${JSON.stringify(one)}\n`);
      results.push(one);
    }
  }
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  const rows = results.map((r) =>
    [
      r.members.toLocaleString('en'),
      r.replica === 'first' ? 'first: the systems, whole' : 'next: the store',
      r.records.toLocaleString('en'),
      r.customers.toLocaleString('en'),
      r.after.heapUsedMiB - r.before.heapUsedMiB,
      r.after.rssMiB,
      r.maxRssMiB,
      (r.startMs / 1000).toFixed(1),
      (r.buildMs / 1000).toFixed(1),
      (r.firstRoundMs / 1000).toFixed(1),
      (r.resyncMs / 1000).toFixed(2),
      `${r.legacy.calls.crm} + ${r.legacy.calls.ecommerce}`,
      `${mib(r.legacy.bytes.crm)} + ${mib(r.legacy.bytes.ecommerce)}`,
      r.lookupByPhone.microsecondsEach.toFixed(2),
      r.lookupByEmail.microsecondsEach.toFixed(2),
      r.loadAverage.toFixed(1),
    ].join(' | '),
  );
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const markdown = [
    `## The identity directory at scale, ${new Date().toISOString()}`,
    '',
    `Node ${process.version}; the large world (seed ${SEED}) copied; one fresh process per replica and size; memory after a full GC. ` +
      'The first replica finds the directory store (PostgreSQL) empty: it reads both systems whole and stores what it read; the next starts from the store.',
    '',
    '| Members | Replica starts from | Records | Customers linked | Heap held (MiB) | RSS after (MiB) | Peak RSS (MiB) | Start (s) | Of which linking (s) | First round after the start (s) | Sync of one change (s) | Legacy calls (CRM + web) | Legacy MiB read (CRM + web) | Phone lookup (µs) | Email lookup (µs) | Load average |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `directory-scale-${stamp}.json`), JSON.stringify(results, null, 2));
  writeFileSync(join(dir, `directory-scale-${stamp}.md`), markdown);
  copyFileSync(join(dir, `directory-scale-${stamp}.json`), join(dir, 'directory-scale-latest.json'));
  copyFileSync(join(dir, `directory-scale-${stamp}.md`), join(dir, 'directory-scale-latest.md'));
  process.stdout.write(markdown);
}

const [role, value] = process.argv.slice(2);
if (role === 'answer') answer(Number(value));
else if (role === 'measure') void measure(Number(value), process.argv[4] as Replica, process.argv[5]);
else void main();
