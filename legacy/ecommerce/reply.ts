import type { FastifyReply } from 'fastify';

/** Tokens, masked ids and other scalars go out as JSON values: a token is `"abc..."`, quotes included. */
export function sendJson(reply: FastifyReply, value: string | number | boolean | unknown[]): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}
