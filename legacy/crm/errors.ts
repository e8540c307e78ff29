/**
 * Odoo's exceptions as they cross the JSON-RPC wire: HTTP 200 with an `error` object whose
 * `data.name` is the Python exception class and whose `data.debug` is the server traceback.
 */

export class OdooError extends Error {
  constructor(
    /** Python class path, e.g. `odoo.exceptions.AccessError` or `builtins.ValueError`. */
    readonly exception: string,
    message: string,
    /** Python's `exception.args`: usually just the message. */
    readonly args: unknown[] = [message],
  ) {
    super(message);
  }
}

/** Python's repr(), so messages read exactly like the ones Odoo builds with %r. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyRepr(key)}: ${pyRepr(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Python's repr() of a tuple: `(7,)` for one item. */
export function pyTuple(items: readonly unknown[]): string {
  return items.length === 1 ? `(${pyRepr(items[0])},)` : `(${items.map(pyRepr).join(', ')})`;
}

/** Python's wording for missing arguments: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`. */
export function missingArguments(functionName: string, names: string[]): OdooError {
  const quoted = names.map((name) => `'${name}'`);
  const list = quoted.length <= 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
  const noun = names.length === 1 ? 'argument' : 'arguments';
  return typeError(`${functionName}() missing ${names.length} required positional ${noun}: ${list}`);
}

export const accessDenied = (): OdooError => new OdooError('odoo.exceptions.AccessDenied', 'Access Denied');
export const valueError = (message: string): OdooError => new OdooError('builtins.ValueError', message);
export const typeError = (message: string): OdooError => new OdooError('builtins.TypeError', message);
export const validationError = (message: string): OdooError => new OdooError('odoo.exceptions.ValidationError', message);
export const userError = (message: string): OdooError => new OdooError('odoo.exceptions.UserError', message);
export const keyError = (key: string): OdooError => new OdooError('builtins.KeyError', pyRepr(key), [key]);

export function missingError(model: string, ids: readonly number[], uid: number): OdooError {
  return new OdooError(
    'odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${model}${pyTuple(ids)}, User: ${uid})`,
  );
}

const ACCESS_VERBS = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' } as const;
export type AccessMode = keyof typeof ACCESS_VERBS;

export function accessError(mode: AccessMode, model: { name: string; description: string; managers: string }): OdooError {
  return new OdooError(
    'odoo.exceptions.AccessError',
    `You are not allowed to ${ACCESS_VERBS[mode]} '${model.description}' (${model.name}) records.\n\n` +
      `This operation is allowed for the following groups:\n\t- ${model.managers}\n\n` +
      'Contact your administrator to request access if necessary.',
  );
}

/** The short fake traceback Odoo puts in `data.debug` (Python prints builtins without the module). */
function traceback(error: OdooError): string {
  const className = error.exception.replace(/^builtins\./, '');
  return [
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 2189, in dispatch',
    '    result = endpoint(**self.request.params)',
    '  File "/usr/lib/python3/dist-packages/odoo/service/model.py", line 62, in dispatch',
    '    res = execute_kw(db, uid, *params[3:])',
    '  File "/usr/lib/python3/dist-packages/odoo/api.py", line 466, in call_kw',
    '    result = _call_kw_model(method, model, args, kwargs)',
    `${className}: ${error.message}`,
    '',
  ].join('\n');
}

/** The JSON-RPC error envelope Odoo answers with, always under HTTP 200. */
export function errorEnvelope(id: unknown, error: OdooError): object {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: 200,
      message: 'Odoo Server Error',
      data: { name: error.exception, debug: traceback(error), message: error.message, arguments: error.args, context: {} },
    },
  };
}
