/**
 * The --help text and parseArgs options of `npm run review`, kept beside the library it describes.
 */

export const REVIEW_HELP = `Usage: npm run review -- --base <rev> --head <rev> [options]

Compares the guide pages (.md, .mdx under docs/) of two git revisions section by section:
sections added, removed, moved or renamed; sentences added, removed or changed, with word marks;
obligations (BCP 14 keywords and their lower-case look-alikes) added, removed, strengthened or
weakened; and the wording-lint findings on the lines the change touched.

Options:
  --base <rev>          the revision before the change (a branch, tag or commit)
  --head <rev>          the revision after it
  --format <f>          markdown (default: the pull-request comment), json, or github
                        (workflow annotations on the changed lines)
  --folder <path>       folder of the guide pages (default docs)
  --post                create or update the review comment on a pull request; needs
                        --repo and --pr, and $GITHUB_TOKEN with pull-requests: write
  --repo <owner/name>   the repository of the pull request (also links file references)
  --pr <n>              the pull request's number

The comment carries a hidden marker, so each run rewrites the same comment. $GITHUB_API_URL and
$GITHUB_SERVER_URL (set by GitHub Actions) point at another GitHub; the token is never printed.
Exit status: 0 reviewed; 1 lint findings on changed lines, or posting failed; 2 usage or set-up
error (an unknown revision, say).
`;

/** The parseArgs options of `npm run review`, as its help text lists them. */
export const REVIEW_OPTIONS = {
  base: { type: 'string' },
  head: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  folder: { type: 'string' },
  post: { type: 'boolean' },
  repo: { type: 'string' },
  pr: { type: 'string' },
} as const;
