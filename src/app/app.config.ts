import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  DestroyRef,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { cloudLinkInterceptor } from './auth/cloudlink-interceptor';
import { APP_CONFIG } from './config/app-config';
import { MQTT_TRANSPORT } from './mqtt/mqtt-transport-token';
import { createMqttTransport } from './mqtt/transport-factory';
import { TabIdentity } from './session/tab-identity';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // The MQTT client id must be settled (unique among open tabs) before anything connects.
    provideAppInitializer(() => inject(TabIdentity).settle()),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withFetch(), withInterceptors([cloudLinkInterceptor])),
    {
      provide: MQTT_TRANSPORT,
      useFactory: () => createMqttTransport(inject(APP_CONFIG), inject(DestroyRef)),
    },
    {
      provide: MAT_FORM_FIELD_DEFAULT_OPTIONS,
      useValue: { appearance: 'outline', subscriptSizing: 'dynamic' },
    },
  ],
};
