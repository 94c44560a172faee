import { join } from 'node:path';
import { processIo, runAssessCommand, type CommandIo } from './assess-command';

const example = (name: string) => join(__dirname, 'examples', name);

function run(argv: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    readFile: (path) => (path in files ? files[path] : processIo.readFile(path)),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  };
  const code = runAssessCommand(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe(runAssessCommand.name, () => {
  it('prints the table and exits 0 for the shipped example', () => {
    const { code, out, err } = run([example('samples.csv')]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('劣V');
    expect(out).toContain('重度污染');
    expect(out).toContain('6 row(s) graded, 0 bad row(s)');
  });

  it('reports bad rows with line numbers and exits 1', () => {
    const { code, out, err } = run([example('samples-with-errors.csv')]);
    expect(code).toBe(1);
    expect(out).toContain('1 row(s) graded, 4 bad row(s)');
    expect(err).toContain('samples-with-errors.csv:3: do: "abc" is not a number');
    expect(err).toContain('samples-with-errors.csv:6:');
  });

  it.each([
    [['missing.csv'], 'cannot read missing.csv: ENOENT'],
    [['bad.csv'], 'unknown column "foo"'],
    [[], 'give exactly one CSV file'],
    [['--target', 'VI', 'x.csv'], '--target needs a class'],
    [['--fast', 'x.csv'], 'unknown option --fast'],
  ])('exits 2 for %j', (argv, message) => {
    const { code, err } = run(argv, { 'bad.csv': 'ph,foo\n7,1\n' });
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('usage: river-assess');
  });

  it('applies --lake and --target to rows without those cells, and prints JSON', () => {
    const { code, out } = run(['--lake', '--target', 'II', '--json', 'x.csv'], { 'x.csv': 'tp\n0.05\n' });
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.rows[0]).toMatchObject({
      waterBody: 'lake',
      assessment: { overall: 3, compliant: false, targetClass: 2 },
    });
  });
});
