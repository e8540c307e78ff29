/**
 * The marketplace's JSON as its seller API (Shopee Open Platform v2 style) answers it: unix-second
 * times, whole-dong numbers, `order_sn`, and refusals as `{error, message}` beside or instead of
 * `response`. Internal to the connector.
 */

/** Its order statuses, as it names them. */
export type MarketplaceOrderStatus =
  'UNPAID' | 'READY_TO_SHIP' | 'PROCESSED' | 'SHIPPED' | 'COMPLETED' | 'IN_CANCEL' | 'CANCELLED' | 'TO_RETURN';

/** Every answer: `error` is '' on success; shop calls carry their result in `response`. */
export interface Envelope<T> {
  error: string;
  message: string;
  request_id?: string;
  response?: T;
  warning?: string[];
}

/** The auth calls answer flat, not inside `response`. */
export interface TokenAnswer {
  error: string;
  message: string;
  access_token?: string;
  refresh_token?: string;
  /** Seconds the access token lives. */
  expire_in?: number;
}

export interface OrderListAnswer {
  more: boolean;
  next_cursor: string;
  order_list: { order_sn: string; order_status?: MarketplaceOrderStatus }[];
}

export interface WireOrderItem {
  item_id: number;
  item_name: string;
  item_sku: string;
  model_id: number;
  model_name: string;
  model_sku: string;
  model_quantity_purchased: number;
  model_original_price: number;
  model_discounted_price: number;
}

export interface WireRecipient {
  name: string;
  phone: string;
  town: string;
  district: string;
  city: string;
  state: string;
  region: string;
  zipcode: string;
  full_address: string;
}

/** An order with every optional field the connector asks for. */
export interface WireOrderDetail {
  order_sn: string;
  region: string;
  currency: string;
  cod: boolean;
  order_status: MarketplaceOrderStatus;
  create_time: number;
  update_time: number;
  days_to_ship: number;
  ship_by_date: number;
  message_to_seller: string;
  buyer_user_id: number;
  buyer_username: string;
  recipient_address: WireRecipient;
  item_list: WireOrderItem[];
  /** 0 while unpaid. */
  pay_time: number;
  total_amount: number;
  payment_method: string;
  estimated_shipping_fee: number;
  shipping_carrier: string;
  /** '' when not cancelled. */
  cancel_by: string;
  cancel_reason: string;
}

export interface OrderDetailAnswer {
  order_list: WireOrderDetail[];
}

/** The optional fields of an order detail the connector reads. */
export const ORDER_DETAIL_FIELDS = [
  'buyer_user_id',
  'buyer_username',
  'recipient_address',
  'item_list',
  'pay_time',
  'total_amount',
  'payment_method',
  'estimated_shipping_fee',
  'shipping_carrier',
  'cancel_by',
  'cancel_reason',
] as const;

export interface ItemListAnswer {
  item: { item_id: number; item_status: string; update_time: number }[];
  total_count: number;
  has_next_page: boolean;
  next_offset: number;
}

export interface WireModel {
  model_id: number;
  model_sku: string;
  model_name: string;
  stock_info_v2: {
    summary_info: { total_reserved_stock: number; total_available_stock: number };
  };
}

export interface ModelListAnswer {
  model: WireModel[];
}

export interface UpdateStockAnswer {
  success_list: { model_id: number; stock: number }[];
  failure_list: { model_id: number; failed_reason: string }[];
}

export interface MemberListAnswer {
  more: boolean;
  next_cursor: string;
  member_list: { buyer_user_id: number; member_id: string; link_time: number }[];
}

/** A push notification's body; code 3 is an order status push (`ordersn`, no underscore). */
export interface WirePush {
  code: number;
  shop_id: number;
  timestamp: number;
  data: { ordersn?: string; status?: string; completed_scenario?: string; update_time?: number };
}

/** A bundle deal: `rule_type` 1 a fixed price, 2 a percentage, 3 an amount off each group of `min_amount` units. */
export interface WireBundleDeal {
  bundle_deal_id: number;
  name: string;
  start_time: number;
  end_time: number;
  bundle_deal_rule: {
    rule_type: number;
    discount_percentage: number;
    discount_value: number;
    fix_price: number;
    min_amount: number;
  };
  purchase_limit: number;
}

/** get_bundle_deal_list's `time_status`. */
export const BUNDLE_DEAL_TIME_STATUS = { UPCOMING: 2, ONGOING: 3 } as const;

export interface BundleDealListAnswer {
  bundle_deal_list: WireBundleDeal[];
  more: boolean;
}

export interface BundleDealItemAnswer {
  /** `status` 1 enabled, 0 disabled. */
  item_list: { item_id: number; status: number }[];
}

export interface AddBundleDealAnswer {
  bundle_deal_id: number;
}

/** add_bundle_deal_item and delete_bundle_deal_item: the items taken, and those refused one by one. */
export interface BundleDealItemsAnswer {
  success_list: number[];
  failed_list: { item_id: number; fail_error: string; fail_message: string }[];
}
