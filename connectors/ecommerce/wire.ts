/** Magento's JSON, as far as the graph reads it: the REST API's answers, under Magento's own field names. */

export interface MagentoCustomer {
  id: number;
  email: string;
  firstname: string;
  lastname: string;
  created_at: string;
  updated_at: string;
  addresses: { telephone?: string; street?: string[]; city?: string; country_id?: string }[];
}

export interface CustomAttribute {
  attribute_code: string;
  value: string | string[];
}

export interface MagentoProduct {
  sku: string;
  name: string;
  price: number;
  custom_attributes?: CustomAttribute[];
  extension_attributes?: { category_links?: { category_id: string }[] };
}

/** A product with the time of its last save (zoneless UTC, to the second), which every product answer carries. */
export interface MagentoSavedProduct extends MagentoProduct {
  updated_at: string;
}

export interface MagentoCategory {
  id: number;
  name: string;
}

export interface MagentoCart {
  id: number;
  updated_at: string;
  items: { sku: string; qty: number; price: number }[];
  customer?: { id?: number };
  currency?: { quote_currency_code?: string };
}

/** A cart with what the writes need: line ids, whether it is still open, whose it is. */
export interface MagentoCartDetail extends MagentoCart {
  is_active: boolean;
  items: { item_id: number; sku: string; qty: number; price: number }[];
  /** A guest cart's customer has only the email (null until a shipping address gives one). */
  customer?: { id?: number; email?: string | null; group_id?: number };
}

export interface MagentoOrderItem {
  sku: string;
  name: string;
  qty_ordered: number;
  price: number;
  row_total: number;
  /** Positive on lines. */
  discount_amount: number;
}

export interface MagentoStatusHistory {
  entity_id: number;
  comment?: string;
  status?: string;
  created_at: string;
}

/** An order line with Magento's own id and how much of it has been shipped, refunded or canceled. */
export interface MagentoOrderDetailItem extends MagentoOrderItem {
  item_id: number;
  qty_shipped: number;
  qty_refunded: number;
  qty_canceled: number;
}

export interface MagentoOrder {
  increment_id: string;
  /** Absent on guest orders. */
  customer_id?: number;
  customer_email: string;
  customer_is_guest: number;
  created_at: string;
  /** Moves with every change: status, comments, shipments, refunds. */
  updated_at: string;
  state: string;
  status: string;
  order_currency_code: string;
  subtotal: number;
  /** Negative on orders. */
  discount_amount: number;
  shipping_amount: number;
  grand_total: number;
  /** Absent until the first credit memo. */
  total_refunded?: number;
  items: MagentoOrderItem[];
  /** Newest first. */
  status_histories?: MagentoStatusHistory[];
  extension_attributes?: {
    shipping_assignments?: {
      shipping?: { method?: string; address?: { firstname: string; lastname: string; street: string[]; city: string; telephone?: string } };
    }[];
    pickup_location_code?: string;
    /** The source the order ships from, when the shop reports it. */
    source_code?: string;
    /** Loyalty points it was partly paid with, their value, and the value given back by credit memos. */
    reward_points_balance?: number;
    reward_currency_amount?: number;
    reward_currency_refunded?: number;
  };
}

/** An order as the writes work on it: its entity id (what ship, refund and cancel take), its cart, its line ids. */
export interface MagentoOrderDetail extends MagentoOrder {
  entity_id: number;
  /** The cart it was placed from; absent on orders that came in before carts were kept. */
  quote_id?: number;
  items: MagentoOrderDetailItem[];
}

/** Order states before it ships, is collected or is cancelled. */
export const OPEN_ORDER_STATES = ['new', 'processing'];

/** A web account as the customer repository reads and saves it whole. */
export interface MagentoAccount {
  id: number;
  email: string;
  firstname: string;
  lastname: string;
  website_id: number;
  addresses: (Record<string, unknown> & { default_shipping?: boolean; default_billing?: boolean })[];
  extension_attributes?: { is_subscribed?: boolean };
}
