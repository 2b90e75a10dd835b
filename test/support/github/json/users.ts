/** Users and reactions as GitHub's REST API shows them. */
import { iso } from '../time';
import type { ShapeContext } from './context';

export function userJson(context: ShapeContext, name: string): Record<string, unknown> {
  const id = context.userId(name);
  const base = context.origin();
  const url = `${base}/users/${name}`;
  return {
    login: name,
    id,
    node_id: `U_fake${id}`,
    avatar_url: `${base}/avatars/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${name}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The authenticated user, as GitHub shows a user to itself with a public profile. */
export function authenticatedUserJson(
  context: ShapeContext,
  login: string,
  at: number,
): Record<string, unknown> {
  const time = iso(at);
  return {
    ...userJson(context, login),
    name: login,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: time,
    updated_at: time,
  };
}

export function reactionsJson(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}
