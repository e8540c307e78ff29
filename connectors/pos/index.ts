/** The pos connector: everything the graph uses of this legacy system, in retail terms. */
export * from './records';
export { addDays, isBusinessDay, storeBusinessDay, storeLocalTime, storeTimeToIso } from './time';
export { formatAmount, parseAmount } from './amounts';
export { parseTransactionKey, receiptsOfPosLog, storesOfXml, transactionKey } from './mapping';
export { posLogOf } from './posting';
export * from './client';
export * from './sales-feed';
export * from './feed-relay';
export * from './stores';
