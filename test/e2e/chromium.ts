import { chromium, type BrowserContext } from 'playwright-core';

/**
 * How the browser tests (test/e2e/browser.ts) and the editor bench (bench/editor.ts) start the system Chromium: one
 * list, so a flag added for one (or a flag that changes timings) reaches both and the bench measures what tests see.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Nothing of Chrome's own (updates, sync, safe-browsing lists) competes for the two cores or the network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A video with its sound on (the full-size player) starts playing without a click on the page first.
  '--autoplay-policy=no-user-gesture-required',
];

/** The editor's window size in tests and the bench. */
export const VIEWPORT = { width: 1600, height: 960 };

type LaunchOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

/** Chromium on its own profile folder, with the shared arguments and viewport; `options` adds to them. */
export function launchChromium(profile: string, options: LaunchOptions = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    viewport: VIEWPORT,
    args: CHROMIUM_ARGS,
    ...options,
  });
}
