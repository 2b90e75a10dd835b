/** The JavaScript budget of the site's pages (`npm run page-weight`): measurement and report. */
export { measureBareSite, measureBuild, type BareMeasurement } from './measure';
export { pagesToMeasure } from './pages';
export { formatBareResult, formatBudgetResults } from './report';
