/**
 * Odoo's api.call_kw: a model method called with positional `args` and keyword `kwargs`, bound
 * the way Python binds them (so mistakes come back as Python's own TypeErrors).
 */
import { keyError, missingArguments, OdooError, pyRepr, typeError } from './errors';
import { Model, MODELS } from './models';
import { Load, Orm, SearchOptions } from './orm';

export interface Signature {
  /** Python parameter names after `self`, required ones first. */
  params: string[];
  required: number;
  /** Accepted only by keyword (search_read passes **read_kwargs on to read). */
  keywords?: string[];
}

type Arguments = Record<string, unknown>;

interface Method extends Signature {
  /** Record methods: api.call_kw takes the ids from the first positional argument. */
  onRecords?: boolean;
  run(orm: Orm, model: Model, args: Arguments, call: { ids: unknown; activeTest: boolean }): unknown;
}

/** Only the exact default gives `[id, name]` pairs; any other load gives bare ids, as in Odoo. */
function loadOf(load: unknown): Load {
  return load === undefined || load === '_classic_read' ? 'names' : 'ids';
}

function searchOptions(a: Arguments, activeTest: boolean): SearchOptions {
  return { domain: a.domain, offset: a.offset, limit: a.limit, order: a.order, activeTest };
}

const METHODS: Record<string, Method> = {
  search_read: {
    params: ['domain', 'fields', 'offset', 'limit', 'order'],
    required: 0,
    keywords: ['load'],
    run: (orm, model, a, { activeTest }) => orm.searchRead(model, searchOptions(a, activeTest), a.fields, loadOf(a.load)),
  },
  search: {
    params: ['domain', 'offset', 'limit', 'order'],
    required: 1,
    run: (orm, model, a, { activeTest }) => orm.search(model, searchOptions(a, activeTest)),
  },
  search_count: {
    params: ['domain', 'limit'],
    required: 1,
    run: (orm, model, a, { activeTest }) => orm.searchCount(model, a.domain, a.limit, activeTest),
  },
  read: {
    params: ['fields', 'load'],
    required: 0,
    onRecords: true,
    run: (orm, model, a, { ids }) => orm.read(model, ids, a.fields, loadOf(a.load)),
  },
  create: {
    params: ['vals_list'],
    required: 1,
    run: (orm, model, a) => orm.create(model, a.vals_list),
  },
  write: {
    params: ['vals'],
    required: 1,
    onRecords: true,
    run: (orm, model, a, { ids }) => orm.write(model, ids, a.vals),
  },
  unlink: {
    params: [],
    required: 0,
    onRecords: true,
    run: (orm, model) => orm.unlink(model),
  },
  fields_get: {
    params: ['allfields', 'attributes'],
    required: 0,
    run: (orm, model, a) => orm.fieldsGet(model, a.allfields, a.attributes),
  },
};

function positionalCountMessage(name: string, signature: Signature, given: number): string {
  // Python counts `self` among the positional arguments.
  const { params, required } = signature;
  const takes = required === params.length ? `${params.length + 1}` : `from ${required + 1} to ${params.length + 1}`;
  const noun = takes === '1' ? 'argument' : 'arguments';
  return `${name}() takes ${takes} positional ${noun} but ${given + 1} ${given === 0 ? 'was' : 'were'} given`;
}

/** Binds positional and keyword arguments to parameter names as Python does, or raises its TypeError. */
export function bindArguments(name: string, signature: Signature, args: unknown[], kwargs: Arguments = {}): Arguments {
  if (args.length > signature.params.length) throw typeError(positionalCountMessage(name, signature, args.length));
  const bound: Arguments = {};
  args.forEach((value, index) => (bound[signature.params[index]] = value));
  for (const [key, value] of Object.entries(kwargs)) {
    if (!signature.params.includes(key) && !signature.keywords?.includes(key)) {
      throw typeError(`${name}() got an unexpected keyword argument '${key}'`);
    }
    if (key in bound) throw typeError(`${name}() got multiple values for argument '${key}'`);
    bound[key] = value;
  }
  const missing = signature.params.slice(0, signature.required).filter((param) => !(param in bound));
  if (missing.length > 0) throw missingArguments(name, missing);
  return bound;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One `execute_kw` call on a model, after authentication. */
export function callKw(orm: Orm, modelName: unknown, methodName: unknown, args: unknown, kwargs: unknown): unknown {
  const model = MODELS.get(String(modelName));
  if (!model) throw keyError(String(modelName));
  const name = String(methodName);
  if (name.startsWith('_'))
    throw new OdooError('odoo.exceptions.AccessError', `Private methods (such as '${name}') cannot be called remotely.`);
  const method = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  if (!method) throw new OdooError('builtins.AttributeError', `The method '${name}' does not exist on the model '${model.name}'`);
  if (!Array.isArray(args)) throw typeError(`execute_kw() argument 'args' must be a list, not ${pyRepr(args)}`);
  if (kwargs !== null && kwargs !== undefined && !isPlainObject(kwargs))
    throw typeError(`execute_kw() argument 'kw' must be a dict, not ${pyRepr(kwargs)}`);
  const { context, ...keywords } = kwargs ?? {};
  const activeTest = !(isPlainObject(context) && context.active_test === false);
  let ids: unknown;
  let positional = args;
  if (method.onRecords) {
    if (args.length === 0) throw new OdooError('builtins.IndexError', 'list index out of range');
    [ids, ...positional] = args;
  }
  return method.run(orm, model, bindArguments(name, method, positional, keywords), { ids, activeTest });
}
