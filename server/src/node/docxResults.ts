/**
 * The Results section as a Word document (.docx), made with the `docx` library, with no
 * external program: headings, Table 1 as a Word table, the syntheses, and the golden
 * quotes as block quotes with their sources. Styles use Word's own names (Heading 1..6,
 * Quote, Caption), so Word's navigation pane and pandoc's docx reader see the structure.
 */
import type * as Docx from 'docx';
import type { ExportInput } from '../core/export/exportModel';
import { inlineRuns, markdownBlocks, type InlineRun } from '../core/export/inlineMarkdown';
import { resultsBlocks, type ResultsBlock } from '../core/export/resultsBlocks';

/** The docx library's classes, passed down from resultsDocx, which loads them on first use. */
type D = typeof Docx;

function runs(d: D, text: string, extra: { italics?: boolean } = {}): Docx.TextRun[] {
  return inlineRuns(text).map(
    (r: InlineRun) =>
      new d.TextRun({
        text: r.text,
        bold: r.bold,
        italics: r.italic || extra.italics,
        font: r.code ? 'Consolas' : undefined,
      }),
  );
}

const rule = (d: D) => ({ style: d.BorderStyle.SINGLE, size: 4, color: '808080' });
const noRule = (d: D) => ({ style: d.BorderStyle.NONE, size: 0, color: 'FFFFFF' });

function cell(d: D, text: string, header: boolean): Docx.TableCell {
  return new d.TableCell({
    children: [new d.Paragraph({ children: [new d.TextRun({ text, bold: header })] })],
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    // The middle rule of a three-line table, under the header row.
    borders: header ? { bottom: rule(d), top: rule(d), left: noRule(d), right: noRule(d) } : undefined,
  });
}

function block(d: D, b: ResultsBlock): (Docx.Paragraph | Docx.Table)[] {
  const headings = [
    d.HeadingLevel.HEADING_1,
    d.HeadingLevel.HEADING_2,
    d.HeadingLevel.HEADING_3,
    d.HeadingLevel.HEADING_4,
    d.HeadingLevel.HEADING_5,
    d.HeadingLevel.HEADING_6,
  ];
  switch (b.kind) {
    case 'heading':
      return [new d.Paragraph({ heading: headings[b.level - 1], children: [new d.TextRun(b.text)] })];
    case 'table':
      return [
        new d.Paragraph({ style: 'Caption', keepNext: true, children: [new d.TextRun(b.caption)] }),
        new d.Table({
          width: { size: 100, type: d.WidthType.PERCENTAGE },
          // A three-line table, as journals print Table 1.
          borders: {
            top: rule(d),
            bottom: rule(d),
            left: noRule(d),
            right: noRule(d),
            insideHorizontal: noRule(d),
            insideVertical: noRule(d),
          },
          rows: [
            new d.TableRow({ tableHeader: true, children: b.header.map((h) => cell(d, h, true)) }),
            ...b.rows.map((r) => new d.TableRow({ children: r.map((c) => cell(d, c, false)) })),
          ],
        }),
      ];
    case 'markdown':
      return markdownBlocks(b.text).map((p) =>
        p.kind === 'bullet'
          ? new d.Paragraph({ bullet: { level: 0 }, children: runs(d, p.text) })
          : new d.Paragraph({ style: p.kind === 'quote' ? 'Quote' : undefined, children: runs(d, p.text) }),
      );
    case 'quote':
      return [
        ...markdownBlocks(b.text).map((p) => new d.Paragraph({ style: 'Quote', children: runs(d, p.text) })),
        new d.Paragraph({
          style: 'Quote',
          alignment: d.AlignmentType.RIGHT,
          children: [new d.TextRun(`— ${b.source}`)],
        }),
      ];
  }
}

/** The Results section of the study as the bytes of a .docx file. */
export async function resultsDocx(
  input: ExportInput,
  options: { title?: string; creator?: string } = {},
): Promise<Uint8Array> {
  // import(), not a static import: only this export needs docx, the largest dependency.
  const d = await import('docx');
  const children = resultsBlocks(input, options.title).flatMap((b) => block(d, b));
  const doc = new d.Document({
    creator: options.creator ?? 'Condense',
    title: options.title ?? 'Results',
    description: 'The Results section drafted from a Condense codebook.',
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 22 }, paragraph: { spacing: { after: 120, line: 264 } } },
        heading1: { run: { size: 36, color: '1F3864' }, paragraph: { spacing: { before: 240, after: 160 } } },
        heading2: {
          run: { size: 30, color: '1F3864' },
          paragraph: { spacing: { before: 360, after: 120 }, keepNext: true },
        },
        heading3: {
          run: { size: 25, color: '2F5496' },
          paragraph: { spacing: { before: 240, after: 80 }, keepNext: true },
        },
      },
      paragraphStyles: [
        {
          id: 'Quote',
          name: 'Quote',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { italics: true },
          paragraph: { indent: { left: 720, right: 720 }, spacing: { after: 120 } },
        },
        {
          id: 'Caption',
          name: 'Caption',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { bold: true, size: 20 },
          paragraph: { spacing: { before: 120, after: 60 } },
        },
      ],
    },
    sections: [{ children }],
  });
  return new Uint8Array(await d.Packer.toBuffer(doc));
}
