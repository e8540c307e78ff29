/** The marketplace connector: everything the graph uses of the marketplace's seller API, in retail terms (README.md). */
export * from './client';
export type { FirstAuthorization } from './auth';
export { isoOfUnix, MarketplaceAnswerError, orderStatusOf } from './mapping';
export { orderStatusPushOf, PushSignatureError, type ReceivedPush } from './push';
export * from './records';
export { MarketplaceAuthorizationError, MarketplaceRequestError, type Refusal } from './refusals';
export { isSignedPush, requestSign, type PartnerCredentials } from './signing';
