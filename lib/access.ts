/**
 * Who may do what, in the words every layer shares: the roles a person or app signs in with and
 * the OAuth scopes each role is granted. The identity provider issues these scopes; the schema's
 * `@requiresScopes` rules name them (docs/ACCESS.md); the subgraphs check rows against the
 * caller's customer and stores.
 */

export const ROLES = [
  /** A person signed in to the app or website, linked to one Omnigraph customer. */
  'customer',
  /** Works the counter at one or more stores: sells, hands over pickups, takes returns there. */
  'store-associate',
  /** An associate who also runs the store: cancels uncollected pickups, reads the store's sales figures. */
  'store-manager',
  /** Helps any customer on the phone and orders for them. */
  'call-center-agent',
  /** Data stewards and head office: every customer, merge candidates, every channel's sales figures, and the explorer. */
  'back-office',
  /** Another company's app: the catalogue, stock and stores, never personal data. */
  'partner',
  /** Omnigraph's own jobs and sweeps. */
  'service',
  /** Builds apps against the graph: may send ad-hoc operations in production, and reads only what anyone may. */
  'developer',
] as const;

/** The roles that may send operations of their own in production; everyone else sends registered ones by hash. */
export const EXPLORER_ROLES: readonly Role[] = ['back-office', 'developer'];

export type Role = (typeof ROLES)[number];

export const SCOPES = {
  /** The signed-in customer's own profile, orders, carts and records. */
  self: 'customer:self',
  /** Any customer's profile and personal data. */
  readCustomers: 'customers:read',
  /** Every customer at once, merge candidates, suspected duplicates and the decisions on them. */
  listCustomers: 'customers:list',
  /** Merging two customers into one and splitting one, and undoing either: data stewards'. */
  mergeCustomers: 'customers:merge',
  /** Saying whose a store sale was when the phone captured on it is shared (a household's, a store's own). */
  attributeSales: 'sales:attribute',
  /** Any customer's orders. */
  readOrders: 'orders:read',
  /** Orders placed for a customer by staff (endless aisle). */
  assistOrders: 'orders:assist',
  /** Counter work at the caller's own stores: sales, pickup handovers, returns. */
  storeCounter: 'store:counter',
  /** Running the caller's own stores: cancelling uncollected pickups. */
  manageStore: 'store:manage',
  /** The sales figures (channel KPIs) of the caller's own stores: store managers'. */
  reportStore: 'store:report',
  /** The sales figures of every channel and store: the back office's. */
  reportSales: 'sales:report',
  /** Changing any customer's contact details, delivery address and consents on their behalf. */
  writeCustomers: 'customers:write',
  /** Logging a customer's interactions and working their support cases: continue, hand over, close. */
  writeSupport: 'support:write',
  /** Lists of customers to contact on a channel, which honour each customer's consent. */
  contactCustomers: 'customers:contact',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

/** The scopes each role is granted; a token carries those of its role that the client asked for. */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  customer: [SCOPES.self],
  'store-associate': [
    SCOPES.readCustomers,
    SCOPES.readOrders,
    SCOPES.storeCounter,
    SCOPES.attributeSales,
    SCOPES.writeCustomers,
    SCOPES.writeSupport,
  ],
  'store-manager': [
    SCOPES.readCustomers,
    SCOPES.readOrders,
    SCOPES.storeCounter,
    SCOPES.manageStore,
    SCOPES.reportStore,
    SCOPES.attributeSales,
    SCOPES.writeCustomers,
    SCOPES.writeSupport,
  ],
  'call-center-agent': [
    SCOPES.readCustomers,
    SCOPES.readOrders,
    SCOPES.assistOrders,
    SCOPES.attributeSales,
    SCOPES.writeCustomers,
    SCOPES.writeSupport,
  ],
  'back-office': [
    SCOPES.readCustomers,
    SCOPES.listCustomers,
    SCOPES.mergeCustomers,
    SCOPES.readOrders,
    SCOPES.writeCustomers,
    SCOPES.writeSupport,
    SCOPES.contactCustomers,
    SCOPES.reportSales,
  ],
  partner: [],
  /** The jobs, and the channel bridges that log chat, Zalo and Facebook messages as they arrive. */
  service: [SCOPES.readCustomers, SCOPES.readOrders, SCOPES.manageStore, SCOPES.writeSupport],
  developer: [],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
