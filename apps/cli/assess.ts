#!/usr/bin/env node
/**
 * river-assess — grade a CSV of water samples against GB 3838-2002 (single-factor method).
 *
 *   npx river-assess samples.csv [--lake] [--target III] [--explain] [--json]
 *
 * Exit codes: 0 all rows graded; 1 some rows bad (reported with line numbers, the others still graded);
 * 2 the file cannot be used (missing, no header, unknown column) or bad options.
 */
import { readFileSync } from 'node:fs';
import type { TargetClass } from '@river/water-quality';
import { assessCsv, CsvFormatError, renderSummary, renderTable, type CsvOptions } from './assess-csv';

const USAGE = `usage: river-assess <file.csv> [--lake] [--target 1..5|I..V] [--explain] [--json]

  CSV header: [station,] [waterBody,] [targetClass,] parameter columns (ph, do, codmn, cod, nh3n, tp, tn, …)
  --lake      grade rows without a waterBody cell as lakes/reservoirs (default: river)
  --target    target class for rows without a targetClass cell
  --explain   print the limit each item met or missed
  --json      print the full results as JSON instead of a table`;

const TARGETS: Record<string, TargetClass> = {
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  i: 1,
  ii: 2,
  iii: 3,
  iv: 4,
  v: 5,
};

function main(argv: string[]): number {
  const options: CsvOptions = {};
  let explain = false;
  let json = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else if (arg === '--lake') options.waterBody = 'lake';
    else if (arg === '--explain') explain = true;
    else if (arg === '--json') json = true;
    else if (arg === '--target') {
      const target = TARGETS[(argv[++i] ?? '').toLowerCase()];
      if (!target) return fail('--target needs a class 1..5 or I..V');
      options.targetClass = target;
    } else if (arg.startsWith('-')) return fail(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length !== 1) return fail('give exactly one CSV file');

  let text: string;
  try {
    text = readFileSync(files[0], 'utf8');
  } catch (error) {
    return fail(
      `cannot read ${files[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let result;
  try {
    result = assessCsv(text, options);
  } catch (error) {
    if (error instanceof CsvFormatError) return fail(`${files[0]}: ${error.message}`);
    throw error;
  }

  if (json) {
    console.log(JSON.stringify({ rows: result.rows, errors: result.errors }, null, 2));
  } else {
    if (result.rows.length > 0) console.log(renderTable(result, explain) + '\n');
    console.log(renderSummary(result));
  }
  for (const e of result.errors) console.error(`${files[0]}:${e.line}: ${e.message}`);
  return result.errors.length > 0 ? 1 : 0;
}

function fail(message: string): number {
  console.error(`river-assess: ${message}\n\n${USAGE}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
