import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError, errorName } from './http-error.js';
import type { Reply, Router } from './router.js';

// The app reaches the emulator cross-origin, exactly as it reaches CloudLink, so CORS here
// is part of the contract under test, not a convenience: any local dev origin is allowed.
const ALLOWED_ORIGIN_HOSTS = new Set(['localhost', '127.0.0.1']);
const CORS_ALLOW_METHODS = 'GET,POST,PUT,DELETE,OPTIONS';
const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, X-Mitel-App, x-mitel-correlation-id';
const CORS_EXPOSE_HEADERS = 'x-mitel-correlation-id, Retry-After';
const CORS_MAX_AGE_SEC = '600';
const CORRELATION_HEADER = 'x-mitel-correlation-id';
// A caller-supplied correlation id is echoed only if it looks like an id, so nobody can
// inject header text through it.
const ACCEPTABLE_CORRELATION_ID = /^[\w.:-]{1,128}$/;

export type UpgradeHandler = (
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  correlationId: string,
) => void;

/**
 * Looks at a request before it is routed (CORS and the correlation id are already set):
 * may hold it (a delay), or answer it with an error instead of the route. The fault
 * injector's REST faults.
 */
export type RequestGate = (method: string, pathname: string) => Promise<HttpError | undefined>;

export interface HttpServerParts {
  router: Router;
  gate?: RequestGate;
  /** Takes WebSocket upgrades to this path; other paths, or every path without it, get a 404. */
  upgradePath: string;
  onUpgrade?: UpgradeHandler;
  log: (line: string) => void;
}

function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value && ACCEPTABLE_CORRELATION_ID.test(value) ? value : randomUUID();
}

function isAllowedOrigin(origin: string): boolean {
  try {
    return ALLOWED_ORIGIN_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (!origin || !isAllowedOrigin(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Methods', CORS_ALLOW_METHODS);
  res.setHeader('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
  res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
  res.setHeader('Access-Control-Max-Age', CORS_MAX_AGE_SEC);
}

function send(res: ServerResponse, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-store');
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function errorReply(error: HttpError, correlationId: string): Reply {
  return {
    status: error.statusCode,
    headers: error.headers,
    body: {
      name: errorName(error.statusCode),
      message: error.message,
      statusCode: error.statusCode,
      correlationId,
    },
  };
}

async function dispatch(parts: HttpServerParts, req: IncomingMessage, res: ServerResponse) {
  const correlationId = correlationIdOf(req);
  res.setHeader(CORRELATION_HEADER, correlationId);
  applyCors(req, res);
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    send(res, { status: 204 });
    return;
  }
  const url = new URL(req.url ?? '/', 'http://emulator');
  let reply: Reply;
  try {
    const injected = await parts.gate?.(method, url.pathname);
    if (injected) throw injected;
    const match = parts.router.find(method, url.pathname);
    if (match.kind === 'none') {
      throw new HttpError(404, `There is no resource at ${url.pathname}.`);
    }
    if (match.kind === 'wrong-method') {
      throw new HttpError(
        405,
        `${method} is not supported on ${url.pathname}; use ${match.allowed.join(' or ')}.`,
        { Allow: match.allowed.join(', ') },
      );
    }
    reply = await match.handler({ req, url, params: match.params, correlationId });
  } catch (error) {
    if (!(error instanceof HttpError)) {
      parts.log(`500 on ${method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`);
    }
    const httpError =
      error instanceof HttpError
        ? error
        : new HttpError(500, `The emulator failed: ${(error as Error).message}`);
    reply = errorReply(httpError, correlationId);
  }
  if (!res.headersSent && !res.destroyed) send(res, reply);
  parts.log(`${method} ${url.pathname} -> ${reply.status}`);
}

function refuseUpgrade(socket: Duplex, correlationId: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(
    'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n' +
      `${CORRELATION_HEADER}: ${correlationId}\r\n\r\n`,
  );
}

export function createHttpServer(parts: HttpServerParts): Server {
  const server = createServer((req, res) => {
    dispatch(parts, req, res).catch((error: unknown) => {
      parts.log(`response failed: ${String(error)}`);
      res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const correlationId = correlationIdOf(req);
    const pathname = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (pathname === parts.upgradePath && parts.onUpgrade)
      parts.onUpgrade(req, socket, head, correlationId);
    else refuseUpgrade(socket, correlationId);
  });
  return server;
}
