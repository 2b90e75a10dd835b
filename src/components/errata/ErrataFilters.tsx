import React, { useEffect, useState, type ReactNode } from 'react';
import { useHistory, useLocation } from '@docusaurus/router';
import type { ErrataIndexData, ErratumSummary } from '../../plugins/errata/view';
import styles from './errata.module.css';

export const FILTERS = ['status', 'type', 'document', 'section'] as const;
type FilterName = (typeof FILTERS)[number];
const SORTS = { id: 'Id', activity: 'Last activity (newest first)' } as const;
type SortName = keyof typeof SORTS;

/** Every status and type is offered; documents and sections are those the errata name. */
function valuesOf(data: ErrataIndexData, name: FilterName): { value: string; label: string }[] {
  if (name === 'status') return data.statuses;
  if (name === 'type') return data.types.map((type) => ({ value: type, label: type }));
  const seen = new Map<string, string>();
  for (const erratum of data.errata) {
    for (const affected of erratum.affects) {
      if (name === 'document') seen.set(affected.document, affected.documentTitle);
      if (name === 'section') seen.set(affected.section, affected.sectionLabel);
    }
  }
  return [...seen]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function matches(erratum: ErratumSummary, name: FilterName, value: string): boolean {
  switch (name) {
    case 'status':
      return erratum.status === value;
    case 'type':
      return erratum.type === value;
    case 'document':
      return erratum.affects.some((affected) => affected.document === value);
    case 'section':
      return erratum.affects.some((affected) => affected.section === value);
  }
}

/** The filters and sort order of the URL's query, and a way to change one of them. */
export interface ErrataQuery {
  query: URLSearchParams;
  sort: SortName;
  update: (name: string, value: string) => void;
}

/** Filters and sort order live in the URL, so a filtered view can be shared. */
export function useErrataQuery(): ErrataQuery {
  const location = useLocation();
  const history = useHistory();
  // The page is pre-rendered without a query string; reading it only after hydration keeps the
  // first client render equal to the HTML, then the filters from the URL apply.
  const [search, setSearch] = useState('');
  useEffect(() => {
    setSearch(location.search);
  }, [location.search]);
  const query = new URLSearchParams(search);
  const sort: SortName = query.get('sort') === 'activity' ? 'activity' : 'id';
  const update = (name: string, value: string): void => {
    const next = new URLSearchParams(location.search);
    if (value === '') next.delete(name);
    else next.set(name, value);
    history.replace({ ...location, search: next.toString() === '' ? '' : `?${next.toString()}` });
  };
  return { query, sort, update };
}

/** The errata the query selects, in its sort order. */
export function selectErrata(
  errata: readonly ErratumSummary[],
  { query, sort }: ErrataQuery,
): ErratumSummary[] {
  return errata
    .filter((erratum) =>
      FILTERS.every((name) => {
        const value = query.get(name);
        return value === null || matches(erratum, name, value);
      }),
    )
    .sort((a, b) =>
      sort === 'activity' ? b.lastActivity.localeCompare(a.lastActivity) : a.id.localeCompare(b.id),
    );
}

function FilterSelect({
  data,
  name,
  errataQuery,
}: {
  data: ErrataIndexData;
  name: FilterName;
  errataQuery: ErrataQuery;
}): ReactNode {
  return (
    <label>
      {name[0]?.toUpperCase()}
      {name.slice(1)}
      <select
        value={errataQuery.query.get(name) ?? ''}
        onChange={(event) => {
          errataQuery.update(name, event.target.value);
        }}
      >
        <option value="">All</option>
        {valuesOf(data, name).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One select per filter, and the sort order. */
export default function ErrataFilters({
  data,
  errataQuery,
}: {
  data: ErrataIndexData;
  errataQuery: ErrataQuery;
}): ReactNode {
  return (
    <form
      className={styles.filters}
      aria-label="Filter errata"
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      {FILTERS.map((name) => (
        <FilterSelect key={name} data={data} name={name} errataQuery={errataQuery} />
      ))}
      <label>
        Sort by
        <select
          value={errataQuery.sort}
          onChange={(event) => {
            errataQuery.update('sort', event.target.value === 'id' ? '' : event.target.value);
          }}
        >
          {Object.entries(SORTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
