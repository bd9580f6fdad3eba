/**
 * Driving VS Code for the web (code-server) the way a person does: quick open, the
 * command palette, the keyboard, clicks. Everything is read back from the DOM.
 */
import type { Frame, Locator, Page } from 'playwright-core';

// The callbacks given to page.evaluate run in the browser; the project's tsconfig has no
// DOM library, so these names are typed loosely here, for this module only.
declare const document: any;
declare const window: any;
declare function getComputedStyle(e: unknown): { backgroundColor: string };

/** Milliseconds: VS Code for the web is slow to load on two cores. */
export const LONG = 60_000;

/** Chromium from Debian, headless, with nothing that reaches out to the network. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

export class Workbench {
  constructor(readonly page: Page) {}

  /** Loads the workbench and waits until it is drawn and the editor area is ready. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.waitForSelector('.monaco-workbench', { timeout: 2 * LONG });
    await this.page.locator('.part.statusbar').waitFor({ timeout: LONG });
  }

  /** The quick input (quick open, command palette, quick pick). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Waits for the quick input to show and types `text` into it. */
  async typeInQuickInput(text: string): Promise<void> {
    const box = this.quickInput.locator('.quick-input-box input');
    await box.waitFor({ state: 'visible', timeout: LONG });
    await box.fill(text);
  }

  /** The row of the open quick input whose label is `label` (or contains it). */
  quickInputRow(label: string | RegExp): Locator {
    return this.quickInput.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) }).first();
  }

  /** Picks the row of the open quick input whose label is `label` (or contains it). */
  async pick(label: string | RegExp): Promise<void> {
    const typed = await this.quickInput.locator('.quick-input-box input').inputValue();
    const row = this.quickInputRow(label);
    await row.waitFor({ state: 'visible', timeout: LONG });
    await row.click();
    // Done when the quick input closes, or when it shows the next step (another pick, an input box).
    await this.page.waitForFunction(
      (t: string) => {
        const w = document.querySelector('.quick-input-widget');
        const input = w?.querySelector('.quick-input-box input');
        return !w || w.style.display === 'none' || !input || input.value !== t;
      },
      typed,
      { timeout: LONG },
    );
  }

  /**
   * Runs a command by its title, from the command palette (F1). Some commands appear only
   * once their extension or service has started: the palette is opened again until it lists it.
   */
  async runCommand(title: string): Promise<void> {
    const row = this.quickInputRow(new RegExp(`^${escapeRegExp(title)}$`));
    const deadline = Date.now() + LONG;
    for (;;) {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      await this.typeInQuickInput(`>${title}`);
      if (
        await row.waitFor({ state: 'visible', timeout: 5000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) throw new Error(`the command palette has no command “${title}”`);
    }
    await this.pick(new RegExp(`^${escapeRegExp(title)}$`));
  }

  /** Opens a file with quick open (Ctrl+P), by its name, and waits for its tab to be active. */
  async openFile(name: string): Promise<void> {
    await this.closeQuickInput();
    // A key pressed while a webview has focus reaches the workbench only through the
    // webview's forwarding, which can drop it: press again, then use the command center.
    const box = this.quickInput.locator('.quick-input-box input');
    for (let attempt = 0; attempt < 4; attempt++) {
      if (attempt < 2) await this.page.keyboard.press('Control+P');
      else await this.page.locator('.command-center .search-label, .command-center-center').first().click();
      if (
        await box.waitFor({ state: 'visible', timeout: 5000 }).then(
          () => true,
          () => false,
        )
      )
        break;
    }
    await this.typeInQuickInput(name);
    const row = this.quickInput
      .locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) })
      .first();
    await row.waitFor({ state: 'visible', timeout: LONG });
    await this.page.keyboard.press('Enter');
    await this.activeTab(name).waitFor({ timeout: LONG });
    await this.activeEditor.locator('.view-lines').waitFor({ timeout: LONG });
  }

  /** Throws away the active editor's unsaved changes (File: Revert File) and waits until it is clean. */
  async revertFile(): Promise<void> {
    const dirty = this.page.locator('.editor-group-container.active .tabs-container .tab.active.dirty');
    for (let attempt = 0; ; attempt++) {
      await this.runCommand('File: Revert File');
      if (
        await dirty.waitFor({ state: 'detached', timeout: 5000 }).then(
          () => true,
          () => false,
        )
      )
        return;
      if (attempt === 3) throw new Error('the active editor is still dirty after File: Revert File');
    }
  }

  /** The active tab, with the label `name`. */
  activeTab(name: string): Locator {
    return this.page.locator('.tabs-container .tab.active', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
  }

  /** The text editor that has focus (or was last focused) in the editor area. */
  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Gives the keyboard to the text editor of the first editor group (Ctrl+1). */
  async focusEditor(): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+1');
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: LONG });
  }

  /** Closes the quick input if it is open. */
  async closeQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: LONG });
    }
  }

  /** Moves the cursor to a 1-based line (Ctrl+G), at its start. */
  async goToLine(line: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.typeInQuickInput(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: LONG });
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Home');
  }

  /** Scrolls the active editor so that the cursor's line is near the top (for screenshots). */
  async scrollCursorToTop(): Promise<void> {
    const cursor = this.activeEditor.locator('.cursors-layer .cursor').first();
    for (let k = 0; k < 5; k++) {
      const [top, at] = [await this.activeEditor.boundingBox(), await cursor.boundingBox()];
      if (!top || !at) return;
      const by = at.y - top.y - 2 * at.height;
      if (by < at.height) break;
      await this.page.mouse.move(top.x + top.width / 2, top.y + top.height / 2);
      await this.page.mouse.wheel(0, by);
      await this.page.waitForTimeout(300);
    }
    await this.restMouse();
  }

  /** Drags the side bar's edge so that it is `width` pixels wide. */
  async resizeSideBar(width: number): Promise<void> {
    const bar = await this.page.locator('.part.sidebar').boundingBox();
    if (!bar) return;
    const y = bar.y + bar.height / 2;
    await this.page.mouse.move(bar.x + bar.width, y);
    await this.page.mouse.down();
    await this.page.mouse.move(bar.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    await this.restMouse();
    await this.page.waitForTimeout(800); // the sash's highlight fades
  }

  /** Moves the mouse where it shows no hover (the activity bar's empty middle). */
  async restMouse(): Promise<void> {
    const bar = await this.page.locator('.part.activitybar').boundingBox();
    if (bar) await this.page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height * 0.6);
  }

  /** The status bar's cursor position, e.g. { line: 12, column: 3, selected: 40 }. */
  async cursor(): Promise<{ line: number; column: number; selected: number }> {
    const text = (await this.page.locator('#status\\.editor\\.selection').innerText()).replace(/\s+/g, ' ');
    const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
    if (!m) throw new Error(`no cursor position in the status bar: ${text}`);
    return { line: Number(m[1]), column: Number(m[2]), selected: Number(m[3] ?? 0) };
  }

  /** The number of meaning-unit backgrounds drawn in the active editor. */
  highlightCount(): Promise<number> {
    // No named inner functions here: the callback is sent to the page as source text.
    return this.activeEditor.evaluate(
      (editor: any) =>
        [...editor.querySelectorAll('.view-overlays [class*="ced-"], .view-line [class*="ced-"]')]
          .map((e: unknown) => getComputedStyle(e).backgroundColor)
          .filter((c: string) => c !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(c)).length,
    );
  }

  /** Opens the Condense view container from the activity bar. */
  async openCondenseView(): Promise<Locator> {
    const pane = this.themesPane;
    if (!(await pane.isVisible())) await this.page.locator('.activitybar .action-item a[aria-label="Condense"]').click();
    await pane.waitFor({ timeout: LONG });
    return pane;
  }

  /** The Themes view's pane in the side bar. */
  get themesPane(): Locator {
    return this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: /Themes/i }) });
  }

  /** A row of a tree whose label is `label`. */
  treeRow(pane: Locator, label: string | RegExp): Locator {
    return pane.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) }).first();
  }

  /** Expands a collapsed tree row (clicking its label toggles it). */
  async expand(row: Locator): Promise<void> {
    await row.waitFor({ timeout: LONG });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    await this.page.waitForFunction((el: any) => el.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: LONG });
  }

  /** The frame of a webview whose document has `#root` and, when given, that text. */
  async webviewFrame(text?: string): Promise<Frame> {
    const deadline = Date.now() + LONG;
    for (;;) {
      for (const f of this.page.frames()) {
        try {
          const ok = await f.evaluate((t: string | undefined) => {
            const root = document.getElementById('root');
            return !!root && (t === undefined || root.textContent.includes(t));
          }, text);
          if (ok) return f;
        } catch {
          // a frame that is navigating or gone
        }
      }
      if (Date.now() > deadline) throw new Error(`no webview frame with #root${text ? ` showing “${text}”` : ''}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** The value of `window[name]` in every frame of the page. */
  async globalInEveryFrame(name: string): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const f of this.page.frames()) {
      try {
        out.push(await f.evaluate((n: string) => window[n], name));
      } catch {
        // a frame that is navigating or gone
      }
    }
    return out;
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
