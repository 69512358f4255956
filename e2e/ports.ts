/**
 * Fixed ports for the e2e run, apart from `npm start`'s 4200/4300 so both can run at once
 * (see README, "Ports").
 */
export const E2E_EMULATOR_PORT = 4311;
export const E2E_APP_PORT = 4211;
export const EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;
export const APP_URL = `http://localhost:${E2E_APP_PORT}`;

/** The interop run: the emulator in external-broker mode, publishing through Mosquitto. */
export const E2E_EXTERNAL_EMULATOR_PORT = 4312;
export const E2E_EXTERNAL_APP_PORT = 4212;
export const EXTERNAL_EMULATOR_URL = `http://127.0.0.1:${E2E_EXTERNAL_EMULATOR_PORT}`;
export const EXTERNAL_APP_URL = `http://localhost:${E2E_EXTERNAL_APP_PORT}`;
