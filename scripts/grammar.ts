/** grammar/diagrams.html: railroad diagrams generated from the parser (chevrotain). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { parser } from '../src/syntax/parser.js';

export const diagramsHtml = (): string => createSyntaxDiagramsCode(parser().getSerializedGastProductions());

if (process.argv[1]?.endsWith('grammar.ts')) writeFileSync(join(import.meta.dirname, '../grammar/diagrams.html'), diagramsHtml());
