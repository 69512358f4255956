// The fixed demo tenant the emulator serves: one account, ten extensions, two users who can
// sign in. Ids are constants so that a restarted emulator hands out the same identities and
// a browser tab's stored state (orphan clean-up by applicationId/deviceId) still makes sense.

export const ACCOUNT_ID = '100000';
export const SITE_ID = '1';
export const DEMO_PASSWORD = 'switchboard';

export type Role = 'operator' | 'agent';

export interface Endpoint {
  readonly endpointId: string;
  readonly extension: string;
  readonly name: string;
  /** The extension's direct-dial number, reported as fromNumberE164/toNumberE164. */
  readonly e164: string;
  readonly userId: string;
  readonly principalId: string;
}

export interface DemoUser {
  readonly userId: string;
  readonly principalId: string;
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  readonly name: string;
  readonly extension: string;
  readonly description: string;
  readonly accountId: string;
}

const PEOPLE = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Edsger Dijkstra',
  'Barbara Liskov',
  'Claude Shannon',
  'Margaret Hamilton',
  'Donald Knuth',
  'Radia Perlman',
];

const FIRST_EXTENSION = 130001;

// UUID-shaped but readable: the last group carries the extension, so a reader of a log can
// tell whose id it is without a lookup table.
function stableId(kind: 'user' | 'principal', extension: string): string {
  const variant = kind === 'user' ? '8000' : '9000';
  return `00000000-0000-4000-${variant}-000000${extension}`;
}

function buildEndpoints(): Endpoint[] {
  return PEOPLE.map((name, index) => {
    const extension = String(FIRST_EXTENSION + index);
    return {
      endpointId: extension,
      extension,
      name,
      e164: `+1613555${String(2001 + index)}`,
      userId: stableId('user', extension),
      principalId: stableId('principal', extension),
    };
  });
}

export class DemoAccount {
  readonly accountId = ACCOUNT_ID;
  readonly endpoints: readonly Endpoint[] = buildEndpoints();
  readonly users: readonly DemoUser[];
  private readonly endpointsById = new Map(this.endpoints.map((e) => [e.endpointId, e]));
  private readonly visibility: ReadonlyMap<string, ReadonlySet<string>>;

  constructor() {
    const operator = this.userFor(
      'operator@switchboard.test',
      'operator',
      '130001',
      'Sees every extension of the demo account.',
    );
    const agent = this.userFor(
      'agent@switchboard.test',
      'agent',
      '130003',
      'Sees only their own extension, 130003.',
    );
    this.users = [operator, agent];
    this.visibility = new Map([
      [operator.userId, new Set(this.endpoints.map((e) => e.endpointId))],
      [agent.userId, new Set([agent.extension])],
    ]);
  }

  findEndpoint(endpointId: string): Endpoint | undefined {
    return this.endpointsById.get(endpointId);
  }

  findUserById(userId: string): DemoUser | undefined {
    return this.users.find((u) => u.userId === userId);
  }

  /** Username comparison ignores case, as e-mail addresses do. */
  findUserByCredentials(
    username: string,
    password: string,
    accountId: string,
  ): DemoUser | undefined {
    const user = this.users.find((u) => u.username.toLowerCase() === username.trim().toLowerCase());
    if (!user || user.password !== password || accountId !== this.accountId) return undefined;
    return user;
  }

  canSee(user: DemoUser, endpointId: string): boolean {
    return this.visibility.get(user.userId)?.has(endpointId) ?? false;
  }

  visibleEndpoints(user: DemoUser): Endpoint[] {
    return this.endpoints.filter((e) => this.canSee(user, e.endpointId));
  }

  private userFor(username: string, role: Role, extension: string, description: string): DemoUser {
    const endpoint = this.endpointsById.get(extension);
    if (!endpoint)
      throw new Error(`demo user ${username} refers to unknown extension ${extension}`);
    return {
      userId: endpoint.userId,
      principalId: endpoint.principalId,
      username,
      password: DEMO_PASSWORD,
      role,
      name: endpoint.name,
      extension,
      description,
      accountId: ACCOUNT_ID,
    };
  }
}
