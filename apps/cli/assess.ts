#!/usr/bin/env node
/**
 * river-assess — grade a CSV of water samples against GB 3838-2002 (single-factor method).
 *
 *   npx river-assess samples.csv [--lake] [--target III] [--explain] [--json]
 *
 * Exit codes: 0 all rows graded; 1 some rows bad; 2 the file cannot be used or bad options.
 */
import { runAssessCommand } from './assess-command';

process.exitCode = runAssessCommand(process.argv.slice(2));
