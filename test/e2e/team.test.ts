/**
 * End to end, in VS Code for the web (code-server): Condense: Intercoder Agreement
 * with... on two coders' copies of the sample study shows the table per code; a code
 * lists its disagreements, one opens both versions side by side at the unit, and "Keep
 * B's coding" recodes the unit in the workspace. Condense: Compare Coding with... lists
 * the change in the Coding Changes view and opens it side by side.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CodeServer } from '../../scripts/codeServer.mjs';
import { CHROMIUM, LONG, Workbench } from './workbench';

// These run in the page, where the DOM exists; the test itself is compiled without the DOM library.
declare const document: { querySelector(s: string): { textContent: string | null } | null };

const ROOT = path.resolve(__dirname, '../..');
const VSIX = path.join(ROOT, 'condense.vsix');
const SHOTS = path.join(__dirname, 'screenshots');
const UNIT = '{#mu-fg1-02 .facilitate}';

describe('Team views in VS Code for the web (code-server)', function () {
  this.timeout(4 * LONG);
  let tmp = '';
  let study = '';
  let coderA = '';
  let coderB = '';
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let wb: Workbench;

  before(async function () {
    this.timeout(10 * LONG);
    assert.ok(fs.existsSync(VSIX), 'condense.vsix is missing: run `npm run package` (npm run test:e2e does)');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-e2e-team-'));
    study = path.join(tmp, 'study');
    coderA = path.join(tmp, 'coder-a');
    coderB = path.join(tmp, 'coder-b');
    fs.cpSync(path.join(ROOT, 'sample'), study, { recursive: true });
    fs.cpSync(study, coderA, { recursive: true });
    fs.cpSync(study, coderB, { recursive: true });
    // Coder B puts the first unit of focus group 1 under "benefits" instead of "facilitate".
    const fg1 = path.join(coderB, 'transcripts', 'fg1.md');
    const text = fs.readFileSync(fg1, 'utf8');
    assert.ok(text.includes(UNIT), `sample/transcripts/fg1.md has ${UNIT}`);
    fs.writeFileSync(fg1, text.replace(UNIT, '{#mu-fg1-02 .benefits}'));

    const cs = await import('../../scripts/codeServer.mjs');
    const port = await cs.freePort(18180);
    server = await cs.startCodeServer({
      folder: study,
      port,
      userDataDir: path.join(tmp, 'user-data'),
      extensionsDir: path.join(tmp, 'extensions'),
      vsix: VSIX,
      logFile: path.join(tmp, 'code-server.log'),
      settings: { 'files.autoSave': 'off', 'editor.minimap.enabled': false, 'git.enabled': false },
    });
    browser = await chromium.launch(CHROMIUM);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    wb = new Workbench(page);
    await wb.open(server.url);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    const name = `failed-team-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}.png`;
    await page.screenshot({ path: path.join(SHOTS, name) }).catch(() => undefined);
    console.log(`    screenshot: test/e2e/screenshots/${name}`);
  });

  after(async function () {
    this.timeout(LONG);
    await browser?.close();
    await server?.stop();
    if (tmp && !process.env.KEEP_E2E) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the agreement table; a disagreement opens both versions at its unit, and B’s coding can be kept', async () => {
    await wb.openFile('fg1.md');
    await wb.runCommand('Condense: Intercoder Agreement with...');
    // Typed folder paths are taken as they are.
    await wb.typeInQuickInput(coderA);
    await page.keyboard.press('Enter');
    await wb.page.waitForFunction(
      (t: string) => (document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? '').includes(t),
      'coder B',
      {
        timeout: LONG,
      },
    );
    await wb.typeInQuickInput(coderB);
    await page.keyboard.press('Enter');

    const frame = await wb.webviewFrame('Intercoder agreement');
    const codes = await frame
      .locator('tr.code')
      .evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { code?: string } }).dataset.code));
    // Lowest κ first: the two codes the coders disagree on lead the table.
    assert.deepEqual([...codes.slice(0, 2)].sort(), ['benefits', 'facilitate'], codes.join(' '));
    assert.ok(codes.length >= 9, `a row per code: ${codes.join(' ')}`);

    await frame.locator('tr.code[data-code="facilitate"]').click();
    const item = frame.locator('li.disagreement').first();
    await item.waitFor({ timeout: LONG });
    const itemText = (await item.innerText()).replace(/\s+/g, ' ');
    assert.match(
      itemText,
      /different codes transcripts\/fg1\.md A: facilitate B: benefits We had worked with the advantages/,
    );

    // The disagreement opens both versions side by side, at the unit.
    await item.locator('blockquote.show').click();
    await page.locator('.tab', { hasText: '↔' }).first().waitFor({ timeout: LONG });
    await page
      .locator('.monaco-diff-editor .view-lines', { hasText: 'We had worked with the advantages' })
      .first()
      .waitFor({ timeout: LONG });
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'agreement-disagreement.png') });

    // Keep B's coding: the study's fg1.md gets .benefits on that unit, as one edit, then saved.
    const frame2 = await wb.webviewFrame('Disagreements on');
    await frame2.locator('li.disagreement').first().locator('button.keep[data-side="b"]').click();
    // The edit is applied to the workspace's fg1.md (unsaved); saving writes it.
    await page.locator('.tab.dirty', { hasText: 'fg1.md' }).first().waitFor({ timeout: LONG });
    await wb.runCommand('File: Save All Files');
    const deadline = Date.now() + LONG;
    while (!fs.readFileSync(path.join(study, 'transcripts', 'fg1.md'), 'utf8').includes('{#mu-fg1-02 .benefits}')) {
      if (Date.now() > deadline) throw new Error('fg1.md was not recoded');
      await page.waitForTimeout(250);
    }
  });

  it('lists the coding changes from another version in the Coding Changes view, and opens one side by side', async () => {
    // The workspace now has B's coding of that unit (kept above); coder A's copy still has facilitate.
    await wb.runCommand('Condense: Compare Coding with...');
    await wb.typeInQuickInput(coderA);
    await page.keyboard.press('Enter');
    const pane = page.locator('.part.sidebar .pane', {
      has: page.locator('.pane-header', { hasText: /Coding Changes/i }),
    });
    await pane.waitFor({ timeout: LONG });
    const row = wb.treeRow(pane, 'recoded: facilitate → benefits');
    await row.waitFor({ timeout: LONG });
    assert.equal(
      await pane
        .locator('.monaco-list-row', {
          has: page.locator('.label-name', { hasText: /^(recoded|resized|added|removed):/ }),
        })
        .count(),
      1,
    );
    await row.click();
    await page.locator('.tab', { hasText: '↔ working tree' }).first().waitFor({ timeout: LONG });
    await page
      .locator('.monaco-diff-editor .view-lines', { hasText: 'We had worked with the advantages' })
      .first()
      .waitFor({ timeout: LONG });
    await page.screenshot({ path: path.join(SHOTS, 'coding-changes.png') });
  });
});
