/**
 * The retail vocabulary the connectors translate legacy codes into, shared by every system that
 * sells: the graph's enums of the same names are these exact strings (the type check holds them together).
 */

/** Where an order stands, the same for the app, the call center and the store. */
export type OrderStatus = 'PENDING' | 'PROCESSING' | 'READY_FOR_PICKUP' | 'COMPLETED' | 'CANCELLED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';

/** How an order reaches the customer. */
export type FulfilmentMethod = 'IN_STORE_PURCHASE' | 'PICKUP_IN_STORE' | 'SHIP_FROM_STORE' | 'SHIP_TO_HOME';
