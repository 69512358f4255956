import { InjectionToken } from '@angular/core';
import { MqttTransport } from './mqtt-transport';

/**
 * The app's MQTT transport. Kept apart from the interface so the ingest worker, which uses
 * the interface's types, does not pull Angular into its bundle.
 */
export const MQTT_TRANSPORT = new InjectionToken<MqttTransport>('MQTT_TRANSPORT');
