// Debian's Chromium (/usr/bin/chromium, never a downloaded browser) as every browser test launches
// it: headless, without a sandbox or GPU, and with nothing that reaches the network in the
// background. `extraArgs` for what one test needs on top.
import { chromium } from 'playwright-core';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];

export function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, ...extraArgs] });
}
