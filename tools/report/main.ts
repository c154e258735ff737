/**
 * `npm run report`: prints the reproduction report, every number the article prints
 * next to ours. Exit code 0 when all agree, 1 otherwise.
 */
import { describeAgreement, describeBackend, formatTable, reproduceArticle, selectBackend } from 'backprop-ts';

await selectBackend();
const checks = reproduceArticle();
console.log(`Reproduction report (${describeBackend()})\n`);
console.log(
  formatTable(
    ['section', 'quantity', 'article', 'ours', 'agreement', 'agrees'],
    checks.map((c) => [c.section, c.quantity, c.article, c.ours, describeAgreement(c.agreement), c.agrees]),
  ),
);
const failed = checks.filter((c) => !c.agrees).length;
console.log(`\n${checks.length - failed} of ${checks.length} numbers agree with the article.`);
process.exitCode = failed === 0 ? 0 : 1;
