import type { FastifyInstance } from 'fastify';
import type { Db } from '../kit/db';
import { readAddress } from './addresses';
import { hashPasswordAsync } from './auth';
import { badRequest, invalidFieldValue, noSuchEntity } from './errors';
import { COUNTRY, magentoTime, STORE_ID, WEBSITE_ID } from './format';
import { field, optionalArray, optionalObject, optionalString, pathInt, requiredObject, requiredString } from './input';
import { searchResults, SearchSpec } from './search';
import type { Shop } from './shop';
import { groupBy, jsonList, sql } from './statements';

const RESOURCE = 'Magento_Customer::customer';
const MIN_PASSWORD_LENGTH = 8;
const REQUIRED_CHARACTER_CLASSES = 3;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Newsletter subscriber statuses (Magento\Newsletter\Model\Subscriber). */
const SUBSCRIBED = 1;
const UNSUBSCRIBED = 3;

export interface CustomerRow {
  entity_id: number;
  email: string;
  firstname: string;
  lastname: string;
  website_id: number;
  store_id: number;
  group_id: number;
  created_at: string;
  updated_at: string;
}

interface AddressRow {
  entity_id: number;
  parent_id: number;
  firstname: string;
  lastname: string;
  street: string;
  city: string;
  country_id: string;
  telephone: string;
  is_default: number;
}

const CUSTOMER_COLUMNS = 'entity_id, email, firstname, lastname, website_id, store_id, group_id, created_at, updated_at';

const CUSTOMER_SEARCH: SearchSpec = {
  from: 'customer_entity',
  select: CUSTOMER_COLUMNS,
  key: 'entity_id',
  fields: {
    entity_id: { column: 'entity_id', type: 'int' },
    id: { column: 'entity_id', type: 'int' },
    email: { column: 'email', type: 'text' },
    firstname: { column: 'firstname', type: 'text' },
    lastname: { column: 'lastname', type: 'text' },
    created_at: { column: 'created_at', type: 'text' },
    updated_at: { column: 'updated_at', type: 'text' },
    website_id: { column: 'website_id', type: 'int' },
    store_id: { column: 'store_id', type: 'int' },
    group_id: { column: 'group_id', type: 'int' },
  },
};

export function findCustomer(db: Db, id: number): CustomerRow | undefined {
  return sql(db, `SELECT ${CUSTOMER_COLUMNS} FROM customer_entity WHERE entity_id = ?`).get(id) as CustomerRow | undefined;
}

export function findCustomers(db: Db, ids: number[]): Map<number, CustomerRow> {
  const rows = sql(db, `SELECT ${CUSTOMER_COLUMNS} FROM customer_entity WHERE entity_id IN (SELECT value FROM json_each(?))`).all(
    jsonList(ids),
  ) as CustomerRow[];
  return new Map(rows.map((customer) => [customer.entity_id, customer]));
}

function formatAddress(address: AddressRow) {
  return {
    id: address.entity_id,
    customer_id: address.parent_id,
    region: { region_code: null, region: null, region_id: 0 },
    region_id: 0,
    country_id: address.country_id,
    street: address.street.split('\n'),
    telephone: address.telephone,
    city: address.city,
    firstname: address.firstname,
    lastname: address.lastname,
    // Magento only writes the flags on the default address.
    ...(address.is_default ? { default_shipping: true, default_billing: true } : {}),
  };
}

/** Customers with their addresses, the addresses fetched in one query for the whole page. */
function formatCustomers(db: Db, customers: CustomerRow[]) {
  const addressRows = sql(
    db,
    'SELECT * FROM customer_address_entity WHERE parent_id IN (SELECT value FROM json_each(?)) ORDER BY entity_id',
  ).all(jsonList(customers.map((c) => c.entity_id))) as AddressRow[];
  const addresses = groupBy(addressRows, (a) => a.parent_id);
  const subscribed = new Set(
    (
      sql(
        db,
        `SELECT customer_id FROM newsletter_subscriber WHERE subscriber_status = ${SUBSCRIBED} AND customer_id IN (SELECT value FROM json_each(?))`,
      ).all(jsonList(customers.map((c) => c.entity_id))) as { customer_id: number }[]
    ).map((row) => row.customer_id),
  );
  return customers.map((customer) => {
    const own = addresses.get(customer.entity_id) ?? [];
    const defaultAddress = own.find((a) => a.is_default);
    return {
      id: customer.entity_id,
      group_id: customer.group_id,
      // The customer's default address ids are strings, unlike every other id.
      ...(defaultAddress ? { default_billing: String(defaultAddress.entity_id), default_shipping: String(defaultAddress.entity_id) } : {}),
      created_at: customer.created_at,
      updated_at: customer.updated_at,
      created_in: 'Default Store View',
      email: customer.email,
      firstname: customer.firstname,
      lastname: customer.lastname,
      store_id: customer.store_id,
      website_id: customer.website_id,
      addresses: own.map(formatAddress),
      disable_auto_group_change: 0,
      extension_attributes: { is_subscribed: subscribed.has(customer.entity_id) },
    };
  });
}

function customerById(db: Db, id: number) {
  const customer = findCustomer(db, id);
  if (!customer) throw noSuchEntity('customerId', id);
  return formatCustomers(db, [customer])[0];
}

/** Magento's default password policy: 8 characters from at least 3 of the 4 classes. */
function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badRequest('The password needs at least %1 characters. Create a new password and try again.', [MIN_PASSWORD_LENGTH]);
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < REQUIRED_CHARACTER_CLASSES) {
    throw badRequest(
      'Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.',
      [REQUIRED_CHARACTER_CLASSES],
    );
  }
}

async function createCustomer(shop: Shop, body: unknown) {
  const input = requiredObject(body, 'customer');
  const email = requiredString(input, 'email').trim();
  if (!EMAIL_PATTERN.test(email)) throw invalidFieldValue('email', email);
  const firstname = requiredString(input, 'firstname');
  const lastname = requiredString(input, 'lastname');
  const addresses = (optionalArray(input, 'addresses') ?? []).map((address) => ({
    ...readAddress({ country_id: COUNTRY, ...(address as object) }),
    isDefault: field(address, 'default_shipping') === true || field(address, 'default_billing') === true,
  }));
  const password = optionalString(body, 'password');
  if (password !== undefined) checkPasswordStrength(password);
  if (sql(shop.db, 'SELECT 1 FROM customer_entity WHERE email = ? AND website_id = ?').get(email, WEBSITE_ID)) {
    throw badRequest('A customer with the same email address already exists in an associated website.');
  }
  const passwordHash = password === undefined ? null : await hashPasswordAsync(password);
  const now = magentoTime(shop.now());
  const defaultIndex = Math.max(
    0,
    addresses.findIndex((a) => a.isDefault),
  );
  const id = shop.db.transaction(() => {
    const { lastInsertRowid } = sql(
      shop.db,
      `INSERT INTO customer_entity
      (email, firstname, lastname, password_hash, website_id, store_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(email, firstname, lastname, passwordHash, WEBSITE_ID, STORE_ID, now, now);
    addresses.forEach((a, index) =>
      sql(
        shop.db,
        `INSERT INTO customer_address_entity
        (parent_id, firstname, lastname, street, city, country_id, telephone, is_default) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        lastInsertRowid,
        a.firstname,
        a.lastname,
        a.street.join('\n'),
        a.city,
        a.country_id,
        a.telephone,
        index === defaultIndex ? 1 : 0,
      ),
    );
    return Number(lastInsertRowid);
  })();
  return customerById(shop.db, id);
}

/**
 * The customer repository's save (`PUT /V1/customers/{id}`): the email, names and, when `addresses`
 * is sent, the whole address book (addresses left out are deleted, as Magento does); the newsletter
 * subscription from `extension_attributes.is_subscribed`. Another customer's email is refused.
 */
function saveCustomer(shop: Shop, id: number, body: unknown) {
  const existing = findCustomer(shop.db, id);
  if (!existing) throw noSuchEntity('customerId', id);
  const input = requiredObject(body, 'customer');
  const email = requiredString(input, 'email').trim();
  if (!EMAIL_PATTERN.test(email)) throw invalidFieldValue('email', email);
  const firstname = optionalString(input, 'firstname') ?? existing.firstname;
  const lastname = optionalString(input, 'lastname') ?? existing.lastname;
  const given = optionalArray(input, 'addresses');
  const addresses = given?.map((address) => ({
    ...readAddress({ country_id: COUNTRY, ...(address as object) }),
    isDefault: field(address, 'default_shipping') === true || field(address, 'default_billing') === true,
  }));
  const subscribed = field(optionalObject(input, 'extension_attributes'), 'is_subscribed');
  if (sql(shop.db, 'SELECT 1 FROM customer_entity WHERE email = ? AND website_id = ? AND entity_id != ?').get(email, WEBSITE_ID, id)) {
    throw badRequest('A customer with the same email address already exists in an associated website.');
  }
  const now = magentoTime(shop.now());
  shop.db.transaction(() => {
    sql(shop.db, 'UPDATE customer_entity SET email = ?, firstname = ?, lastname = ?, updated_at = ? WHERE entity_id = ?').run(
      email,
      firstname,
      lastname,
      now,
      id,
    );
    if (addresses) {
      sql(shop.db, 'DELETE FROM customer_address_entity WHERE parent_id = ?').run(id);
      const defaultIndex = Math.max(
        0,
        addresses.findIndex((a) => a.isDefault),
      );
      addresses.forEach((a, index) =>
        sql(
          shop.db,
          `INSERT INTO customer_address_entity
          (parent_id, firstname, lastname, street, city, country_id, telephone, is_default) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, a.firstname, a.lastname, a.street.join('\n'), a.city, a.country_id, a.telephone, index === defaultIndex ? 1 : 0),
      );
    }
    if (typeof subscribed === 'boolean') {
      sql(
        shop.db,
        `INSERT INTO newsletter_subscriber (customer_id, subscriber_email, subscriber_status, change_status_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET subscriber_email = excluded.subscriber_email,
           subscriber_status = excluded.subscriber_status, change_status_at = excluded.change_status_at`,
      ).run(id, email, subscribed ? SUBSCRIBED : UNSUBSCRIBED, now);
    }
  })();
  return customerById(shop.db, id);
}

export function registerCustomerRoutes(app: FastifyInstance, shop: Shop): void {
  app.get('/customers/me', { config: { operation: 'customers.me' } }, async (request) =>
    customerById(shop.db, shop.auth.requireCustomer(request)),
  );

  app.get('/customers/search', { config: { operation: 'customers.search' } }, async (request) => {
    shop.auth.requireAdmin(request, RESOURCE);
    return searchResults(shop.db, CUSTOMER_SEARCH, request.query, { mandatory: true }, (rows: CustomerRow[]) =>
      formatCustomers(shop.db, rows),
    );
  });

  app.get<{ Params: { customerId: string } }>('/customers/:customerId', { config: { operation: 'customers.getById' } }, async (request) => {
    shop.auth.requireAdmin(request, RESOURCE);
    return customerById(shop.db, pathInt(request.params.customerId, 'customerId'));
  });

  app.put<{ Params: { customerId: string } }>('/customers/:customerId', { config: { operation: 'customers.save' } }, async (request) => {
    shop.auth.requireAdmin(request, RESOURCE);
    return saveCustomer(shop, pathInt(request.params.customerId, 'customerId'), request.body);
  });

  // Account creation is open to anyone (anonymous resource), as on the storefront.
  app.post('/customers', { config: { operation: 'customers.create' } }, async (request) => createCustomer(shop, request.body));
}
