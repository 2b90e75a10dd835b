export const LINT_SIZES_HELP = `npm run lint:sizes: checks that each folder with a line budget
(src/lib/line-budgets/budgets.ts) stays under it; every file under the folder counts, whatever
its type. Part of npm run lint.

Exit codes: 0 every folder within its budget, 1 a folder over it, 2 usage error.
`;
