import { SCOPES } from '../../lib/access';
import { decodeId, storePlant } from '../../lib/ids';
import { refusal } from '../../lib/rows';
import { parseTransactionKey } from '../../connectors/pos';
import { normalizePhone } from '../../lib/identifiers';
import type { Context } from './context';
import type { Decision, DecisionChange } from './decisions';
import { customerIdOf } from './directory';
import type { CustomerCluster } from './linking';
import type { UserErrorCode } from './generated/graphql';

/**
 * People's decisions about who is who: data stewards' merges and splits, and whose a store sale
 * known only by a shared phone was. Each is checked against the directory as it is now, written
 * durably with who took it, and applies at once (other replicas at their next sync).
 */

interface UserError {
  field: string[];
  message: string;
  code: UserErrorCode;
}

export interface DecisionOutcome {
  decision: Decision | null;
  customers: CustomerCluster[];
  userErrors: UserError[];
}

const MAX_REASON = 500;

const refused = (code: UserErrorCode, field: string[], message: string): DecisionOutcome => ({
  decision: null,
  customers: [],
  userErrors: [{ code, field, message }],
});

function reasonError(reason: string | null | undefined, required: boolean): DecisionOutcome | null {
  const text = reason?.trim() ?? '';
  if ((required && text === '') || text.length > MAX_REASON)
    return refused('INVALID_INPUT', ['input', 'reason'], `a reason of 1 to ${MAX_REASON} characters, for the audit`);
  return null;
}

async function record(context: Context, change: DecisionChange, reason: string | null): Promise<Decision> {
  return context.decisions.add(change, {
    at: context.clock().toISOString(),
    decidedBy: context.caller.id,
    decidedByRoles: [...context.caller.roles],
    channel: context.caller.clientId,
    requestId: context.requestId,
    reason,
  });
}

/** The customers as the directory has them once the decision applies. */
async function outcome(context: Context, decision: Decision, ids: readonly string[]): Promise<DecisionOutcome> {
  const directory = await context.sync.decided();
  const customers = [...new Set(ids.map((id) => directory.byId(id)).filter((c): c is CustomerCluster => c !== null))];
  return { decision, customers, userErrors: [] };
}

export async function mergeCustomers(context: Context, input: { customerIds: string[]; reason: string }): Promise<DecisionOutcome> {
  const bad = reasonError(input.reason, true);
  if (bad) return bad;
  if (input.customerIds.length !== 2) return refused('INVALID_INPUT', ['input', 'customerIds'], 'exactly two customers');
  const directory = context.sync.current();
  const customers = input.customerIds.map((id) => directory.byId(id));
  const missing = customers.findIndex((customer) => customer === null);
  if (missing >= 0) return refused('CUSTOMER_NOT_FOUND', ['input', 'customerIds', String(missing)], 'no customer has this id');
  const [one, other] = customers as CustomerCluster[];
  if (one === other) return refused('ALREADY_ONE_CUSTOMER', ['input', 'customerIds'], 'these ids are already one customer');
  const records = [one, other].map((cluster) => `${cluster.anchor.system}:${cluster.anchor.id}`) as [string, string];
  const ids = [one, other].map((cluster) => customerIdOf(cluster.anchor)) as [string, string];
  const decision = await record(context, { kind: 'MERGE', customerIds: ids, records }, input.reason.trim());
  return outcome(context, decision, ids);
}

export async function splitCustomer(
  context: Context,
  input: { customerId: string; records: { system: string; recordId: string }[]; reason: string },
): Promise<DecisionOutcome> {
  const bad = reasonError(input.reason, true);
  if (bad) return bad;
  const customer = context.sync.current().byId(input.customerId);
  if (!customer) return refused('CUSTOMER_NOT_FOUND', ['input', 'customerId'], 'no customer has this id');
  const keys = customer.records.map((member) => member.key);
  const moved = [...new Set(input.records.map((ref) => `${ref.system}:${ref.recordId.trim()}`))];
  const stranger = moved.findIndex((key) => !keys.includes(key));
  if (stranger >= 0)
    return refused('RECORD_NOT_OF_CUSTOMER', ['input', 'records', String(stranger)], "this record is not one of the customer's");
  const kept = keys.filter((key) => !moved.includes(key));
  if (moved.length === 0 || kept.length === 0)
    return refused('INVALID_SPLIT', ['input', 'records'], "move some of the customer's records, not none or all");
  const customerId = customerIdOf(customer.anchor);
  const decision = await record(context, { kind: 'SPLIT', customerId, moved, kept }, input.reason.trim());
  const [system, id] = moved[0].split(':');
  return outcome(context, decision, [customerId, customerIdOf({ system: system as 'CRM' | 'ECOMMERCE', id: Number(id) })]);
}

export async function undoDecision(context: Context, input: { decisionId: string; reason?: string | null }): Promise<DecisionOutcome> {
  const bad = reasonError(input.reason, false);
  if (bad) return bad;
  if (!/^\d{1,18}$/.test(input.decisionId)) return refused('DECISION_NOT_FOUND', ['input', 'decisionId'], 'no decision has this id');
  const decision = await context.decisions.undo(input.decisionId, context.clock().toISOString(), context.caller.id);
  if (!decision) return refused('DECISION_NOT_FOUND', ['input', 'decisionId'], 'no decision has this id');
  return outcome(context, decision, customerIdsOf(decision));
}

export function customerIdsOf(decision: Decision): string[] {
  switch (decision.kind) {
    case 'MERGE':
      return decision.customerIds;
    case 'SPLIT':
      return [decision.customerId];
    case 'STORE_SALE_CUSTOMER':
      return [decision.customerId];
  }
}

/**
 * A cashier or an agent says whose a store sale was. Only for a sale the cashier captured a phone on
 * that several customers hold (the sale is nobody's until then) and only to one of them; store
 * staff for their own stores' sales, agents for any store's.
 */
export async function confirmStoreSaleCustomer(context: Context, input: { orderId: string; customerId: string }): Promise<DecisionOutcome> {
  const saleKey = decodeId('StoreOrder', input.orderId);
  const parts = saleKey === null ? null : parseTransactionKey(saleKey);
  if (saleKey === null || parts === null) return refused('INVALID_ID', ['input', 'orderId'], 'not a store order id');
  const directory = context.sync.current();
  const customer = directory.byId(input.customerId);
  if (!customer) return refused('CUSTOMER_NOT_FOUND', ['input', 'customerId'], 'no customer has this id');
  const sale = await context.pos.receipt(parts);
  if (!sale || sale.kind !== 'Sale') return refused('ORDER_NOT_FOUND', ['input', 'orderId'], 'no store sale has this id');
  if (context.caller.scopes.includes(SCOPES.storeCounter) && !context.caller.stores.includes(storePlant(sale.retailStoreId))) {
    throw refusal(context.caller, "confirm another store's sales");
  }
  const phone = normalizePhone(sale.phone);
  const holders = phone === null ? [] : directory.holders('PHONE', phone);
  if (sale.loyaltyCard !== null || holders.length < 2) {
    return refused('SALE_NOT_SHARED', ['input', 'orderId'], 'the sale names its customer already, or names none');
  }
  if (!holders.includes(customer))
    return refused('NOT_A_HOLDER', ['input', 'customerId'], 'the customer does not hold the phone captured on the sale');
  const customerId = customerIdOf(customer.anchor);
  const current = directory.confirmedCustomerOf(saleKey);
  const decision =
    current === customer
      ? [...directory.decisions].reverse().find((d) => d.kind === 'STORE_SALE_CUSTOMER' && d.saleKey === saleKey && d.undoneAt === null)!
      : await record(context, { kind: 'STORE_SALE_CUSTOMER', saleKey, customerId }, null);
  return outcome(context, decision, [customerId]);
}
