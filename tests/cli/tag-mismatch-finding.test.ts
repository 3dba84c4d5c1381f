// tag-mismatch is a finding like the others of `ntm check`: an error in the registry of
// findings, with a stable id per lost or added code, counted by severity, failing
// `--fail-on error`, and quieted for good by `ntm accept` like any other finding.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFindingId, SEVERITY } from '../../src/core/findings.js';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let db: string;
let draft: string;
const run = (...args: string[]) => cli(['--db', db, ...args]);

// Segment 1 lost its bold and its link; segment 2 gained a line break the Dutch lacks.
const XLIFF = `<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.html" source-language="nl" target-language="en" datatype="html"><body>
    <trans-unit id="1">
      <source>De <g id="1" ctype="bold">gevangenis</g> werd bestormd, meldt <g id="2" ctype="link">de NOS</g>.</source>
      <target state="translated">The prison was stormed, the NOS reports.</target>
    </trans-unit>
    <trans-unit id="2">
      <source>Het is nu rustig.</source>
      <target state="translated">It is quiet now.<x id="7" ctype="lb"/></target>
    </trans-unit>
  </body></file>
</xliff>
`;

interface Finding {
  kind: string;
  segment: number;
  code: string;
  severity: string;
  id: string;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  draft = join(dir, 'draft.xlf');
  writeFileSync(draft, XLIFF);
  // The term is rendered as approved: the codes are the only findings.
  expect((await run('add', '--term', 'gevangenis', 'prison')).status).toBe(0);
});
afterAll(() => cleanup());

describe('tag-mismatch among the findings of ntm check', () => {
  it('is an error with its own id per code, counted in the summary by kind and severity', async () => {
    expect(SEVERITY['tag-mismatch']).toBe('error');
    const r = await run('check', draft, '--json');
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { issues: Finding[]; summary: { byKind: Record<string, number>; bySeverity: Record<string, number> } };
    expect(doc.issues.map((i) => [i.kind, i.segment, i.code, i.severity])).toEqual([
      ['tag-mismatch', 1, '1', 'error'],
      ['tag-mismatch', 1, '2', 'error'],
      ['tag-mismatch', 2, '7', 'error'],
    ]);
    for (const i of doc.issues) expect(isFindingId(i.id)).toBe(true);
    expect(new Set(doc.issues.map((i) => i.id)).size).toBe(3);
    expect(doc.summary.byKind['tag-mismatch']).toBe(3);
    expect(doc.summary.bySeverity).toEqual({ error: 3, warning: 0 });
    // The same draft checked again gives the same ids: an accepted finding stays accepted.
    const again = JSON.parse((await run('check', draft, '--json')).stdout) as { issues: Finding[] };
    expect(again.issues.map((i) => i.id)).toEqual(doc.issues.map((i) => i.id));
  });

  it('fails --fail-on error, shows as an error on a terminal, and is quieted by ntm accept', async () => {
    expect((await run('check', draft, '--fail-on', 'error')).status).toBe(1);
    const text = await run('check', draft);
    const { issues } = JSON.parse((await run('check', draft, '--json')).stdout) as { issues: Finding[] };
    for (const i of issues) expect(text.stdout).toMatch(new RegExp(`tag-mismatch .*\\(error ${i.id}\\)`));
    expect(text.stdout).toContain('(3 tag-mismatch): 3 errors.');
    const accepted = await run('accept', issues[2]!.id, '--note', 'the line break is the CMS default', '--by', 'eindredactie');
    expect(accepted.status, accepted.stderr).toBe(0);
    const after = JSON.parse((await run('check', draft, '--json')).stdout) as { issues: Finding[]; summary: { accepted: number } };
    expect(after.issues.map((i) => i.code)).toEqual(['1', '2']);
    expect(after.summary.accepted).toBe(1);
    expect((await run('check', draft, '--ignore', 'tag-mismatch')).status).toBe(0);
  });
});
