/** A JSON-RPC call straight to the CRM stand-in at `crmUrl`, as its own users (Odoo's clients) would make it. */
export async function crmCall<T>(crmUrl: string, model: string, method: string, args: unknown[]): Promise<T> {
  const response = await fetch(`${crmUrl}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'call',
      id: 1,
      params: { service: 'object', method: 'execute_kw', args: ['retail', 2, 'crm-dev-key', model, method, args] },
    }),
  });
  const answer = (await response.json()) as { result?: T; error?: unknown };
  if (answer.error) throw new Error(JSON.stringify(answer.error));
  return answer.result as T;
}
