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
    return this.quickInput
      .locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) })
      .first();
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
   * Gives the keyboard back to the workbench when a webview (a preview) holds it.
   *
   * Why: a key pressed while a webview's frame has focus reaches the workbench only
   * through the webview's own forwarding (a message from its frame), and Chromium loses
   * the first key after focus has moved into that frame now and then: quick open stayed
   * closed. A webview that (re)loads also takes the focus back once it is ready, which
   * closes a quick open opened in the meantime. So before a workbench shortcut, the focus
   * is moved out of any frame by a click on a spot that does nothing (the activity bar's
   * empty middle), as a person clicks beside a preview, and it must stay out for a moment.
   * The active editor group does not change.
   */
  async releaseKeyboardFromWebviews(): Promise<void> {
    const inFrame = (): Promise<boolean> => this.page.evaluate(() => document.activeElement?.tagName === 'IFRAME');
    for (let attempt = 0; attempt < 20; attempt++) {
      if (!(await inFrame())) {
        await this.page.waitForTimeout(150);
        if (!(await inFrame())) return;
      }
      const bar = await this.page.locator('.part.activitybar').boundingBox();
      if (bar) await this.page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height * 0.6);
      await this.page.waitForTimeout(250);
    }
    throw new Error('a webview keeps the keyboard: the focus did not come back to the workbench');
  }

  /**
   * Presses a workbench shortcut and waits until `done` resolves. A key that was lost (see
   * {@link releaseKeyboardFromWebviews}) is pressed again, until {@link LONG} has passed.
   */
  async pressUntil(key: string, done: () => Promise<unknown>, what: string): Promise<void> {
    const deadline = Date.now() + LONG;
    for (;;) {
      await this.releaseKeyboardFromWebviews();
      await this.page.keyboard.press(key);
      if (
        await done().then(
          () => true,
          () => false,
        )
      )
        return;
      if (Date.now() > deadline) throw new Error(`${key} did not ${what}`);
    }
  }

  /** Opens quick open (Ctrl+P), or the command palette (F1), and types `text` into it. */
  private async openQuickInput(key: 'Control+P' | 'F1', text: string): Promise<void> {
    await this.closeQuickInput();
    const box = this.quickInput.locator('.quick-input-box input');
    await this.pressUntil(key, () => box.waitFor({ state: 'visible', timeout: 5000 }), 'open the quick input');
    await box.fill(text);
  }

  /**
   * Runs a command by its title, from the command palette (F1). Some commands appear only
   * once their extension or service has started: the palette is opened again until it
   * lists it, and again if it closed before the command was picked (a webview that took
   * the focus back).
   */
  async runCommand(title: string): Promise<void> {
    const label = new RegExp(`^${escapeRegExp(title)}$`);
    const row = this.quickInputRow(label);
    const deadline = Date.now() + LONG;
    for (;;) {
      await this.openQuickInput('F1', `>${title}`);
      if (
        await row.waitFor({ state: 'visible', timeout: 5000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) throw new Error(`the command palette has no command “${title}”`);
    }
    await this.pick(label);
  }

  /**
   * Opens a file with quick open (Ctrl+P), by its name, and waits for its tab to be
   * active. A webview that takes the focus back closes quick open, also between the row
   * showing and Enter: then it starts again.
   */
  async openFile(name: string): Promise<void> {
    const row = this.quickInput
      .locator('.monaco-list-row', {
        has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
      })
      .first();
    const deadline = Date.now() + LONG;
    for (;;) {
      await this.openQuickInput('Control+P', name);
      const listed = await row.waitFor({ state: 'visible', timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (listed) {
        await this.page.keyboard.press('Enter');
        if (
          await this.activeTab(name)
            .waitFor({ timeout: 10_000 })
            .then(
              () => true,
              () => false,
            )
        )
          break;
      }
      if (Date.now() > deadline) throw new Error(`quick open did not open “${name}”`);
    }
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
    return this.page.locator('.tabs-container .tab.active', {
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
  }

  /** The text editor that has focus (or was last focused) in the editor area. */
  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Gives the keyboard to the text editor of the first editor group (Ctrl+1). */
  async focusEditor(): Promise<void> {
    await this.closeQuickInput();
    const focused = this.page.locator('.editor-group-container.active .monaco-editor.focused');
    await this.pressUntil('Control+1', () => focused.waitFor({ timeout: 5000 }), 'focus the first editor group');
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
    const box = this.quickInput.locator('.quick-input-box input');
    await this.pressUntil('Control+G', () => box.waitFor({ state: 'visible', timeout: 5000 }), 'open Go to Line');
    await box.fill(`:${line}`);
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
    if (!(await pane.isVisible()))
      await this.page.locator('.activitybar .action-item a[aria-label="Condense"]').click();
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
    await this.page.waitForFunction(
      (el: any) => el.getAttribute('aria-expanded') === 'true',
      await row.elementHandle(),
      { timeout: LONG },
    );
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
