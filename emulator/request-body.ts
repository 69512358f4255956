import type { IncomingMessage } from 'node:http';
import { HttpError, badRequest } from './http-error.js';

// Every body the contract defines is a few hundred bytes; anything far larger is a client bug
// or abuse, and refusing it early keeps a stray upload from buffering in memory.
const MAX_BODY_BYTES = 64 * 1024;

export type JsonObject = Record<string, unknown>;

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return value as JsonObject;
}

/**
 * Reads a JSON or form-encoded body into a plain object. The token endpoints accept both
 * (as CloudLink does); for the rest a form body simply yields string fields, which the
 * per-field validation then judges like any other input.
 */
export async function readBody(req: IncomingMessage): Promise<JsonObject> {
  const text = await readRaw(req);
  if (text.trim() === '') return {};
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (contentType.includes('json') || /^\s*[{[]/.test(text)) {
    return parseJson(text);
  }
  throw new HttpError(
    415,
    'Send the body as application/json or application/x-www-form-urlencoded.',
  );
}

/** A field that must be a non-empty string; the message names the field. */
export function requiredString(body: JsonObject, field: string, context = ''): string {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    throw badRequest(`${field} is required${context}.`);
  }
  if (typeof value !== 'string') throw badRequest(`${field} must be a string.`);
  return value;
}

/** A field that may be absent; when present it must be a string. */
export function optionalString(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${field} must be a string when present.`);
  return value;
}
