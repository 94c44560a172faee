/**
 * Parameters measured at automatic stations (SPEC §3): key, name, unit, HJ 212-2017 code and the
 * plausible range. A value outside the plausible range is an instrument fault, not pollution.
 */
export interface ParameterInfo {
  key: ParameterKey;
  name: string;
  nameZh: string;
  unit: string;
  hj212: string;
  plausible: { min: number; max: number };
}

export const PARAMETER_KEYS = [
  'temp',
  'ph',
  'do',
  'cond',
  'turb',
  'codmn',
  'cod',
  'nh3n',
  'tp',
  'tn',
] as const;
export type ParameterKey = (typeof PARAMETER_KEYS)[number];

export const PARAMETERS: Record<ParameterKey, ParameterInfo> = {
  temp: {
    key: 'temp',
    name: 'water temperature',
    nameZh: '水温',
    unit: '°C',
    hj212: 'w01010',
    plausible: { min: -1, max: 40 },
  },
  ph: { key: 'ph', name: 'pH', nameZh: 'pH', unit: '', hj212: 'w01001', plausible: { min: 0, max: 14 } },
  do: {
    key: 'do',
    name: 'dissolved oxygen',
    nameZh: '溶解氧',
    unit: 'mg/L',
    hj212: 'w01009',
    plausible: { min: 0, max: 20 },
  },
  cond: {
    key: 'cond',
    name: 'conductivity',
    nameZh: '电导率',
    unit: 'µS/cm',
    hj212: 'w01014',
    plausible: { min: 0, max: 5000 },
  },
  turb: {
    key: 'turb',
    name: 'turbidity',
    nameZh: '浊度',
    unit: 'NTU',
    hj212: 'w01003',
    plausible: { min: 0, max: 4000 },
  },
  codmn: {
    key: 'codmn',
    name: 'permanganate index',
    nameZh: '高锰酸盐指数',
    unit: 'mg/L',
    hj212: 'w01019',
    plausible: { min: 0, max: 100 },
  },
  cod: {
    key: 'cod',
    name: 'chemical oxygen demand',
    nameZh: '化学需氧量',
    unit: 'mg/L',
    hj212: 'w01018',
    plausible: { min: 0, max: 1000 },
  },
  nh3n: {
    key: 'nh3n',
    name: 'ammonia nitrogen',
    nameZh: '氨氮',
    unit: 'mg/L',
    hj212: 'w21003',
    plausible: { min: 0, max: 100 },
  },
  tp: {
    key: 'tp',
    name: 'total phosphorus',
    nameZh: '总磷',
    unit: 'mg/L',
    hj212: 'w21011',
    plausible: { min: 0, max: 50 },
  },
  tn: {
    key: 'tn',
    name: 'total nitrogen',
    nameZh: '总氮',
    unit: 'mg/L',
    hj212: 'w21001',
    plausible: { min: 0, max: 100 },
  },
};

export function isParameterKey(key: string): key is ParameterKey {
  return Object.prototype.hasOwnProperty.call(PARAMETERS, key);
}

/** HJ 212 data flags (SPEC §3). Only N readings are graded and may raise pollution alerts. */
export const DATA_FLAGS = {
  N: 'normal',
  F: 'stopped',
  M: 'maintenance',
  S: 'manually set',
  D: 'fault',
  C: 'calibration',
  T: 'over instrument range',
  B: 'communication fault',
} as const;
export type DataFlag = keyof typeof DATA_FLAGS;
export const DATA_FLAG_KEYS = Object.keys(DATA_FLAGS) as DataFlag[];
