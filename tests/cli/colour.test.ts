// Colour: on for a person's terminal or when forced, off for pipes, NO_COLOR and --no-color; and
// without colour the plain palette gives exactly what chalk gives at level 0.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { colourLevel, loadPalette, PLAIN } from '../../src/cli/render/colour.js';

describe('colour', () => {
  it('is on for a terminal or FORCE_COLOR, off for a pipe, NO_COLOR and --no-color', () => {
    const level = (enabled: boolean, env: Record<string, string>, terminal: boolean) => colourLevel({ enabled, env, terminal });
    expect(level(true, {}, true)).toBe(2);
    expect(level(true, {}, false)).toBe(0);
    expect(level(true, { FORCE_COLOR: '1' }, false)).toBe(2);
    expect(level(true, { FORCE_COLOR: 'false' }, false)).toBe(0);
    expect(level(true, { NO_COLOR: '1' }, true)).toBe(0);
    expect(level(true, { NO_COLOR: '', FORCE_COLOR: '1' }, false)).toBe(2);
    expect(level(false, { FORCE_COLOR: '1' }, true)).toBe(0);
  });

  it('without colour, writes what chalk writes at level 0, without loading chalk', async () => {
    const chalk = new Chalk({ level: 0 });
    const uses = [
      (c: typeof chalk) => c.bold.green('100%'),
      (c: typeof chalk) => c.red.strikethrough('zeventien'),
      (c: typeof chalk) => c.bold.inverse('kalifaat'),
      (c: typeof chalk) => c.yellow(String(3)),
      (c: typeof chalk) => c.dim('a', 'b'),
      (c: typeof chalk) => c.cyan(''),
    ];
    for (const use of uses) expect(use(PLAIN)).toBe(use(chalk));
    expect(PLAIN.level).toBe(0);
    expect(await loadPalette(0)).toBe(PLAIN);
    expect((await loadPalette(2)).green('ok')).toBe('\u001b[32mok\u001b[39m');
  });
});
