// Runs one ntm command in this process, exactly as bin/ntm.js does, and reports its peak
// memory on stderr (a last line "BENCH {...}") for the benchmark to read.
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
process.stderr.write(`\nBENCH ${JSON.stringify({ code, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
