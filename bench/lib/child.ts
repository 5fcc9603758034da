import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Child {
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts one of bench/servers/*.ts in its own process (through tsx, as `npm start` runs the app)
 * and waits for it to report its port. The load generator stays in the parent, so on two cores
 * the server has one to itself and the client the other.
 */
export function startChild(name: 'hearken-server' | 'bare-server' | 'bare-sse-server', env: Record<string, string> = {}): Promise<Child> {
  const proc = fork(path.join(here, '..', 'servers', `${name}.ts`), [], {
    // HEARKEN_BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server child there (see docs/bench.md).
    execArgv: ['--import', 'tsx', ...(process.env.HEARKEN_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HEARKEN_BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, HEARKEN_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${name} exited early (code ${code})`));
    proc.once('exit', onExit);
    proc.once('message', (m: { ready?: boolean; port?: number }) => {
      if (!m?.ready || !m.port) return reject(new Error(`${name} sent an unexpected message`));
      proc.off('exit', onExit);
      resolve({
        port: m.port,
        proc,
        stop: () =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null) return done();
            const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
            proc.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            proc.send({ stop: true });
          }),
      });
    });
  });
}
