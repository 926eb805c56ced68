import type { ShiftguardReport } from '../model';
import { renderHtmlReport } from './render-html';
import { alarmRollbackReport, check, hook, promotedReport, runReport } from './reports.test-support';

const EVIL = '</script><img src=x onerror="alert(1)"><!-- https://evil.example/x.js';

/** The page without its inlined scripts and JSON, so that a match is in the markup itself. */
const markup = (page: string) => page.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '<script></script>');
/** Where each section's heading is in the page (-1 when it is not there). */
const at = (page: string, id: string) => page.indexOf(`id="${id}"`);

describe('renderHtmlReport', () => {
  it('keeps text from user code as text, in the markup and in the JSON the charts read', () => {
    const report: ShiftguardReport = {
      ...alarmRollbackReport(),
      title: `orders <b>${EVIL}</b>`,
      hooks: [hook([check({ name: `smoke ${EVIL}`, status: 'fail', message: `got ${EVIL}\u2028next` })])],
    };
    const page = renderHtmlReport(report);

    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>');
    expect(markup(page)).toContain(
      'smoke &lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;!--',
    );
    // Exactly the page's own script elements end: two JSON islands, uPlot and the charts script.
    expect(page.match(/<\/script>/g)).toHaveLength(4);
    expect(page.match(/<script\b/g)).toHaveLength(4);
    const island = /<script type="application\/json" id="shiftguard-report">([\s\S]*?)<\/script>/.exec(
      page,
    )![1]!;
    expect(island).not.toMatch(/[<>\u2028]/);
    expect(JSON.parse(island)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('is one self-contained file: no stylesheet or script to fetch, and a policy that forbids fetching', () => {
    const page = renderHtmlReport({
      ...promotedReport(),
      warnings: [{ message: 'see https://example.com/docs', where: undefined }],
    });

    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(page).not.toMatch(/<(?:img|iframe|object|embed|audio|video|source)\b/i);
    expect(markup(page)).not.toMatch(/\s(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(page).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    expect(page.replace(/&#39;/g, "'")).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-[^']+' 'sha256-[^']+'; base-uri 'none'; form-action 'none'">/,
    );
    // uPlot is inside, with its licence banner.
    expect(page).toContain('https://github.com/leeoniya/uPlot (v1.6.32)');
    expect(page).toContain('see https://example.com/docs');
  });

  it("allows exactly its own scripts: the policy's hashes are those of the inlined scripts", () => {
    const { createHash } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const page = renderHtmlReport(promotedReport());
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    const hashes = scripts.map(
      (script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`,
    );
    expect(scripts).toHaveLength(2);
    expect(page.replace(/&#39;/g, "'")).toContain(`script-src ${hashes.join(' ')};`);
  });

  it('lists the failing checks right under the summary, blocking ones first, before the facts and the hooks', () => {
    const report = runReport([
      hook(
        [
          check({ name: 'p99 latency', status: 'fail', required: false, message: 'p99 1210 ms over 800 ms' }),
          check({ name: 'schema', status: 'pass' }),
        ],
        { lifecycleEvent: 'BeforeAllowTraffic' },
      ),
      hook([check({ name: 'orders journey', status: 'timed-out', message: 'step "read" timed out' })], {
        lifecycleEvent: 'AfterAllowTraffic',
      }),
    ]);
    const page = markup(renderHtmlReport(report));
    const failures = page.slice(at(page, 'failures-heading'), at(page, 'facts-heading'));

    expect(at(page, 'failures-heading')).toBeGreaterThan(page.indexOf('class="summary"'));
    expect(at(page, 'failures-heading')).toBeLessThan(at(page, 'facts-heading'));
    expect(at(page, 'facts-heading')).toBeLessThan(at(page, 'hooks-heading'));
    expect(failures).toMatch(/What failed/);
    const names = [...failures.matchAll(/<span class="name">([^<]*)/g)].map((match) => match[1]!.trim());
    expect(names).toEqual(['orders journey', 'p99 latency']);
    expect(failures).toMatch(
      /✗<\/span> timed out[\s\S]*blocking[\s\S]*AfterAllowTraffic[\s\S]*step &quot;read&quot; timed out/,
    );
    expect(failures).toMatch(/!<\/span> fail[\s\S]*non-blocking/);
  });

  it('says what failed even when no check did: an alarm in ALARM from the start, a deployment CodeDeploy stopped', () => {
    const rolledBack = alarmRollbackReport();
    const alarmed = markup(
      renderHtmlReport({
        ...rolledBack,
        alarms: [
          {
            name: 'orders-errors',
            watched: true,
            finalState: 'ALARM',
            states: [{ atMs: 0, state: 'ALARM', reason: 'initial state' }],
          },
        ],
      }),
    );
    expect(alarmed).toMatch(
      /<span class="name">orders-errors<\/span><\/p>\n<p class="where">alarm watched by the deployment · in ALARM from the start<\/p>/,
    );

    const stopped = markup(
      renderHtmlReport({
        ...rolledBack,
        alarms: [],
        deployment: {
          ...rolledBack.deployment!,
          error: { code: 'DEPLOYMENT_GROUP_MISSING', message: 'gone' },
        },
      }),
    );
    const failures = stopped.slice(at(stopped, 'failures-heading'), at(stopped, 'facts-heading'));
    expect(failures).toMatch(
      /Stopped<\/span> <span class="name">DEPLOYMENT_GROUP_MISSING<\/span>[\s\S]*gone/,
    );
  });

  it('shows a run report without the parts a run has no data for', () => {
    const page = renderHtmlReport(
      runReport([hook([check({ name: 'smoke', status: 'fail', message: 'HTTP 500' })])]),
    );

    expect(page).toMatch(/<span class="verdict" data-outcome="Checks failed">.*✗.*Checks failed<\/span>/);
    expect(at(page, 'facts-heading')).toBeGreaterThan(0);
    expect(page).toMatch(/<h2 id="facts-heading">Run<\/h2>/);
    expect(page).not.toMatch(/<figure[^>]*data-chart=/);
    expect(page).not.toContain('.uplot, .uplot *');
    expect(page).not.toContain('id="charts-heading"');
    expect(page).not.toContain('id="timeline-heading"');
    expect(page).not.toContain('id="warnings-heading"');
    expect(page).not.toContain('id="shiftguard-charts"');
    // Without charts, no chart library and no script may run at all.
    expect(page).not.toContain('uPlot');
    expect(page).toContain('script-src &#39;none&#39;');
    expect(page).toContain('id="hooks-heading"');
    expect(page).toContain('data-check="smoke"');
  });

  it('draws a chart per series a deployment has, and says so in data attributes the page script reads', () => {
    const page = renderHtmlReport(alarmRollbackReport());
    const charts = [...page.matchAll(/data-chart="([a-z]+)" data-series="([^"]*)"/g)].map((match) => [
      match[1],
      JSON.parse(match[2]!.replace(/&quot;/g, '"')),
    ]);
    // The hand-written result has no weights nor per-minute traffic: only its alarm has a story.
    expect(charts).toEqual([['alarms', ['orders-errors']]]);
    expect(page).toContain('id="timeline-heading"');
  });

  it("renders a canary judge's statistics as a table and a journey's steps as an ordered list", () => {
    const judge = check({
      name: 'canary-judge',
      status: 'fail',
      message: 'version 2 against 1: critical metric "errors" failed',
      details: {
        outcome: 'Fail',
        score: 0,
        thresholds: { pass: 95, marginal: 75 },
        metrics: [
          {
            name: 'errors',
            kind: 'rate',
            group: 'errors',
            critical: true,
            classification: 'High',
            why: "the new version's errors is higher: 8.33% (3 of 36) against 0% (0 of 264), p = 0.002",
            baseline: { events: 0, trials: 264, ratePct: 0 },
            canary: { events: 3, trials: 36, ratePct: 8.333333 },
            test: { pValue: 0.0021, method: 'fisher' },
          },
          {
            name: 'p99',
            kind: 'distribution',
            group: 'latency',
            critical: false,
            classification: 'Inconclusive',
            why: '2 period(s) on the thinner side',
            baseline: { n: 2, mean: 12.5, median: 12.5, min: 12, max: 13 },
            canary: { n: 2, mean: 13, median: 13, min: 12.5, max: 13.5 },
            needs: { samplesPerSide: 5, morePeriods: 3 },
          },
        ],
        window: { start: '2026-01-05T09:00:00.000Z', end: '2026-01-05T09:05:00.000Z' },
      },
    });
    const steps = check({
      name: 'orders journey',
      status: 'fail',
      details: {
        failedStep: 'read',
        steps: [
          { name: 'create', phase: 'step', status: 'pass', durationMs: 31 },
          {
            name: 'read',
            phase: 'step',
            status: 'fail',
            durationMs: 12,
            message: 'expected status 200, got 404',
          },
          { name: 'delete', phase: 'cleanup', status: 'pass', durationMs: 9 },
        ],
      },
    });
    const plain = check({ name: 'schema', details: { checked: 3, schema: '<orders>' } });
    const page = markup(renderHtmlReport(runReport([hook([judge, steps, plain])])));

    expect(page).toMatch(/<table class="judge">[\s\S]*<th scope="col">Metric<\/th>/);
    expect(page).toMatch(/<th scope="row">errors <span class="tag" data-tone="bad">critical<\/span>/);
    expect(page).toContain('0 of 264 (0%)');
    expect(page).toContain('3 of 36 (8.33%)');
    expect(page).toContain('n 2 · mean 12.5 · median 12.5 · min 12 · max 13');
    expect(page).toContain('needs samplesPerSide 5 · morePeriods 3');
    expect(page).toMatch(/✗<\/span> Fail<\/span> score <strong>0<\/strong> \(pass ≥ 95, marginal ≥ 75\)/);
    const list = /<ol class="steps"[^>]*>([\s\S]*?)<\/ol>/.exec(page)![1]!;
    expect([...list.matchAll(/<span class="step-name">([^<]+)/g)].map((match) => match[1])).toEqual([
      'create',
      'read',
      'delete',
    ]);
    expect(list).toMatch(/read<\/span>[\s\S]*expected status 200, got 404/);
    expect(list).toMatch(/delete<\/span> <span class="tag">cleanup<\/span>/);
    expect(page).toContain('&quot;schema&quot;: &quot;&lt;orders&gt;&quot;');
  });

  it('folds a long message and the logs away, and opens the folded details when printed', () => {
    const message = `first line\n${'stack line\n'.repeat(20)}`;
    const page = renderHtmlReport(
      runReport([hook([check({ name: 'smoke', status: 'error', message })], { logs: ['START\nEND\n'] })]),
    );
    expect(page).toMatch(
      /<p class="msg">first line<\/p><details data-print-open><summary>Full message \(21 lines\)/,
    );
    expect(page).toMatch(
      /<details class="logs"><summary>Logs: 1 invocation, 2 lines<\/summary><pre>START\nEND\n<\/pre>/,
    );
  });
});
