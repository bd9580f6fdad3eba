/**
 * The Results section as a Word document (.docx), made with the `docx` library, with no
 * external program: headings, Table 1 as a Word table, the syntheses, and the golden
 * quotes as block quotes with their sources. Styles use Word's own names (Heading 1..6,
 * Quote, Caption), so Word's navigation pane and pandoc's docx reader see the structure.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { ExportInput } from '../core/export/exportModel';
import { inlineRuns, markdownBlocks, type InlineRun } from '../core/export/inlineMarkdown';
import { resultsBlocks, type ResultsBlock } from '../core/export/resultsBlocks';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

function runs(text: string, extra: { italics?: boolean } = {}): TextRun[] {
  return inlineRuns(text).map(
    (r: InlineRun) =>
      new TextRun({
        text: r.text,
        bold: r.bold,
        italics: r.italic || extra.italics,
        font: r.code ? 'Consolas' : undefined,
      }),
  );
}

const RULE = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const NO_RULE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

function cell(text: string, header: boolean): TableCell {
  return new TableCell({
    children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    // The middle rule of a three-line table, under the header row.
    borders: header ? { bottom: RULE, top: RULE, left: NO_RULE, right: NO_RULE } : undefined,
  });
}

function block(b: ResultsBlock): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ heading: HEADINGS[b.level - 1], children: [new TextRun(b.text)] })];
    case 'table':
      return [
        new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(b.caption)] }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          // A three-line table, as journals print Table 1.
          borders: {
            top: RULE,
            bottom: RULE,
            left: NO_RULE,
            right: NO_RULE,
            insideHorizontal: NO_RULE,
            insideVertical: NO_RULE,
          },
          rows: [
            new TableRow({ tableHeader: true, children: b.header.map((h) => cell(h, true)) }),
            ...b.rows.map((r) => new TableRow({ children: r.map((c) => cell(c, false)) })),
          ],
        }),
      ];
    case 'markdown':
      return markdownBlocks(b.text).map((p) =>
        p.kind === 'bullet'
          ? new Paragraph({ bullet: { level: 0 }, children: runs(p.text) })
          : new Paragraph({ style: p.kind === 'quote' ? 'Quote' : undefined, children: runs(p.text) }),
      );
    case 'quote':
      return [
        ...markdownBlocks(b.text).map((p) => new Paragraph({ style: 'Quote', children: runs(p.text) })),
        new Paragraph({ style: 'Quote', alignment: AlignmentType.RIGHT, children: [new TextRun(`— ${b.source}`)] }),
      ];
  }
}

/** The Results section of the study as the bytes of a .docx file. */
export async function resultsDocx(
  input: ExportInput,
  options: { title?: string; creator?: string } = {},
): Promise<Uint8Array> {
  const children = resultsBlocks(input, options.title).flatMap(block);
  const doc = new Document({
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
  return new Uint8Array(await Packer.toBuffer(doc));
}
