#!/usr/bin/env node
import { runShiftguard } from './main';

const controller = new AbortController();
const stop = () => controller.abort();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

// shiftguard's own timers are unref'd (the kit's clock), as a hook's must be: a run whose checks
// wait on nothing but their deadline would let the process end, with exit code 0, unjudged.
const keepAlive = setInterval(() => {}, 2 ** 31 - 1);

runShiftguard(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stop: controller.signal,
}).then(
  (code) => {
    clearInterval(keepAlive);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.exitCode = code;
    // An interrupted command may leave work behind that nothing can stop yet (a simulation has no
    // signal): the exit must not wait for it.
    if (controller.signal.aborted) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`shiftguard: ${String(error)}\n`);
    process.exit(1);
  },
);
