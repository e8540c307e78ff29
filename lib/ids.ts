/**
 * Opaque, stable ids: base64url of "<Type>:<native key>". Clients must not parse them; subgraphs
 * decode them here and nowhere else.
 */

const ID_TYPES = [
  'Customer',
  'Location',
  'WebOrder',
  'StoreOrder',
  'WebAccount',
  'Cart',
  'LoyaltyTransaction',
  'SupportTicket',
  'SupportMessage',
  'ProfileChange',
  'Promotion',
] as const;
export type IdType = (typeof ID_TYPES)[number];

export function encodeId(type: IdType, key: string): string {
  return Buffer.from(`${type}:${key}`).toString('base64url');
}

/** The native key of an id of the given type, or null for anything else. */
export function decodeId(type: IdType, id: string): string | null {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  return text.startsWith(`${type}:`) && text.length > type.length + 1 ? text.slice(type.length + 1) : null;
}

/** The type an id was minted for, if it is one of ours. */
export function typeOfId(id: string): IdType | null {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const type = text.slice(0, text.indexOf(':'));
  return (ID_TYPES as readonly string[]).includes(type) ? (type as IdType) : null;
}

/** A store receipt as an order: its estate-wide receipt key. */
export const storeOrderId = (receipt: { key: string }) => encodeId('StoreOrder', receipt.key);

/** A location is an ERP plant: 'S101' for POS store 101, '1100' for a warehouse. */
export const locationId = (plant: string) => encodeId('Location', plant);
export const plantOfLocation = (id: string) => decodeId('Location', id);
export const storePlant = (retailStoreId: string) => `S${retailStoreId}`;
/** The POS store number of a store plant, null for a warehouse. */
export const retailStoreOfPlant = (plant: string) => (/^S\d+$/.test(plant) ? plant.slice(1) : null);
