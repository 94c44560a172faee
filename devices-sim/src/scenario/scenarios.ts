import { readFileSync } from 'node:fs';
import clockSkew from '../../scenarios/clock-skew.json';
import instrumentFaults from '../../scenarios/instrument-faults.json';
import livestockDischarge from '../../scenarios/livestock-discharge.json';
import malformed from '../../scenarios/malformed.json';
import outage from '../../scenarios/outage-store-and-forward.json';
import xinsheng from '../../scenarios/xinsheng-pollution.json';
import { Scenario, scenarioSchema } from './scenario';

/** The scenarios shipped in devices-sim/scenarios (bundled, so the built CLI finds them anywhere). */
const BUILT_IN: Record<string, unknown> = {
  'xinsheng-pollution': xinsheng,
  'livestock-discharge': livestockDischarge,
  'instrument-faults': instrumentFaults,
  'outage-store-and-forward': outage,
  'clock-skew': clockSkew,
  malformed,
};
export const SCENARIO_NAMES = Object.keys(BUILT_IN);

export function parseScenario(value: unknown, source: string): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`scenario ${source} is not valid: ${issues}`);
  }
  return result.data;
}

/** A built-in scenario by name, or a scenario JSON file by path. */
export function loadScenario(nameOrPath: string): Scenario {
  if (BUILT_IN[nameOrPath]) return parseScenario(BUILT_IN[nameOrPath], nameOrPath);
  if (nameOrPath.endsWith('.json'))
    return parseScenario(JSON.parse(readFileSync(nameOrPath, 'utf8')), nameOrPath);
  throw new Error(
    `unknown scenario "${nameOrPath}"; built-in: ${SCENARIO_NAMES.join(', ')} (or a path to a .json file)`,
  );
}
