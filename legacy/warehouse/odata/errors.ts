import { randomBytes } from 'node:crypto';

/**
 * Error codes as SAP Gateway shows them: a T100 message (class/number) where the backend raised one,
 * else the framework exception class. ZWM_STANDIN marks what only this stand-in refuses.
 */
export const CODES = {
  internal: 'SY/530',
  noService: '/IWFND/MED/170',
  notFound: '/IWBEP/CM_MGW_RT/020',
  querySyntax: '/IWCOR/CX_DS_EXPR_SYNTAX_ERROR',
  badRequest: '/IWBEP/CX_MGW_TECH_EXCEPTION',
  business: '/IWBEP/CX_MGW_BUSI_EXCEPTION',
  notAllowed: '/IWBEP/CM_MGW_RT/021',
  requiredFields: '00/055',
  unknownMaterial: 'M3/305',
  deficit: 'M7/021',
  jsonOnly: 'ZWM_STANDIN/001',
} as const;

/** An error the service answers in the OData V2 error format. */
export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badQuery = (message: string) => new ODataError(400, CODES.querySyntax, message);
export const badRequest = (message: string) => new ODataError(400, CODES.badRequest, message);
export const businessError = (message: string) => new ODataError(400, CODES.business, message);
export const notFound = (segment: string) => new ODataError(404, CODES.notFound, `Resource not found for segment '${segment}'`);

/** SAP's timestamp style in innererror: YYYYMMDDhhmmss.fffffff (UTC). */
function gatewayTimestamp(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 19).replace(/[-T:]/g, '')}.${iso.slice(20, 23)}0000`;
}

export interface ODataErrorBody {
  error: {
    code: string;
    message: { lang: 'en'; value: string };
    innererror: { transactionid: string; timestamp: string; errordetails: unknown[] };
  };
}

export function errorBody(code: string, message: string, at: Date = new Date()): ODataErrorBody {
  return {
    error: {
      code,
      message: { lang: 'en', value: message },
      innererror: {
        transactionid: randomBytes(16).toString('hex').toUpperCase(),
        timestamp: gatewayTimestamp(at),
        errordetails: [],
      },
    },
  };
}
