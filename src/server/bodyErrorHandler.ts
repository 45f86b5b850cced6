import type { ErrorRequestHandler } from 'express';
import { ErrorCode } from '../errors/errorCode.js';

/** Turns body-parser failures (malformed JSON, oversized body) into GraphQL-shaped JSON errors with a code. */
export const bodyErrorHandler: ErrorRequestHandler = (error: { type?: string; status?: number; limit?: number }, _req, res, next) => {
  if (error.type === 'entity.too.large') {
    res.status(413).json({ errors: [{ message: `Request body exceeds ${error.limit} bytes`, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
    return;
  }
  if (error.type === 'entity.parse.failed' || error.status === 400) {
    res.status(400).json({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED } }] });
    return;
  }
  next(error);
};
