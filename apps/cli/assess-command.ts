import { readFileSync } from 'node:fs';
import type { TargetClass } from '@river/water-quality';
import { assessCsv, CsvFormatError, renderSummary, renderTable, type CsvOptions } from './assess-csv';

export const USAGE = `usage: river-assess <file.csv> [--lake] [--target 1..5|I..V] [--explain] [--json]

  CSV header: [station,] [waterBody,] [targetClass,] parameter columns (ph, do, codmn, cod, nh3n, tp, tn, …)
  --lake      grade rows without a waterBody cell as lakes/reservoirs (default: river)
  --target    target class for rows without a targetClass cell
  --explain   print the limit each item met or missed
  --json      print the full results as JSON instead of a table`;

/** Where the command reads and writes; the real console and file system unless a test passes its own. */
export interface CommandIo {
  readFile(path: string): string;
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
};

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

/**
 * Runs `river-assess` and returns the exit code: 0 all rows graded; 1 some rows bad (reported with
 * line numbers, the others still graded); 2 the file cannot be used (missing, no header, unknown
 * column) or bad options.
 */
export function runAssessCommand(argv: string[], io: CommandIo = processIo): number {
  const fail = (message: string) => {
    io.err(`river-assess: ${message}\n\n${USAGE}`);
    return 2;
  };
  const options: CsvOptions = {};
  let explain = false;
  let json = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      io.out(USAGE);
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
  const [file] = files;

  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let result;
  try {
    result = assessCsv(text, options);
  } catch (error) {
    if (error instanceof CsvFormatError) return fail(`${file}: ${error.message}`);
    throw error;
  }

  if (json) {
    io.out(JSON.stringify({ rows: result.rows, errors: result.errors }, null, 2));
  } else {
    if (result.rows.length > 0) io.out(renderTable(result, explain) + '\n');
    io.out(renderSummary(result));
  }
  for (const e of result.errors) io.err(`${file}:${e.line}: ${e.message}`);
  return result.errors.length > 0 ? 1 : 0;
}
