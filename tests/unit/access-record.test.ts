import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { ROLE_SCOPES, Role } from '../../lib/access';
import {
  accessLogPage,
  accessRecordFile,
  AccessRecordStore,
  CustomerReads,
  DataAccess,
  openAccessRecord,
  recordReadsPlugin,
} from '../../lib/access-record';
import { SqliteAccessRecord } from '../../lib/access-record/sqlite';
import { Caller, encodeCaller, RequestContext, serviceCaller } from '../../lib/context';
import { createLogger } from '../../lib/logger';
import { gatewaySecret, signedHeaders } from '../../lib/signature';
import { buildSubgraphServer } from '../../lib/subgraph';

/** The real server CI starts (.ci/run), as commerce's state tests use it; these fail, never skip, when it is not there. */
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const POSTGRES_SCHEMA = `access_record_test_${process.pid}_${Date.now()}`;

async function postgresAdmin(run: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

interface Backend {
  name: string;
  env: () => NodeJS.ProcessEnv;
  /** Whether a store opened again with the same settings still holds what was written. */
  durable: boolean;
  setUp: () => Promise<void>;
  tearDown: () => Promise<void>;
}

let sqliteDir = '';
const backends: Backend[] = [
  {
    name: 'SQLite in memory',
    env: () => ({ ACCESS_RECORD_FILE: ':memory:' }),
    durable: false,
    setUp: async () => {},
    tearDown: async () => {},
  },
  {
    name: 'SQLite file',
    // A directory that does not exist yet: opening creates it.
    env: () => ({ ACCESS_RECORD_FILE: path.join(sqliteDir, 'nested', 'access-record.sqlite') }),
    durable: true,
    setUp: async () => {
      sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-record-'));
    },
    tearDown: async () => fs.rmSync(sqliteDir, { recursive: true, force: true }),
  },
  {
    name: 'PostgreSQL',
    env: () => ({ ACCESS_RECORD_URL: POSTGRES_URL, ACCESS_RECORD_SCHEMA: POSTGRES_SCHEMA, ACCESS_RECORD_POOL_SIZE: '4' }),
    durable: true,
    setUp: () => postgresAdmin(async () => {}),
    tearDown: () => postgresAdmin((client) => client.query(`DROP SCHEMA IF EXISTS "${POSTGRES_SCHEMA}" CASCADE`)),
  },
];

/** Customer ids unique within the run: the file and PostgreSQL stores are shared by every test of a backend. */
const customer = () => `Customer:test:${randomUUID()}`;

const look = (customerId: string, at: string, more: Partial<DataAccess> = {}): DataAccess => ({
  customerId,
  at,
  viewer: 'agent-7',
  viewerRoles: ['call-center-agent'],
  channel: 'omnigraph-staff',
  requestId: randomUUID(),
  subgraph: 'crm',
  fields: ['loyalty', 'profile'],
  ...more,
});

describe.each(backends)('the record of who looked on $name', (backend) => {
  let store: AccessRecordStore;
  beforeAll(async () => {
    await backend.setUp();
    store = await openAccessRecord(backend.env());
  });
  afterAll(async () => {
    await store.close();
    await backend.tearDown();
  });

  it('reads back what was written, newest first, each entry as it was written', async () => {
    const a = customer();
    // A viewer's name as a token may carry it: quotes, commas and braces are text, not array syntax.
    const older = look(a, '2026-11-20T03:30:00.000Z', {
      viewer: 'nv-101 "Lan", {S101}',
      viewerRoles: ['store-associate'],
      channel: null,
      subgraph: 'identity',
    });
    const newer = look(a, '2026-11-20T03:31:00.250Z');
    await store.write([older]);
    await store.write([newer, look(customer(), '2026-11-20T03:32:00.000Z')]);

    const { entries, totalCount } = await store.newest([a], 10, null);
    expect(totalCount).toBe(2);
    expect(entries.map(({ sequence: _sequence, ...entry }) => entry)).toEqual([newer, older]);
    expect(entries[0].sequence).toMatch(/^\d+$/);
  });

  it('orders entries of the same instant newest written first, and reads every id a customer answers to', async () => {
    const [anchor, merged] = [customer(), customer()];
    const at = '2026-11-20T04:00:00.000Z';
    await store.write([look(anchor, at, { requestId: 'first' }), look(merged, at, { requestId: 'second' })]);
    await store.write([look(anchor, at, { requestId: 'third' })]);
    const { entries } = await store.newest([anchor, merged], 10, null);
    expect(entries.map((entry) => entry.requestId)).toEqual(['third', 'second', 'first']);
  });

  it('pages newest first by cursor, and a look written between pages does not shift them', async () => {
    const a = customer();
    const times = ['01', '02', '03', '04', '05'].map((minute) => `2026-11-20T05:${minute}:00.000Z`);
    await store.write(times.map((at) => look(a, at)));

    const first = await accessLogPage(store, [a], { first: 2 }, 20, 100);
    expect(first.edges.map((edge) => edge.node.at)).toEqual([times[4], times[3]]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.totalCount).toBe(5);

    await store.write([look(a, '2026-11-20T05:06:00.000Z')]);
    const second = await accessLogPage(store, [a], { first: 2, after: first.pageInfo.endCursor }, 20, 100);
    expect(second.edges.map((edge) => edge.node.at)).toEqual([times[2], times[1]]);
    const last = await accessLogPage(store, [a], { first: 2, after: second.pageInfo.endCursor }, 20, 100);
    expect(last.edges.map((edge) => edge.node.at)).toEqual([times[0]]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.totalCount).toBe(6);
  });

  it('answers an empty record and refuses a cursor it did not issue or a page size out of range', async () => {
    expect(await accessLogPage(store, [customer()], {}, 20, 100)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      totalCount: 0,
    });
    for (const cursor of ['offset:3', 'access:2026-13-45T99:00:00.000Z|7', 'access:2026-11-20T03:30:00.000Z|9999999999999999999']) {
      await expect(accessLogPage(store, [customer()], { after: Buffer.from(cursor).toString('base64url') }, 20, 100)).rejects.toMatchObject(
        {
          extensions: { code: 'BAD_USER_INPUT', field: 'after' },
        },
      );
    }
    await expect(accessLogPage(store, [customer()], { first: 101 }, 20, 100)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  });

  it('keeps every one of many writes made at once, each settling only once it is kept', async () => {
    const a = customer();
    const writes = Array.from({ length: 60 }, (_, i) =>
      store.write([look(a, `2026-11-20T06:30:${String(i).padStart(2, '0')}.000Z`, { fields: ['orderHistory'] })]),
    );
    await Promise.all(writes);
    const { entries, totalCount } = await store.newest([a], 100, null);
    expect(totalCount).toBe(60);
    expect(entries[0]).toMatchObject({ at: '2026-11-20T06:30:59.000Z', fields: ['orderHistory'] });
  });

  it('is one store for every opener of the same location in a process, open until the last one closes', async () => {
    const a = customer();
    const another = await openAccessRecord(backend.env());
    await another.write([look(a, '2026-11-20T06:00:00.000Z')]);
    await another.close();
    await another.close();
    expect((await store.newest([a], 10, null)).totalCount).toBe(1);
    await store.write([look(a, '2026-11-20T06:01:00.000Z')]);
  });

  if (backend.durable) {
    it('keeps what was written when the store is opened again', async () => {
      const a = customer();
      const env = backend.env();
      await store.write([look(a, '2026-11-20T07:00:00.000Z')]);
      // The open store is shared: a separate connection to the same location proves the data is on disk.
      const reopened = env.ACCESS_RECORD_URL ? await postgresReopened(env) : new SqliteAccessRecord(accessRecordFile(env));
      try {
        expect((await reopened.newest([a], 10, null)).entries.map((entry) => entry.at)).toEqual(['2026-11-20T07:00:00.000Z']);
      } finally {
        await reopened.close();
      }
    });
  }
});

async function postgresReopened(env: NodeJS.ProcessEnv): Promise<AccessRecordStore> {
  const { PostgresAccessRecord } = await import('../../lib/access-record/postgres');
  return PostgresAccessRecord.open({
    url: env.ACCESS_RECORD_URL!,
    schema: env.ACCESS_RECORD_SCHEMA!,
    poolSize: 1,
    log: createLogger('test', env),
  });
}

describe('the SQLite file with several writers', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-record-writers-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes writes from several processes at once into one file (every subgraph as its own process), none lost', async () => {
    const file = path.join(dir, 'access-record.sqlite');
    const a = customer();
    // Each process commits 300 entries one at a time, as fast as it can, while the others do the same.
    const writer = (n: number) => `
      import { SqliteAccessRecord } from ${JSON.stringify(path.resolve('lib/access-record/sqlite'))};
      const store = new SqliteAccessRecord(${JSON.stringify(file)});
      void (async () => {
        for (let i = 0; i < 300; i += 1) {
          await store.write([{ customerId: ${JSON.stringify(a)}, at: new Date().toISOString(), viewer: 'writer-${n}', viewerRoles: [],
            channel: null, requestId: String(i), subgraph: 'test', fields: ['profile'] }]);
        }
        await store.close();
      })();`;
    const run = (n: number) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), '-e', writer(n)], { stdio: 'inherit' });
        child.on('exit', resolve);
      });
    expect(await Promise.all([1, 2, 3].map(run))).toEqual([0, 0, 0]);
    const store = new SqliteAccessRecord(file);
    expect((await store.newest([a], 1, null)).totalCount).toBe(900);
    await store.close();
  }, 60_000);

  it('commits the writes that arrive together as one, and still tells each writer', async () => {
    /** Pages the write-ahead log holds: each commit appends the pages it changed. */
    const walFrames = (file: string) => {
      const db = new Database(file);
      try {
        return (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;
      } finally {
        db.close();
      }
    };
    const [together, apart] = ['together.sqlite', 'apart.sqlite'].map((name) => path.join(dir, name));
    const [one, other] = await Promise.all([together, apart].map((file) => openAccessRecord({ ACCESS_RECORD_FILE: file })));
    const [schemaTogether, schemaApart] = [walFrames(together), walFrames(apart)];
    const a = customer();
    const at = (i: number) => `2026-11-20T09:00:0${i}.000Z`;
    await expect(Promise.all(Array.from({ length: 10 }, (_, i) => one.write([look(a, at(i))])))).resolves.toHaveLength(10);
    for (let i = 0; i < 10; i += 1) await other.write([look(a, at(i))]);
    expect((await one.newest([a], 100, null)).totalCount).toBe(10);
    // One commit's pages against ten commits' pages.
    expect((walFrames(together) - schemaTogether) * 5).toBeLessThan(walFrames(apart) - schemaApart);
    await Promise.all([one.close(), other.close()]);
  });
});

describe('where the record is kept', () => {
  it('defaults to a file in the data directory, and production refuses a record kept in memory', () => {
    expect(accessRecordFile({})).toBe(path.resolve('data', 'access-record.sqlite'));
    expect(accessRecordFile({ LEGACY_DATA_DIR: '/srv/omnigraph', ACCESS_RECORD_FILE: 'looks.sqlite' })).toBe('/srv/omnigraph/looks.sqlite');
    expect(accessRecordFile({ ACCESS_RECORD_FILE: ':memory:' })).toBe(':memory:');
    expect(() => accessRecordFile({ NODE_ENV: 'production', ACCESS_RECORD_FILE: ':memory:' })).toThrow(/production/);
    expect(accessRecordFile({ NODE_ENV: 'production' })).toBe(path.resolve('data', 'access-record.sqlite'));
  });

  it('refuses a URL that is not PostgreSQL and a schema that is not a plain name', async () => {
    await expect(openAccessRecord({ ACCESS_RECORD_URL: 'mysql://db/looks' })).rejects.toThrow(/postgres/);
    await expect(openAccessRecord({ ACCESS_RECORD_URL: POSTGRES_URL, ACCESS_RECORD_SCHEMA: 'x; DROP TABLE y' })).rejects.toThrow(
      /plain identifier/,
    );
  });
});

/** Writes nothing of its own: keeps what it is given, or fails as a store that is down. */
class KeptWrites implements AccessRecordStore {
  readonly written: DataAccess[][] = [];
  constructor(private readonly down = false) {}
  async write(entries: readonly DataAccess[]): Promise<void> {
    if (this.down) throw new Error('connection refused');
    this.written.push([...entries]);
  }
  async newest() {
    return { entries: [], totalCount: 0 };
  }
  async close(): Promise<void> {}
}

const as = (role: Role, more: Partial<Caller> = {}): Caller => ({
  id: `${role}-1`,
  roles: [role],
  scopes: [...ROLE_SCOPES[role]],
  customerId: null,
  stores: [],
  clientId: 'omnigraph-staff',
  ...more,
});
const context = (caller: Caller): RequestContext => ({
  requestId: 'request-1',
  caller,
  log: createLogger('test', { LOG_LEVEL: 'silent' }),
});
const NOW = new Date('2026-11-20T03:30:00.000Z');

describe("a request's reads", () => {
  it('are one entry per customer, each field once and sorted, stamped by the subgraph clock with the caller and channel', async () => {
    const store = new KeptWrites();
    const reads = new CustomerReads(context(as('call-center-agent')), 'crm', store, () => NOW);
    for (let i = 0; i < 50; i += 1) reads.read('Customer:A', 'loyalty');
    reads.read('Customer:A', 'profile');
    reads.read('Customer:B', 'supportTickets');
    await reads.write();
    expect(store.written).toEqual([
      [
        {
          customerId: 'Customer:A',
          at: NOW.toISOString(),
          viewer: 'call-center-agent-1',
          viewerRoles: ['call-center-agent'],
          channel: 'omnigraph-staff',
          requestId: 'request-1',
          subgraph: 'crm',
          fields: ['loyalty', 'profile'],
        },
        expect.objectContaining({ customerId: 'Customer:B', fields: ['supportTickets'] }),
      ],
    ]);
  });

  it("are not recorded for the customer's own data or Omnigraph's own service, and a request that read none writes nothing", async () => {
    const store = new KeptWrites();
    const callers = [
      as('customer', { customerId: 'Customer:A', clientId: 'omnigraph-shop' }),
      // A customer who also works at a store reads their own data as themself.
      { ...as('store-associate'), roles: ['store-associate', 'customer'], customerId: 'Customer:A' } as Caller,
      serviceCaller('service:commerce'),
    ];
    for (const caller of callers) {
      const reads = new CustomerReads(context(caller), 'identity', store, () => NOW);
      reads.read('Customer:A', 'displayName');
      await reads.write();
    }
    await new CustomerReads(context(as('back-office')), 'identity', store, () => NOW).write();
    expect(store.written).toEqual([]);
  });
});

describe('the answer waits for the record', () => {
  const SCHEMA = 'type Query { customerName(id: ID!): String }';

  async function askAsAgent(store: AccessRecordStore) {
    const app = await buildSubgraphServer(
      {
        name: 'crm',
        typeDefs: SCHEMA,
        resolvers: {
          Query: {
            customerName: (_parent: unknown, { id }: { id: string }, ctx: { customerReads: CustomerReads }) => {
              ctx.customerReads.read(id, 'displayName');
              return 'Nguyễn Thu Yến';
            },
          },
        },
        createContext: (base) => ({ ...base, customerReads: new CustomerReads(base, 'crm', store, () => NOW) }),
        plugins: [recordReadsPlugin()],
      },
      { env: { LOG_LEVEL: 'silent' } },
    );
    const body = JSON.stringify({ query: '{ customerName(id: "Customer:A") }' });
    const headers = signedHeaders(gatewaySecret({}), { requestId: 'request-1', caller: encodeCaller(as('call-center-agent')), body });
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });
    await app.close();
    return response.json() as { data: unknown; errors?: { message: string; extensions: { code: string } }[] };
  }

  it('is sent once its reads are written', async () => {
    const store = new KeptWrites();
    expect(await askAsAgent(store)).toEqual({ data: { customerName: 'Nguyễn Thu Yến' } });
    expect(store.written).toEqual([
      [expect.objectContaining({ customerId: 'Customer:A', fields: ['displayName'], requestId: 'request-1' })],
    ]);
  });

  it('is withheld, with a coded error and no personal data, when they cannot be written', async () => {
    const answer = await askAsAgent(new KeptWrites(true));
    expect(answer.data).toBeNull();
    expect(answer.errors?.map((error) => error.extensions.code)).toEqual(['ACCESS_RECORD_UNAVAILABLE']);
    expect(JSON.stringify(answer)).not.toMatch(/Nguyễn|connection refused/);
  });
});
