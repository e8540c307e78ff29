import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { clockFromEnv } from '../../lib/clock';
import { knobsFromEnv } from '../kit/knobs';
import type { StandInOptions } from '../kit/options';
import { createLegacyServer, type FaultKind } from '../kit/server';
import { badRequest, conflict, notFound, PosError } from './errors';
import { readPostedTransaction } from './intake';
import { PosLedger, type StoreRecord } from './ledger';
import { businessDay, businessDayParam, limitParam, type Query, queryValues, wholeNumber, wholeNumberParam } from './params';
import { amount, grandTotal, posLog, stockCountXml, storeXml, transactionsXml, transactionXml } from './poslog';
import { phoneKey, type TransactionRow } from './store';
import { storeBusinessDay } from './time';
import { errorDocument, sendXml } from './xml';

export const SYSTEM = 'pos';
export const ENV_PREFIX = 'POS';
/** Development default; set POS_API_KEY to change it. */
export const DEFAULT_API_KEY = 'pos-dev-key';

const BASE = '/poslog/v1';

/** What nginx in front of a stopped head-office server answers: HTML, not the server's XML. */
const PROXY_UNAVAILABLE_PAGE = `<html>
<head><title>503 Service Temporarily Unavailable</title></head>
<body>
<center><h1>503 Service Temporarily Unavailable</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

const ERROR_CODE_BY_STATUS: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
};

function sendFault(reply: FastifyReply, kind: FaultKind, retryAfterSeconds: number): FastifyReply {
  switch (kind) {
    case 'error':
      return sendXml(reply, 500, errorDocument('InternalError', 'The head office server could not process the request'));
    case 'down':
      return reply.code(503).header('Server', 'nginx').type('text/html').send(PROXY_UNAVAILABLE_PAGE);
    case 'rate-limited':
      reply.header('Retry-After', String(retryAfterSeconds));
      return sendXml(reply, 429, errorDocument('TooManyRequests', `Request quota exceeded; retry after ${retryAfterSeconds} seconds`));
  }
}

interface StoreParams {
  storeId: string;
}

interface DayParams extends StoreParams {
  day: string;
}

interface TransactionKeyParams extends StoreParams {
  workstationId: string;
  sequence: string;
  businessDay: string;
}

/** The ARTS POSLog head office (Xstore Xcenter / SAP POS style): master data, feeds, batches and the counter's writes. */
export function buildApp(options: StandInOptions): FastifyInstance {
  const env = options.env ?? process.env;
  const apiKey = env.POS_API_KEY || DEFAULT_API_KEY;
  const clock = options.clock ?? clockFromEnv(env);
  const app = createLegacyServer({
    system: SYSTEM,
    knobs: { ...knobsFromEnv(ENV_PREFIX, env), ...options.knobs },
    sendFault,
    logger: options.logger,
    env,
  });
  const ledger = new PosLedger(options.db);

  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof PosError) return sendXml(reply, error.status, errorDocument(error.code, error.message));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return sendXml(reply, status, errorDocument(ERROR_CODE_BY_STATUS[status] ?? 'BadRequest', error.message));
    request.log.error(error);
    return sendXml(reply, 500, errorDocument('InternalError', 'The head office server could not process the request'));
  });
  app.setNotFoundHandler((request, reply) =>
    sendXml(reply, 404, errorDocument('NotFound', `No resource at ${request.method} ${request.url.split('?')[0]}`)),
  );

  // After the kit's own preHandler, so faults and call counts apply to unauthenticated calls too.
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.admin) return;
    const given = request.headers['x-api-key'];
    if (given === undefined) throw new PosError(401, 'Unauthorized', 'The X-Api-Key header is required');
    if (given !== apiKey) throw new PosError(401, 'Unauthorized', 'The X-Api-Key is not valid');
  });

  const storeOf = (retailStoreId: string): StoreRecord => {
    const store = ledger.store(retailStoreId);
    if (!store) throw notFound('StoreNotFound', `Store ${retailStoreId} does not exist`);
    return store;
  };

  /** The control header of an end-of-day batch; also the answer to closing the day. */
  const batchControl = (store: StoreRecord, day: string, rows: TransactionRow[]) => ({
    RetailStoreID: store.retailStoreId,
    BusinessDayDate: day,
    Status: 'Closed',
    TransactionCount: rows.length,
    GrandTotal: amount(grandTotal(rows)),
  });

  app.get(`${BASE}/stores`, { config: { operation: 'listStores' } }, async (_request, reply) =>
    sendXml(reply, 200, { Stores: { Store: ledger.stores().map(storeXml) } }),
  );

  app.get<{ Params: StoreParams }>(`${BASE}/stores/:storeId`, { config: { operation: 'getStore' } }, async (request, reply) =>
    sendXml(reply, 200, { Store: storeXml(storeOf(request.params.storeId)) }),
  );

  app.get<{ Params: StoreParams; Querystring: Query }>(
    `${BASE}/stores/:storeId/stock-counts`,
    { config: { operation: 'getStockCounts' } },
    async (request, reply) => {
      const store = storeOf(request.params.storeId);
      const counts = ledger.stockCounts(store.retailStoreId, queryValues(request.query, 'sku'));
      return sendXml(reply, 200, { StockCounts: { RetailStoreID: store.retailStoreId, StockCount: counts.map(stockCountXml) } });
    },
  );

  app.get<{ Params: StoreParams; Querystring: Query }>(
    `${BASE}/stores/:storeId/transactions`,
    { config: { operation: 'readTransactionFeed' } },
    async (request, reply) => {
      const store = storeOf(request.params.storeId);
      const since = wholeNumberParam(request.query, 'sinceSequence', 0);
      const limit = limitParam(request.query);
      const rows = ledger.feed(store.retailStoreId, since, limit + 1);
      const page = rows.slice(0, limit);
      const feedControl = {
        RetailStoreID: store.retailStoreId,
        SinceSequenceNumber: since,
        Limit: limit,
        TransactionCount: page.length,
        LastSequenceNumber: page.at(-1)?.sequenceNumber ?? since,
        MoreAvailable: rows.length > limit,
      };
      return sendXml(reply, 200, posLog({ FeedControl: feedControl, Transaction: transactionsXml(page) }));
    },
  );

  app.get<{ Params: DayParams }>(
    `${BASE}/stores/:storeId/business-days/:day/batch`,
    { config: { operation: 'getEndOfDayBatch' } },
    async (request, reply) => {
      const store = storeOf(request.params.storeId);
      const day = businessDay(request.params.day, 'business day');
      if (!ledger.isClosed(store.retailStoreId, day)) {
        throw conflict(
          'BusinessDayOpen',
          `Business day ${day} of store ${store.retailStoreId} is not closed; its batch is sent after the close`,
        );
      }
      const rows = ledger.businessDay(store.retailStoreId, day);
      return sendXml(reply, 200, posLog({ BatchControl: batchControl(store, day, rows), Transaction: transactionsXml(rows) }));
    },
  );

  app.post<{ Params: DayParams }>(
    `${BASE}/stores/:storeId/business-days/:day/close`,
    { config: { operation: 'closeBusinessDay' } },
    async (request, reply) => {
      const store = storeOf(request.params.storeId);
      const day = businessDay(request.params.day, 'business day');
      const today = storeBusinessDay(clock());
      if (day > today) throw conflict('BusinessDayNotStarted', `Business day ${day} has not begun; today is ${today} in the stores`);
      ledger.close(store.retailStoreId, day);
      return sendXml(reply, 200, { BatchControl: batchControl(store, day, ledger.businessDay(store.retailStoreId, day)) });
    },
  );

  app.get<{ Params: TransactionKeyParams }>(
    `${BASE}/transactions/:storeId/:workstationId/:sequence/:businessDay`,
    { config: { operation: 'getTransaction' } },
    async (request, reply) => {
      const { storeId, workstationId, sequence, businessDay: day } = request.params;
      const row = ledger.transaction(
        storeId,
        wholeNumber(workstationId, 'WorkstationID'),
        wholeNumber(sequence, 'SequenceNumber'),
        businessDay(day, 'BusinessDayDate'),
      );
      if (!row) throw notFound('TransactionNotFound', `Transaction ${storeId}-${workstationId}-${sequence}-${day} does not exist`);
      return sendXml(reply, 200, posLog({ Transaction: transactionXml(row) }));
    },
  );

  app.get<{ Querystring: Query }>(
    `${BASE}/transactions`,
    { config: { operation: 'lookupCustomerTransactions' } },
    async (request, reply) => {
      const loyaltyCards = queryValues(request.query, 'loyaltyCard');
      const phoneKeys = queryValues(request.query, 'phone').map(phoneLookupKey);
      if (loyaltyCards.length + phoneKeys.length === 0) {
        throw badRequest('InvalidParameter', 'Give at least one loyaltyCard or phone');
      }
      const limit = limitParam(request.query);
      const offset = wholeNumberParam(request.query, 'offset', 0);
      const rows = ledger.byCustomer({
        loyaltyCards,
        phoneKeys,
        from: businessDayParam(request.query, 'from') ?? '0000-01-01',
        to: businessDayParam(request.query, 'to') ?? '9999-12-31',
        limit: limit + 1,
        offset,
      });
      const page = rows.slice(0, limit);
      const lookupControl = { Offset: offset, Limit: limit, TransactionCount: page.length, MoreAvailable: rows.length > limit };
      return sendXml(reply, 200, posLog({ LookupControl: lookupControl, Transaction: transactionsXml(page) }));
    },
  );

  app.post(`${BASE}/transactions`, { config: { operation: 'postTransaction' } }, async (request, reply) => {
    if (typeof request.body !== 'string') {
      throw new PosError(415, 'UnsupportedMediaType', 'Post a POSLog document as application/xml');
    }
    const row = readPostedTransaction(request.body, ledger, clock());
    const key = ledger.insert(row);
    reply.header('Location', `${BASE}/transactions/${row.retailStoreId}/${row.workstationId}/${row.sequenceNumber}/${row.businessDay}`);
    return sendXml(reply, 201, {
      TransactionAccepted: {
        RetailStoreID: row.retailStoreId,
        WorkstationID: row.workstationId,
        SequenceNumber: row.sequenceNumber,
        BusinessDayDate: row.businessDay,
        TransactionKey: key,
        Total: { '@_TotalType': 'TransactionGrandAmount', ...amount(row.total) },
      },
    });
  });

  return app;
}

/** The lookup compares digits only, so "+84 901 234 567" finds "0901234567"; fewer than nine digits identify no one. */
function phoneLookupKey(phone: string): string {
  const key = phoneKey(phone);
  if (key === null) throw badRequest('InvalidParameter', `phone "${phone}" has fewer than 9 digits`);
  return key;
}
