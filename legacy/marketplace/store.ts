import type { Db } from '../kit/db';
import type { MarketplaceOrderStatus, World } from '../seed/model';

/** The marketplace's own tables: times in unix seconds, money in whole VND, as its API speaks. */
export function createSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS shop (
      shop_id INTEGER PRIMARY KEY,
      region TEXT NOT NULL,
      currency TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS item (
      item_id INTEGER PRIMARY KEY,
      item_sku TEXT NOT NULL,
      item_name TEXT NOT NULL,
      item_status TEXT NOT NULL,
      update_time INTEGER NOT NULL
    );

    CREATE TABLE IF NOT EXISTS model (
      model_id INTEGER PRIMARY KEY,
      item_id INTEGER NOT NULL REFERENCES item (item_id),
      model_sku TEXT NOT NULL,
      model_name TEXT NOT NULL,
      -- The listing's own order of its variations (tier_index), as the seller arranged them.
      position INTEGER NOT NULL,
      price INTEGER NOT NULL,
      seller_stock INTEGER NOT NULL CHECK (seller_stock >= 0)
    );
    CREATE INDEX IF NOT EXISTS model_by_item ON model (item_id);
    CREATE INDEX IF NOT EXISTS model_by_sku ON model (model_sku);

    CREATE TABLE IF NOT EXISTS buyer_order (
      order_sn TEXT PRIMARY KEY,
      buyer_user_id INTEGER NOT NULL,
      buyer_username TEXT NOT NULL,
      recipient_name TEXT NOT NULL,
      recipient_phone TEXT NOT NULL,
      recipient_street TEXT NOT NULL,
      recipient_district TEXT NOT NULL,
      recipient_city TEXT NOT NULL,
      order_status TEXT NOT NULL,
      status_before_cancel TEXT,
      create_time INTEGER NOT NULL,
      update_time INTEGER NOT NULL,
      pay_time INTEGER,
      payment_method TEXT NOT NULL,
      shipping_fee INTEGER NOT NULL,
      total_amount INTEGER NOT NULL,
      cancel_by TEXT,
      cancel_reason TEXT,
      tracking_number TEXT
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS order_by_create_time ON buyer_order (create_time);
    CREATE INDEX IF NOT EXISTS order_by_update_time ON buyer_order (update_time);

    CREATE TABLE IF NOT EXISTS order_item (
      order_sn TEXT NOT NULL REFERENCES buyer_order (order_sn),
      line INTEGER NOT NULL,
      item_id INTEGER NOT NULL,
      model_id INTEGER NOT NULL,
      quantity INTEGER NOT NULL,
      original_price INTEGER NOT NULL,
      discounted_price INTEGER NOT NULL,
      -- The bundle deal that priced these units (a line splits into the deal's units and the rest); null for none.
      bundle_deal_id INTEGER,
      PRIMARY KEY (order_sn, line)
    ) WITHOUT ROWID;

    -- Bundle deals: buy min_amount units of the deal's items together for a fixed price (rule_type 1), a percentage
    -- (2) or an amount (3) off each group; purchase_limit groups per buyer, 0 for no limit.
    CREATE TABLE IF NOT EXISTS bundle_deal (
      bundle_deal_id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      rule_type INTEGER NOT NULL,
      fix_price INTEGER NOT NULL,
      discount_percentage INTEGER NOT NULL,
      discount_value INTEGER NOT NULL,
      min_amount INTEGER NOT NULL,
      start_time INTEGER NOT NULL,
      end_time INTEGER NOT NULL,
      purchase_limit INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS bundle_deal_item (
      bundle_deal_id INTEGER NOT NULL REFERENCES bundle_deal (bundle_deal_id),
      item_id INTEGER NOT NULL,
      -- 1 enabled, 0 disabled.
      status INTEGER NOT NULL,
      PRIMARY KEY (bundle_deal_id, item_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS bundle_deal_item_by_item ON bundle_deal_item (item_id);

    -- Brand membership: buyers who linked their account to the seller's loyalty programme.
    CREATE TABLE IF NOT EXISTS brand_member (
      buyer_user_id INTEGER PRIMARY KEY,
      member_id TEXT NOT NULL,
      link_time INTEGER NOT NULL
    );

    CREATE TABLE IF NOT EXISTS auth_code (
      code TEXT PRIMARY KEY,
      shop_id INTEGER NOT NULL,
      expire_time INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS access_token (
      access_token TEXT PRIMARY KEY,
      shop_id INTEGER NOT NULL,
      expire_time INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS refresh_token (
      refresh_token TEXT PRIMARY KEY,
      shop_id INTEGER NOT NULL,
      expire_time INTEGER NOT NULL
    ) WITHOUT ROWID;
  `);
}

export const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** Loads the marketplace's slice of a seeded world in one transaction. */
export function loadWorld(db: Db, world: World): void {
  const shop = world.marketplace;
  const insertItem = db.prepare('INSERT INTO item (item_id, item_sku, item_name, item_status, update_time) VALUES (?, ?, ?, ?, ?)');
  const insertModel = db.prepare(
    'INSERT INTO model (model_id, item_id, model_sku, model_name, position, price, seller_stock) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertOrder = db.prepare(
    `INSERT INTO buyer_order (order_sn, buyer_user_id, buyer_username, recipient_name, recipient_phone, recipient_street,
       recipient_district, recipient_city, order_status, status_before_cancel, create_time, update_time, pay_time, payment_method,
       shipping_fee, total_amount, cancel_by, cancel_reason, tracking_number)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLine = db.prepare(
    'INSERT INTO order_item (order_sn, line, item_id, model_id, quantity, original_price, discounted_price) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertMember = db.prepare('INSERT INTO brand_member (buyer_user_id, member_id, link_time) VALUES (?, ?, ?)');
  const shipped = new Set<MarketplaceOrderStatus>(['SHIPPED', 'COMPLETED', 'TO_RETURN']);
  db.transaction(() => {
    db.prepare("INSERT INTO shop (shop_id, region, currency) VALUES (?, 'VN', 'VND')").run(shop.shopId);
    const listedAt = seconds(new Date(world.now.getTime() - 86_400_000));
    for (const item of shop.items) {
      insertItem.run(item.itemId, item.itemSku, item.name, 'NORMAL', listedAt);
      item.models.forEach((model, position) =>
        insertModel.run(model.modelId, item.itemId, model.sku, model.name, position, model.price, model.sellerStock),
      );
    }
    for (const order of shop.orders) {
      const total = order.items.reduce((sum, line) => sum + line.discountedPrice * line.quantity, 0) + order.shippingFee;
      const r = order.recipient;
      insertOrder.run(
        order.orderSn,
        order.buyerUserId,
        order.buyerUsername,
        r.name,
        r.phone,
        r.street,
        r.district,
        r.city,
        order.status,
        order.statusBeforeCancel,
        seconds(order.createdAt),
        seconds(order.updatedAt),
        order.payTime ? seconds(order.payTime) : null,
        order.paymentMethod,
        order.shippingFee,
        total,
        order.cancelBy,
        order.cancelReason,
        shipped.has(order.status) ? trackingNumber(order.orderSn) : null,
      );
      order.items.forEach((line, i) =>
        insertLine.run(order.orderSn, i + 1, line.itemId, line.modelId, line.quantity, line.originalPrice, line.discountedPrice),
      );
    }
    for (const member of shop.members) insertMember.run(member.buyerUserId, member.loyaltyCardCode, seconds(member.linkedAt));
  })();
}

/** The marketplace's own carrier (SPX) numbers its parcels from the order. */
export const trackingNumber = (orderSn: string) => `SPXVN0${orderSn.slice(-8)}`;
