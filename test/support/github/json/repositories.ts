/** Repositories as GitHub's REST API shows them. */
import { defaultBranchOf, rootOf, type RepositoryRecord } from '../state/git';
import { iso } from '../time';
import { apiUrl, webUrl, type ShapeContext } from './context';
import { userJson } from './users';

/** `full`: the full-repository form of repos/get, naming a fork's parent and source. */
export function repositoryJson(
  context: ShapeContext,
  record: RepositoryRecord,
  full: boolean,
): Record<string, unknown> {
  const url = apiUrl(context, record.owner, record.name);
  const html = webUrl(record.owner, record.name);
  const at = iso(record.createdAt);
  const json: Record<string, unknown> = {
    id: record.id,
    node_id: `R_fake${record.id}`,
    name: record.name,
    full_name: `${record.owner}/${record.name}`,
    private: false,
    owner: userJson(context, record.owner),
    html_url: html,
    description: null,
    fork: record.parent !== undefined,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${record.owner}/${record.name}.git`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${record.owner}/${record.name}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: defaultBranchOf(record),
    open_issues_count: 0,
    open_issues: 0,
    has_issues: record.parent === undefined,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: at,
    created_at: at,
    updated_at: at,
  };
  if (full) {
    json.has_discussions = false;
    json.network_count = 0;
    json.subscribers_count = 0;
    if (record.parent !== undefined) {
      json.parent = repositoryJson(context, record.parent, false);
      json.source = repositoryJson(context, rootOf(record), false);
    }
  }
  return json;
}
