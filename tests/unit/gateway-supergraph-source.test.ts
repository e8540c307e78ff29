import { mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloGateway, SupergraphSdlHook } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { useAuthorization } from '../../gateway/plugins/authorization';
import { useSupergraphFile } from '../../gateway/plugins/supergraph-source';
import { useNoTelemetry } from '../../gateway/plugins/telemetry';
import { DEFAULT_SUPERGRAPH_PATH } from '../../gateway/server';

const ORIGINAL = 'One person, recognised across every channel.';
const supergraph = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
const describing = (words: string) => supergraph.replace(ORIGINAL, words);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for the file watch (every 200 ms) to have seen a change. */
const WATCHED = 700;

describe('the supergraph source plugin', () => {
  // Nothing built here reports to Apollo either.
  useNoTelemetry();
  const dir = mkdtempSync(join(tmpdir(), 'omnigraph-supergraph-'));
  const logged: { msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string }) });
  const messages = () => logged.map((line) => line.msg).filter((msg) => /supergraph/.test(msg));

  /**
   * The plugin's hook as the gateway assembly runs it, with the authorization plugin's rewrite of
   * what it loads, first and on each update: Apollo Gateway refuses a supergraph that links the
   * authorization specs, and the authorization plugin is what takes them out.
   */
  function sourceOf(file: string): SupergraphSdlHook {
    const source = useSupergraphFile(file, log).gateway!.supergraphSdl!;
    const rewrite = useAuthorization().supergraph!;
    return async (options) => {
      const loaded = await source({ ...options, update: (sdl) => options.update(rewrite(sdl)) });
      try {
        return { ...loaded, supergraphSdl: rewrite(loaded.supergraphSdl) };
      } catch (error) {
        // Refused before Apollo Gateway holds the cleanup: stop watching the file here.
        await loaded.cleanup?.();
        throw error;
      }
    };
  }

  /** A real Apollo Gateway fed by the plugin alone; `description()` reads the API schema it serves now. */
  async function gatewayOn(file: string) {
    const gateway = new ApolloGateway({ supergraphSdl: sourceOf(file), logger: log });
    let current: GraphQLSchema | undefined;
    gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
      current = apiSchema;
    });
    await gateway.load();
    const description = () => current?.getType('Customer')?.description;
    return { gateway, description };
  }
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 30 && !check(); i += 1) await sleep(100);
    expect(check()).toBe(true);
  };

  let file: string;
  let running: Awaited<ReturnType<typeof gatewayOn>>;
  beforeAll(async () => {
    file = join(dir, 'supergraph.graphql');
    writeFileSync(file, supergraph);
    running = await gatewayOn(file);
  });
  afterAll(() => running?.gateway.stop());
  beforeEach(() => {
    logged.length = 0;
  });

  it('serves the file, and a changed file without a restart', async () => {
    expect(running.description()).toBe(ORIGINAL);
    writeFileSync(file, describing('One person, everywhere.'));
    await until(() => running.description() === 'One person, everywhere.');
    expect(messages()).toEqual(['supergraph reloaded']);
  });

  it('refuses a file that does not load, keeps the running schema, and takes the next good one', async () => {
    writeFileSync(file, 'this is not a supergraph');
    await sleep(WATCHED);
    expect(running.description()).toBe('One person, everywhere.');
    expect(messages()).toEqual(['new supergraph refused; keeping the current one']);
    writeFileSync(file, describing('One person, again.'));
    await until(() => running.description() === 'One person, again.');
  });

  it('keeps the running schema while the file is gone', async () => {
    unlinkSync(file);
    await sleep(WATCHED);
    expect(running.description()).toBe('One person, again.');
    expect(messages()).toEqual([]);
    writeFileSync(file, describing('One person, back.'));
    await until(() => running.description() === 'One person, back.');
  });

  it('does not start from a file that does not load, or is not there', async () => {
    const broken = join(dir, 'broken.graphql');
    writeFileSync(broken, 'this is not a supergraph');
    await expect(new ApolloGateway({ supergraphSdl: sourceOf(broken), logger: log }).load()).rejects.toThrow();
    await expect(new ApolloGateway({ supergraphSdl: sourceOf(join(dir, 'missing.graphql')), logger: log }).load()).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('stops watching the file when the gateway stops', async () => {
    const other = join(dir, 'other.graphql');
    writeFileSync(other, supergraph);
    const stopped = await gatewayOn(other);
    await stopped.gateway.stop();
    writeFileSync(other, describing('One person, unseen.'));
    await sleep(WATCHED);
    expect(stopped.description()).toBe(ORIGINAL);
    expect(messages()).toEqual([]);
  });
});
