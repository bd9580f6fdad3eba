/**
 * End-to-end: the packaged extension (condense.vsix) in a real VS Code, code-server
 * 4.99.4 (VS Code 1.99 for the web) on 127.0.0.1, driven through Debian's Chromium by
 * Playwright the way a researcher works: quick open, the command palette, the keyboard
 * and clicks, with every check read from what the page shows (or from disk after a save).
 *
 * The folder is a temporary copy of sample/ with two more transcripts: fg9.md holds a
 * unit whose text is hostile HTML, scratch.md is typed into. Expected counts come from
 * the `condense` CLI on the same copy, so the tests follow the sample when it changes.
 *
 *   npm run test:e2e          (packages the .vsix first; code-server is installed on first use)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { run } from '../../server/src/cli/run';
import type { CodeServer } from '../../scripts/codeServer.mjs';
import { CHROMIUM, LONG, Workbench } from './workbench';

const ROOT = path.resolve(__dirname, '../..');
const VSIX = path.join(ROOT, 'condense.vsix');
const SHOTS = path.join(__dirname, 'screenshots');
const DOC_SHOTS = path.join(ROOT, 'docs', 'screenshots');

const HOSTILE = '<script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=2"> inside a unit';
/** A memo as hostile as the unit (single-quoted in the attributes, so its double quotes stay). */
const HOSTILE_MEMO = 'memo <img src=x onerror="window.__pwned=3"> <b>not bold</b>';
const FILES: Record<string, string> = {
  'transcripts/fg9.md': `---
title: Focus group 9 (hostile text)
participants:
  P9: {role: manager}
---

**P9:** [${HOSTILE}]{.challenges note='${HOSTILE_MEMO}'}
`,
  'transcripts/scratch.md': `---
title: Scratch transcript for the end-to-end tests
participants:
  P1: {role: manager}
---

**P1:** This transcript is typed into by the end-to-end tests.
`,
};

interface IndexJson {
  codes: {
    id: string;
    title: string;
    parent: string | null;
    depth: number;
    units: number;
    transcripts: number;
    speakers: number;
  }[];
  units: {
    file: string;
    kind: 'span' | 'div';
    codes: string[];
    text: string;
    speaker?: string;
    range: { start: { line: number }; end: { line: number } };
    contentRange: { start: { line: number }; end: { line: number } };
  }[];
}

/** Any `condense ... --json` command's output, through the CLI's own entry point. */
function cliJson(argv: string[]): unknown {
  const out: string[] = [];
  const code = run(
    argv,
    (x) => out.push(x),
    () => undefined,
  );
  assert.equal(code, 0, argv.join(' '));
  return JSON.parse(out.join('\n'));
}

/** `condense index <dir> --json`, through the CLI's own entry point. */
function indexOf(dir: string): IndexJson {
  const out: string[] = [];
  const code = run(
    ['index', dir, '--json'],
    (s) => out.push(s),
    () => undefined,
  );
  assert.equal(code, 0);
  return JSON.parse(out.join('\n')) as IndexJson;
}

/** Files under `dir` whose names match `re`. */
function findFiles(dir: string, re: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => re.test(f))
    .map((f) => path.join(dir, f));
}

describe('Condense in VS Code for the web (code-server)', function () {
  this.timeout(4 * LONG);
  let tmp = '';
  let study = '';
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let wb: Workbench;
  let index: IndexJson;

  /** Saves a screenshot in test/e2e/screenshots/, and in docs/screenshots/ when asked. */
  async function screenshot(name: string): Promise<void> {
    // Built-in extensions that are still starting (Markdown's colouring) would be missing.
    await page
      .locator('.part.statusbar', { hasText: 'Activating Extensions' })
      .waitFor({ state: 'detached', timeout: 20_000 })
      .catch(() => undefined);
    await page.waitForTimeout(500);
    await wb.restMouse();
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file });
    // The committed copies change only on purpose: when missing, or with UPDATE_SCREENSHOTS=1.
    const doc = path.join(DOC_SHOTS, `${name}.png`);
    if (process.env.UPDATE_SCREENSHOTS === '1' || !fs.existsSync(doc)) {
      fs.mkdirSync(DOC_SHOTS, { recursive: true });
      fs.copyFileSync(file, doc);
    }
  }

  /**
   * Answers VS Code for the web's save dialog (a quick input holding the proposed path,
   * with the file name selected but for its extension) with the name `baseName`, typed as
   * a person types it over the selection, and waits until the file exists. Returns its path.
   * (Typing a whole path is not reliable: the dialog completes folder names as they come.)
   */
  async function saveAs(baseName: string): Promise<string> {
    const box = wb.quickInput.locator('.quick-input-box input');
    await box.waitFor({ state: 'visible', timeout: LONG });
    // The dialog fills in its proposal a moment after it shows: a folder, then the name.
    await page.waitForFunction((el: any) => /\/[^/]+\.[A-Za-z0-9]+$/.test(el.value), await box.elementHandle(), {
      timeout: 10_000,
    });
    await page.waitForTimeout(300);
    const initial = await box.inputValue();
    const expected = `${initial.slice(0, initial.lastIndexOf('/') + 1)}${baseName}${path.extname(initial)}`;
    await box.pressSequentially(baseName, { delay: 15 });
    const settled = await page
      .waitForFunction(([el, t]: [any, string]) => el.value === t, [await box.elementHandle(), expected] as const, {
        timeout: 10_000,
      })
      .then(
        () => true,
        () => false,
      );
    if (!settled) assert.fail(`the save dialog holds “${await box.inputValue()}”, not “${expected}”`);
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + LONG;
    while (!fs.existsSync(expected) && Date.now() < deadline) await page.waitForTimeout(200);
    if (!fs.existsSync(expected)) {
      const shown = await page
        .locator('.notifications-toasts, .quick-input-widget, .monaco-dialog-box')
        .allInnerTexts();
      assert.fail(`no file was written; the workbench shows: ${shown.join(' | ').replace(/\s+/g, ' ').slice(0, 400)}`);
    }
    return expected;
  }

  before(async function () {
    this.timeout(10 * LONG); // the first run installs code-server
    assert.ok(fs.existsSync(VSIX), 'condense.vsix is missing: run `npm run package` (npm run test:e2e does)');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-e2e-'));
    study = path.join(tmp, 'study');
    fs.cpSync(path.join(ROOT, 'sample'), study, { recursive: true });
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(study, name), text);
    index = indexOf(study);

    const cs = await import('../../scripts/codeServer.mjs');
    const port = await cs.freePort(18080);
    server = await cs.startCodeServer({
      folder: study,
      port,
      userDataDir: path.join(tmp, 'user-data'),
      extensionsDir: path.join(tmp, 'extensions'),
      vsix: VSIX,
      logFile: path.join(tmp, 'code-server.log'),
      settings: {
        // VS Code for the web saves after a delay by default; the tests save (or revert) themselves.
        'files.autoSave': 'off',
        // Calmer screenshots: no minimap, no sticky headings over the text.
        'editor.minimap.enabled': false,
        'editor.stickyScroll.enabled': false,
        // The temporary study is no repository; Condense does not need git.
        'git.enabled': false,
      },
    });
    browser = await chromium.launch(CHROMIUM);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    wb = new Workbench(page);
    await wb.open(server.url);
  });

  let failed = false;
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    failed = true;
    fs.mkdirSync(SHOTS, { recursive: true });
    const name = `failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`;
    await page.screenshot({ path: path.join(SHOTS, name) }).catch(() => undefined);
    console.log(`    screenshot: test/e2e/screenshots/${name}`);
  });

  after(async function () {
    this.timeout(LONG);
    await browser?.close();
    await server?.stop();
    // After a failure: code-server's log and the extension's output channel, beside the screenshots.
    if (failed && tmp) {
      const logs = [
        path.join(tmp, 'code-server.log'),
        ...findFiles(path.join(tmp, 'user-data', 'logs'), /Condense\.log$/),
      ];
      for (const f of logs.filter((x) => fs.existsSync(x))) {
        fs.copyFileSync(f, path.join(SHOTS, path.basename(f)));
        console.log(`    log: test/e2e/screenshots/${path.basename(f)}`);
      }
    }
    if (tmp && !process.env.KEEP_E2E) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('activates on the study: the Condense view container and the language server’s log', async () => {
    await page.locator('.activitybar .action-item a[aria-label="Condense"]').waitFor({ timeout: LONG });
    // The extension's output channel is listed once it has activated.
    const channel = wb.quickInput.locator('.monaco-list-row', {
      has: page.locator('.label-name', { hasText: /^Condense$/ }),
    });
    const deadline = Date.now() + LONG;
    for (;;) {
      await wb.runCommand('Output: Show Output Channels...');
      if (
        await channel.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) assert.fail('no output channel “Condense”: the extension did not activate');
      await wb.closeQuickInput();
      await page.waitForTimeout(1000);
    }
    await wb.pick(/^Condense$/);
    const output = page.locator('.part.panel .monaco-editor .view-lines');
    // Monaco draws spaces as U+00A0, which \s matches.
    await output.filter({ hasText: /Indexed\s\d+\sfiles/ }).waitFor({ timeout: LONG });
    await wb.runCommand('View: Hide Panel');
  });

  it('highlights the meaning units of an open transcript, and counts them in the status bar', async () => {
    await wb.openFile('fg1.md');
    const fg1 = index.units.filter((u) => u.file === 'transcripts/fg1.md');
    await wb.goToLine(fg1[1].range.start.line + 1); // past the front matter, among the units
    const deadline = Date.now() + LONG;
    let count = 0;
    while ((count = await wb.highlightCount()) < 5 && Date.now() < deadline) await page.waitForTimeout(250);
    assert.ok(count >= 5, `at least 5 highlighted unit backgrounds in fg1.md, saw ${count}`);
    await page
      .locator('.part.statusbar', { hasText: new RegExp(`${fg1.length} units · \\d+% of turns`) })
      .waitFor({ timeout: LONG });
    await screenshot('transcript-highlighted');
  });

  it('lists themes and subthemes with counts in the Themes view, and reveals a unit', async () => {
    const pane = await wb.openCondenseView();
    const themes = index.codes.filter((c) => c.depth === 0);
    assert.equal(themes.length, 3);
    for (const t of themes) {
      const row = wb.treeRow(pane, t.title);
      await row.waitFor({ timeout: LONG });
      assert.equal(
        (await row.locator('.label-description').innerText()).trim(),
        `${t.units} · ${t.transcripts} tr · ${t.speakers} sp`,
      );
      await wb.expand(row);
      for (const s of index.codes.filter((c) => c.parent === t.id)) {
        const sub = wb.treeRow(pane, s.title);
        await sub.waitFor({ timeout: LONG });
        assert.equal(
          (await sub.locator('.label-description').innerText()).trim(),
          `${s.units} · ${s.transcripts} tr · ${s.speakers} sp`,
        );
      }
    }
    // The units of a subtheme: click one, and its transcript opens with the unit selected.
    const facilitate = index.codes.find((c) => c.id === 'facilitate');
    assert.ok(facilitate);
    await wb.expand(wb.treeRow(pane, facilitate.title));
    const unitRow = pane.locator('.monaco-list-row[aria-level="3"]').first();
    await unitRow.waitFor({ timeout: LONG });
    const label = (await unitRow.locator('.label-name').innerText()).replace(/…$/, '').trim();
    const description = (await unitRow.locator('.label-description').innerText()).trim();
    const transcript = description.split(' · ')[0];
    const unit = index.units.find(
      (u) =>
        path.basename(u.file, '.md') === transcript &&
        u.codes.includes('facilitate') &&
        u.text.replace(/\s+/g, ' ').startsWith(label),
    );
    assert.ok(unit, `a facilitate unit in ${transcript} starting “${label}”`);
    await unitRow.click();
    await wb.activeTab(`${transcript}.md`).waitFor({ timeout: LONG });
    const deadline = Date.now() + LONG;
    let cursor = await wb.cursor();
    while (cursor.selected === 0 && Date.now() < deadline) {
      await page.waitForTimeout(200);
      cursor = await wb.cursor();
    }
    assert.ok(cursor.selected > 0, 'the unit is selected');
    assert.ok(
      cursor.line >= unit.contentRange.start.line + 1 && cursor.line <= unit.contentRange.end.line + 1,
      `cursor on line ${cursor.line}, in the unit (lines ${unit.contentRange.start.line + 1}-${unit.contentRange.end.line + 1})`,
    );
    await wb.resizeSideBar(480); // the titles in full, for the screenshot
    await screenshot('themes-view');
  });

  it('completes codes after `{.` in a transcript', async () => {
    await wb.openFile('scratch.md');
    await wb.focusEditor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' [new unit]{.');
    const suggest = page.locator('.editor-widget.suggest-widget');
    const row = suggest.locator('.monaco-list-row', { hasText: 'facilitate' }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      // The widget opens on the trigger character; ask for it explicitly if it did not.
      await page.keyboard.press('Control+Space');
      await row.waitFor({ state: 'visible', timeout: LONG });
    }
    const labels = await suggest.locator('.monaco-list-row').allInnerTexts();
    assert.ok(
      labels.some((l) => l.includes('challenges')),
      `codes in the suggestions: ${labels.join(' | ')}`,
    );
    await page.keyboard.press('Escape');
    await wb.revertFile();
  });

  it('codes a selected phrase with Condense: Code Selection...', async () => {
    await wb.openFile('scratch.md');
    await wb.focusEditor();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter'); // a paragraph of its own
    await page.keyboard.type('we tried a new rota every week');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await wb.runCommand('Condense: Code Selection...');
    await wb.typeInQuickInput('facilitate');
    await wb.pick("Managers facilitate peer workers' involvement");
    // Save only once the edit is in the editor: a save before it would write the uncoded line.
    await page.locator('.monaco-editor .view-lines', { hasText: '{.facilitate}' }).first().waitFor({ timeout: LONG });
    await page.keyboard.press('Control+S');
    const file = path.join(study, 'transcripts', 'scratch.md');
    const deadline = Date.now() + LONG;
    while (!fs.readFileSync(file, 'utf8').includes('{.facilitate}') && Date.now() < deadline)
      await page.waitForTimeout(200);
    assert.match(fs.readFileSync(file, 'utf8'), /\n\n\[we tried a new rota every week\]\{\.facilitate\}$/);
  });

  it('exports the study with an unsaved edit, served by the language server: the file holds the edit', async () => {
    await wb.openFile('scratch.md');
    await wb.focusEditor();
    await page.keyboard.press('Control+End');
    const words = 'an unsaved unit about rotas';
    await page.keyboard.type(`\n\n[${words}]{.facilitate}`);
    await page.locator('.editor-group-container.active .tabs-container .tab.active.dirty').waitFor({ timeout: LONG });
    await wb.runCommand('Condense: Export Study...');
    await wb.pick('Meaning units (CSV)');
    const target = await saveAs('units-export');
    const csv = fs.readFileSync(target, 'utf8');
    assert.ok(csv.includes(words), 'the unsaved unit is in the export');
    assert.ok(
      !fs.readFileSync(path.join(study, 'transcripts', 'scratch.md'), 'utf8').includes(words),
      'the transcript on disk is unchanged',
    );
    assert.equal(
      fs.readdirSync(path.dirname(target)).filter((f) => f.endsWith('.tmp')).length,
      0,
      'no temporary file is left',
    );
    await wb.closeQuickInput();
    await wb.focusEditor();
    await wb.revertFile();
  });

  it('shows the condensate preview beside the codebook, and follows edits to the condensate', async () => {
    await wb.openFile('codebook.md');
    const lines = fs.readFileSync(path.join(study, 'codebook.md'), 'utf8').split('\n');
    const heading = lines.findIndex((l) => l.includes('{#challenges}'));
    assert.ok(heading >= 0);
    const challenges = index.codes.find((c) => c.id === 'challenges');
    assert.ok(challenges);
    await wb.goToLine(heading + 2);
    await wb.runCommand('Condense: Open Condensate Preview to the Side');
    const frame = await wb.webviewFrame(challenges.title);
    // The screenshot: the codebook at the heading beside its preview, without the side bar.
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    await wb.focusEditor();
    await wb.goToLine(heading + 1);
    await wb.scrollCursorToTop();
    const text = (await frame.locator('#root').innerText()).replace(/\s+/g, ' ');
    assert.ok(
      text.includes(`${challenges.units} meaning units`),
      `the counts of #challenges in: ${text.slice(0, 300)}`,
    );
    for (const u of index.units.filter((x) => x.codes.includes('challenges')).slice(0, 3)) {
      assert.ok(
        text.includes(u.text.replace(/\s+/g, ' ').slice(0, 40)),
        `unit “${u.text.slice(0, 40)}” in the preview`,
      );
    }
    await screenshot('condensate-preview');
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');

    // Type into the condensate section: the preview shows the new words.
    const condensate = lines.findIndex((l, k) => k > heading && l.trim() === '### Condensate');
    assert.ok(condensate > heading);
    await wb.focusEditor();
    await wb.goToLine(condensate + 3);
    const words = 'Zebra crossings came up again and again.';
    await page.keyboard.type(`${words} `);
    await wb.webviewFrame(words);
    await wb.revertFile();
    assert.equal(fs.readFileSync(path.join(study, 'codebook.md'), 'utf8'), lines.join('\n'));
    await wb.webviewFrame(challenges.title);
  });

  it('shows its code again when the preview is hidden and shown again', async () => {
    // Another editor in the preview's group hides it; its webview is reloaded when it shows.
    const challenges = index.codes.find((c) => c.id === 'challenges');
    assert.ok(challenges);
    await wb.closeQuickInput();
    const previewTab = page.locator('.editor-group-container.active .tabs-container .tab.active', {
      hasText: 'Condensate',
    });
    await wb.pressUntil('Control+2', () => previewTab.waitFor({ timeout: 5000 }), "make the preview's group active");
    await wb.openFile('fg2.md');
    await wb.runCommand('View: Close Editor');
    const frame = await wb.webviewFrame(challenges.title);
    assert.ok(
      (await frame.locator('#root li.unit').count()) >= challenges.units,
      'every unit of #challenges is listed',
    );
  });

  it('shows hostile transcript text in the preview as text, never as HTML', async () => {
    const frame = await wb.webviewFrame('<script>window.__pwned=1</script>');
    const unit = frame.locator('#root li.unit', { hasText: '<img src=x onerror="window.__pwned=2">' });
    await unit.waitFor({ timeout: LONG });
    await unit.scrollIntoViewIfNeeded();
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'hostile-unit.png') }); // not for the docs
    const found = await frame.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document;
      return {
        images: d.querySelectorAll('#root img').length,
        onerror: d.querySelectorAll('[onerror]').length,
        scripts: d.querySelectorAll('#root script').length,
      };
    });
    assert.deepEqual(found, { images: 0, onerror: 0, scripts: 0 });
    const pwned = await wb.globalInEveryFrame('__pwned');
    assert.ok(pwned.length > 1, 'the workbench and its webview frames were inspected');
    assert.deepEqual(
      pwned.filter((v) => v !== undefined),
      [],
    );
  });
  it('renders meaning units with code chips in the built-in Markdown preview', async () => {
    await wb.closeQuickInput();
    // Open fg1.md from one of its units in the Themes view (the facilitate subtheme is open).
    const pane = await wb.openCondenseView();
    const row = pane
      .locator('.monaco-list-row[aria-level="3"]', { has: page.locator('.label-description', { hasText: /^fg1 · / }) })
      .first();
    await row.waitFor({ timeout: LONG });
    await row.click();
    await wb.activeTab('fg1.md').waitFor({ timeout: LONG });
    await wb.runCommand('Markdown: Open Preview to the Side');
    const deadline = Date.now() + LONG;
    let found: { units: number; chips: string[] } = { units: 0, chips: [] };
    // The Markdown preview is a webview of its own: look for our spans in every frame.
    while (Date.now() < deadline && found.units === 0) {
      for (const f of page.frames()) {
        try {
          const r = await f.evaluate(() => {
            const d = (
              globalThis as unknown as {
                document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
              }
            ).document;
            return {
              units: d.querySelectorAll('span.condense-unit').length,
              chips: Array.from(d.querySelectorAll('.condense-chip')).map((c) => c.textContent ?? ''),
            };
          });
          if (r.units > 0) found = r;
        } catch {
          // a frame that is navigating or gone
        }
      }
      if (found.units === 0) await page.waitForTimeout(250);
    }
    const fg1 = index.units.filter((u) => u.file === 'transcripts/fg1.md');
    assert.equal(
      found.units,
      fg1.filter((u) => u.kind === 'span').length,
      'every span unit of fg1.md is a highlighted span',
    );
    assert.ok(found.chips.includes('facilitate') && found.chips.includes('shift'), `chips: ${found.chips.join(', ')}`);
    await wb.runCommand('View: Close Editor');
  });

  it('shows the Report view: its tabs, a co-occurrence cell lists its units, a unit opens its transcript', async () => {
    await wb.closeQuickInput();
    // The Report alone, for its screenshot (saved first: the counts below are read from disk too).
    await wb.runCommand('File: Save All Files');
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    await wb.runCommand('Condense: Show Report');
    const frame = await wb.webviewFrame('By participant attribute');
    const tabs = await frame.locator('#root .tab').allInnerTexts();
    assert.deepEqual(
      tabs.map((t) => t.trim()),
      ['Table 1', 'Co-occurrence', 'By participant attribute', 'Saturation', 'Memos'],
    );
    // Table 1: every theme with its counts, as `condense report` reads them from disk once every
    // editor is saved (the view shows the live index, unsaved edits included).
    {
      const deadline = Date.now() + LONG;
      for (;;) {
        const report = cliJson(['report', study, '--json']) as {
          rows: { id: string; depth: number; units: number; transcripts: number; speakers: number }[];
        };
        const want = report.rows
          .filter((x) => x.depth === 0)
          .map((t) => [t.id, t.units, t.transcripts, t.speakers].join(' '));
        const got: string[] = [];
        for (const t of report.rows.filter((x) => x.depth === 0)) {
          const row = frame.locator(`#table1 tr[data-code="${t.id}"]`);
          await row.waitFor({ timeout: LONG });
          got.push([t.id, ...(await row.locator('td.n').allInnerTexts()).map(Number)].join(' '));
        }
        if (got.join('\n') === want.join('\n')) break;
        if (Date.now() > deadline) assert.deepEqual(got, want, 'Table 1 counts');
        await page.waitForTimeout(500);
      }
    }
    // Co-occurrence: the first cell off the diagonal with units holds what `condense matrix` counts.
    await frame.locator('#root .tab', { hasText: 'Co-occurrence' }).click();
    const matrix = cliJson(['matrix', study, '--cols', 'codes', '--json', '--units']) as {
      rows: string[];
      cells: number[][];
      units: { file: string; line: number }[][][];
    };
    const r = matrix.cells.findIndex((row, k) => row.some((n, j) => j !== k && n > 0));
    assert.ok(r >= 0, 'two codes occur together in the sample');
    const c = matrix.cells[r].findIndex((n, j) => j !== r && n > 0);
    const cell = frame.locator(`#heatmap g.cell[data-row="${matrix.rows[r]}"][data-col="${matrix.rows[c]}"]`);
    await cell.waitFor({ timeout: LONG });
    assert.equal(((await cell.locator('text').textContent()) ?? '').trim(), String(matrix.cells[r][c]));
    await page.waitForTimeout(300);
    await screenshot('report-cooccurrence');
    await cell.click();
    const list = frame.locator('#units li.unit');
    await frame.locator('#units', { hasText: `${matrix.cells[r][c]} unit` }).waitFor({ timeout: LONG });
    assert.equal(await list.count(), matrix.cells[r][c]);
    // A unit opens in its transcript, the cursor on its line.
    const first = matrix.units[r][c][0];
    await list.first().click();
    await wb.activeTab(path.basename(first.file)).waitFor({ timeout: LONG });
    const deadline = Date.now() + LONG;
    let cursor = await wb.cursor();
    while (cursor.line !== first.line && Date.now() < deadline) {
      await page.waitForTimeout(200);
      cursor = await wb.cursor();
    }
    assert.equal(cursor.line, first.line, `the cursor on the unit's line in ${first.file}`);
  });

  it('shows codes by role and the saturation chart in the Report view', async () => {
    const frame = await wb.webviewFrame('By participant attribute');
    await frame.locator('#root .tab', { hasText: 'By participant attribute' }).click();
    const byRole = cliJson(['matrix', study, '--cols', 'role', '--json']) as {
      rows: string[];
      cols: string[];
      cells: number[][];
    };
    const k = byRole.rows.indexOf('challenges');
    const cell = frame.locator(`#heatmap g.cell[data-row="challenges"][data-col="manager"]`);
    await cell.waitFor({ timeout: LONG });
    assert.equal(
      ((await cell.locator('text').textContent()) ?? '').trim(),
      String(byRole.cells[k][byRole.cols.indexOf('manager')]),
    );
    await frame.locator('#root .tab', { hasText: 'Saturation' }).click();
    const saturation = cliJson(['saturation', study, '--json']) as { transcripts: { file: string; new: number }[] };
    const points = frame.locator('#saturation-chart g.point');
    await points.first().waitFor({ timeout: LONG });
    assert.equal(await points.count(), saturation.transcripts.length);
    await page.waitForTimeout(300);
    await screenshot('report-saturation');
    await points.first().click();
    await frame.locator('#units li.unit').first().waitFor({ timeout: LONG });
    // The chart exports as SVG and as PNG (drawn on a canvas in the webview).
    for (const format of ['svg', 'png']) {
      await frame.locator(`#root button.export[data-export="${format}"]`).first().click();
      const file = await saveAs(`saturation-chart-${format}`);
      assert.equal(path.extname(file), `.${format}`);
      const bytes = fs.readFileSync(file);
      if (format === 'svg') assert.match(bytes.toString('utf8'), /^(<\?xml[^>]*>\s*)?<svg[\s\S]*<\/svg>\s*$/);
      else assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    }
  });

  it('keeps hostile codes and memos as text in the Report view', async () => {
    const frame = await wb.webviewFrame('By participant attribute');
    await frame.locator('#root .tab', { hasText: 'Memos' }).click();
    const memo = frame.locator('#root li.memo', { hasText: HOSTILE_MEMO });
    await memo.waitFor({ timeout: LONG });
    const found = await frame.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document;
      return {
        images: d.querySelectorAll('#root img').length,
        onerror: d.querySelectorAll('[onerror]').length,
        bold: d.querySelectorAll('#root b').length,
      };
    });
    assert.deepEqual(found, { images: 0, onerror: 0, bold: 0 });
    assert.deepEqual(
      (await wb.globalInEveryFrame('__pwned')).filter((v) => v !== undefined),
      [],
    );
  });

  it('follows edits in the Report view as they are typed', async () => {
    const frame = await wb.webviewFrame('By participant attribute');
    await frame.locator('#root .tab', { hasText: 'Memos' }).click();
    // Type a unit with a memo into the transcript beside the report (the group where the
    // report opened a unit), at the end of the line clicked, without saving.
    await page.locator('.editor-group-container').nth(1).locator('.monaco-editor .view-lines').first().click();
    await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: LONG });
    await page.keyboard.press('End');
    await page.keyboard.type(' [a live unit]{.facilitate note=livememo42}');
    await page.keyboard.press('Escape');
    await frame.locator('#root li.memo', { hasText: 'livememo42' }).waitFor({ timeout: LONG });
    await wb.revertFile();
    await frame.locator('#root li.memo', { hasText: 'livememo42' }).waitFor({ state: 'detached', timeout: LONG });
  });
});
