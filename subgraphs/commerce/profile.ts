import type { Logger } from 'pino';
import { BusinessRuleError, SystemUnavailableError } from '../../lib/errors';
import { encodeId } from '../../lib/ids';
import { normalizeEmail, normalizePhone } from '../../lib/identifiers';
import type { LiveEvents } from '../../lib/live-events';
import { connectionOf, pageOf } from '../../lib/relay';
import { assertReachesCustomer } from '../../lib/rows';
import { CrmError, type CrmClient } from '../../connectors/crm';
import type { EcommerceClient } from '../../connectors/ecommerce';
import type { Context } from './context';
import type { Resolvers } from './generated/graphql';
import type { CommerceServices } from './services';
import { customerRecords } from './services';
import type { CommerceState, ProfileAttemptOutcome, ProfileChangeRecord, ProfileDeliveryTask, ProfileSystem } from './state/types';

/**
 * Profile changes (issue 15, journeys 2 and 5): a customer's phone, email, delivery address and
 * consents per channel, recorded durably in commerce's outbox first, then landed in the CRM, the
 * web shop and the customer's web orders not yet shipped by the worker below, in order per
 * customer and system, retried with backoff until each lands or is refused for good.
 */

export type ConsentChannel = 'EMAIL' | 'SMS' | 'ZALO' | 'PUSH' | 'PHONE';

export interface DeliveryAddress {
  firstName: string;
  lastName: string;
  street: string[];
  city: string;
}

/** A change as the outbox keeps it: validated, normalised, with the customer's records as identity knew them when it was asked. */
export interface StoredProfileChange {
  phone?: string;
  email?: string;
  deliveryAddress?: DeliveryAddress;
  consents?: Partial<Record<ConsentChannel, boolean>>;
  /** Which records to change, and the contact details the consents and the address need when the change leaves them as they are. */
  records: { crmPartnerIds: number[]; webCustomerIds: number[]; phones: string[]; emails: string[] };
}

export interface ProfileChangeInput {
  customerId: string;
  phone?: string | null;
  email?: string | null;
  deliveryAddress?: { firstName: string; lastName: string; street: readonly string[]; city: string } | null;
  consents?: readonly { channel: ConsentChannel; granted: boolean }[] | null;
}

const MAX_TEXT = 200;

/** Validation first: a refusal records nothing and calls no system. */
function validated(input: ProfileChangeInput): Omit<StoredProfileChange, 'records'> {
  const change: Omit<StoredProfileChange, 'records'> = {};
  if (input.phone != null) {
    const phone = input.phone.length <= MAX_TEXT ? normalizePhone(input.phone) : null;
    if (!phone) throw new BusinessRuleError('INVALID_PHONE', 'This is not a valid phone number.', ['input', 'phone']);
    change.phone = phone;
  }
  if (input.email != null) {
    const email = input.email.length <= MAX_TEXT ? normalizeEmail(input.email) : null;
    if (!email) throw new BusinessRuleError('INVALID_EMAIL', 'This is not a valid email address.', ['input', 'email']);
    change.email = email;
  }
  if (input.deliveryAddress) {
    const { firstName, lastName, street, city } = input.deliveryAddress;
    const lines = street.map((line) => line.trim()).filter((line) => line !== '');
    const texts = [firstName, lastName, city, ...lines];
    if (lines.length === 0 || lines.length > 3 || texts.some((text) => text.trim() === '' || text.length > MAX_TEXT)) {
      throw new BusinessRuleError('INVALID_INPUT', 'An address needs a name, one to three street lines and a city.', [
        'input',
        'deliveryAddress',
      ]);
    }
    change.deliveryAddress = { firstName: firstName.trim(), lastName: lastName.trim(), street: lines, city: city.trim() };
  }
  if (input.consents && input.consents.length > 0) {
    const consents: Partial<Record<ConsentChannel, boolean>> = {};
    for (const { channel, granted } of input.consents) {
      if (channel in consents) throw new BusinessRuleError('INVALID_INPUT', 'Name each channel once.', ['input', 'consents']);
      consents[channel] = granted;
    }
    change.consents = consents;
  }
  if (Object.keys(change).length === 0) {
    throw new BusinessRuleError('NOTHING_TO_CHANGE', 'Give a phone, an email, a delivery address or a consent to change.', ['input']);
  }
  return change;
}

/** The systems a change lands in: the CRM always; the web shop when the customer has a web account; its open orders when the address or the phone changes. */
function systemsFor(change: StoredProfileChange): ProfileSystem[] {
  const web = change.records.webCustomerIds.length > 0;
  const delivery = change.deliveryAddress !== undefined || change.phone !== undefined;
  return ['CRM', ...(web ? (['WEB_SHOP'] as const) : []), ...(web && delivery ? (['OPEN_ORDERS'] as const) : [])];
}

/**
 * The mutation's work: validate, find the customer (identity), record the change in the outbox,
 * then deliver at once what can be delivered; the answer shows where each system stands.
 */
export async function requestProfileChange(
  commerce: CommerceServices,
  worker: ProfileWorker,
  input: ProfileChangeInput,
  requestedBy: string,
): Promise<{ profileChange: ProfileChangeRecord; userErrors: [] }> {
  const change = validated(input);
  const customer = await customerRecords(commerce, input.customerId, ['input', 'customerId']);
  // Zalo, push and call consents live only on the CRM's record: without one they would be kept nowhere.
  const crmOnly = (['ZALO', 'PUSH', 'PHONE'] as const).filter((channel) => change.consents?.[channel] !== undefined);
  if (crmOnly.length > 0 && customer.crmPartnerIds.length === 0)
    throw new BusinessRuleError('CUSTOMER_NOT_IN_CRM', `The CRM has no record of this customer to keep ${crmOnly.join(', ')} consent on.`, [
      'input',
      'consents',
    ]);
  const stored: StoredProfileChange = {
    ...change,
    records: {
      crmPartnerIds: customer.crmPartnerIds,
      webCustomerIds: customer.webCustomerIds,
      phones: customer.phones,
      emails: customer.emails,
    },
  };
  const recorded = await commerce.state.recordProfileChange({
    customerId: input.customerId,
    change: stored,
    requestedBy,
    at: commerce.now(),
    systems: systemsFor(stored),
  });
  void commerce.live.customerActivity(
    { customerId: input.customerId, kind: 'PROFILE', subjectId: profileChangeId(recorded) },
    `${recorded.id}:recorded`,
  );
  await worker.deliverFor(input.customerId);
  const [now] = (await commerce.state.profileChanges(input.customerId, 50, 0)).filter((record) => record.id === recorded.id);
  return { profileChange: now ?? recorded, userErrors: [] };
}

export const profileChangeId = (record: Pick<ProfileChangeRecord, 'id'>) => encodeId('ProfileChange', String(record.id));

/** The graph's ProfileChange fields from an outbox record. */
export function profileChangeView(record: ProfileChangeRecord) {
  const change = record.change as StoredProfileChange;
  return {
    id: profileChangeId(record),
    requestedAt: record.requestedAt,
    phone: change.phone ?? null,
    email: change.email ?? null,
    deliveryAddress: change.deliveryAddress ?? null,
    consents: Object.entries(change.consents ?? {}).map(([channel, granted]) => ({ channel: channel as ConsentChannel, granted })),
    deliveries: record.deliveries.map((delivery) => ({
      system: delivery.system,
      status: delivery.status,
      attempts: delivery.attempts,
      lastErrorCode: delivery.lastErrorCode,
      lastErrorReason: delivery.lastErrorReason,
      lastAttemptAt: delivery.lastAttemptAt,
    })),
  };
}

/** Lands one change in the CRM: the partners' contact details and opt-out fields, and Odoo's opt-out lists for email and SMS. */
async function landInCrm(crm: CrmClient, change: StoredProfileChange): Promise<void> {
  const { crmPartnerIds, emails, phones } = change.records;
  const consents = change.consents ?? {};
  const optedOut = (channel: ConsentChannel) => (consents[channel] === undefined ? undefined : !consents[channel]);
  // A number kept in `mobile` (many records have only that) is the customer's phone too: it changes with it, or it would stay theirs.
  if (change.phone) {
    const mobiles = (await crm.partnersByIds(crmPartnerIds)).filter((partner) => {
      const mobile = normalizePhone(partner.mobile);
      return mobile !== null && mobile !== change.phone && phones.includes(mobile);
    });
    if (mobiles.length > 0)
      await crm.updatePartners(
        mobiles.map((partner) => partner.id),
        { mobile: change.phone },
      );
  }
  await crm.updatePartners(crmPartnerIds, {
    phone: change.phone,
    email: change.email,
    street: change.deliveryAddress?.street.join(', '),
    city: change.deliveryAddress?.city,
    optedOut: { zalo: optedOut('ZALO'), push: optedOut('PUSH'), phone: optedOut('PHONE') },
  });
  // The lists are by address and number: the consent holds for the customer's new ones, or for all they have.
  const emailOptOut = optedOut('EMAIL');
  if (emailOptOut !== undefined) for (const email of change.email ? [change.email] : emails) await crm.setEmailOptOut(email, emailOptOut);
  const smsOptOut = optedOut('SMS');
  if (smsOptOut !== undefined) for (const phone of change.phone ? [change.phone] : phones) await crm.setPhoneOptOut(phone, smsOptOut);
}

/** The phone a delivery address carries: the new one, else the customer's first. */
const addressPhone = (change: StoredProfileChange) => change.phone ?? change.records.phones[0] ?? '';

async function landInWebShop(web: EcommerceClient, change: StoredProfileChange): Promise<void> {
  for (const id of change.records.webCustomerIds) {
    await web.updateAccount(id, {
      email: change.email,
      phone: change.phone,
      address: change.deliveryAddress && { ...change.deliveryAddress, phone: addressPhone(change) },
      newsletter: change.consents?.EMAIL,
    });
  }
}

/**
 * The new address on every order still to be shipped, so the parcel does not go to the old one; a
 * new phone alone goes on each order's address as it is, so the courier calls the right number.
 */
async function landInOpenOrders(web: EcommerceClient, change: StoredProfileChange): Promise<void> {
  if (!change.deliveryAddress && !change.phone) return;
  for (const order of await web.undispatchedDeliveries(change.records.webCustomerIds)) {
    const current = order.extension_attributes?.shipping_assignments?.[0]?.shipping?.address;
    const address =
      change.deliveryAddress ??
      (current && { firstName: current.firstname, lastName: current.lastname, street: current.street, city: current.city });
    if (!address) continue;
    await web.setOrderShippingAddress(order.entity_id, { ...address, phone: addressPhone(change) }, change.email ?? order.customer_email);
  }
}

export interface ProfileWorkerOptions {
  /** How often due deliveries are looked for (COMMERCE_PROFILE_RETRY_MS), and the first retry's delay. */
  retryMs: number;
  /** The longest wait between two attempts (COMMERCE_PROFILE_MAX_BACKOFF_MS). */
  maxBackoffMs: number;
}

/**
 * Delivers the outbox: each (customer, system) queue strictly in order, one change at a time, under
 * a lock that is exclusive across replicas (PostgreSQL advisory locks), the queue's head read again
 * once the lock is held so no two replicas deliver the same change. A system down is retried with
 * exponential backoff; a refusal retrying cannot fix is FAILED and the queue moves on.
 */
export class ProfileWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly state: CommerceState,
    private readonly crm: CrmClient,
    private readonly web: EcommerceClient,
    private readonly now: () => Date,
    private readonly log: Logger,
    private readonly options: ProfileWorkerOptions,
    private readonly live: LiveEvents,
  ) {}

  start(): void {
    if (this.options.retryMs <= 0) return;
    this.timer = setInterval(() => this.kick(), this.options.retryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs a pass now, or one more after the pass under way. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass().catch((error: unknown) => this.log.warn({ err: error }, 'profile delivery pass failed; will try again'));
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Delivers a customer's queues now, as far as they go: what a new change triggers. */
  async deliverFor(customerId: string): Promise<void> {
    for (const system of ['CRM', 'WEB_SHOP', 'OPEN_ORDERS'] as const) {
      for (let i = 0; i < 20; i += 1) {
        const head = await this.state.nextProfileDelivery(customerId, system);
        if (!head || !(await this.attempt(head))) break;
      }
    }
  }

  private async pass(): Promise<void> {
    for (let round = 0; round < 100; round += 1) {
      const due = await this.state.dueProfileDeliveries(this.now(), 50);
      if (due.length === 0) return;
      let progressed = false;
      for (const task of due) progressed = (await this.attempt(task)) || progressed;
      if (!progressed) return;
    }
  }

  /** One attempt at a queue's head; true when it settled (the next change may go), false when it waits. */
  private attempt(task: ProfileDeliveryTask): Promise<boolean> {
    return this.state.withLocks([`profile:${task.customerId}:${task.system}`], async () => {
      const head = await this.state.nextProfileDelivery(task.customerId, task.system);
      // Another replica delivered it, or tried it since: this one leaves it.
      if (!head || head.changeId !== task.changeId || head.attempts !== task.attempts) return false;
      const outcome = await this.deliver(head);
      await this.state.recordProfileAttempt(head.changeId, head.system, outcome);
      if (outcome.status === 'APPLIED')
        void this.live.customerActivity(
          { customerId: head.customerId, kind: 'PROFILE', subjectId: profileChangeId({ id: head.changeId }) },
          `${head.changeId}:${head.system}`,
        );
      return outcome.status !== 'PENDING';
    });
  }

  private async deliver(task: ProfileDeliveryTask): Promise<ProfileAttemptOutcome> {
    const change = task.change as StoredProfileChange;
    try {
      if (task.system === 'CRM') {
        await landInCrm(this.crm, change);
        // Caches of the partners drop them before the change is answered, not at the CRM follower's next round.
        await Promise.all(
          change.records.crmPartnerIds.map((partnerId) => this.live.crmPartner({ partnerId }, `profile-change:${task.changeId}`)),
        );
      } else if (task.system === 'WEB_SHOP') await landInWebShop(this.web, change);
      else await landInOpenOrders(this.web, change);
      return { status: 'APPLIED', at: this.now() };
    } catch (error) {
      const at = this.now();
      if (error instanceof BusinessRuleError) return { status: 'FAILED', at, errorCode: error.code, reason: error.message };
      // The CRM's own wording names its models and fields: it goes to the log, the graph gets a plain reason.
      if (error instanceof CrmError && !(error instanceof SystemUnavailableError)) {
        this.log.warn({ err: error, changeId: task.changeId }, 'the CRM refused a profile change');
        return { status: 'FAILED', at, errorCode: 'CRM_REFUSED', reason: 'The CRM refused the change.' };
      }
      const delay = Math.min(this.options.retryMs * 2 ** task.attempts, this.options.maxBackoffMs);
      const nextAttemptAt = new Date(at.getTime() + delay);
      if (error instanceof SystemUnavailableError) {
        return { status: 'PENDING', at, errorCode: String(error.extensions.code), reason: error.reason, nextAttemptAt };
      }
      this.log.warn({ err: error, changeId: task.changeId, system: task.system }, 'profile delivery failed; will retry');
      return { status: 'PENDING', at, errorCode: 'ERROR', reason: 'An unexpected error; it is tried again.', nextAttemptAt };
    }
  }
}

const MAX_PAGE = 50;
/** Changes kept per customer that a page is cut from. */
const MAX_LISTED = 1_000;

/** The graph's side: the payload's change, and `Customer.profileChanges` (the customer's own, or staff's with customers:read). */
export const profileResolvers: Pick<Resolvers<Context>, 'Customer' | 'UpdateCustomerProfilePayload'> = {
  Customer: {
    // Async, so a refusal fails only its own representation of an _entities batch (lib/rows.ts).
    __resolveReference: async (reference, context) => {
      assertReachesCustomer(context.caller, reference.id);
      return { id: reference.id } as never;
    },
    profileChanges: async (customer, args, context) => {
      const page = pageOf(args, 10, MAX_PAGE);
      const all = await context.commerce.state.profileChanges(customer.id, MAX_LISTED, 0);
      context.customerReads.read(customer.id, 'profileChanges');
      return connectionOf(all.slice(page.offset, page.offset + page.limit).map(profileChangeView), page, all.length);
    },
  },
  UpdateCustomerProfilePayload: {
    profileChange: (payload) => {
      const record = (payload as { profileChange?: ProfileChangeRecord | null }).profileChange;
      return record ? profileChangeView(record) : null;
    },
  },
};
