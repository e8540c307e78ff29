import type { GatewayConfigSupergraph, GatewayPlugin } from '@graphql-hive/gateway';
import { ConstDirectiveNode, DocumentNode, GraphQLError, Kind, ObjectTypeDefinitionNode, parse, print, TypeNode, visit } from 'graphql';
import { ANONYMOUS, Caller, encodeCaller } from '../../lib/context';
import { gatewaySecret, REQUEST_ID_HEADER, signedHeaders } from '../../lib/signature';
import { SUBGRAPHS, subgraphUrlOf } from '../../lib/subgraph-locations';
import { filterOperation } from '../access/filter';
import { AccessRules, accessRulesOf } from '../access/rules';
import { grantOf, withRefusals } from '../plugins/authorization';
import { CallerRejected, callerVerifier, CallerVerifier, ProviderUnavailable } from '../plugins/caller';
import { requestIdFrom } from '../plugins/request-id';

/**
 * Omnigraph's supergraph on Hive Gateway (MIT) instead of its own gateway: the proof that the graph
 * and its access rules are not locked in. It keeps what the subgraphs and the schema rely on, with
 * the gateway's own code rather than a copy:
 *
 * - the caller: the bearer token verified against the identity provider's keys (callerVerifier),
 *   401 `UNAUTHENTICATED` for a bad one, 503 `IDENTITY_PROVIDER_UNAVAILABLE` when the keys cannot be read;
 * - the schema's `@authenticated`, `@requiresScopes`, `@policy` and `@tag(name: "public")` rules,
 *   read from the supergraph and enforced before execution by gateway/access/ (Apollo Router's
 *   semantics, deny by default), answering refused fields as Omnigraph's gateway does;
 * - every subgraph call signed for the subgraphs (lib/signature.ts), with the caller and request id,
 *   at `<NAME>_SUBGRAPH_URL` when set;
 * - one adaptation Hive Gateway 2.15 needs to load the supergraph at all (forHiveGateway).
 *
 * What Omnigraph's gateway adds beyond the graph (trusted documents, limits, error masking,
 * subscriptions, metrics) is not here: docs/ARCHITECTURE.md, "Running on another gateway".
 */

/** What each operation's context carries once the caller plugin has read the token. */
interface HiveContext {
  request: Request;
  caller?: Caller;
}

function rejected(message: string, code: string, status: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * The caller from the request's Authorization header, checked as Omnigraph's caller plugin checks
 * it (callerVerifier): no header is anonymous; a bad token answers 401 and nothing else is done.
 */
function useCaller(verify: CallerVerifier): GatewayPlugin<HiveContext> {
  return {
    onContextBuilding: async ({ context, extendContext }) => {
      try {
        extendContext({ caller: (await verify(context.request.headers.get('authorization') ?? undefined)).caller });
      } catch (error) {
        if (error instanceof CallerRejected) throw rejected(error.message, 'UNAUTHENTICATED', 401);
        if (error instanceof ProviderUnavailable)
          throw rejected('Sign-in cannot be checked right now; try again shortly.', 'IDENTITY_PROVIDER_UNAVAILABLE', 503);
        throw error;
      }
    },
  };
}

/**
 * The schema's access rules, enforced by Omnigraph's own code (gateway/access/): before execution,
 * every field the caller may not read is taken out of the operation and answered null with
 * `UNAUTHENTICATED` or `FORBIDDEN` at its path, so no subgraph is called for it. Hive's genericAuth
 * plugin reads the same directives but not with the same meaning (see docs/ARCHITECTURE.md).
 */
function useAccessRules(rules: AccessRules): GatewayPlugin<HiveContext> {
  return {
    onExecute: ({ args, executeFn, setExecuteFn }) => {
      const caller = (args.contextValue as Partial<HiveContext>).caller ?? ANONYMOUS;
      const operation = filterOperation(args.schema, rules, grantOf(caller), args.document, args.operationName ?? undefined);
      if (operation.refusals.length === 0) return;
      const { document, refusals } = operation;
      setExecuteFn(async (executionArgs) => {
        if (!document) return withRefusals(refusals, null);
        const result = await executeFn({ ...executionArgs, document });
        // A query answers once; an incremental delivery (@defer) is not filtered further.
        return Symbol.asyncIterator in result ? result : { ...result, ...withRefusals(refusals, result) };
      });
    },
  };
}

/**
 * Every request's id, as Omnigraph's request-id plugin keeps it (the caller's own if it is a sane
 * one, else a new one, echoed in the answer), and each subgraph call signed as Omnigraph's gateway
 * signs it (gateway/datasource.ts): the exact body, the request id and the caller, with the secret
 * the subgraphs share; a subgraph answers nothing else. Hive's own request-id plugin is off: it
 * takes any header as it comes.
 */
function useSignedSubgraphCalls(env: NodeJS.ProcessEnv): GatewayPlugin<HiveContext> {
  const secret = gatewaySecret(env);
  const requestIds = new WeakMap<Request, string>();
  return {
    onRequest: ({ request }) => {
      requestIds.set(request, requestIdFrom(request.headers.get(REQUEST_ID_HEADER)));
    },
    onFetch: ({ options, setOptions, context }) => {
      const incoming = 'request' in context ? context : undefined;
      const requestId = (incoming && requestIds.get(incoming.request)) ?? '';
      const body = typeof options.body === 'string' ? options.body : '';
      const caller = encodeCaller(incoming?.caller ?? ANONYMOUS);
      setOptions({ ...options, headers: { ...options.headers, ...signedHeaders(secret, { requestId, caller, body }) } });
    },
    onResponse: ({ request, response }) => {
      const requestId = requestIds.get(request);
      if (requestId) response.headers.set(REQUEST_ID_HEADER, requestId);
    },
  };
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
const argumentOf = (directive: ConstDirectiveNode, name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
const joinTypes = (type: ObjectTypeDefinitionNode) => (type.directives ?? []).filter((d) => d.name.value === 'join__type');

/**
 * The supergraph as Hive Gateway 2.15 can load it. Its planner (graphql-tools' stitching) isolates
 * each `@requires` field in a subschema of its own and marks the value type it returns canonical
 * there; a value type (no key) that `@requires` fields of two subgraphs return is then canonical
 * twice and the whole graph fails to load ("Multiple canonical definitions for OrderIndexEntry").
 * Such a type is given its id field as a key in each subgraph that declares it (with every field
 * as the key it would have no field left to isolate, and fail alike): its fields are all resolved
 * where it is returned, so no subgraph is ever asked for it by key, and nothing else changes. Every
 * other definition is kept as composed.
 */
export function forHiveGateway(supergraphSdl: string): string {
  const document = parse(supergraphSdl);
  const objects = document.definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION);
  const valueTypes = new Set(
    objects.filter((type) => joinTypes(type).length > 1 && joinTypes(type).every((d) => !argumentOf(d, 'key'))).map((t) => t.name.value),
  );
  const graphsRequiring = new Map<string, Set<string>>();
  for (const type of objects) {
    for (const field of type.fields ?? []) {
      const returned = namedType(field.type);
      if (!valueTypes.has(returned)) continue;
      for (const join of (field.directives ?? []).filter((d) => d.name.value === 'join__field' && argumentOf(d, 'requires'))) {
        const graph = argumentOf(join, 'graph');
        if (graph?.kind === Kind.ENUM) graphsRequiring.set(returned, (graphsRequiring.get(returned) ?? new Set()).add(graph.value));
      }
    }
  }
  const keyed = new Set([...graphsRequiring].filter(([, graphs]) => graphs.size > 1).map(([type]) => type));
  if (keyed.size === 0) return supergraphSdl;
  const adapted = visit(document, {
    ObjectTypeDefinition: (type) => {
      if (!keyed.has(type.name.value)) return undefined;
      const key = type.fields?.find((field) => namedType(field.type) === 'ID')?.name.value;
      if (!key) return undefined;
      return {
        ...type,
        directives: type.directives?.map((directive) =>
          directive.name.value === 'join__type'
            ? {
                ...directive,
                arguments: [
                  ...(directive.arguments ?? []),
                  { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'key' }, value: { kind: Kind.STRING, value: key } },
                ],
              }
            : directive,
        ),
      };
    },
  }) as DocumentNode;
  return `${print(adapted)}\n`;
}

/**
 * Hive Gateway's options for the supergraph `supergraphSdl` (schema/supergraph.graphql, with its
 * authorization directives), for `createGatewayRuntime` or a `gateway.config.ts`.
 */
export function omnigraphOnHive(
  supergraphSdl: string,
  env: NodeJS.ProcessEnv,
  verify: CallerVerifier = callerVerifier(env),
): GatewayConfigSupergraph<HiveContext> {
  const rules = accessRulesOf(supergraphSdl);
  return {
    supergraph: forHiveGateway(supergraphSdl),
    requestId: false,
    logging: env.LOG_LEVEL === 'silent' ? false : 'error',
    transportEntries: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, { location: subgraphUrlOf(name, env) }])),
    plugins: () => [useCaller(verify), useAccessRules(rules), useSignedSubgraphCalls(env)],
  };
}
