/** A progress bar on stderr when it is a terminal; silent otherwise (logs and CI stay clean). */
import cliProgress from 'cli-progress';

export type Progress = { start(total: number, label?: string): void; update(value: number): void; stop(): void };

export function createProgress(unit: string): Progress {
  if (!process.stderr.isTTY) return { start() {}, update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: ` {bar} {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0),
    update: (value) => bar.update(value),
    stop: () => bar.stop(),
  };
}
