// Domain facts the console displays (SPEC §2, §3): class colours, status words, class limits for chart bands.

export type WaterClass = 1 | 2 | 3 | 4 | 5 | 6;

/** National palette for water classes; grey = no data. */
export const CLASS_COLOURS: Record<number, string> = {
  1: '#00CCFF',
  2: '#0066FF',
  3: '#00CC00',
  4: '#FFCC00',
  5: '#FF9900',
  6: '#FF0000',
};
export const NO_DATA = '#B0B0B0';
export const classColour = (c: number | null | undefined) => (c ? (CLASS_COLOURS[c] ?? NO_DATA) : NO_DATA);
export const className = (c: number | null | undefined) =>
  c ? (['', 'I', 'II', 'III', 'IV', 'V', '劣V'][c] ?? '?') : '—';

export interface Station {
  code: string;
  name: string;
  nameVerified: boolean;
  river: string;
  basin: string;
  waterBody: 'river' | 'lake';
  province: 'CQ' | 'SC';
  district: string;
  lat: number;
  lon: number;
  targetClass: number;
  kind: 'national' | 'provincial' | 'cross-border';
  upstreamProvince?: string;
  downstreamProvince?: string;
  downstream?: { code: string; travelHours: number };
  cadenceMinutes: number;
  /** in lists: the class now (latest graded reading); null when the station has not reported */
  now?: { ts: string; overall: number | null; compliant: boolean | null } | null;
}

export interface Neighbour {
  code: string;
  name: string;
  province: string;
  travelHours: number;
}

export interface StationDetail extends Station {
  crossBorder: boolean;
  latest: {
    ts: string;
    values: Record<string, number>;
    classes: Record<string, number>;
    overall?: number;
    compliant?: boolean;
  } | null;
  compliant: boolean | null;
  upstream: Neighbour[];
  downstreamStation: Neighbour | null;
  crossBorderUpstream: Neighbour | null;
  arrivals: Neighbour[];
}

export interface River {
  river: string;
  basin: string;
  provinces: string[];
  crossesBorder: boolean;
  stations: Station[];
}

export interface CaseItem {
  id: string;
  station: string;
  stationName: string;
  river: string;
  province: 'CQ' | 'SC';
  district: string;
  episode: 'pollution' | 'instrument_fault' | 'no_data';
  state: 'open' | 'acknowledged' | 'dispatched' | 'resolved' | 'closed' | 'dismissed';
  joint: boolean;
  provinces: string[];
  districts: string[];
  acknowledgedBy: string[];
  closeConfirmedBy: string[];
  waitingFor?: { acknowledge: string[]; close: string[] };
  rules: string[];
  openedAt: string;
  lastFindingAt: string;
  class: number | null;
  targetClass: number | null;
  primaryPollutants: string[];
  exceedance: Record<string, number>;
  readings?: Array<{
    ts: string;
    values: Record<string, number>;
    overall?: number;
    flags?: Record<string, string>;
  }>;
  upstreamAttribution?: Array<{
    station: string;
    name: string;
    province: string;
    at: string;
    lagHours: number;
    travelHours: number;
    parameters: string[];
  }>;
  downstreamArrivals?: Array<{
    station: string;
    name: string;
    province: string;
    travelHours: number;
    eta?: string;
  }>;
  chiefs?: Array<{
    userId: string;
    displayName: string;
    province: string;
    level: string | null;
    district: string | null;
  }>;
  dispatch?: { to: string; deadline: string } | null;
  resolution?: { cause: string; action: string } | null;
  dismissReason?: string | null;
  resolutionProposedAt?: string | null;
  escalationLevel?: string;
  nextDueAt?: string | null;
  overdue?: boolean;
  timeline?: Array<{
    id: string;
    at: string;
    kind: string;
    actor: { system?: boolean; username?: string; role?: string; province?: string };
    note: string | null;
    data: Record<string, unknown>;
  }>;
}

export const ACTIVE_CASE_STATES = ['open', 'acknowledged', 'dispatched', 'resolved'];

/** Graded parameters and their class limits for rivers (GB 3838-2002 Table 1); DO is "at least". */
export const PARAMETERS: Record<
  string,
  { unit: string; limits?: number[]; atLeast?: boolean; graded: boolean }
> = {
  ph: { unit: '', graded: true },
  do: { unit: 'mg/L', limits: [7.5, 6, 5, 3, 2], atLeast: true, graded: true },
  codmn: { unit: 'mg/L', limits: [2, 4, 6, 10, 15], graded: true },
  cod: { unit: 'mg/L', limits: [15, 15, 20, 30, 40], graded: true },
  nh3n: { unit: 'mg/L', limits: [0.15, 0.5, 1.0, 1.5, 2.0], graded: true },
  tp: { unit: 'mg/L', limits: [0.02, 0.1, 0.2, 0.3, 0.4], graded: true },
  tn: { unit: 'mg/L', limits: [0.2, 0.5, 1.0, 1.5, 2.0], graded: true },
  temp: { unit: '°C', graded: false },
  cond: { unit: 'µS/cm', graded: false },
  turb: { unit: 'NTU', graded: false },
};
export const PARAMETER_ORDER = ['nh3n', 'tp', 'codmn', 'do', 'ph', 'cod', 'tn', 'temp', 'cond', 'turb'];

/** Status word of one section (SPEC §2). */
export function sectionStatus(c: number | null | undefined): string | null {
  if (!c) return null;
  return c <= 2 ? 'excellent' : c === 3 ? 'good' : c === 4 ? 'light' : c === 5 ? 'moderate' : 'heavy';
}

/** Status word of several sections (SPEC §2): by the share in I–III and the share of 劣V. */
export function groupStatus(classes: number[]): string | null {
  if (classes.length === 0) return null;
  const good = classes.filter((c) => c <= 3).length / classes.length;
  const worst = classes.filter((c) => c === 6).length / classes.length;
  if (good >= 0.9) return 'excellent';
  if (good >= 0.75) return 'good';
  if (good < 0.6 && worst >= 0.4) return 'heavy';
  if (worst >= 0.2) return 'moderate';
  return 'light';
}

/** Whether a station is one of Chongqing's 74 national control sections (catalogue: CQ, not provincial). */
export const isNationalCq = (s: Station) => s.province === 'CQ' && s.kind !== 'provincial';

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const m = Math.floor(Math.abs(ms) / 60000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return `${sign}${d ? `${d}d ` : ''}${h}h ${String(m % 60).padStart(2, '0')}m`;
}
