/** What a finished replay reports (JSON), and its readable forms: a text table and an SVG plot. Pure. */
export interface StationClassChanges {
  station: string;
  /** graded samples the replay produced for the station */
  samples: number;
  /** of these, samples live also has (same station and sampling time) */
  compared: number;
  /** compared samples whose section class differs from live */
  changed: number;
}

export interface ReportCase {
  station: string;
  episode: string;
  rules: string[];
  openedAt: string;
  /** a live case of the same station and episode opened within a day of this one */
  matchesLive: boolean;
  /** the rules cleared again: the system would propose closing it */
  wouldClose: boolean;
}

export interface ReplayReport {
  id: string;
  target: 'sandbox' | 'live' | 'mqtt';
  state: string;
  from: string;
  to: string;
  stations: string[] | null;
  ruleSet: string | null;
  messagesReplayed: number;
  /** parameter values stored (sandbox: in the run's tables; live: rows that were not there before) */
  readingsWritten: number;
  samplesWritten: number;
  deadLetters: { total: number; byReason: Record<string, number> };
  classChanges: StationClassChanges[];
  cases: {
    /** sandbox: cases the run opened; live: cases opened by the replay in the live tables */
    opened: ReportCase[];
    wouldOpen: number;
    /** opened cases no live case matches: what the (alternative) rules would have added */
    extra: number;
    wouldClose: number;
  };
  mqtt: { published: number; topicPrefix: string } | null;
  durationSeconds: number | null;
}

/** Accumulates per-station class comparisons batch by batch (kept in the job's counters). */
export function addClassChanges(
  into: Record<string, [number, number, number]>,
  replayed: ReadonlyArray<{ station: string; ts: Date; overall?: number }>,
  live: ReadonlyMap<string, number | null>,
): void {
  for (const s of replayed) {
    const row = (into[s.station] ??= [0, 0, 0]);
    row[0]++;
    const key = `${s.station}|${s.ts.getTime()}`;
    if (!live.has(key)) continue;
    row[1]++;
    if ((live.get(key) ?? null) !== (s.overall ?? null)) row[2]++;
  }
}

export function classChangesOf(counters: Record<string, [number, number, number]>): StationClassChanges[] {
  return Object.keys(counters)
    .sort()
    .map((station) => {
      const [samples, compared, changed] = counters[station];
      return { station, samples, compared, changed };
    });
}

/** The report as a plain-text table (`?format=table`, `text/plain`, the CLI). */
export function reportTable(r: ReplayReport): string {
  const lines: string[] = [];
  lines.push(`Replay ${r.id} — ${r.target}, ${r.state}`);
  lines.push(`range        ${r.from} .. ${r.to}`);
  lines.push(`stations     ${r.stations?.join(', ') ?? 'all'}`);
  lines.push(`rule set     ${r.ruleSet ?? 'stations’ own'}`);
  lines.push(`messages     ${r.messagesReplayed}`);
  lines.push(`readings     ${r.readingsWritten} (${r.samplesWritten} samples)`);
  const reasons = Object.entries(r.deadLetters.byReason)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  lines.push(`dead letters ${r.deadLetters.total}${reasons ? ` (${reasons})` : ''}`);
  if (r.mqtt) lines.push(`mqtt         ${r.mqtt.published} published under ${r.mqtt.topicPrefix}/`);
  if (r.durationSeconds !== null) lines.push(`duration     ${r.durationSeconds} s`);
  if (r.classChanges.length) {
    lines.push('', 'Class changes vs live');
    lines.push(
      table(
        ['station', 'samples', 'compared', 'changed'],
        r.classChanges.map((c) => [c.station, c.samples, c.compared, c.changed]),
      ),
    );
  }
  lines.push(
    '',
    `Cases: ${r.cases.wouldOpen} would open (${r.cases.extra} not in live), ${r.cases.wouldClose} would close`,
  );
  if (r.cases.opened.length) {
    lines.push(
      table(
        ['station', 'episode', 'rules', 'opened at', 'in live', 'would close'],
        r.cases.opened.map((c) => [
          c.station,
          c.episode,
          c.rules.join('+'),
          c.openedAt,
          c.matchesLive ? 'yes' : 'NO',
          c.wouldClose ? 'yes' : 'no',
        ]),
      ),
    );
  }
  return lines.join('\n') + '\n';
}

function table(head: string[], rows: Array<Array<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => width(r[i]))));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i] - width(c)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1;
  return w;
}

export interface PlotSeries {
  label: string;
  color: string;
  points: Array<{ ts: Date; value: number }>;
}

/** A hand-written SVG line chart of a few series over time (live vs replayed). */
export function seriesSvg(title: string, series: PlotSeries[], w = 800, h = 320): string {
  const pad = { left: 56, right: 16, top: 32, bottom: 40 };
  const all = series.flatMap((s) => s.points);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`;
  const titleEl = `<text x="${pad.left}" y="18">${esc(title)}</text>`;
  if (all.length === 0) return `${head}${titleEl}<text x="${pad.left}" y="${h / 2}">no data</text></svg>\n`;
  const t0 = Math.min(...all.map((p) => p.ts.getTime()));
  const t1 = Math.max(...all.map((p) => p.ts.getTime()));
  let v0 = Math.min(...all.map((p) => p.value));
  let v1 = Math.max(...all.map((p) => p.value));
  if (v0 === v1) [v0, v1] = [v0 - 1, v1 + 1];
  const x = (t: number) => pad.left + ((t - t0) / (t1 - t0 || 1)) * (w - pad.left - pad.right);
  const y = (v: number) => h - pad.bottom - ((v - v0) / (v1 - v0)) * (h - pad.top - pad.bottom);
  const f = (n: number) => n.toFixed(1);
  const axes =
    `<line x1="${pad.left}" y1="${h - pad.bottom}" x2="${w - pad.right}" y2="${h - pad.bottom}" stroke="#888"/>` +
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${h - pad.bottom}" stroke="#888"/>` +
    `<text x="4" y="${f(y(v1) + 4)}">${+v1.toPrecision(4)}</text><text x="4" y="${f(y(v0))}">${+v0.toPrecision(4)}</text>` +
    `<text x="${pad.left}" y="${h - 12}">${new Date(t0).toISOString()}</text>` +
    `<text x="${w - pad.right}" y="${h - 12}" text-anchor="end">${new Date(t1).toISOString()}</text>`;
  const lines = series
    .map((s, i) => {
      const pts = [...s.points]
        .sort((a, b) => a.ts.getTime() - b.ts.getTime())
        .map((p) => `${f(x(p.ts.getTime()))},${f(y(p.value))}`)
        .join(' ');
      const dash = i > 0 ? ' stroke-dasharray="6 4"' : '';
      const legend = `<text x="${w - pad.right - 160}" y="${18 + i * 14}" fill="${s.color}">— ${esc(s.label)} (${s.points.length})</text>`;
      return `<polyline fill="none" stroke="${s.color}" stroke-width="1.5"${dash} points="${pts}"/>${legend}`;
    })
    .join('');
  return `${head}${titleEl}${axes}${lines}</svg>\n`;
}
