import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { Router, provideRouter } from '@angular/router';
import { APP_CONFIG } from '../config/app-config';
import { LOCAL_STORAGE, MemoryStorage } from '../shared/browser-storage';
import { TEST_CONFIG, flushMicrotasks } from '../testing/test-config';
import { Authenticator } from './authenticator';
import { cloudLinkInterceptor } from './cloudlink-interceptor';
import { SignIn } from './sign-in';

describe('SignIn', () => {
  let fixture: ComponentFixture<SignIn>;
  let http: HttpTestingController;

  async function create(emulatorUrl: string | null): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([cloudLinkInterceptor])),
        provideHttpClientTesting(),
        { provide: APP_CONFIG, useValue: { ...TEST_CONFIG, emulatorUrl } },
        { provide: LOCAL_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
    fixture = TestBed.createComponent(SignIn);
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  async function fill(username: string, password: string): Promise<void> {
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await (
      await loader.getHarness(MatInputHarness.with({ selector: '[formControlName=username]' }))
    ).setValue(username);
    await (
      await loader.getHarness(MatInputHarness.with({ selector: '[formControlName=password]' }))
    ).setValue(password);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Sign in' }))).click();
  }

  it('pre-fills the account id and signs in, then goes to the live page', async () => {
    await create(null);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const account = await loader.getHarness(
      MatInputHarness.with({ selector: '[formControlName=accountId]' }),
    );
    expect(await account.getValue()).toBe('100000');
    await fill('op@test', 'pw');
    http
      .expectOne({ method: 'POST', url: `${TEST_CONFIG.authBaseUrl}/token` })
      .flush({ access_token: 'a', expires_in: 3600 });
    await flushMicrotasks();
    http.expectOne({ method: 'GET', url: `${TEST_CONFIG.authBaseUrl}/token` }).flush({});
    await flushMicrotasks();
    await fixture.whenStable();
    expect(TestBed.inject(Authenticator).isSignedIn()).toBeTrue();
    expect(TestBed.inject(Router).navigateByUrl).toHaveBeenCalledWith('/live');
  });

  it('says clearly when the password is refused, and keeps what was typed', async () => {
    await create(null);
    await fill('op@test', 'wrong');
    http
      .expectOne({ method: 'POST', url: `${TEST_CONFIG.authBaseUrl}/token` })
      .flush(
        { message: 'The username, password or account id is incorrect.' },
        { status: 401, statusText: 'Unauthorized', headers: { 'x-mitel-correlation-id': 'c-42' } },
      );
    await flushMicrotasks();
    await fixture.whenStable();
    const alert = (fixture.nativeElement as HTMLElement).querySelector(
      '[role=alert]',
    )!.textContent!;
    expect(alert).toContain('Sign-in refused');
    expect(alert).toContain('incorrect');
    expect(alert).toContain('HTTP 401');
    expect(alert).toContain('c-42');
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const password = await loader.getHarness(
      MatInputHarness.with({ selector: '[formControlName=password]' }),
    );
    expect(await password.getValue()).toBe('wrong');
  });

  it('shows the emulator demo users and fills the form from one', async () => {
    await create('https://emulator.test/_emulator');
    http.expectOne('https://emulator.test/_emulator/demo').flush({
      accountId: '100000',
      users: [
        {
          username: 'agent@switchboard.test',
          password: 'switchboard',
          role: 'agent',
          description: 'Sees 130003',
        },
      ],
    });
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Use agent' }))).click();
    const username = await loader.getHarness(
      MatInputHarness.with({ selector: '[formControlName=username]' }),
    );
    expect(await username.getValue()).toBe('agent@switchboard.test');
  });

  it('asks for nothing from an emulator when the config names none', async () => {
    await create(null);
    http.expectNone(() => true);
    expect((fixture.nativeElement as HTMLElement).textContent).not.toContain('Demo accounts');
  });
});
