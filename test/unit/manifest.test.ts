/**
 * The extension manifest (package.json) against the code: every command the client
 * registers is contributed and every contributed command is registered, menus and
 * keybindings name real commands, files the manifest points to exist, and the semantic
 * token types match the server's legend.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../../server/src/features/semanticTokens';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

function clientSources(): string {
  const dir = path.join(root, 'client/src');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

describe('extension manifest', () => {
  const contributed = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));

  it('contributes exactly the commands the client registers', () => {
    const registered = new Set([...clientSources().matchAll(/register\('(condense\.[\w.]+)'/g)].map((m) => m[1]));
    assert.ok(registered.size >= 20, `found ${registered.size} registered commands`);
    assert.deepEqual(
      [...registered].filter((c) => !contributed.has(c)),
      [],
      'registered but not contributed',
    );
    assert.deepEqual(
      [...contributed].filter((c) => !registered.has(c)),
      [],
      'contributed but not registered',
    );
  });

  it('names only real commands in menus, keybindings, tree items and welcome views', () => {
    const known = (id: string): boolean => contributed.has(id) || id === 'condense.themes.focus';
    for (const [menu, items] of Object.entries(contributes.menus as Record<string, { command: string }[]>)) {
      for (const it of items) assert.ok(known(it.command), `${menu}: ${it.command}`);
    }
    for (const k of contributes.keybindings) assert.ok(known(k.command), `keybinding ${k.command}`);
    const used = [...clientSources().matchAll(/command: '(condense\.[\w.]+)'/g)].map((m) => m[1]);
    for (const c of used) assert.ok(known(c), `tree item command ${c}`);
    for (const w of contributes.viewsWelcome) {
      for (const m of (w.contents as string).matchAll(/command:(condense\.[\w.]+)/g))
        assert.ok(known(m[1]), `welcome ${m[1]}`);
    }
    for (const step of contributes.walkthroughs[0].steps) {
      for (const m of (step.description as string).matchAll(/command:(condense\.[\w.]+)/g))
        assert.ok(known(m[1]), `walkthrough ${m[1]}`);
    }
  });

  it('points only to files that exist', () => {
    const files = [
      pkg.main.replace(/^\.\//, '').replace(/^dist\/client\.js$/, 'client/src/extension.ts'),
      ...contributes.grammars.map((g: { path: string }) => g.path),
      ...contributes.jsonValidation.map((j: { url: string }) => j.url),
      ...contributes['markdown.previewStyles'],
      ...contributes.viewsContainers.activitybar.map((v: { icon: string }) => v.icon),
      ...contributes.walkthroughs[0].steps.map((s: { media: { markdown: string } }) => s.media.markdown),
      'media/preview.css',
      'client/webview/preview.ts',
    ];
    for (const f of files) assert.ok(fs.existsSync(path.join(root, f)), f);
  });

  it('declares the semantic token types and modifiers the server uses, with superTypes', () => {
    const types = contributes.semanticTokenTypes.map((t: { id: string }) => t.id);
    assert.deepEqual([...TOKEN_TYPES].sort(), [...types].sort());
    for (const t of contributes.semanticTokenTypes) assert.ok(t.superType, `${t.id} has a superType`);
    const modifiers = contributes.semanticTokenModifiers.map((m: { id: string }) => m.id);
    for (const m of modifiers) assert.ok((TOKEN_MODIFIERS as readonly string[]).includes(m), m);
  });

  it('keeps engines.vscode at ^1.90 or lower, matching @types/vscode', () => {
    assert.match(pkg.engines.vscode, /^\^1\.(\d|[1-8]\d|90)\.\d+$/);
    assert.match(pkg.devDependencies['@types/vscode'], /1\.90\./);
  });
});
