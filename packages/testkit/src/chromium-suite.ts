// Imported by browser suites: on first import makes sure Chromium can run here (under CI a missing one fails; on
// Debian as root it is installed with apt-get once; elsewhere `noChromium` is true and the suites say loudly why not).
import { ensureChromium } from './chromium.js';

export { CHROMIUM, CHROMIUM_ARGS, launchChromium } from './chromium.js';
export type { TestBrowser } from './chromium.js';

const chromium = await ensureChromium({
  ci: process.env['CI'] === 'true' || process.env['CI'] === '1',
});
if (!chromium.available) console.warn(`\n!!! Browser suites NOT RUN: ${chromium.reason}\n`);

/** For `describe.skipIf(noChromium)`: never true under CI (a missing Chromium throws there instead). */
export const noChromium = !chromium.available;
