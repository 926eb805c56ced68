import { join } from 'node:path';
import vm from 'node:vm';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Emulator, startEmulator } from '../index';
import { acquireLogCapture, runCaptured } from './log-capture';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const mainConsole = (vm.runInThisContext('globalThis') as typeof globalThis).console;

const running: Emulator[] = [];
const clients: LambdaClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
  jest.restoreAllMocks();
});

async function start(): Promise<{ emulator: Emulator; client: LambdaClient }> {
  const emulator = await startEmulator();
  running.push(emulator);
  const client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  clients.push(client);
  return { emulator, client };
}

describe('log capture', () => {
  it('keeps concurrent invocations’ output apart, including output of work they started', async () => {
    const { emulator, client } = await start();
    emulator.lambda.createFunction({
      functionName: 'interleaved',
      handler: {
        fn: async (event: { id: number; waitMs: number }) => {
          console.log(`begin ${event.id}`);
          await new Promise((resolve) => setTimeout(resolve, event.waitMs));
          setImmediate(() => console.warn(`nested ${event.id}`));
          await new Promise((resolve) => setImmediate(resolve));
          console.log(`end ${event.id}`);
          return event.id;
        },
      },
    });

    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((id) =>
        client.send(
          new InvokeCommand({
            FunctionName: 'interleaved',
            Payload: Buffer.from(JSON.stringify({ id, waitMs: (6 - id) * 5 })),
          }),
        ),
      ),
    );

    for (const record of emulator.lambda.invocations()) {
      const id = (record.event as { id: number }).id;
      const lines = record.log
        .split('\n')
        .filter((line) => line.includes('\tINFO\t') || line.includes('\tWARN\t'));
      expect(lines.map((line) => line.split('\t').slice(2).join(' '))).toEqual([
        `INFO begin ${id}`,
        `WARN nested ${id}`,
        `INFO end ${id}`,
      ]);
    }
  });

  it('leaves output from outside invocations to the real console, unchanged', async () => {
    const spy = jest.spyOn(console, 'log').mockImplementation(() => {});
    const { emulator, client } = await start();
    emulator.lambda.createFunction({
      functionName: 'talker',
      handler: {
        fn: async () => {
          console.log('inside the invocation');
          return null;
        },
      },
    });

    await client.send(new InvokeCommand({ FunctionName: 'talker' }));
    console.log('outside', 42);

    expect(spy.mock.calls).toEqual([['outside', 42]]);
    expect(emulator.lambda.invocations()[0]?.log).toContain('\tINFO\tinside the invocation\n');
  });

  it('captures module handlers, which log through the main realm console', async () => {
    const { emulator, client } = await start();
    emulator.lambda.createFunction({ functionName: 'chatty', handler: { module: fixture('logs.mjs') } });

    await client.send(new InvokeCommand({ FunctionName: 'chatty' }));

    expect(emulator.lambda.invocations()[0]?.log).toContain('\tWARN\twarn line\n');
    expect(mainConsole).not.toBe(console);
  });

  it('installs on the first invocation and removes the patch when the last emulator closes', async () => {
    const log = console.log;
    const mainLog = mainConsole.log;
    const write = process.stdout.write;
    const env = process.env;
    const first = await start();
    const second = await start();
    for (const { emulator } of [first, second]) {
      emulator.lambda.createFunction({ functionName: 'f', handler: { fn: async () => 1 } });
    }

    expect(console.log).toBe(log);
    await first.client.send(new InvokeCommand({ FunctionName: 'f' }));
    await second.client.send(new InvokeCommand({ FunctionName: 'f' }));
    const patched = console.log;
    await first.emulator.close();
    const afterFirstClose = console.log;
    await second.emulator.close();

    expect(patched).not.toBe(log);
    expect(afterFirstClose).toBe(patched);
    expect(console.log).toBe(log);
    expect(mainConsole.log).toBe(mainLog);
    expect(process.stdout.write).toBe(write);
    expect(process.env).toBe(env);
  });

  it('does not remove a method someone replaced after the patch', () => {
    const release = acquireLogCapture();
    const replacement = jest.fn();
    const original = Object.getOwnPropertyDescriptor(console, 'info');
    console.info = replacement;

    release();

    expect(console.info).toBe(replacement);
    if (original) Object.defineProperty(console, 'info', original);
    else delete (console as { info?: unknown }).info;
  });

  it('keeps a handler’s process.env writes and deletions inside its invocation', () => {
    process.env.OUTSIDE = 'test process';
    process.env.AWS_PROFILE_FOR_TEST = 'hidden';
    const release = acquireLogCapture();
    const target = {
      log: jest.fn(),
      write: jest.fn(),
      env: { ONLY_INSIDE: 'yes', ALSO_INSIDE: 'yes' } as Record<string, string | undefined>,
    };

    const seen = runCaptured(target, () => {
      process.env.WRITTEN_INSIDE = 'inside';
      delete process.env.OUTSIDE;
      delete process.env.ALSO_INSIDE;
      return {
        onlyInside: process.env.ONLY_INSIDE,
        written: process.env.WRITTEN_INSIDE,
        listed: Object.keys(process.env).includes('ONLY_INSIDE'),
        has: 'ONLY_INSIDE' in process.env,
        deleted: [
          process.env.OUTSIDE,
          'OUTSIDE' in process.env,
          Object.keys(process.env).includes('OUTSIDE'),
        ],
        deletedOverlay: [process.env.ALSO_INSIDE, 'ALSO_INSIDE' in process.env],
        awsOfTheTestProcess: [process.env.AWS_PROFILE_FOR_TEST, { ...process.env }.AWS_PROFILE_FOR_TEST],
      };
    });
    const outside = process.env.OUTSIDE;
    release();
    delete process.env.OUTSIDE;
    delete process.env.AWS_PROFILE_FOR_TEST;

    expect(seen).toEqual({
      onlyInside: 'yes',
      written: 'inside',
      listed: true,
      has: true,
      deleted: [undefined, false, false],
      deletedOverlay: [undefined, false],
      awsOfTheTestProcess: [undefined, undefined],
    });
    expect(outside).toBe('test process');
    expect(process.env.ONLY_INSIDE).toBeUndefined();
    expect(process.env.WRITTEN_INSIDE).toBeUndefined();
    expect(target.env.WRITTEN_INSIDE).toBe('inside');
  });

  it('sends what an abandoned (timed-out) handler logs to the console, never after its REPORT line', async () => {
    const spy = jest.spyOn(console, 'log').mockImplementation(() => {});
    const { emulator, client } = await start();
    let loggedLate: () => void = () => {};
    const late = new Promise<void>((resolve) => {
      loggedLate = resolve;
    });
    emulator.lambda.createFunction({
      functionName: 'abandoned',
      timeoutMs: 50,
      handler: {
        fn: async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          console.log('after the timeout');
          loggedLate();
          return 'too late';
        },
      },
    });

    await client.send(new InvokeCommand({ FunctionName: 'abandoned' }));
    await late;
    const log = emulator.lambda.invocations()[0]?.log ?? '';

    expect(log).not.toContain('after the timeout');
    expect(log.trimEnd().split('\n').at(-1)).toMatch(/^REPORT RequestId: .*\tStatus: timeout$/);
    expect(spy.mock.calls).toEqual([['after the timeout']]);
  });

  it('sends what a timer an invocation started logs after the invocation ended to the console', async () => {
    const spy = jest.spyOn(console, 'log').mockImplementation(() => {});
    const { emulator, client } = await start();
    let flushed: () => void = () => {};
    const flush = new Promise<void>((resolve) => {
      flushed = resolve;
    });
    emulator.lambda.createFunction({
      functionName: 'flushing',
      handler: {
        fn: async () => {
          // A shared flusher, started by the first invocation and running on after it.
          setTimeout(() => {
            console.log('flushed later');
            flushed();
          }, 30);
          console.log('handled');
          return null;
        },
      },
    });

    await client.send(new InvokeCommand({ FunctionName: 'flushing' }));
    await flush;
    const log = emulator.lambda.invocations()[0]?.log ?? '';

    expect(log).toContain('\tINFO\thandled\n');
    expect(log).not.toContain('flushed later');
    expect(log.trimEnd().split('\n').at(-1)).toMatch(/^REPORT RequestId: /);
    expect(spy.mock.calls).toEqual([['flushed later']]);
  });

  it('routes raw stdout writes inside an invocation to its log and calls their callback', async () => {
    const release = acquireLogCapture();
    const chunks: string[] = [];
    const target = { log: jest.fn(), write: (text: string) => chunks.push(text), env: {} };

    const done = await new Promise<boolean>((resolve) =>
      runCaptured(target, () => process.stdout.write(Buffer.from('bytes\n'), () => resolve(true))),
    );
    release();

    expect(done).toBe(true);
    expect(chunks).toEqual(['bytes\n']);
  });
});
