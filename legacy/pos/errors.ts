/** A refusal in the head office's dialect: HTTP status plus <Error><Code/><Message/></Error>. */
export class PosError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new PosError(400, code, message);
export const notFound = (code: string, message: string) => new PosError(404, code, message);
export const conflict = (code: string, message: string) => new PosError(409, code, message);
