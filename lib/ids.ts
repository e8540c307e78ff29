/**
 * Opaque, stable ids: base64url of "<Type>:<native key>". Clients must not parse them; subgraphs
 * decode them here and nowhere else.
 */

/** The types the first subgraphs mint ids for; a new system's subgraph names its own (any PascalCase name). */
export type IdType =
  | 'Customer'
  | 'Location'
  | 'WebOrder'
  | 'StoreOrder'
  | 'WebAccount'
  | 'Cart'
  | 'LoyaltyTransaction'
  | 'SupportTicket'
  | 'SupportMessage'
  | 'ProfileChange'
  | 'Promotion'
  | (string & NonNullable<unknown>);

const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;

export function encodeId(type: IdType, key: string): string {
  if (!TYPE_NAME.test(type)) throw new Error(`not a type name: ${type}`);
  return Buffer.from(`${type}:${key}`).toString('base64url');
}

/** The native key of an id of the given type, or null for anything else. */
export function decodeId(type: IdType, id: string): string | null {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  return text.startsWith(`${type}:`) && text.length > type.length + 1 ? text.slice(type.length + 1) : null;
}

/** The type an id was minted for, if it has the form of one of ours (whether any subgraph serves that type is its own question). */
export function typeOfId(id: string): IdType | null {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const type = text.slice(0, colon);
  return colon > 0 && colon < text.length - 1 && TYPE_NAME.test(type) ? type : null;
}

/** A store receipt as an order: its estate-wide receipt key. */
export const storeOrderId = (receipt: { key: string }) => encodeId('StoreOrder', receipt.key);

/** A location is an ERP plant: 'S101' for POS store 101, '1100' for a warehouse. */
export const locationId = (plant: string) => encodeId('Location', plant);
export const plantOfLocation = (id: string) => decodeId('Location', id);
export const storePlant = (retailStoreId: string) => `S${retailStoreId}`;
/** The POS store number of a store plant, null for a warehouse. */
export const retailStoreOfPlant = (plant: string) => (/^S\d+$/.test(plant) ? plant.slice(1) : null);
