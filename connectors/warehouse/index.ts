/** The warehouse connector: everything the graph uses of the ERP (SAP S/4HANA OData V2), in retail terms. See README.md. */
export * from './client';
export * from './records';
export { endOfDayPostingOf, plantOf } from './mapping';
export { anyOfFilters, odataText, skiptokenOf, type CollectionQuery } from './odata';
export { decimal, pieces } from './wire';
export * from './plants';
export * from './posted-through';
export * from './stock';
export * from './stock-gate';
