import { normalizePhone } from '../../lib/identifiers';
import { LegacyHttp, legacyHttpOptionsFromEnv, path } from '../../lib/http';
import { receiptsOf, receiptsOfPosLog, storesOfXml } from './mapping';
import { acceptedOf, isReceiptOf, linesSignature, postedKeyOf, postedLinesOf, posLogOf } from './posting';
import type { CustomerIdentifiers, FeedPage, NewStoreTransaction, PostedTransaction, Receipt, ReceiptKey, Store } from './records';
import { refusalOf } from './refusals';
import { child, documentOf, requiredText, text, wholeNumber } from './wire';

/** The head office cuts larger pages to 500 without saying so except in the control header. */
const MAX_PAGE = 500;
/** Cards and phones per lookup call: keeps the query string well under server limits. */
const IDENTIFIERS_PER_LOOKUP = 200;

/** Refusals a call expects and answers itself: no such receipt (404), a day not closed yet (409). */
const NOT_FOUND = [404];
const NOT_FOUND_OR_OPEN = [404, 409];
/** A posting's refusals: the document's content (400) or its key or day (409), as an XML `<Error>`. */
const POSTING_REFUSALS = [400, 409];

/**
 * The one client for the POS head office (ARTS POSLog XML over REST). Its quirks stop in this connector:
 * store-local times without zone, decimal-text amounts, one-or-many elements, tenders mixed with
 * item lines, refunds signed on the total, phones as typed, feed and lookup paging, and the
 * counter's writes posted as POSLog with the head office's refusals in retail terms.
 */
export class PosClient {
  /** The highest sequence number seen per store: a recent cursor, so `lastSequence` reads only what is new. */
  private readonly highestSequence = new Map<string, number>();

  constructor(private readonly http: LegacyHttp) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): PosClient {
    const options = legacyHttpOptionsFromEnv('pos', env.POS_URL ?? 'http://127.0.0.1:7070', env);
    return new PosClient(
      new LegacyHttp({
        ...options,
        headers: { 'X-Api-Key': env.POS_API_KEY || 'pos-dev-key', Accept: 'application/xml' },
      }),
    );
  }

  /** Every store with its opening hours. */
  async stores(): Promise<Store[]> {
    const { data } = await this.get(path`/poslog/v1/stores`);
    return storesOfXml(data);
  }

  /** One receipt by its four-part key; null when the POS has no such receipt. */
  async receipt(key: ReceiptKey): Promise<Receipt | null> {
    const { status, data } = await this.get(
      path`/poslog/v1/transactions/${key.retailStoreId}/${key.workstationId}/${key.sequenceNumber}/${key.businessDay}`,
      undefined,
      NOT_FOUND,
    );
    return status === 404 ? null : (receiptsOfPosLog(data)[0] ?? null);
  }

  /** A store's receipts after sequence `since`, in sequence order. */
  async feed(retailStoreId: string, since: number, limit = MAX_PAGE): Promise<FeedPage> {
    const params = new URLSearchParams({ sinceSequence: String(since), limit: String(limit) });
    const { data } = await this.get(path`/poslog/v1/stores/${retailStoreId}/transactions`, params);
    const log = documentOf(data, 'POSLog');
    const control = child(log, 'FeedControl') ?? {};
    return {
      receipts: receiptsOf(log),
      lastSequence: wholeNumber(requiredText(control, 'LastSequenceNumber'), 'LastSequenceNumber'),
      moreAvailable: text(control, 'MoreAvailable') === 'true',
    };
  }

  /** A closed day's receipts, final; null while the day is still open (or the store is unknown). */
  async endOfDayBatch(retailStoreId: string, businessDay: string): Promise<Receipt[] | null> {
    const { status, data } = await this.get(
      path`/poslog/v1/stores/${retailStoreId}/business-days/${businessDay}/batch`,
      undefined,
      NOT_FOUND_OR_OPEN,
    );
    return NOT_FOUND_OR_OPEN.includes(status) ? null : receiptsOfPosLog(data);
  }

  /**
   * Every receipt, in any store, that captured one of these cards or phones, optionally from a
   * business day on: all identifiers in as few calls as the URL allows, each paged to the end.
   */
  async customerReceipts(identifiers: CustomerIdentifiers, from?: string): Promise<Receipt[]> {
    const pairs: [string, string][] = [
      ...[...new Set(identifiers.loyaltyCards)]
        .filter((card) => card.trim() !== '')
        .map((card): [string, string] => ['loyaltyCard', card.trim()]),
      // The lookup refuses numbers under nine digits; they identify no one anyway.
      ...[...new Set(identifiers.phones)]
        .filter((phone) => normalizePhone(phone) !== null)
        .map((phone): [string, string] => ['phone', phone]),
    ];
    const found = new Map<string, Receipt>();
    for (let i = 0; i < pairs.length; i += IDENTIFIERS_PER_LOOKUP) {
      for (const receipt of await this.lookupAll(pairs.slice(i, i + IDENTIFIERS_PER_LOOKUP), from)) found.set(receipt.key, receipt);
    }
    return [...found.values()];
  }

  /**
   * Posts a sale, a web-order return or a pickup handover as the store's till would. Never retried:
   * after a failure, `findTransaction` tells whether it went through.
   */
  async postTransaction(tx: NewStoreTransaction): Promise<PostedTransaction> {
    const body = posLogOf(tx);
    const { status, data } = await this.http.write<string>({
      method: 'POST',
      url: path`/poslog/v1/transactions`,
      data: body,
      headers: { 'Content-Type': 'application/xml' },
      responseType: 'text',
      transformResponse: (text: string) => text,
      validateStatus: (code) => (code >= 200 && code < 300) || POSTING_REFUSALS.includes(code),
    });
    if (POSTING_REFUSALS.includes(status)) throw refusalOf(data, tx);
    return acceptedOf(data);
  }

  /** A receipt already posted for `tx` (same kind, store, operator, beginDateTime, customer order and lines), read from the store feed after `sinceSequence`; null if none. */
  async findTransaction(tx: NewStoreTransaction, sinceSequence: number): Promise<PostedTransaction | null> {
    const lines = linesSignature(postedLinesOf(tx));
    for (let cursor = sinceSequence; ;) {
      const page = await this.feed(tx.retailStoreId, cursor, MAX_PAGE);
      const found = page.receipts.find((receipt) => isReceiptOf(receipt, tx, lines));
      if (found) return postedKeyOf(found);
      if (!page.moreAvailable) return null;
      cursor = page.lastSequence;
    }
  }

  /** The highest sequence number in the store's feed now (followed from the last one this client saw, or 0). */
  async lastSequence(retailStoreId: string): Promise<number> {
    let cursor = this.highestSequence.get(retailStoreId) ?? 0;
    for (let more = true; more;) {
      const page = await this.feed(retailStoreId, cursor, MAX_PAGE);
      cursor = page.lastSequence;
      more = page.moreAvailable;
    }
    this.highestSequence.set(retailStoreId, cursor);
    return cursor;
  }

  /** Offset paging, newest first, with MoreAvailable and no total: read pages until it says no more. */
  private async lookupAll(pairs: [string, string][], from?: string): Promise<Receipt[]> {
    const receipts: Receipt[] = [];
    for (let offset = 0; ;) {
      const params = new URLSearchParams(pairs);
      if (from) params.set('from', from);
      params.set('limit', String(MAX_PAGE));
      params.set('offset', String(offset));
      const { data } = await this.get(path`/poslog/v1/transactions`, params);
      const log = documentOf(data, 'POSLog');
      const page = receiptsOf(log);
      receipts.push(...page);
      if (page.length === 0 || text(child(log, 'LookupControl') ?? {}, 'MoreAvailable') !== 'true') return receipts;
      offset += page.length;
    }
  }

  private get(url: string, params?: URLSearchParams, refusals: readonly number[] = []) {
    return this.http.read<string>({
      method: 'GET',
      url,
      params,
      responseType: 'text',
      // Keep the text: the body is XML, and a 503 from the proxy in front is HTML.
      transformResponse: (body: string) => body,
      validateStatus: (status) => (status >= 200 && status < 300) || refusals.includes(status),
    });
  }
}
