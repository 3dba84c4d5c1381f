// The page of ntm serve in a real browser: Debian's chromium driven by playwright-core (never a
// downloaded browser). A translator's keyboard does the work: type a sentence and see the
// matches and the term pane, check a pasted draft and see the finding on the words, add a
// pair and find it. Under CI (CI=true) a missing browser fails; elsewhere it is reported.
// With NTM_SCREENSHOTS=<folder> the tests also save the README's screenshots there.
import Anser from 'anser';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/run.js';
import { serveSmallTm, type Served } from '../helpers/serve.js';

const CHROMIUM = process.env.NTM_CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SHOTS = process.env.NTM_SCREENSHOTS;

/** What a callback run in the page uses of the browser's window (the tests compile without DOM types). */
interface BrowserWindow {
  getComputedStyle(e: unknown): { color: string };
}

let s: Served;
let browser: Browser | null = null;
// One tab for every test: a new one costs a renderer process (seconds on a busy machine).
let tab: Page;
let problems: string[] = [];

beforeAll(async () => {
  s = await serveSmallTm();
  // playwright gives every launch a fresh, temporary --user-data-dir of its own.
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  tab = await browser.newPage({ viewport: { width: 1180, height: 760 } });
  tab.on('pageerror', (err) => problems.push(err.message));
  tab.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

/** The page freshly opened on the served TM, or null (outside CI only) when there is no browser. */
async function openPage(): Promise<{ page: Page; problems: string[] } | null> {
  if (!browser) {
    expect(process.env.CI, `CI must have Debian's chromium at ${CHROMIUM} (.ci/run installs it)`).not.toBe('true');
    console.warn(`browser tests not run: no chromium at ${CHROMIUM} (apt-get install chromium)`);
    return null;
  }
  problems = [];
  tab.removeAllListeners('request');
  await tab.setViewportSize({ width: 1180, height: 760 });
  await tab.goto(s.server.url);
  return { page: tab, problems };
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, name) });
}

describe('the page in a browser', () => {
  it('looks up as you type (debounced): the match with its differences marked, and the term pane', async () => {
    const opened = await openPage();
    if (!opened) return;
    const { page, problems } = opened;
    let lookups = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/lookup')) lookups++;
    });
    const sentence = 'De Koerdische strijdkrachten melden achttien doden.';
    // The sentence box has the focus when the page opens: typing is all it takes.
    await page.keyboard.type(sentence);
    const match = page.getByRole('listitem').filter({ hasText: 'The Kurdish forces report seventeen dead.' });
    await expect.poll(() => match.count()).toBe(1);
    expect(await match.locator('del').allTextContents()).toEqual(['only in the TM: zeventien']);
    expect(await match.locator('ins').allTextContents()).toEqual(['only in your text: achttien']);
    expect(await match.locator('.score').textContent()).toMatch(/^\d\d%$/);

    const pane = page.getByRole('complementary', { name: 'Terms in this sentence' });
    const term = pane.getByRole('listitem').filter({ hasText: 'Koerdische strijdkrachten' });
    await expect.poll(() => term.locator('.approved').allTextContents()).toEqual(['use: Kurdish forces']);
    expect(await term.locator('.forbidden').textContent()).toBe('Kurdish armed forces forbidden');
    expect(await page.locator('#lookup-echo mark').allTextContents()).toEqual(['Koerdische strijdkrachten']);
    // One keystroke after another does not send one request each.
    expect(lookups).toBeGreaterThan(0);
    expect(lookups).toBeLessThan(sentence.length / 4);
    await shot(page, 'serve-lookup.png');
    expect(problems).toEqual([]);
  });

  it('looks up a pasted paragraph sentence by sentence, the terms of both in the pane', async () => {
    const opened = await openPage();
    if (!opened) return;
    const { page, problems } = opened;
    await page.keyboard.insertText('De gevangenis werd bestormd door IS-strijders. De Koerdische strijdkrachten melden zeventien doden.');
    const blocks = page.locator('#matches section.sentence');
    await expect.poll(() => blocks.count()).toBe(2);
    expect(await blocks.locator('h3').allTextContents()).toEqual([
      'De gevangenis werd bestormd door IS-strijders.',
      'De Koerdische strijdkrachten melden zeventien doden.',
    ]);
    expect(await blocks.locator('.score').allTextContents()).toEqual(['100%', '100%']);
    const pane = page.getByRole('complementary', { name: 'Terms in this sentence' });
    await expect.poll(() => pane.locator('.term-nl').allTextContents()).toEqual(['gevangenis', 'Koerdische strijdkrachten']);
    await shot(page, 'serve-paragraph.png');
    expect(problems).toEqual([]);
  });

  it('checks a pasted draft, Dutch and English side by side, with the finding highlighted on the words', async () => {
    const opened = await openPage();
    if (!opened) return;
    const { page, problems } = opened;
    await page.keyboard.press('Alt+3');
    expect(await page.evaluate('document.activeElement.id')).toBe('check-nl');
    await page.keyboard.insertText('De gevangenis werd bestormd door IS-strijders.\nDe Koerdische strijdkrachten vielen aan.');
    await page.keyboard.press('Tab');
    await page.keyboard.insertText('The prison was stormed by IS fighters.\nThe Kurdish fighters attacked.');
    await page.keyboard.press('Control+Enter');
    const status = page.getByRole('status').filter({ hasText: 'Checked' });
    await expect.poll(() => status.textContent()).toBe('Checked 2 segments: 1 issue in 1 segment.');
    const segment = page.getByRole('article').filter({ hasText: 'Segment 2' });
    expect(await segment.locator('.tgt mark.finding').allTextContents()).toEqual(['Kurdish fighters']);
    expect(await segment.locator('.src mark.finding').allTextContents()).toEqual(['Koerdische strijdkrachten']);
    expect(await segment.getByRole('listitem').textContent()).toMatch(/^term-missing Term “Koerdische strijdkrachten”: write “Kurdish forces”.* \(warning\)$/);
    expect(await page.getByRole('article').count()).toBe(1);
    await shot(page, 'serve-check.png');
    expect(problems).toEqual([]);
  });

  it('adds a pair from the keyboard and finds it', async () => {
    const opened = await openPage();
    if (!opened) return;
    const { page, problems } = opened;
    await page.keyboard.press('Alt+4');
    await page.keyboard.insertText('Het Pentagon bevestigt dat de Amerikanen luchtaanvallen uitvoerden.');
    await page.keyboard.press('Tab');
    await page.keyboard.insertText('The Pentagon confirms that the Americans carried out air strikes.');
    await page.getByRole('button', { name: 'Add pair' }).focus();
    await page.keyboard.press('Enter');
    const status = page.locator('#add-status');
    await expect.poll(() => status.textContent()).toMatch(/^Added pair #\d+\. Look it up$/);
    await page.getByRole('button', { name: 'Look it up' }).press('Enter');
    const match = page.locator('#matches').getByRole('listitem').filter({ hasText: 'The Pentagon confirms that the Americans carried out air strikes.' });
    await expect.poll(() => match.locator('.score').textContent()).toBe('100%');
    expect(await page.getByRole('tab', { name: 'Lookup' }).getAttribute('aria-selected')).toBe('true');

    await page.keyboard.press('Alt+2');
    await page.keyboard.type('pentagon');
    await page.keyboard.press('Enter');
    const hit = page.locator('#conc-results mark.hit');
    await expect.poll(() => hit.allTextContents()).toEqual(['Pentagon']);
    expect(problems).toEqual([]);
  });

  it('moves between the tools with the arrow keys, as a tab list does', async () => {
    const opened = await openPage();
    if (!opened) return;
    const { page } = opened;
    await page.getByRole('tab', { name: 'Lookup' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Concordance' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tabpanel').getAttribute('id')).toBe('panel-concordance');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tabpanel').getAttribute('id')).toBe('panel-add');
  });
});

describe('the CLI next to it', () => {
  it('marks the same differences in colour in a terminal (rendered by the browser for the README)', async () => {
    const tm = join(s.dir, 'tm.sqlite');
    const r = await cli(['--db', tm, 'lookup', 'De Koerdische strijdkrachten melden achttien doden.'], { tty: true, env: { FORCE_COLOR: '1' } });
    expect(r.status).toBe(0);
    const html = Anser.ansiToHtml(Anser.escapeForHtml(`$ ntm lookup "De Koerdische strijdkrachten melden achttien doden."\n${r.stdout}`));
    const opened = await openPage();
    if (!opened) return;
    const { page } = opened;
    // A blank document: the served page's CSP would refuse the converter's inline colours.
    await page.goto('about:blank');
    await page.setContent(
      `<body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:16px;font:15px/1.45 monospace;color:#d0d0d0">${html}</pre></body>`,
    );
    // jsdiff's words: the stored one struck through in red, the new one underlined in green.
    const colourOf = (word: string) =>
      page.locator('pre span', { hasText: new RegExp(`^${word}$`) }).evaluate((e) => (globalThis as unknown as BrowserWindow).getComputedStyle(e).color);
    expect(await colourOf('zeventien')).toMatch(/rgb\((1[5-9]\d|2\d\d), \d{1,2}, \d{1,2}\)/);
    expect(await colourOf('achttien')).toMatch(/rgb\(\d{1,2}, (1[5-9]\d|2\d\d), \d{1,2}\)/);
    await page.setViewportSize({ width: 980, height: 150 });
    await shot(page, 'cli-lookup.png');
  });
});
