/** The ecommerce connector: everything the graph uses of this legacy system, in retail terms (README.md). */
export * from './catalog-search';
export * from './client';
export {
  BASE_CURRENCY,
  catalogProductOf,
  fulfilmentOf,
  isoToMagentoTime,
  magentoTimeToIso,
  orderStatusOf,
  plantOfSource,
  statusHistoryOf,
  storeSourceCode,
  storeSourceOfPlant,
  webCartDetailOf,
  webCartOf,
  webOrderOf,
} from './mapping';
export * from './promotions';
export * from './records';
export { refusalOf, type Refusal } from './refusals';
export * from './sales-history';
export * from './search-criteria';
export * from './wire';
