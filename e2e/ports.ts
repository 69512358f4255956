/**
 * Fixed ports for the e2e run, apart from `npm start`'s 4200/4300 so both can run at once
 * (see README, "Ports").
 */
export const E2E_EMULATOR_PORT = 4311;
export const E2E_APP_PORT = 4211;
export const EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;
export const APP_URL = `http://localhost:${E2E_APP_PORT}`;
