// Runs `meekijk serve` on 127.0.0.1:0 for the Node test suites (tests/e2e, tests/fhir): reads the
// bound URL from its log and stops it again. `cleanup` runs after the process has gone.
import { spawn } from 'node:child_process';

export async function serve(binary, args, cleanup = () => {}) {
  const proc = spawn(binary, ['serve', ...args, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // The access log is drained (a full pipe would stall the server) and kept for failures.
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start:\n' + log)), 20_000);
    const onData = (chunk) => {
      log += chunk;
      const m = /url=(http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => fail(new Error(`server exited (${code}):\n${log}`)));
  });
  // Never leave a server behind, also when the test runner is killed (CTest's timeout).
  const kill = () => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL');
  process.once('exit', kill);
  return {
    url,
    log: () => log,
    // SIGTERM (graceful), and SIGKILL when it has not stopped within 5 s.
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const timer = setTimeout(kill, 5000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', kill);
      cleanup();
    },
  };
}
