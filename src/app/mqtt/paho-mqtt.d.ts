// paho-mqtt 1.1.0 under a bundler exports { Client, Message } and creates no global `Paho`;
// @types/paho-mqtt still describes the old `Paho.MQTT` global. Only what the app uses.
declare module 'paho-mqtt' {
  export interface ErrorWithInvocationContext {
    errorCode: number;
    errorMessage: string;
  }
  export interface ConnectionOptions {
    timeout?: number;
    keepAliveInterval?: number;
    cleanSession?: boolean;
    useSSL?: boolean;
    mqttVersion?: 3 | 4;
    userName?: string;
    password?: string;
    reconnect?: boolean;
    onSuccess?: () => void;
    onFailure?: (error: ErrorWithInvocationContext) => void;
  }
  export interface SubscribeOptions {
    qos?: 0 | 1 | 2;
    timeout?: number;
    onSuccess?: (result: { grantedQos: number }) => void;
    onFailure?: (error: ErrorWithInvocationContext) => void;
  }
  export interface UnsubscribeOptions {
    timeout?: number;
    onSuccess?: () => void;
    onFailure?: (error: ErrorWithInvocationContext) => void;
  }
  export interface Message {
    readonly destinationName: string;
    readonly payloadString: string;
    readonly payloadBytes: Uint8Array;
    readonly qos: number;
    readonly duplicate: boolean;
  }
  export class Client {
    constructor(uri: string, clientId: string);
    onConnectionLost: (error: ErrorWithInvocationContext) => void;
    onMessageArrived: (message: Message) => void;
    connect(options: ConnectionOptions): void;
    subscribe(topic: string, options: SubscribeOptions): void;
    unsubscribe(topic: string, options: UnsubscribeOptions): void;
    disconnect(): void;
    isConnected(): boolean;
  }
}
