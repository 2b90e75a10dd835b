import { describe, expect, test } from 'vitest';
import {
  GITHUB_REPOSITORY_DEFAULT,
  loadSiteConfig,
  publicUrl,
  SiteConfigError,
  upstreamPullRequestConfig,
} from '../../src/config';

describe('site configuration', () => {
  test('defaults serve the site locally and point at this project, not the TC', () => {
    const config = loadSiteConfig({});
    expect(config.url).toBe('http://127.0.0.1:3000');
    expect(config.baseUrl).toBe('/');
    expect(`${config.githubRepository.owner}/${config.githubRepository.name}`).toBe(
      GITHUB_REPOSITORY_DEFAULT,
    );
    expect(config.githubRepository.owner).not.toBe('oasis-tcs');
    expect(config.oasisArchiveRoot).toBe('https://lists.oasis-open.org/archives/');
    expect(config.commentListAddress).toBe('pkcs11-comment@lists.oasis-open.org');
  });

  test('a deployment overrides URL, base URL and repository from the environment', () => {
    const config = loadSiteConfig({
      SITE_URL: 'https://example.github.io/',
      SITE_BASE_URL: 'usage-guide-fork',
      GITHUB_REPOSITORY: 'example/usage-guide-fork',
    });
    expect(config.url).toBe('https://example.github.io');
    expect(config.baseUrl).toBe('/usage-guide-fork/');
    expect(config.githubRepository).toEqual({ owner: 'example', name: 'usage-guide-fork' });
    expect(publicUrl(config, '/guide/')).toBe('https://example.github.io/usage-guide-fork/guide/');
  });

  test('a malformed repository is rejected with the corrected form', () => {
    expect(() => loadSiteConfig({ GITHUB_REPOSITORY: 'not a repo' })).toThrow(SiteConfigError);
    expect(() => loadSiteConfig({ GITHUB_REPOSITORY: 'owner' })).toThrow(
      /expected owner\/name, e\.g\. GITHUB_REPOSITORY=/,
    );
  });

  test('a relative site URL is rejected', () => {
    expect(() => loadSiteConfig({ SITE_URL: 'example.org' })).toThrow(
      /SITE_URL="example.org" is not an absolute URL/,
    );
  });
});

describe('upstreamPullRequestConfig', () => {
  test('reads UPSTREAM_PR_REPOSITORY and UPSTREAM_FORK, and names the variable of a bad value', () => {
    expect(upstreamPullRequestConfig({})).toEqual({});
    expect(
      upstreamPullRequestConfig({
        UPSTREAM_PR_REPOSITORY: 'oasis-tcs/pkcs11',
        UPSTREAM_FORK: 'editor/pkcs11',
      }),
    ).toEqual({
      repository: { owner: 'oasis-tcs', name: 'pkcs11' },
      fork: { owner: 'editor', name: 'pkcs11' },
    });
    expect(() => upstreamPullRequestConfig({ UPSTREAM_FORK: 'not a repository' })).toThrow(
      /UPSTREAM_FORK="not a repository" is not a repository; expected owner\/name/,
    );
  });
});
