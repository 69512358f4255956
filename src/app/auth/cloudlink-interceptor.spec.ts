import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { APP_CONFIG } from '../config/app-config';
import { LOCAL_STORAGE, MemoryStorage } from '../shared/browser-storage';
import { TEST_CONFIG, flushMicrotasks } from '../testing/test-config';
import { Authenticator } from './authenticator';
import { cloudLinkInterceptor, isCloudLinkUrl } from './cloudlink-interceptor';

const TOKEN_URL = `${TEST_CONFIG.authBaseUrl}/token`;

describe('cloudLinkInterceptor and Authenticator', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let auth: Authenticator;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([cloudLinkInterceptor])),
        provideHttpClientTesting(),
        { provide: APP_CONFIG, useValue: TEST_CONFIG },
        { provide: LOCAL_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    auth = TestBed.inject(Authenticator);
  });

  afterEach(() => http.verify());

  async function signIn(expiresIn = 3600): Promise<void> {
    const done = auth.signIn({ accountId: ' 100000 ', username: ' op@test ', password: 'pw' });
    const tokenRequest = http.expectOne({ method: 'POST', url: TOKEN_URL });
    expect(tokenRequest.request.headers.has('Authorization')).toBeFalse();
    expect(tokenRequest.request.body.toString()).toBe(
      'grant_type=password&username=op@test&password=pw&account_id=100000',
    );
    tokenRequest.flush({ access_token: 'a1', refresh_token: 'r1', expires_in: expiresIn });
    await flushMicrotasks();
    http.expectOne({ method: 'GET', url: TOKEN_URL }).flush({ name: 'Ada', extension: '130001' });
    await done;
  }

  it('signs in with a form-encoded password grant and keeps the claims', async () => {
    await signIn();
    expect(auth.isSignedIn()).toBeTrue();
    expect(auth.accessToken()).toBe('a1');
    expect(auth.claims()).toEqual({ name: 'Ada', extension: '130001' });
  });

  it('adds the bearer token and X-Mitel-App to CloudLink calls only', async () => {
    await signIn();
    void firstValueFrom(client.get(`${TEST_CONFIG.notificationsBaseUrl}/subscriptions`));
    void firstValueFrom(client.get('https://elsewhere.test/2017-09-01/subscriptions'));
    const cloudLink = http.expectOne(`${TEST_CONFIG.notificationsBaseUrl}/subscriptions`);
    expect(cloudLink.request.headers.get('Authorization')).toBe('Bearer a1');
    expect(cloudLink.request.headers.get('X-Mitel-App')).toMatch(
      /^Switchboard\/9\.9\.9;platform=[A-Za-z]+\/\d+;session=[0-9a-f-]{36};$/,
    );
    const other = http.expectOne('https://elsewhere.test/2017-09-01/subscriptions');
    expect(other.request.headers.has('Authorization')).toBeFalse();
    expect(other.request.headers.has('X-Mitel-App')).toBeFalse();
    cloudLink.flush([]);
    other.flush([]);
  });

  it('on a 401, refreshes once and retries with the new token', async () => {
    await signIn();
    const result = firstValueFrom(
      client.get<unknown>(`${TEST_CONFIG.notificationsBaseUrl}/subscriptions`),
    );
    http
      .expectOne(`${TEST_CONFIG.notificationsBaseUrl}/subscriptions`)
      .flush({ message: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    await flushMicrotasks();
    const refresh = http.expectOne({ method: 'POST', url: TOKEN_URL });
    expect(refresh.request.body.toString()).toBe('grant_type=refresh_token&refresh_token=r1');
    refresh.flush({ access_token: 'a2', refresh_token: 'r2', expires_in: 3600 });
    await flushMicrotasks();
    const retried = http.expectOne(`${TEST_CONFIG.notificationsBaseUrl}/subscriptions`);
    expect(retried.request.headers.get('Authorization')).toBe('Bearer a2');
    retried.flush({ items: [] });
    expect(await result).toEqual({ items: [] });
  });

  it('when the refresh is refused, signs out with the reason and fails the call', async () => {
    await signIn();
    const result = firstValueFrom(client.get(`${TEST_CONFIG.notificationsBaseUrl}/connections`));
    http
      .expectOne(`${TEST_CONFIG.notificationsBaseUrl}/connections`)
      .flush({ message: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    await flushMicrotasks();
    http
      .expectOne({ method: 'POST', url: TOKEN_URL })
      .flush({ message: 'refresh token unknown' }, { status: 401, statusText: 'Unauthorized' });
    await expectAsync(result).toBeRejected();
    expect(auth.isSignedIn()).toBeFalse();
    expect(auth.signOutReason()).toContain('refresh token unknown');
  });

  describe('refresh before expiry', () => {
    beforeEach(() => jasmine.clock().install());
    afterEach(() => jasmine.clock().uninstall());

    it('refreshes a minute before a one-hour token expires', async () => {
      await signIn(3600);
      jasmine.clock().tick(3_540_000 - 1);
      http.expectNone({ method: 'POST', url: TOKEN_URL });
      jasmine.clock().tick(1);
      http
        .expectOne({ method: 'POST', url: TOKEN_URL })
        .flush({ access_token: 'a2', refresh_token: 'r2', expires_in: 3600 });
      await flushMicrotasks();
      expect(auth.accessToken()).toBe('a2');
    });
  });

  it('a refused sign-in surfaces the service message and status', async () => {
    const done = auth.signIn({ accountId: '1', username: 'x', password: 'bad' });
    http
      .expectOne({ method: 'POST', url: TOKEN_URL })
      .flush(
        { message: 'The username, password or account id is incorrect.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await expectAsync(done).toBeRejectedWith(
      jasmine.objectContaining({
        status: 401,
        message: 'The username, password or account id is incorrect.',
      }),
    );
    expect(auth.isSignedIn()).toBeFalse();
  });

  for (const [url, expected] of [
    [`${TEST_CONFIG.authBaseUrl}/token`, true],
    [`${TEST_CONFIG.notificationsBaseUrl}/subscriptions/abc`, true],
    [TEST_CONFIG.notificationsBaseUrl, true],
    [`${TEST_CONFIG.notificationsBaseUrl}-evil.test/x`, false],
    ['https://notifications.test/2017-09-011/x', false],
    ['https://other.test/2017-09-01/token', false],
  ] as const) {
    it(`isCloudLinkUrl(${url}) is ${expected}`, () => {
      expect(isCloudLinkUrl(url, TEST_CONFIG)).toBe(expected);
    });
  }
});
