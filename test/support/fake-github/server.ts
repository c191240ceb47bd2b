import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenApiValidator, type OperationKey } from './openapi.js';
import { handlers, HttpError, type Handler } from './routes.js';
import { Renderer, RepositoryState, type FakeIssue, type FakePullFile, type Identity } from './state.js';

export interface Token {
  identity: Identity;
  /** A fork's pull request gets a read-only token: every write answers 403. */
  permission: 'write' | 'read';
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** "POST /repos/{owner}/{repo}/issues", or undefined for an endpoint the fake does not serve. */
  operation: OperationKey | undefined;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export type Fault = 500 | 502 | 503 | 'reset' | { delayMs: number };

interface ScheduledFault {
  operation: OperationKey;
  /** The nth call of the operation (1-based) fails. */
  nth: number;
  fault: Fault;
  /** Fail after doing the work: the client cannot know the write happened. */
  afterCommit: boolean;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  tokens?: Record<string, Token>;
  assignable?: string[];
  /** Requests a token may make per hour (x-ratelimit-limit). */
  primaryLimit?: number;
  /** Content-creating requests allowed per window before a secondary limit answers. */
  secondaryLimit?: { max: number; windowMs: number; retryAfterSeconds: number };
}

export const BOT: Identity = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
export const WRITE_TOKEN = 'ghs_fake_write_token';
export const READ_TOKEN = 'ghs_fake_read_token';
const DOCS = 'https://docs.github.com/rest';

/**
 * GitHub's REST API for one repository, in memory, on 127.0.0.1. It serves
 * only the operations the action uses, answers anything else with 404 and
 * records it, and checks every request and response against GitHub's OpenAPI
 * description.
 */
export class FakeGitHub {
  readonly state: RepositoryState;
  readonly requests: RecordedRequest[] = [];
  /** Requests for endpoints the fake does not serve: a test that expects none asserts this is empty. */
  readonly unexpected: RecordedRequest[] = [];
  /** Requests or responses that broke GitHub's description. */
  readonly schemaViolations: string[] = [];
  readonly tokens: Map<string, Token>;
  readonly validator = new OpenApiValidator();
  private readonly users = new Map<string, Identity>();
  private readonly faults: ScheduledFault[] = [];
  private readonly calls = new Map<OperationKey, number>();
  private readonly routes: { method: string; pattern: RegExp; key: OperationKey; handler: Handler }[];
  private rate: { limit: number; remaining: number; reset: number };
  private readonly secondary: { max: number; windowMs: number; retryAfterSeconds: number };
  private writes: number[] = [];
  private forcedSecondary = 0;
  private server: Server | undefined;
  url = '';
  /** The fake's clock, for timestamps; tests may replace it. */
  now: () => Date = () => new Date();

  constructor(options: FakeGitHubOptions = {}) {
    this.state = new RepositoryState(options.owner ?? 'acme', options.repo ?? 'incidents');
    this.tokens = new Map(Object.entries(options.tokens ?? { [WRITE_TOKEN]: { identity: BOT, permission: 'write' }, [READ_TOKEN]: { identity: BOT, permission: 'read' } }));
    for (const login of options.assignable ?? []) this.addUser(login, true);
    const limit = options.primaryLimit ?? 5000;
    this.rate = { limit, remaining: limit, reset: Math.floor(Date.now() / 1000) + 3600 };
    this.secondary = options.secondaryLimit ?? { max: 80, windowMs: 60_000, retryAfterSeconds: 60 };
    this.routes = Object.entries(handlers).map(([key, handler]) => {
      const [method, template] = key.split(' ') as [string, string];
      const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
      return { method, pattern, key: key as OperationKey, handler };
    });
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const fake = new FakeGitHub(options);
    await fake.listen();
    return fake;
  }

  private async listen(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  get renderer(): Renderer {
    return new Renderer(this.url, this.state);
  }

  timestamp(): string {
    return this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** A user of the repository; `assignable` users can be assigned issues. */
  addUser(login: string, assignable = true): Identity {
    let user = this.users.get(login.toLowerCase());
    if (!user) this.users.set(login.toLowerCase(), (user = { login, id: 5000 + this.users.size, type: 'User' }));
    if (assignable) this.state.assignable.add(login.toLowerCase());
    return user;
  }

  user(login: string): Identity {
    return this.users.get(login.toLowerCase()) ?? this.addUser(login, false);
  }

  /** A personal access token of a user (a person, or a machine account the action runs as): it writes as that user. */
  personalToken(login: string): string {
    const token = `ghp_fake_${login}`;
    this.tokens.set(token, { identity: this.user(login), permission: 'write' });
    return token;
  }

  /** An installation token of a GitHub App other than GitHub Actions: it writes as `<slug>[bot]`. */
  appToken(slug: string): string {
    const token = `ghs_fake_${slug}`;
    this.tokens.set(token, { identity: { login: `${slug}[bot]`, id: 9000 + this.tokens.size, type: 'Bot' }, permission: 'write' });
    return token;
  }

  /**
   * Seeds a pull request from the branch `head` into `base` (default main): an issue too, as on GitHub, whose
   * `state` (default open), title and author (a login, or an identity such as BOT; default alice) it has; close it
   * later through the issue it returns. The head is a branch of this repository, or of `headOwner`'s fork. Its
   * files (default none) serve the files route.
   */
  addPullRequest(options: { head: string; base?: string; headOwner?: string; state?: 'open' | 'closed'; title?: string; author?: string | Identity; number?: number; files?: FakePullFile[] }): FakeIssue {
    const now = this.timestamp();
    const number = options.number ?? this.state.issueNumber();
    const state = options.state ?? 'open';
    const issue: FakeIssue = {
      id: this.state.id(),
      number,
      title: options.title ?? `Pull request from ${options.head}`,
      body: null,
      state,
      stateReason: null,
      labels: [],
      assignees: [],
      user: typeof options.author === 'object' ? options.author : this.user(options.author ?? 'alice'),
      createdAt: now,
      updatedAt: now,
      closedAt: state === 'closed' ? now : null,
      pullRequest: true,
    };
    this.state.issues.set(number, issue);
    const headSha = (0xa000 + number).toString(16).padStart(40, '0');
    this.state.pullRequests.set(number, { number, head: options.head, headOwner: options.headOwner ?? this.state.owner, base: options.base ?? 'main', headSha });
    if (options.files !== undefined || !this.state.pulls.has(number)) this.state.pulls.set(number, options.files ?? []);
    return issue;
  }

  /** Makes the nth call of an operation fail with a status, a reset connection or a delay. */
  fail(operation: OperationKey, nth: number, fault: Fault, options: { afterCommit?: boolean } = {}): void {
    this.faults.push({ operation, nth, fault, afterCommit: options.afterCommit ?? false });
  }

  /** Makes the call `after` calls from now of an operation fail (1: the next one); for schedules that span runs. */
  failLater(operation: OperationKey, after: number, fault: Fault, options: { afterCommit?: boolean } = {}): void {
    this.fail(operation, (this.calls.get(operation) ?? 0) + after, fault, options);
  }

  /** Drops every scheduled fault and forced limit: the infrastructure is healthy again. */
  heal(): void {
    this.faults.length = 0;
    this.forcedSecondary = 0;
    this.rate = { ...this.rate, remaining: this.rate.limit };
  }

  /** The next `times` content-creating requests hit the secondary rate limit. */
  forceSecondaryLimit(times: number): void {
    this.forcedSecondary = times;
  }

  setRateLimit(remaining: number, resetEpochSeconds = this.rate.reset): void {
    this.rate = { ...this.rate, remaining, reset: resetEpochSeconds };
  }

  /** How many requests were made, of one operation or in all. */
  count(operation?: OperationKey): number {
    return operation === undefined ? this.requests.length : this.requests.filter((request) => request.operation === operation).length;
  }

  /** Request counts by operation, for efficiency assertions. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const request of this.requests) {
      const key = request.operation ?? `${request.method} ${request.path} (unexpected)`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = (request.method ?? 'GET').toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const raw = await readBody(request);
    const record: RecordedRequest = { method, path: url.pathname, operation: undefined, query, body: undefined, status: 0 };
    this.requests.push(record);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const payload = body === undefined ? '' : JSON.stringify(body);
      response.writeHead(status, { ...this.rateHeaders(), ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...headers });
      response.end(payload);
    };

    const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern.test(url.pathname));
    if (!route) {
      this.unexpected.push(record);
      return send(404, { message: 'Not Found', documentation_url: DOCS });
    }
    record.operation = route.key;
    const params = Object.fromEntries(Object.entries(route.pattern.exec(url.pathname)!.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));

    const token = /^(?:token|bearer)\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const caller = token === undefined ? undefined : this.tokens.get(token);
    if (!caller) return send(401, { message: 'Bad credentials', documentation_url: DOCS });

    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      return send(400, { message: 'Problems parsing JSON', documentation_url: DOCS });
    }
    record.body = body;

    const counted = route.key !== 'GET /rate_limit';
    if (counted && this.rate.remaining <= 0) {
      return send(403, { message: 'API rate limit exceeded for installation ID 1.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api` });
    }
    if (counted) this.rate.remaining -= 1;

    const writing = method !== 'GET';
    if (writing && caller.permission === 'read') {
      return send(403, { message: 'Resource not accessible by integration', documentation_url: DOCS });
    }
    if (writing && this.secondaryLimited()) {
      return send(
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits` },
        { 'retry-after': String(this.secondary.retryAfterSeconds) },
      );
    }

    const call = (this.calls.get(route.key) ?? 0) + 1;
    this.calls.set(route.key, call);
    const fault = this.faults.find((candidate) => candidate.operation === route.key && candidate.nth === call);
    const failNow = () => {
      if (fault?.fault === 'reset') {
        record.status = -1;
        request.socket.destroy();
        return true;
      }
      if (typeof fault?.fault === 'number') {
        send(fault.fault, { message: fault.fault === 500 ? 'Server Error' : 'Bad Gateway' });
        return true;
      }
      return false;
    };
    if (fault && !fault.afterCommit && failNow()) return;

    const violations = this.validator.validateRequest(route.key, { path: params, query, body });
    if (violations.length > 0) {
      this.schemaViolations.push(...violations.map((violation) => `${route.key}: request ${violation}`));
      return send(422, { message: 'Invalid request.', documentation_url: DOCS, errors: violations });
    }

    let status: number;
    let result: unknown;
    let headers: Record<string, string> = {};
    try {
      ({ status, body: result, headers = {} } = route.handler({ fake: this, params, query, body, caller: caller.identity }));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      ({ status, body: result } = error);
    }
    if (fault && fault.afterCommit && failNow()) return;
    // A slow answer: computed on arrival, delivered late (the state it shows may be stale by then).
    if (fault && typeof fault.fault === 'object') await new Promise((resolve) => setTimeout(resolve, (fault.fault as { delayMs: number }).delayMs));
    const responseViolations = this.validator.validateResponse(route.key, status, result);
    if (responseViolations.length > 0) this.schemaViolations.push(...responseViolations.map((violation) => `${route.key}: ${violation}`));
    send(status, result, headers);
  }

  private secondaryLimited(): boolean {
    if (this.forcedSecondary > 0) {
      this.forcedSecondary -= 1;
      return true;
    }
    const now = Date.now();
    this.writes = this.writes.filter((time) => now - time < this.secondary.windowMs);
    if (this.writes.length >= this.secondary.max) return true;
    this.writes.push(now);
    return false;
  }

  private rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.rate.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.rate.remaining)),
      'x-ratelimit-reset': String(this.rate.reset),
      'x-ratelimit-used': String(this.rate.limit - Math.max(0, this.rate.remaining)),
      'x-ratelimit-resource': 'core',
    };
  }

  rateOverview(): Record<string, unknown> {
    const core = { limit: this.rate.limit, remaining: Math.max(0, this.rate.remaining), reset: this.rate.reset, used: this.rate.limit - Math.max(0, this.rate.remaining) };
    return { resources: { core, search: { limit: 30, remaining: 30, reset: this.rate.reset, used: 0 } }, rate: core };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
