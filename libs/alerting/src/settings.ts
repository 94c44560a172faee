import type { AlertSettings, AlertSettingsOverride } from './types';

export const defaultAlertSettings: AlertSettings = Object.freeze({
  sustainedReadings: 2,
  clearReadings: 2,
  worseThanV: { enabled: true },
  suddenChange: {
    enabled: true,
    baselineReadings: 6,
    riseRatio: 1,
    // below these absolute changes a "doubling" is noise near the detection limit
    minDelta: { nh3n: 0.5, tp: 0.1, codmn: 3, cod: 10, tn: 1, do: 2, ph: 1, turb: 50, cond: 200 },
  },
  fault: { enabled: true, sustainedReadings: 2, flatlineReadings: 6 },
  noData: { enabled: true, cadenceMultiple: 3 },
}) as AlertSettings;

/** Defaults with a station's override applied (nested groups merged field by field). */
export function resolveSettings(override: AlertSettingsOverride | undefined | null): AlertSettings {
  const o = override ?? {};
  const d = defaultAlertSettings;
  const sustained = o.sustainedReadings ?? d.sustainedReadings;
  return {
    sustainedReadings: sustained,
    clearReadings: o.clearReadings ?? (o.sustainedReadings !== undefined ? sustained : d.clearReadings),
    worseThanV: { ...d.worseThanV, ...o.worseThanV },
    suddenChange: {
      ...d.suddenChange,
      ...o.suddenChange,
      minDelta: { ...d.suddenChange.minDelta, ...o.suddenChange?.minDelta },
    },
    fault: { ...d.fault, ...o.fault },
    noData: { ...d.noData, ...o.noData },
    ...(o.targetClass !== undefined ? { targetClass: o.targetClass } : {}),
  };
}
