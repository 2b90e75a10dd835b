/** Line budgets on whole folders, checked by `npm run lint` (ARCHITECTURE.md, "Keeping it so"). */
export { LINE_BUDGETS, type LineBudget } from './budgets';
export { checkLineBudgets, countLines, type BudgetResult, type FileLines } from './count';
export { LINT_SIZES_HELP } from './help';
export { formatLineBudgets } from './report';
