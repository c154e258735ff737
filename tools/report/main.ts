#!/usr/bin/env node
/**
 * `npm run report`: prints the reproduction report, every number the article prints
 * next to ours. Exit codes are listed in {@link EXIT}; see tools/report/README.md.
 */
import { describeAgreement, describeBackend, formatTable, reproduceArticle, selectBackend } from 'backprop-ts';
import { EXIT_USAGE, defaultIo, isEntryPoint, parseCommandLine, type CliIo } from '../cli.js';

/** Exit codes of the command. */
export const EXIT = {
  /** Every number agrees with the article. */
  ok: 0,
  /** At least one number does not (the table shows which). */
  disagrees: 1,
  /** Bad arguments. */
  usage: EXIT_USAGE,
} as const;

/** Usage text printed by `--help` and after usage errors. */
export const USAGE = `Usage: npm run report

Prints every number the article prints, the value this library computes, the rule
used to compare them and whether they agree. Runs on the fastest TensorFlow.js
backend that loads; set BACKPROP_BACKEND=tensorflow, wasm or cpu to choose one.

Options:
  -h, --help   show this help

Exit codes: 0 every number agrees, 1 at least one does not, 2 usage error.`;

/**
 * Runs the command with `args` (without `node` and the script).
 *
 * @returns The exit code, see {@link EXIT}.
 */
export async function main(args: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const options = parseCommandLine(args, io, { usage: USAGE, options: {}, read: () => ({}) });
  if (typeof options === 'number') return options;
  await selectBackend();
  const checks = reproduceArticle();
  const table = formatTable(
    ['section', 'quantity', 'article', 'ours', 'agreement', 'agrees'],
    checks.map((c) => [c.section, c.quantity, c.article, c.ours, describeAgreement(c.agreement), c.agrees]),
  );
  const failed = checks.filter((c) => !c.agrees).length;
  io.stdout(`Reproduction report (${describeBackend()})\n\n${table}\n\n${checks.length - failed} of ${checks.length} numbers agree with the article.\n`);
  return failed === 0 ? EXIT.ok : EXIT.disagrees;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
