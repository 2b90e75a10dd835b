/**
 * What `npm run examples -- --env <configuration>` prints: the environment (shell export lines,
 * or one JSON line), and after it stopped, what went wrong (a daemon died, something was left).
 */
import type { OutputFormat } from '../output-formats';
import { shellExports, type ModuleEnvironment, type ServeResult } from './environment';

export function describeEnvironment(
  id: string,
  env: ModuleEnvironment,
  format: OutputFormat,
): string {
  const services = env.provisioned.services.map((s) => ({ name: s.name, pid: s.pid }));
  if (format === 'json')
    return `${JSON.stringify({ id, module: env.config.modulePath, token: env.config.token, variables: env.variables, services, workDir: env.provisioned.workDir })}\n`;
  return shellExports(env.variables) + services.map((s) => `# ${s.name}: pid ${s.pid}\n`).join('');
}

export function environmentProblems(env: ModuleEnvironment, result: ServeResult): string[] {
  const problems: string[] = [];
  if (result.death) problems.push(`component died: ${result.death}`);
  if (result.leftovers.length > 0)
    problems.push(`processes left behind: ${result.leftovers.join(', ')}`);
  if (!result.folderRemoved) problems.push(`folder left behind: ${env.provisioned.workDir}`);
  return problems;
}
