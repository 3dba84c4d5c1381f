// The version ntm reports (and writes into the files it exports): package.json's, read from
// beside src/ or dist/, so that there is one place to change it.
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
