/**
 * The HTML of the condensate preview, as a pure function of the server's CondensateView.
 * Every piece of study text is escaped here (transcripts may hold `<script>` or
 * `onerror=` as ordinary words); Markdown sections go through a renderer that does not
 * pass raw HTML. Tested without VS Code.
 */
import type { CondensateView, QuoteInfo, UnitInfo } from '../../common/protocol';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Below these, a condensate rests on few voices; STC asks for several participants. */
export const THIN = { transcripts: 2, speakers: 3 };

/** The preview's body for `view`; `markdown` renders section text to safe HTML. */
export function renderCondensate(view: CondensateView, markdown: (md: string) => string): string {
  const out: string[] = [];
  out.push(
    `<header><nav class="path">${view.path.map((p) => `<span>${escapeHtml(p.title || p.id)}</span>`).join('<span class="sep">›</span>')}</nav>`,
  );
  out.push(
    `<h1><span class="dot" style="background:${safeColor(view.color)}"></span>${escapeHtml(view.title || view.id)} <code>#${escapeHtml(view.id)}</code></h1>`,
  );
  const c = view.counts;
  const thin = c.units > 0 && (c.transcripts < THIN.transcripts || c.speakers < THIN.speakers);
  out.push(
    `<p class="counts${thin ? ' thin' : ''}">${plural(c.units, 'meaning unit')} · ${plural(c.transcripts, 'transcript')} · ${plural(c.speakers, 'speaker')}</p>`,
  );
  if (c.units === 0) out.push('<p class="warning">No meaning unit is coded with this code yet.</p>');
  else if (thin) {
    out.push(
      `<p class="warning">Thin grounding: the units come from ${plural(c.transcripts, 'transcript')} and ${plural(c.speakers, 'speaker')}. A condensate should rest on several participants.</p>`,
    );
  }
  out.push('</header>');
  if (view.description) out.push(`<section class="description">${markdown(view.description)}</section>`);
  out.push(
    section(
      'Condensate',
      view.condensate,
      markdown,
      'No condensate written yet: add a “### Condensate” section under this code in the codebook.',
    ),
  );
  out.push(quotes(view.quotes));
  out.push(
    section(
      'Synthesis',
      view.synthesis,
      markdown,
      'No synthesis written yet: add a “### Synthesis” section under this code.',
    ),
  );
  out.push(`<section class="units"><h2>Meaning units</h2>`);
  for (const g of view.groups) {
    out.push(
      `<h3>${escapeHtml(g.title ?? g.path)} <span class="muted">${escapeHtml(g.path)} · ${plural(g.units.length, 'unit')}</span></h3><ul>`,
    );
    for (const u of g.units) out.push(unitItem(u, view.id));
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}

function section(title: string, body: string, markdown: (md: string) => string, empty: string): string {
  const content = body.trim() ? markdown(body) : `<p class="muted">${escapeHtml(empty)}</p>`;
  return `<section class="${title.toLowerCase()}"><h2>${title}</h2>${content}</section>`;
}

function quotes(qs: QuoteInfo[]): string {
  if (qs.length === 0)
    return '<section class="quotes"><h2>Golden quotes</h2><p class="muted">No golden quotes yet.</p></section>';
  const items = qs.map((q) => {
    const src = q.source;
    const where = src
      ? `${escapeHtml(shortPath(src.uri))}${src.speaker ? `, ${escapeHtml(src.speaker)}` : ''}, line ${src.range.start.line + 1}`
      : '';
    const cls = q.found ? 'quote' : 'quote missing';
    const warn = q.found
      ? ''
      : `<p class="warning">This quote no longer matches any unit of the code.${q.closest ? ` Closest: “${escapeHtml(collapse(q.closest.text))}”` : ''}</p>`;
    const attrs = src
      ? ` data-uri="${escapeHtml(src.uri)}" data-line="${src.contentRange.start.line}" data-character="${src.contentRange.start.character}" tabindex="0"`
      : '';
    return `<blockquote class="${cls}"${attrs}>${escapeHtml(collapse(q.text))}${q.attribution ? ` <cite>(${escapeHtml(q.attribution)})</cite>` : ''}${where ? `<footer>${where}</footer>` : ''}${warn}</blockquote>`;
  });
  return `<section class="quotes"><h2>Golden quotes</h2>${items.join('\n')}</section>`;
}

function unitItem(u: UnitInfo, code: string): string {
  const other = u.codes.filter((c) => c !== code);
  const meta = [
    u.speaker ? `<strong>${escapeHtml(u.speaker)}</strong>` : '',
    `line ${u.range.start.line + 1}`,
    other.length ? `also ${other.map((c) => `<code>${escapeHtml(c)}</code>`).join(' ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return `<li class="unit" data-uri="${escapeHtml(u.uri)}" data-line="${u.contentRange.start.line}" data-character="${u.contentRange.start.character}" tabindex="0"><span class="meta">${meta}</span><span class="text">${escapeHtml(collapse(u.text))}</span>${u.note ? `<span class="note">${escapeHtml(u.note)}</span>` : ''}</li>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function shortPath(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** A colour for inline CSS: only a hex colour passes, anything else becomes neutral grey. */
function safeColor(c: string | undefined): string {
  return c && /^#[0-9a-fA-F]{3,8}$/.test(c) ? c : '#9e9e9e';
}
