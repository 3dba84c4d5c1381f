// Runs one ntm command in this process, exactly as bin/ntm.js does, and reports its peak
// memory and CPU time on stderr (a last line "BENCH {...}") for the benchmark to read.
import { run } from '../../dist/cli/main.js';

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
});
const usage = process.resourceUsage();
// CPU time (every thread of the process): on a loaded machine, wall time alone misleads.
process.stderr.write(`\nBENCH ${JSON.stringify({ code, maxRssKiB: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) })}\n`);
process.exitCode = code;
