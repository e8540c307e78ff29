import { parseArgs } from 'node:util';
import { accessTokenFor } from '../identity-provider/sign-in';
import { dataDir } from '../legacy/kit/main';
import { seededPersonas } from '../legacy/seed/personas';

/**
 * `npm run token -- --as <persona>`: an access token for the graph from the identity provider
 * `npm start` runs, signed in as one of the seeded world's personas the way its app would (a
 * person through the sign-in page with PKCE, a partner or job with client credentials). Paste it
 * into the explorer's headers as {"Authorization": "Bearer <token>"}. `--list` names the personas.
 */

const usage = 'usage: npm run token -- --as <persona> [--issuer URL]   |   npm run token -- --list';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      as: { type: 'string' },
      issuer: { type: 'string', default: `http://127.0.0.1:${process.env.IDENTITY_PROVIDER_PORT ?? 4010}` },
      list: { type: 'boolean', default: false },
    },
  });
  // The personas npm start gave its provider: those of the world seeded into the data folder.
  const personas = seededPersonas(dataDir());
  if (values.list) {
    for (const persona of personas)
      console.log(`${persona.login.padEnd(20)} ${persona.kind.padEnd(6)} ${persona.roles.join(',').padEnd(18)} ${persona.name}`);
    return;
  }
  const persona = personas.find((p) => p.login === values.as);
  if (!persona) {
    console.error(values.as ? `no persona "${values.as}": npm run token -- --list names them` : usage);
    process.exit(2);
  }
  console.log(await accessTokenFor(values.issuer, persona));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
