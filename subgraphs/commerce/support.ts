import { BusinessRuleError } from '../../lib/errors';
import { normalizedIdentifier, type IdentifierKind } from '../../lib/identifiers';
import { decodeId, encodeId } from '../../lib/ids';
import { refusal } from '../../lib/rows';
import type { SupportChannel, SupportTeam, Ticket } from '../../connectors/crm';
import type { Context } from './context';
import type { CloseSupportCaseInput, HandOverSupportCaseInput, LogSupportInteractionInput } from './generated/graphql';
import { assertMayLogSupport, assertWorksSupportCases } from './rows';
import type { SagaDefinition } from './saga';
import type { CommerceServices } from './services';

/**
 * Support that follows the customer: an interaction from any channel logged on the customer's case
 * in the CRM (a helpdesk ticket and its messages), a case handed to another team, a case closed.
 * Who the customer is comes from identity (any identifier, a Zalo or Facebook id included); the
 * case lives in the CRM only.
 */

const MAX_TEXT = 4_000;
const MAX_SUBJECT = 200;

/** Which team takes a new case, by the channel it came through. */
const TEAM_OF_CHANNEL: Record<SupportChannel, SupportTeam> = {
  PHONE: 'CALL_CENTER',
  EMAIL: 'CALL_CENTER',
  CHAT: 'SOCIAL',
  ZALO: 'SOCIAL',
  FACEBOOK: 'SOCIAL',
  APP: 'SOCIAL',
  STORE: 'STORES',
};

export interface SupportCaseInput {
  /** The case it goes on, or null for a new one (`open`). */
  ticketId: number | null;
  open: { partnerId: number; subject: string; team: SupportTeam } | null;
  message: { text: string; channel: SupportChannel; authorPartnerId: number | null; internal: boolean };
  move: { team?: SupportTeam; stage?: 'In Progress' | 'Solved' } | null;
  /** Marks the ticket and the message, so a step run again finds what it did. */
  reference: string;
  customerId: string | null;
  /** A hand-over or a closing names the case only: the CRM partner whose case it is, to tell the customer's activity by. */
  partnerId?: number | null;
}

export interface SupportPayload {
  ticket: { id: string } | null;
  customer?: { id: string } | null;
  userErrors: [];
}

const ticketGraphId = (ticketId: number) => encodeId('SupportTicket', String(ticketId));

/**
 * One change to a case: open the ticket if it is new, then the message (the pivot: the customer's
 * words or the staff note are what must not be lost), then the team or stage. Each step run again
 * looks for its own effect first; a new ticket whose first message could not be written is moved
 * to Cancelled (Odoo keeps tickets; nothing may delete them).
 */
export function supportCaseSaga(services: CommerceServices): SagaDefinition<SupportCaseInput, SupportPayload> {
  const { crm } = services;
  const ticketOf = (input: SupportCaseInput, results: Record<string, unknown>) =>
    input.ticketId ?? (results.ticket as { ticketId: number }).ticketId;
  // Its Message-Id names the ticket too: after a new ticket was cancelled, the message a retry writes on the next one is another.
  const messageReference = (input: SupportCaseInput, ticketId: number) => `<${input.reference}.${ticketId}@omnigraph>`;
  const postMessage = async (input: SupportCaseInput, ticketId: number) =>
    crm.addTicketMessage({ ticketId, ...input.message, reference: messageReference(input, ticketId) });
  return {
    kind: 'supportCase',
    pivot: 'message',
    steps: [
      {
        name: 'ticket',
        async run(input, _results, again) {
          if (input.ticketId !== null || input.open === null) return { ticketId: input.ticketId };
          const found = again ? await crm.ticketByReference(input.reference) : null;
          return { ticketId: found ?? (await crm.openTicket({ ...input.open, reference: input.reference })) };
        },
        async compensate(input, data) {
          if (input.open === null) return;
          const ticketId = (data as { ticketId: number } | undefined)?.ticketId ?? (await crm.ticketByReference(input.reference));
          if (ticketId !== null) await crm.moveTicket(ticketId, { stage: 'Cancelled' });
        },
      },
      {
        name: 'message',
        async run(input, results, again) {
          const ticketId = ticketOf(input, results);
          const found = again ? await crm.ticketMessageByReference(messageReference(input, ticketId)) : null;
          return { messageId: found ?? (await postMessage(input, ticketId)) };
        },
        find: async (input, results) => {
          const ticketId =
            input.ticketId ??
            (results.ticket as { ticketId: number } | undefined)?.ticketId ??
            (await crm.ticketByReference(input.reference));
          const messageId = ticketId === null ? null : await crm.ticketMessageByReference(messageReference(input, ticketId));
          return messageId === null ? null : { messageId };
        },
      },
      {
        name: 'move',
        run: async (input, results) => (input.move ? crm.moveTicket(ticketOf(input, results), input.move) : null),
      },
    ],
    result: (input, results) => ({
      ticket: { id: ticketGraphId(ticketOf(input, results)) },
      ...(input.customerId === null ? {} : { customer: { id: input.customerId } }),
      userErrors: [],
    }),
    completed(input, results) {
      const subjectId = ticketGraphId(ticketOf(input, results));
      const { messageId } = results.message as { messageId: number };
      const tell = (customerId: string) =>
        void services.live.customerActivity({ customerId, kind: 'INTERACTION', subjectId }, `message-${messageId}`);
      if (input.customerId !== null) tell(input.customerId);
      if (input.customerId !== null || input.partnerId === null || input.partnerId === undefined) return;
      // Whose case it is, asked of identity (not of the CRM) once the answer has gone: one customer holds the CRM record, or none is told.
      void services.customers.holdersOf([{ kind: 'CRM_PARTNER_ID', value: String(input.partnerId) }]).then(
        ([holders]) => {
          if (holders.length === 1) tell(holders[0]);
        },
        (error: unknown) => services.log.warn({ err: error, ticket: subjectId }, 'whose support case changed could not be found'),
      );
    },
  };
}

// ---- Who may work which case ----------------------------------------------------------------

const CONTACT_KINDS: Record<string, IdentifierKind> = {
  EMAIL: 'EMAIL',
  PHONE: 'PHONE',
  LOYALTY_CARD: 'LOYALTY_CARD',
  ZALO: 'ZALO',
  FACEBOOK: 'FACEBOOK',
};

/**
 * The customer and case an interaction is for, found and checked before the idempotency key is
 * claimed. A caller who may not log it is refused (FORBIDDEN, UNAUTHENTICATED) and nothing is
 * written; a problem the caller can fix (an unknown identifier, an unknown or closed case) is
 * returned as the refusal the mutation answers in userErrors.
 */
export type Prepared = { input: SupportCaseInput } | { refused: BusinessRuleError };

const refused = (code: string, message: string, field: string[]): Prepared => ({ refused: new BusinessRuleError(code, message, field) });

function textOf(value: string, field: string[]): string | BusinessRuleError {
  const text = value.trim();
  if (text === '' || text.length > MAX_TEXT) return new BusinessRuleError('INVALID_INPUT', `Give 1 to ${MAX_TEXT} characters.`, field);
  return text;
}

/** A case by its graph id, or null when the id is not one or no ticket has it. */
async function caseOf(services: CommerceServices, id: string): Promise<Ticket | null> {
  const ticketId = Number(decodeId('SupportTicket', id) ?? NaN);
  if (!Number.isInteger(ticketId) || ticketId <= 0) return null;
  return (await services.crm.ticketsByIds([ticketId]))[0] ?? null;
}

const isClosed = (ticket: Ticket) => ticket.status === 'SOLVED' || ticket.status === 'CANCELLED';

/** The customer named by id or by a contact: their id, or the userErrors refusal. */
async function customerNamed(
  services: CommerceServices,
  input: LogSupportInteractionInput,
): Promise<{ customerId: string } | { refused: BusinessRuleError } | null> {
  if (input.customerId) return { customerId: input.customerId };
  if (!input.contact) return null;
  const kind = CONTACT_KINDS[input.contact.kind];
  const field = ['input', 'contact', 'value'];
  if (normalizedIdentifier(kind, input.contact.value) === null)
    return { refused: new BusinessRuleError('INVALID_IDENTIFIER', `This is not a valid ${kind.toLowerCase().replace('_', ' ')}.`, field) };
  const [holders] = await services.customers.holdersOf([{ kind, value: input.contact.value }]);
  if (holders.length === 0) return { refused: new BusinessRuleError('CUSTOMER_NOT_FOUND', 'No customer has this identifier.', field) };
  if (holders.length > 1)
    return {
      refused: new BusinessRuleError('SHARED_IDENTIFIER', 'Several customers hold this identifier: name the customer by id.', field),
    };
  return { customerId: holders[0] };
}

export async function prepareInteraction(context: Context, input: LogSupportInteractionInput, reference: string): Promise<Prepared> {
  const services = context.commerce;
  const as = assertMayLogSupport(context.caller, input);
  const named =
    as === 'customer' && !input.customerId && !input.contact
      ? { customerId: context.caller.customerId! }
      : await customerNamed(services, input);
  if (named && 'refused' in named) {
    if (as === 'customer') throw refusal(context.caller, 'log for this customer');
    return named;
  }
  if (as === 'customer' && named?.customerId !== context.caller.customerId) throw refusal(context.caller, 'log for this customer');
  const records = named ? await services.customers.records(named.customerId) : null;
  if (named && !records) return refused('CUSTOMER_NOT_FOUND', 'No customer has this id.', ['input', 'customerId']);

  const ticket = input.ticketId ? await caseOf(services, input.ticketId) : null;
  const ours = ticket !== null && ticket.partnerId !== null && (records === null || records.crmPartnerIds.includes(ticket.partnerId));
  // A customer is refused alike for another's case and for none: the refusal says nothing of other customers.
  if (as === 'customer' && input.ticketId && !ours) throw refusal(context.caller, 'log on this case');
  if (!named && !input.ticketId) return refused('CUSTOMER_NOT_FOUND', 'Name the customer, by id or by a contact.', ['input', 'customerId']);
  if (input.ticketId && !ours) return refused('CASE_NOT_FOUND', "No case of this customer's has this id.", ['input', 'ticketId']);
  if (ticket && isClosed(ticket)) return refused('CASE_CLOSED', 'This case is closed: open a new one.', ['input', 'ticketId']);

  const text = textOf(input.text, ['input', 'text']);
  if (text instanceof BusinessRuleError) return { refused: text };
  const subject = (input.subject ?? '').trim() || text.split('\n')[0].slice(0, 80);
  if (subject.length > MAX_SUBJECT) return refused('INVALID_INPUT', `A subject is 1 to ${MAX_SUBJECT} characters.`, ['input', 'subject']);

  const partnerId = ticket?.partnerId ?? records?.crmPartnerIds[0] ?? null;
  if (partnerId === null) return refused('CUSTOMER_NOT_IN_CRM', 'The CRM has no record of this customer to keep a case on.', ['input']);
  const customerId =
    named?.customerId ?? (await services.customers.holdersOf([{ kind: 'CRM_PARTNER_ID', value: String(partnerId) }]))[0][0] ?? null;
  const fromCustomer = (input.author ?? 'CUSTOMER') === 'CUSTOMER';
  return {
    input: {
      ticketId: ticket?.id ?? null,
      open: ticket ? null : { partnerId, subject, team: TEAM_OF_CHANNEL[input.channel] },
      message: { text, channel: input.channel, authorPartnerId: fromCustomer ? partnerId : null, internal: false },
      move: null,
      reference,
      customerId,
    },
  };
}

/** Hand-overs and closing: staff's (support:write), on an open case. */
export async function prepareCaseChange(
  context: Context,
  input: HandOverSupportCaseInput | CloseSupportCaseInput,
  reference: string,
): Promise<Prepared> {
  assertWorksSupportCases(context.caller);
  const ticket = await caseOf(context.commerce, input.ticketId);
  if (!ticket) return refused('CASE_NOT_FOUND', 'No case has this id.', ['input', 'ticketId']);
  if (isClosed(ticket)) return refused('CASE_CLOSED', 'This case is closed already.', ['input', 'ticketId']);
  const handOver = 'team' in input;
  const field = ['input', handOver ? 'note' : 'resolution'];
  const text = textOf(handOver ? input.note : input.resolution, field);
  if (text instanceof BusinessRuleError) return { refused: text };
  return {
    input: {
      ticketId: ticket.id,
      open: null,
      // The hand-over note is for staff; the resolution is what the customer was told.
      message: { text, channel: input.channel ?? 'PHONE', authorPartnerId: null, internal: handOver },
      move: handOver ? { team: input.team, ...(ticket.status === 'NEW' ? { stage: 'In Progress' as const } : {}) } : { stage: 'Solved' },
      reference,
      customerId: null,
      partnerId: ticket.partnerId,
    },
  };
}

/** What a support mutation does once its key is claimed: answer the refusal, or run the saga. */
export function supportCaseInput(prepared: Prepared): SupportCaseInput {
  if ('refused' in prepared) throw prepared.refused;
  return prepared.input;
}
