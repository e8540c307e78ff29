import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { buildPartnerGatewayServer } from '../../gateway/partner-server';
import { buildGatewayServer } from '../../gateway/server';
import { buildSubgraphServer } from '../../lib/subgraph';
import { DEFAULT_PORTS, SUBGRAPHS } from '../../lib/subgraph-locations';

/**
 * The containers and cluster manifests (Dockerfile, deploy/compose.yaml, deploy/kubernetes/), read
 * as a reviewer would: valid Kubernetes objects, probes on the paths and ports the servers really
 * answer, resources and a non-root user everywhere, Services and the autoscaler pointing at
 * Deployments that exist, every configuration key a pod reads present, and a compose file that
 * brings up the graph beside PostgreSQL, Redis and NATS. Offline: no cluster, no Docker engine.
 */
const ROOT = resolve(__dirname, '../..');
const KUBERNETES_DIR = join(ROOT, 'deploy/kubernetes');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Probe {
  httpGet?: { path: string; port: number | string };
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: { name: string; key: string } };
}

interface Container {
  name: string;
  args?: string[];
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; allowPrivilegeEscalation?: boolean };
}

interface PodSpec {
  initContainers?: Container[];
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}

interface Deployment extends Manifest {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

interface Kustomization {
  resources?: string[];
  patches?: { path?: string; patch?: string; target?: { kind: string; name: string } }[];
}

function readYaml(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${relative(ROOT, file)}: ${document.errors[0].message}`);
      return document.toJS() as Manifest;
    })
    .filter((object) => object !== null);
}

/**
 * What each kustomization under deploy/kubernetes/ applies: the objects of its resource files
 * (whole objects, validated as such), and its patches (partial objects, or JSON patches naming
 * their target), each with the file it came from.
 */
function readKustomizations(dir: string): {
  resources: { file: string; object: Manifest }[];
  patches: { file: string; target: { kind: string; name: string }; object?: Manifest }[];
} {
  const resources: { file: string; object: Manifest }[] = [];
  const patches: { file: string; target: { kind: string; name: string }; object?: Manifest }[] = [];
  const kustomizations = readdirSync(dir, { withFileTypes: true, recursive: true }).filter(
    (entry) => entry.isFile() && entry.name === 'kustomization.yaml',
  );
  for (const entry of kustomizations) {
    const kustomization = parse(readFileSync(join(entry.parentPath, entry.name), 'utf8')) as Kustomization;
    for (const resource of kustomization.resources ?? []) {
      const file = join(entry.parentPath, resource);
      if (!/\.ya?ml$/.test(resource)) continue; // another kustomization, read on its own
      resources.push(...readYaml(file).map((object) => ({ file: relative(ROOT, file), object })));
    }
    for (const patch of kustomization.patches ?? []) {
      if (patch.path) {
        const file = join(entry.parentPath, patch.path);
        for (const object of readYaml(file))
          patches.push({ file: relative(ROOT, file), target: { kind: object.kind, name: object.metadata.name }, object });
      } else if (patch.target) {
        patches.push({ file: relative(ROOT, join(entry.parentPath, entry.name)), target: patch.target });
      }
    }
  }
  return { resources, patches };
}

/** kubernetes-models' verdict on each object (null: valid), from a plain Node process (tests/support/kubernetes-models.mjs). */
function validateAgainstKubernetesSchemas(objects: Manifest[]): (string | null)[] {
  const answer = execFileSync(process.execPath, [join(ROOT, 'tests/support/kubernetes-models.mjs')], {
    cwd: ROOT,
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  return JSON.parse(answer) as (string | null)[];
}

const { resources: manifests, patches } = readKustomizations(KUBERNETES_DIR);
const objects = manifests.map(({ object }) => object);
/** ConfigMaps and Secrets as every overlay may see them: whole, or keys a patch adds. */
const configuration = [...objects, ...patches.flatMap(({ object }) => (object ? [object] : []))];
const ofKind = <T extends Manifest>(kind: string) => objects.filter((object): object is T => object.kind === kind);
const deployments = ofKind<Deployment>('Deployment');
const containersOf = (deployment: Deployment) => [
  ...(deployment.spec.template.spec.initContainers ?? []),
  ...deployment.spec.template.spec.containers,
];
const configMaps = configuration.filter((object): object is Manifest & { data: Record<string, string> } => object.kind === 'ConfigMap');
const secrets = configuration.filter((object) => object.kind === 'Secret');
const services = ofKind<Manifest & { spec: { selector: Record<string, string>; ports: { port: number; targetPort: number | string }[] } }>(
  'Service',
);

/** The port a server listens on and the variable that sets it, as its entry point reads them. */
const LISTENERS: Record<string, { portVariable: string; defaultPort: number }> = {
  gateway: { portVariable: 'GATEWAY_PORT', defaultPort: DEFAULT_PORTS.gateway },
  'partner-gateway': { portVariable: 'PARTNER_GATEWAY_PORT', defaultPort: DEFAULT_PORTS.partnerGateway },
  ...Object.fromEntries(
    SUBGRAPHS.map(({ name, defaultPort }) => [name, { portVariable: `${name.toUpperCase()}_SUBGRAPH_PORT`, defaultPort }]),
  ),
};

function containerPort(container: Container, port: number | string): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

/** The keys a ConfigMap or Secret of that name holds, in the base or added by a patch (a patch's null removes a key: it adds none). */
function keysOf(kind: 'ConfigMap' | 'Secret', name: string): Set<string> | undefined {
  const sources = (kind === 'ConfigMap' ? configMaps : secrets).filter((source) => source.metadata.name === name);
  if (sources.length === 0) return undefined;
  return new Set(
    sources.flatMap((source) => {
      const { data = {}, stringData = {} } = source as { data?: Record<string, string | null>; stringData?: Record<string, string | null> };
      return Object.entries({ ...data, ...stringData }).flatMap(([key, value]) => (value === null ? [] : [key]));
    }),
  );
}

/** What a container's environment holds: its own values, then its ConfigMaps' and Secrets' keys. */
function environmentOf(container: Container): Map<string, string | undefined> {
  const environment = new Map<string, string | undefined>();
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    const map = objects.find((candidate) => candidate.kind === 'ConfigMap' && candidate.metadata.name === name) as
      { data?: Record<string, string> } | undefined;
    for (const [key, value] of Object.entries(map?.data ?? {})) environment.set(key, value);
    const secret = source.secretRef && keysOf('Secret', source.secretRef.name);
    for (const key of secret ?? []) environment.set(key, undefined);
  }
  for (const variable of container.env ?? []) environment.set(variable.name, variable.value);
  return environment;
}

/** The graph's own Deployments, not the stand-ins'. */
const graphDeployments = deployments.filter((deployment) => deployment.metadata.name in LISTENERS);

const entryPointOf = (container: Container) =>
  [...(container.command ?? []), ...(container.args ?? [])].find((part) => part.endsWith('.ts'));

describe('the Kubernetes manifests', () => {
  it('are objects the Kubernetes API accepts, by its OpenAPI schemas', () => {
    expect(deployments.length).toBeGreaterThan(0);
    const verdicts = validateAgainstKubernetesSchemas(objects);
    const refused = manifests.flatMap(({ file, object }, index) =>
      verdicts[index] === null ? [] : [`${file}: ${object.kind} ${object.metadata?.name}: ${verdicts[index]}`],
    );
    expect(refused).toEqual([]);
  });

  it('run the gateway, the partner gateway and every subgraph of the registry, each from its own entry point', () => {
    const entryPoints = Object.fromEntries(
      deployments.map((deployment) => [deployment.metadata.name, entryPointOf(deployment.spec.template.spec.containers[0])]),
    );
    expect(entryPoints).toMatchObject({
      gateway: 'gateway/main.ts',
      'partner-gateway': 'gateway/partner-main.ts',
      ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, `subgraphs/${name}/main.ts`])),
    });
    for (const entryPoint of Object.values(entryPoints)) expect(existsSync(join(ROOT, entryPoint!))).toBe(true);
    // The trial overlay's stand-ins: the legacy systems and the embedded identity provider, each behind its Service.
    const standIns = deployments.filter((deployment) => deployment.metadata.labels?.['app.kubernetes.io/component'] === 'stand-in');
    expect(standIns.flatMap((deployment) => deployment.spec.template.spec.containers.map(entryPointOf)).sort()).toEqual([
      'identity-provider/main.ts',
      'legacy/start.ts',
    ]);
    expect(services.map((service) => service.metadata.name)).toEqual(expect.arrayContaining(['identity-provider', 'legacy']));
  });

  it.each(Object.entries(LISTENERS))(
    'listen, and probe %s, on the port its server is told to listen on',
    (name, { portVariable, defaultPort }) => {
      const deployment = deployments.find((candidate) => candidate.metadata.name === name);
      const container = deployment!.spec.template.spec.containers[0];
      const environment = environmentOf(container);
      // The port the process listens on: its variable if the pod sets it, else its entry point's default.
      const listening = Number(environment.get(portVariable) ?? defaultPort);
      expect(listening).toBe(defaultPort);
      expect(container.ports?.map((port) => port.containerPort)).toEqual([listening]);
      expect(container.livenessProbe?.httpGet?.path).toBe('/health');
      expect(container.readinessProbe?.httpGet?.path).toBe('/ready');
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        if (probe) expect(containerPort(container, probe.httpGet!.port)).toBe(listening);
      }
      // The Service in front of it reaches that port, and the other pods find it where the ConfigMap says.
      const service = services.find((candidate) => candidate.metadata.name === name);
      expect(service).toBeDefined();
      const servicePort = service!.spec.ports[0];
      expect(containerPort(container, servicePort.targetPort)).toBe(listening);
      const subgraph = SUBGRAPHS.find((candidate) => candidate.name === name);
      if (subgraph) expect(environment.get(`${name.toUpperCase()}_SUBGRAPH_URL`)).toBe(`http://${name}:${servicePort.port}/graphql`);
    },
  );

  it('probe every long-running container, stand-ins too, for liveness and readiness on a port it listens on', () => {
    for (const deployment of deployments) {
      for (const container of deployment.spec.template.spec.containers) {
        const where = `${deployment.metadata.name}/${container.name}`;
        const listening = container.ports?.map((port) => port.containerPort) ?? [];
        for (const probe of [container.livenessProbe, container.readinessProbe]) {
          expect([where, probe?.httpGet?.path?.startsWith('/')]).toEqual([where, true]);
          expect([where, listening.includes(containerPort(container, probe!.httpGet!.port) ?? -1)]).toEqual([where, true]);
        }
      }
    }
  });

  it('ask for resources, cap them, and run as a non-root user that cannot gain privileges', () => {
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      for (const container of containersOf(deployment)) {
        const where = `${deployment.metadata.name}/${container.name}`;
        expect([where, Object.keys(container.resources?.requests ?? {}).sort()]).toEqual([where, ['cpu', 'memory']]);
        expect([where, Object.keys(container.resources?.limits ?? {}).sort()]).toEqual([where, ['cpu', 'memory']]);
        const runAsNonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        const runAsUser = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
        expect([where, runAsNonRoot, (runAsUser ?? 0) > 0]).toEqual([where, true, true]);
        expect([where, container.securityContext?.allowPrivilegeEscalation]).toEqual([where, false]);
      }
    }
  });

  it('select, with each Service, the pods of one Deployment, on ports its containers listen on', () => {
    for (const service of services) {
      const selected = deployments.filter((deployment) =>
        Object.entries(service.spec.selector).every(([label, value]) => deployment.spec.template.metadata.labels[label] === value),
      );
      expect([service.metadata.name, selected.length]).toEqual([service.metadata.name, 1]);
      const containers = selected[0]?.spec.template.spec.containers ?? [];
      for (const { targetPort } of service.spec.ports)
        expect([
          service.metadata.name,
          targetPort,
          containers.some((container) => containerPort(container, targetPort) !== undefined),
        ]).toEqual([service.metadata.name, targetPort, true]);
    }
    for (const deployment of deployments) {
      const { matchLabels } = deployment.spec.selector;
      for (const [label, value] of Object.entries(matchLabels)) expect(deployment.spec.template.metadata.labels[label]).toBe(value);
    }
  });

  it('scale the gateway with a HorizontalPodAutoscaler, and only what may have more than one replica', () => {
    const autoscalers = ofKind<
      Manifest & { spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number } }
    >('HorizontalPodAutoscaler');
    expect(autoscalers.map((autoscaler) => autoscaler.apiVersion)).toContain('autoscaling/v2');
    const scaled = autoscalers.map(({ spec }) => {
      expect(spec.scaleTargetRef.kind).toBe('Deployment');
      expect(deployments.map((deployment) => deployment.metadata.name)).toContain(spec.scaleTargetRef.name);
      expect(spec.maxReplicas).toBeGreaterThan(spec.minReplicas);
      return spec.scaleTargetRef.name;
    });
    expect(scaled).toContain('gateway');
    // Feeds are read by one replica for all (their leases): pos, commerce, marketplace and kpis run two, not autoscaled
    // (each start reads every store's feed, the marketplace's history, or the model's marks), with the leases.
    for (const name of ['pos', 'commerce', 'marketplace', 'kpis']) {
      const deployment = deployments.find((one) => one.metadata.name === name)!;
      expect([name, deployment.spec.replicas]).toEqual([name, 2]);
      expect(scaled).not.toContain(name);
      const env = deployment.spec.template.spec.containers[0].env ?? [];
      expect([name, env.some((variable) => variable.name === 'FEED_LEASES_URL')]).toEqual([name, true]);
    }
    // The ERP's goods movements are followed by one warehouse replica at a time.
    const warehouseEnv = deployments.find((one) => one.metadata.name === 'warehouse')!.spec.template.spec.containers[0].env ?? [];
    expect(warehouseEnv.some((variable) => variable.name === 'FEED_LEASES_URL')).toBe(true);
    // Identity's records are shared in PostgreSQL and its reading of the systems is leased: two replicas, never autoscaled (each holds the index).
    const identity = deployments.find((deployment) => deployment.metadata.name === 'identity')!;
    expect(identity.spec.replicas).toBe(2);
    expect(scaled).not.toContain('identity');
  });

  it('are each applied by a kustomization, so none goes unchecked or unapplied', () => {
    const listed = new Set([...manifests, ...patches].map(({ file }) => file));
    const files = readdirSync(KUBERNETES_DIR, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name !== 'kustomization.yaml')
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
    expect(files.filter((file) => !listed.has(file))).toEqual([]);
  });

  it('patch, in each overlay, only objects its bases have', () => {
    for (const { file, target } of patches)
      expect([
        file,
        target.kind,
        target.name,
        objects.some((object) => object.kind === target.kind && object.metadata.name === target.name),
      ]).toEqual([file, target.kind, target.name, true]);
  });

  it('read only configuration and secrets that exist, and keep every secret out of the ConfigMap', () => {
    const missing: string[] = [];
    for (const deployment of deployments) {
      for (const container of containersOf(deployment)) {
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef && !keysOf('ConfigMap', source.configMapRef.name)) missing.push(`ConfigMap ${source.configMapRef.name}`);
          if (source.secretRef && !keysOf('Secret', source.secretRef.name)) missing.push(`Secret ${source.secretRef.name}`);
        }
        for (const { name, valueFrom } of container.env ?? []) {
          const reference = valueFrom?.configMapKeyRef ?? valueFrom?.secretKeyRef;
          if (!reference) continue;
          const kind = valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret';
          if (!keysOf(kind, reference.name)?.has(reference.key))
            missing.push(`${deployment.metadata.name}: ${name} from ${kind} ${reference.name}/${reference.key}`);
        }
      }
    }
    expect(missing).toEqual([]);
    const secretLike = /SECRET|TOKEN|PASSWORD|_KEY$|_STATE_URL|_DECISIONS_URL|ACCESS_RECORD_URL|REDIS_URL/;
    for (const map of configMaps) expect(Object.keys(map.data).filter((key) => secretLike.test(key))).toEqual([]);
  });

  it('give every process what production requires of it', () => {
    for (const deployment of graphDeployments) {
      const environment = environmentOf(deployment.spec.template.spec.containers[0]);
      const where = deployment.metadata.name;
      expect([where, environment.get('NODE_ENV')]).toEqual([where, 'production']);
      for (const required of ['OMNIGRAPH_GATEWAY_SECRET', 'OMNIGRAPH_METRICS_TOKEN', 'OMNIGRAPH_OIDC_ISSUER'])
        expect([where, environment.has(required)]).toEqual([where, true]);
    }
    const partnerGateway = environmentOf(
      deployments.find((deployment) => deployment.metadata.name === 'partner-gateway')!.spec.template.spec.containers[0],
    );
    expect(partnerGateway.has('REDIS_URL') || partnerGateway.has('PARTNER_LIMITS_REDIS_URL')).toBe(true);
  });
});

describe('the probes the manifests name', () => {
  const env = { LOG_LEVEL: 'silent', NODE_ENV: 'test' };
  const paths = [
    ...new Set(
      graphDeployments.flatMap((deployment) =>
        deployment.spec.template.spec.containers.flatMap((container) =>
          [container.livenessProbe, container.readinessProbe, container.startupProbe].flatMap((probe) =>
            probe?.httpGet ? [probe.httpGet.path] : [],
          ),
        ),
      ),
    ),
  ];

  it.each([
    ['the gateway', () => buildGatewayServer({ env })],
    ['the partner gateway', () => buildPartnerGatewayServer({ env })],
    [
      'a subgraph',
      () =>
        buildSubgraphServer(
          {
            name: 'crm',
            typeDefs: 'type Query { ping: String }',
            resolvers: { Query: { ping: () => 'pong' } },
            createContext: (base) => base,
          },
          { env },
        ),
    ],
  ])('are answered 200 by %s once it is ready', async (_server, build) => {
    const app = await build();
    try {
      for (const path of paths) expect([path, (await app.inject({ url: path })).statusCode]).toEqual([path, 200]);
    } finally {
      await app.close();
    }
  });
});

describe('the compose file', () => {
  const compose = parse(readFileSync(join(ROOT, 'deploy/compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        image?: string;
        command?: string[];
        environment?: Record<string, string | number>;
        healthcheck?: { test: string[] };
        depends_on?: Record<string, { condition: string }>;
      }
    >;
  };
  const services = compose.services;

  it('brings up PostgreSQL, Redis, NATS, the gateways and every subgraph, each with a health check', () => {
    const graph = ['gateway', 'partner-gateway', ...SUBGRAPHS.map(({ name }) => name)];
    for (const name of ['postgres', 'redis', 'nats', ...graph])
      expect([name, Boolean(services[name]?.healthcheck?.test.length)]).toEqual([name, true]);
    expect(services.nats.command?.join(' ')).toMatch(/--jetstream|-js/);
    for (const name of graph) {
      const { environment = {}, healthcheck, command = [] } = services[name];
      const listener = LISTENERS[name];
      const port = Number(environment[listener.portVariable] ?? listener.defaultPort);
      expect([name, port]).toEqual([name, listener.defaultPort]);
      expect([name, healthcheck!.test.join(' ')]).toEqual([name, expect.stringContaining(`http://127.0.0.1:${port}/ready`)]);
      expect(existsSync(join(ROOT, command[0]))).toBe(true);
      // The graph's own state and events go to the servers beside it.
      expect(String(environment.EVENTS_NATS_URL)).toMatch(/^nats:\/\/nats:/);
      expect(String(environment.REDIS_URL)).toMatch(/^redis:\/\/redis:/);
      for (const store of [
        'COMMERCE_STATE_URL',
        'MARKETPLACE_STATE_URL',
        'IDENTITY_DECISIONS_URL',
        'IDENTITY_DIRECTORY_URL',
        'ACCESS_RECORD_URL',
        'KPIS_STATE_URL',
        'FEED_LEASES_URL',
      ])
        expect(String(environment[store])).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      for (const subgraph of SUBGRAPHS)
        expect(environment[`${subgraph.name.toUpperCase()}_SUBGRAPH_URL`]).toBe(`http://${subgraph.name}:${subgraph.defaultPort}/graphql`);
    }
  });
});

describe('the Dockerfile', () => {
  const lines = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const instructions = lines.map((line) => {
    const [instruction, ...rest] = line.split(/\s+/);
    return { instruction: instruction.toUpperCase(), argument: rest.join(' ') };
  });
  const stages = instructions.filter(({ instruction }) => instruction === 'FROM');
  const runtime = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));

  it('builds in one stage with npm ci and runs from a slim Node 20 one, as a user who is not root', () => {
    expect(stages.length).toBeGreaterThan(1);
    expect(instructions.some(({ instruction, argument }) => instruction === 'RUN' && /\bnpm ci\b/.test(argument))).toBe(true);
    expect(stages.at(-1)!.argument).toMatch(/^node:20-bookworm-slim\b/);
    const user = runtime.filter(({ instruction }) => instruction === 'USER').at(-1)?.argument;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
    const env = runtime
      .filter(({ instruction }) => instruction === 'ENV')
      .map(({ argument }) => argument)
      .join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
    expect(runtime.find(({ instruction }) => instruction === 'ENTRYPOINT')?.argument).toMatch(/--max-semi-space-size=32/);
  });

  it('puts in the image every entry point the compose file and the manifests start', () => {
    const copied = runtime
      .filter(({ instruction }) => instruction === 'COPY')
      .map(({ argument }) => argument.split(/\s+/).at(-1)!.replace(/^\.\//, ''));
    const entryPoints = [
      ...deployments.flatMap((deployment) => containersOf(deployment).map(entryPointOf)),
      ...Object.values(
        parse(readFileSync(join(ROOT, 'deploy/compose.yaml'), 'utf8'), { merge: true }).services as Record<string, { command?: string[] }>,
      ).flatMap((service) => service.command?.filter((part) => part.endsWith('.ts')) ?? []),
    ];
    for (const entryPoint of entryPoints) expect([entryPoint, copied.includes(entryPoint!.split('/')[0])]).toEqual([entryPoint, true]);
  });
});
