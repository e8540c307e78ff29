import { readFileSync } from 'node:fs';
import { Kind, parse, type OperationDefinitionNode, type TypeNode } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../../gateway/server';
import { DEFAULT_MANIFEST } from '../../gateway/plugins/trusted-documents';
import { STORE_UTC_OFFSET_HOURS } from '../../legacy/seed/world';
import { closedLoop } from '../omnichannel/load';
import { postOperation, protocolFailure } from '../omnichannel/graphql';
import { summary } from './stats';

/**
 * The optional KPI step of the live part: `channelKpis` latency on the large world, measured only
 * when the supergraph the gateway serves has `Query.channelKpis` and a first-party operation that
 * selects it is registered (operations/*.graphql, trusted documents); otherwise skipped, saying why.
 * It sends that operation as the back office's dashboard would, by its hash, for today so far and
 * for the last 30 days, with the operation's own defaults for everything but the period.
 */

export interface KpiRow {
  period: string;
  variables: Record<string, unknown>;
  requests: number;
  failures: number;
  failureReasons: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export type KpiReport = { skipped: string } | { operation: string; login: string; rows: KpiRow[] };

interface RegisteredOperation {
  id: string;
  name: string;
  body: string;
}

/** Whether a supergraph's Query has channelKpis. */
function hasChannelKpis(supergraphSdl: string): boolean {
  return parse(supergraphSdl).definitions.some(
    (definition) =>
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      definition.name.value === 'Query' &&
      (definition.fields ?? []).some((field) => field.name.value === 'channelKpis'),
  );
}

export interface KpiOperation {
  registered: RegisteredOperation;
  operation: OperationDefinitionNode;
}

/**
 * The registered query whose root field is channelKpis, from a supergraph and a trusted-documents
 * manifest (the files the bench's gateway loads); or why there is none to measure.
 */
export function kpiOperationOf(supergraphSdl: string, manifestJson: string): KpiOperation | { skipped: string } {
  if (!hasChannelKpis(supergraphSdl)) return { skipped: 'the supergraph has no Query.channelKpis' };
  const manifest = JSON.parse(manifestJson) as { operations: RegisteredOperation[] };
  for (const registered of manifest.operations) {
    const operation = parse(registered.body).definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const roots = operation?.selectionSet.selections ?? [];
    if (operation?.operation === 'query' && roots.some((root) => root.kind === Kind.FIELD && root.name.value === 'channelKpis'))
      return { registered, operation };
  }
  return { skipped: 'no registered operation (operations/*.graphql, trusted documents) selects channelKpis' };
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

/**
 * The variables for a period: a required DateTime or Date variable named like its start (from,
 * start, since) or its end (to, end, until); every other required variable must have a default.
 * A string saying what could not be filled otherwise.
 */
export function periodVariables(operation: OperationDefinitionNode, from: Date, to: Date): Record<string, unknown> | string {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = namedType(definition.type);
    const required = definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue;
    const instant = /^(from|start|since)/i.test(name) ? from : /^(to|end|until)/i.test(name) ? to : null;
    if (instant && (type === 'DateTime' || type === 'Date')) variables[name] = type === 'Date' ? storeDay(instant) : instant.toISOString();
    else if (required) return `the bench cannot fill the required variable $${name}: ${type}`;
  }
  return variables;
}

/** The store-local calendar day of an instant (the stores are UTC+7). */
const storeDay = (instant: Date) => new Date(instant.getTime() + STORE_UTC_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);

/**
 * Times `requests` answers per period at concurrency 1, as `token` (a back-office persona) asks;
 * `now` is the system's business clock (the world's moment).
 */
/** How long the bench waits for the read model's first history read before it gives up. */
const HISTORY_WAIT_MS = 300_000;

/**
 * Waits until channelKpis answers: the KPI read model reads the systems' whole history after the
 * subgraphs are ready (minutes on the large world), and that read must not run under a measurement.
 * Answers why it could not wait, or null.
 */
export async function kpiHistoryRead(gatewayUrl: string, token: string): Promise<string | null> {
  const found = kpiOperationOf(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'), readFileSync(DEFAULT_MANIFEST, 'utf8'));
  if ('skipped' in found) return found.skipped;
  const day = new Date('2026-01-01T00:00:00+07:00');
  const variables = periodVariables(found.operation, day, new Date(day.getTime() + 86_400_000));
  if (typeof variables === 'string') return variables;
  const deadline = Date.now() + HISTORY_WAIT_MS;
  while ((await postOperation(gatewayUrl, found.registered.body, variables, token)).errors?.[0]?.extensions?.code === 'KPIS_UNAVAILABLE') {
    if (Date.now() > deadline) return `the KPI read model had not taken the history in after ${HISTORY_WAIT_MS / 1000} s`;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return null;
}

export async function measureChannelKpis(
  gatewayUrl: string,
  token: string,
  login: string,
  now: Date,
  requests: number,
): Promise<KpiReport> {
  // The files the bench's gateway serves: it runs with neither SUPERGRAPH_PATH nor OMNIGRAPH_TRUSTED_DOCUMENTS_FILE.
  const found = kpiOperationOf(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'), readFileSync(DEFAULT_MANIFEST, 'utf8'));
  if ('skipped' in found) return found;
  const startOfToday = new Date(`${storeDay(now)}T00:00:00+${String(STORE_UTC_OFFSET_HOURS).padStart(2, '0')}:00`);
  const periods = [
    { period: 'today so far', from: startOfToday, to: now },
    { period: 'the last 30 days', from: new Date(startOfToday.getTime() - 30 * 86_400_000), to: now },
  ];
  const rows: KpiRow[] = [];
  for (const { period, from, to } of periods) {
    const variables = periodVariables(found.operation, from, to);
    if (typeof variables === 'string') return { skipped: `${found.registered.name}: ${variables}` };
    const send = async () => protocolFailure(await postOperation(gatewayUrl, found.registered.body, variables, token));
    // Two untimed first: the read model's first look, connections.
    await closedLoop([0, 1], 1, 60_000, send);
    const result = await closedLoop(
      Array.from({ length: requests }, (_, i) => i),
      1,
      60_000,
      send,
    );
    const latency = summary(result.latenciesMs);
    rows.push({
      period,
      variables,
      requests: result.requests,
      failures: result.failures,
      failureReasons: result.failureReasons,
      p50Ms: latency.p50Ms,
      p99Ms: latency.p99Ms,
      maxMs: latency.maxMs,
    });
  }
  return { operation: found.registered.name, login, rows };
}
