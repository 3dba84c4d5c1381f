// Whether output is coloured, and the palette the renderers colour with. chalk (an ES module)
// is loaded only when colour is on: output for scripts and pipes never pays for loading it.
import type { ChalkInstance } from 'chalk';

/** What decides colour: --no-color, the environment (NO_COLOR, FORCE_COLOR) and whether stdout is a terminal. */
export interface ColourSetting {
  enabled: boolean;
  env: Record<string, string | undefined>;
  terminal: boolean;
}

/** The colour level: none with --no-color or NO_COLOR; 256 colours on a terminal or with FORCE_COLOR; else none. */
export function colourLevel(s: ColourSetting): 0 | 2 {
  const off = !s.enabled || (s.env.NO_COLOR !== undefined && s.env.NO_COLOR !== '');
  const forced = s.env.FORCE_COLOR !== undefined && s.env.FORCE_COLOR !== '0' && s.env.FORCE_COLOR !== 'false';
  return off ? 0 : forced || s.terminal ? 2 : 0;
}

/** chalk's style names (modifiers, colours, backgrounds), each of which PLAIN answers with itself. */
const STYLE =
  /^(?:reset|bold|dim|italic|underline|overline|inverse|hidden|strikethrough|visible|(?:black|red|green|yellow|blue|magenta|cyan|white|gray|grey)(?:Bright)?|bg[A-Z]\w*)$/;

/** A palette that leaves text as it is, as chalk does at level 0, without loading chalk. */
export const PLAIN: ChalkInstance = new Proxy(
  Object.assign((...text: unknown[]) => text.join(' '), { level: 0 }),
  {
    get: (target, key) => (typeof key === 'string' && STYLE.test(key) ? PLAIN : Reflect.get(target, key)),
  },
) as unknown as ChalkInstance;

/** The palette for a run: chalk at the level, or PLAIN when there is no colour. */
export async function loadPalette(level: 0 | 2): Promise<ChalkInstance> {
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}
