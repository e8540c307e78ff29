import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain HTTP server on 127.0.0.1 for a test file's suites, standing in for a legacy system's API
 * where only its answers matter (up, down, slow): started before them, closed after them.
 */
export function localServer(handler: RequestListener): { url: () => string } {
  const server = createServer(handler);
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return { url: () => url };
}
