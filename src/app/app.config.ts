import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
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

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withFetch(), withInterceptors([cloudLinkInterceptor])),
    { provide: MQTT_TRANSPORT, useFactory: () => createMqttTransport(inject(APP_CONFIG)) },
    {
      provide: MAT_FORM_FIELD_DEFAULT_OPTIONS,
      useValue: { appearance: 'outline', subscriptSizing: 'dynamic' },
    },
  ],
};
