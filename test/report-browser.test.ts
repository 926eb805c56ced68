/**
 * The HTML report in a real browser: examples/canary-smoke's three deployments simulated (promoted,
 * caught by the PreTraffic hook, rolled back by the alarm), rendered, and opened from disk in
 * Chromium. Every chart must have drawn something, with the series a reader looks for in its legend;
 * what failed must be on screen without scrolling; dark mode, print and a phone's width must work;
 * and the page must fetch nothing and log no error.
 *
 * Uses the machine's Chromium (SHIFTGUARD_CHROMIUM, default /usr/bin/chromium), never a downloaded
 * one: without it the suite is skipped, and says so. Screenshots land in test/.screenshots/.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtmlReport } from '@shiftguard/cli';
import { simulateDeployment } from '@shiftguard/simulator';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { simulationReport } from '../packages/cli/src/report/from-simulation';

jest.setTimeout(60_000);

const CHROMIUM = process.env.SHIFTGUARD_CHROMIUM ?? '/usr/bin/chromium';
const EXAMPLE = resolve(__dirname, '../examples/canary-smoke');
const SHOTS = resolve(__dirname, '.screenshots');
const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const DESKTOP = { width: 1280, height: 800 };

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `test/report-browser.test.ts skipped: no Chromium at ${CHROMIUM}. Install one (Debian: apt-get install chromium) or point SHIFTGUARD_CHROMIUM at it; this test never downloads a browser.`,
  );
}
const describeInChromium = hasChromium ? describe : describe.skip;

type Name = 'good' | 'broken' | 'flaky';
const RELEASES: Record<Name, Record<string, string>> = {
  good: { RELEASE: '2' },
  broken: { RELEASE: '2', BROKEN: 'true' },
  flaky: { RELEASE: '2', FAIL_ONE_IN: '5' },
};

/** What went wrong on a page: console errors, uncaught exceptions, requests that failed or left the disk. */
interface Trouble {
  readonly errors: string[];
  readonly requests: string[];
}

/**
 * The few browser globals the functions given to `page.evaluate` use: they run in the page, but are
 * type-checked here, where the project's types are Node's (no DOM library).
 */
interface Dom {
  readonly document: {
    readonly documentElement: DomElement;
    readonly body: DomElement;
    createElement(tag: 'canvas'): DomCanvas;
    querySelectorAll(selector: string): Iterable<DomElement>;
  };
  readonly window: { readonly innerWidth: number };
  getComputedStyle(element: DomElement): {
    readonly backgroundColor: string;
    readonly color: string;
    getPropertyValue(name: string): string;
  };
}
interface DomElement {
  readonly textContent: string | null;
  readonly dataset: Readonly<Record<string, string | undefined>>;
  readonly scrollWidth: number;
  closest(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getBoundingClientRect(): { readonly width: number; readonly right: number };
  hasAttribute(name: string): boolean;
}
interface DomCanvas extends DomElement {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): {
    fillStyle: unknown;
    getImageData(x: number, y: number, width: number, height: number): { readonly data: ArrayLike<number> };
  } | null;
}

interface ChartPixels {
  readonly chart: string;
  readonly width: number;
  readonly height: number;
  /** Share of the canvas's pixels that are not transparent. */
  readonly inked: number;
  readonly colours: number;
  /** Pixels of each given CSS colour (within a small tolerance), by name. */
  readonly found: Record<string, number>;
}

describeInChromium('the HTML report in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  const files = {} as Record<Name, string>;
  const trouble: Trouble = { errors: [], requests: [] };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const name of Object.keys(RELEASES) as Name[]) {
      const result = await simulateDeployment({
        template: join(EXAMPLE, 'template.yaml'),
        code: { from: EXAMPLE, to: EXAMPLE },
        environment: { to: RELEASES[name] },
        seed: 1,
        startAt: START,
      });
      const file = join(SHOTS, `${name}.html`);
      writeFileSync(file, renderHtmlReport(simulationReport(result)));
      files[name] = pathToFileURL(file).href;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    context = await browser.newContext({ viewport: DESKTOP, colorScheme: 'light' });
    // The page is one file: anything it asks for beyond it is a bug, refused and recorded.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      trouble.requests.push(url);
      return route.abort();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(name: Name): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        trouble.errors.push(`${name}: console ${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => trouble.errors.push(`${name}: ${error.message}`));
    page.on('requestfailed', (request) =>
      trouble.requests.push(`${request.url()} (${request.failure()?.errorText})`),
    );
    await page.goto(files[name]);
    if ((await page.locator('[data-chart]').count()) > 0) {
      await page.waitForSelector('html[data-charts="drawn"]');
    }
    return page;
  }

  /**
   * Each chart canvas's pixels: how much is drawn, in how many colours, and how much of each given
   * colour (a CSS variable of the page, or a colour).
   */
  function pixels(page: Page, colours: Record<string, string> = {}): Promise<ChartPixels[]> {
    return page.evaluate((wanted) => {
      const { document, getComputedStyle } = globalThis as unknown as Dom;
      const probe = document.createElement('canvas').getContext('2d')!;
      const styles = getComputedStyle(document.documentElement);
      const targets = Object.entries(wanted).map(([name, variable]) => {
        probe.fillStyle = '#000';
        probe.fillStyle = variable.startsWith('--') ? styles.getPropertyValue(variable).trim() : variable;
        const hex = String(probe.fillStyle);
        return { name, rgb: [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) };
      });
      return [...(document.querySelectorAll('[data-chart] canvas') as Iterable<DomCanvas>)].map((canvas) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        const seen = new Set<number>();
        const found: Record<string, number> = Object.fromEntries(targets.map((target) => [target.name, 0]));
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! === 0) continue;
          inked++;
          seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
          for (const target of targets) {
            if (target.rgb.every((value, channel) => Math.abs(value - data[i + channel]!) <= 6)) {
              found[target.name]! += 1;
            }
          }
        }
        return {
          chart: canvas.closest('[data-chart]')!.dataset.chart!,
          width: canvas.width,
          height: canvas.height,
          inked: inked / (data.length / 4),
          colours: seen.size,
          found,
        };
      });
    }, colours);
  }

  /** The series labels of each chart's legend, the time entry aside. */
  function legends(page: Page): Promise<Record<string, string[]>> {
    return page.evaluate(() => {
      const { document } = globalThis as unknown as Dom;
      return Object.fromEntries(
        [...document.querySelectorAll('[data-chart]')].map((figure) => [
          figure.dataset.chart!,
          [...figure.querySelectorAll('.u-legend .u-series .u-label')]
            .map((label) => label.textContent ?? '')
            .filter((label) => label !== 'time'),
        ]),
      );
    });
  }

  async function onFirstScreen(page: Page, selector: string, text: string): Promise<boolean> {
    const target = page.locator(selector, { hasText: text }).first();
    const box = await target.boundingBox();
    if (box === null || !(await target.isVisible())) return false;
    return (
      box.y >= 0 && box.y + box.height <= DESKTOP.height && box.x >= 0 && box.x + box.width <= DESKTOP.width
    );
  }

  const luminance = (rgb: string) => {
    const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  };

  it('draws every chart of the alarm rollback, each with its series in the legend', async () => {
    const page = await open('flaky');

    expect(await page.locator('.verdict').textContent()).toContain('Rolled back');
    expect(await legends(page)).toEqual({
      weights: ['version 2 share'],
      alarms: ['sam-app-NewVersionErrorsAlarm'],
      invocations: ['version 1', 'version 2'],
      errors: ['version 1', 'version 2'],
      durations: [
        'version 1 p50',
        'version 1 p90',
        'version 1 p99',
        'version 2 p50',
        'version 2 p90',
        'version 2 p99',
      ],
    });
    const drawn = await pixels(page, {
      old: '--series-old',
      new: '--series-new',
      alarm: '--state-alarm',
      nodata: '--state-nodata',
    });
    expect(drawn.map((chart) => chart.chart)).toEqual([
      'weights',
      'alarms',
      'invocations',
      'errors',
      'durations',
    ]);
    for (const chart of drawn) {
      expect(chart).toEqual(expect.objectContaining({ inked: expect.any(Number) }));
      expect(chart.inked).toBeGreaterThan(0.01);
      expect(chart.colours).toBeGreaterThan(3);
    }
    const of = (id: string) => drawn.find((chart) => chart.chart === id)!.found;
    // The lines themselves, in the colours the stylesheet gives each version, not just axes.
    expect(of('weights').new).toBeGreaterThan(100);
    expect(of('invocations').old).toBeGreaterThan(100);
    expect(of('invocations').new).toBeGreaterThan(100);
    expect(of('errors').new).toBeGreaterThan(100);
    expect(of('durations').old).toBeGreaterThan(50);
    expect(of('alarms').alarm).toBeGreaterThan(100);
    expect(of('alarms').nodata).toBeGreaterThan(100);

    // What rolled it back, right under the summary.
    expect(await onFirstScreen(page, '.failure .name', 'sam-app-NewVersionErrorsAlarm')).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'flaky-light.png'), fullPage: true });
    await page.close();
  });

  it('shows the failing check of the broken release on the first screen, and no empty chart', async () => {
    const page = await open('broken');

    expect(await onFirstScreen(page, '.failure .name', 'smoke GET /orders')).toBe(true);
    expect(await onFirstScreen(page, '.failure .tag', 'blocking')).toBe(true);
    expect(await page.locator('.verdict').textContent()).toContain('Rolled back');
    // Ended at +0:00: nothing over time to draw, and words instead of blank charts.
    expect(await page.locator('[data-chart]').count()).toBe(0);
    expect(await page.locator('.notes').textContent()).toMatch(
      /too soon for charts[\s\S]*Traffic never moved/,
    );
    expect(await page.locator('tr[data-check="smoke GET /orders"] .badge').textContent()).toMatch(/✗\s*fail/);
    await page.screenshot({ path: join(SHOTS, 'broken-light.png'), fullPage: true });
    await page.close();
  });

  it('shows the promotion with its non-blocking failure, and the weight reaching 100%', async () => {
    const page = await open('good');

    expect(await page.locator('.verdict').textContent()).toContain('Promoted');
    expect(await onFirstScreen(page, '.failure .name', 'same answer as the current version')).toBe(true);
    expect(await page.locator('#failures-heading').textContent()).toBe('Did not pass (non-blocking)');
    const drawn = await pixels(page, { new: '--series-new' });
    expect(drawn).toHaveLength(5);
    for (const chart of drawn) expect(chart.inked).toBeGreaterThan(0.01);
    expect(drawn[0]!.found.new).toBeGreaterThan(100);
    await page.screenshot({ path: join(SHOTS, 'good-light.png'), fullPage: true });
    await page.close();
  });

  it('redraws the charts in dark colours on a dark background', async () => {
    const page = await open('flaky');
    const lightNew = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as Dom;
      return getComputedStyle(document.documentElement).getPropertyValue('--series-new').trim();
    });
    expect((await pixels(page, { new: '--series-new' }))[0]!.found.new).toBeGreaterThan(100);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => {
      const { document, getComputedStyle } = globalThis as unknown as Dom;
      return getComputedStyle(document.body).backgroundColor !== 'rgb(245, 246, 248)';
    });
    // The charts are drawn again with the dark palette, read from the same CSS variables.
    await page.waitForTimeout(100);
    const dark = await pixels(page, { new: '--series-new', lightNew });

    const colours = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as Dom;
      return {
        background: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
        newVersion: getComputedStyle(document.documentElement).getPropertyValue('--series-new').trim(),
      };
    });
    expect(luminance(colours.background)).toBeLessThan(0.15);
    expect(luminance(colours.text)).toBeGreaterThan(0.8);
    expect(colours.newVersion).toBe('#ffa657');
    expect(dark[0]!.found.new).toBeGreaterThan(100);
    expect(dark.map((chart) => chart.found.lightNew)).toEqual([0, 0, 0, 0, 0]);
    await page.screenshot({ path: join(SHOTS, 'flaky-dark.png'), fullPage: true });
    await page.close();
  });

  it('fits a 390 px phone without scrolling sideways, charts resized to the width', async () => {
    const page = await open('flaky');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => {
      const { document, window } = globalThis as unknown as Dom;
      return [...document.querySelectorAll('[data-chart] canvas')].every(
        (canvas) => canvas.getBoundingClientRect().right <= window.innerWidth,
      );
    });

    const widths = await page.evaluate(() => {
      const { document, window } = globalThis as unknown as Dom;
      return {
        viewport: window.innerWidth,
        page: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        widest: Math.max(
          ...[...document.querySelectorAll('[data-chart] canvas')].map(
            (canvas) => canvas.getBoundingClientRect().right,
          ),
        ),
      };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.body).toBeLessThanOrEqual(widths.viewport);
    expect(widths.widest).toBeLessThanOrEqual(widths.viewport);
    for (const chart of await pixels(page)) expect(chart.inked).toBeGreaterThan(0.01);
    await page.screenshot({ path: join(SHOTS, 'flaky-narrow.png'), fullPage: true });
    await page.close();
  });

  it('prints on white, details open, charts within the page width, and makes a PDF', async () => {
    const page = await open('good');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    await page.waitForSelector('html[data-printing]');

    const printed = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as Dom;
      const count = (selector: string) => [...document.querySelectorAll(selector)].length;
      return {
        background: getComputedStyle(document.body).backgroundColor,
        closed: count('details[data-print-open]:not([open])'),
        opened: count('details[data-print-open][open]'),
        widest: Math.max(
          ...[...document.querySelectorAll('[data-chart] canvas')].map(
            (canvas) => canvas.getBoundingClientRect().width,
          ),
        ),
      };
    });
    expect(printed.background).toBe('rgb(255, 255, 255)');
    expect(printed.closed).toBe(0);
    expect(printed.opened).toBeGreaterThan(0);
    expect(printed.widest).toBeLessThanOrEqual(640);
    for (const chart of await pixels(page)) expect(chart.inked).toBeGreaterThan(0.01);
    await page.screenshot({ path: join(SHOTS, 'good-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);

    // Back on screen, as it was.
    await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
    await page.waitForFunction(() => {
      const { document } = globalThis as unknown as Dom;
      return !document.documentElement.hasAttribute('data-printing');
    });
    expect(await page.locator('details[data-print-open][open]').count()).toBe(0);
    await page.close();
  });

  it('fetched nothing beyond its own file and logged no error', () => {
    expect(trouble.requests).toEqual([]);
    expect(trouble.errors).toEqual([]);
  });
});
