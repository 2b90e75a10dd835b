import React, { useEffect, useState, type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import useBaseUrl from '@docusaurus/useBaseUrl';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { useHistory, useLocation } from '@docusaurus/router';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type { ErrataIndexData, ErratumSummary } from '../../plugins/errata/view';
import { RobotsMeta, type ErrataPageProps } from './ErrataPageProps';
import StatusBadge from './StatusBadge';
import styles from './errata.module.css';

interface Props extends ErrataPageProps {
  errata: ErrataIndexData;
}

const FILTERS = ['status', 'type', 'document', 'section'] as const;
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

/** The errata index: filters and sort order live in the URL, so a filtered view can be shared. */
export default function ErrataIndexPage({
  errata: data,
  indexRoute,
  noIndex,
  feeds,
}: Props): ReactNode {
  const { errata } = data;
  const location = useLocation();
  const history = useHistory();
  const { siteConfig } = useDocusaurusContext();
  const jsonFeedUrl = useBaseUrl('/errata.json');
  const atomFeedUrl = useBaseUrl('/errata.atom');
  const newIssueUrl = `https://github.com/${siteConfig.organizationName ?? ''}/${siteConfig.projectName ?? ''}/issues/new?template=erratum.yml`;
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

  const shown = errata
    .filter((erratum) =>
      FILTERS.every((name) => {
        const value = query.get(name);
        return value === null || matches(erratum, name, value);
      }),
    )
    .sort((a, b) =>
      sort === 'activity' ? b.lastActivity.localeCompare(a.lastActivity) : a.id.localeCompare(b.id),
    );

  return (
    <Layout
      title="Errata"
      description="Comments on the PKCS #11 Usage Guide, tracked from their thread to their resolution."
    >
      <RobotsMeta noIndex={noIndex} />
      <main className="container margin-vert--lg errata-page">
        <Heading as="h1">Errata</Heading>
        <p>
          Every comment on the Usage Guide that this project tracks, with its status. Each record
          follows its thread on the OASIS lists through to the TC&apos;s decision. Also as the{' '}
          <Link to={`${indexRoute}/resolution-log`}>Comment Resolution Log</Link>
          {feeds && (
            <>
              , a <a href={jsonFeedUrl}>JSON feed</a> and an{' '}
              <a href={atomFeedUrl}>Atom feed of status changes</a>
            </>
          )}
          .
        </p>
        <form
          className={styles.filters}
          aria-label="Filter errata"
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          {FILTERS.map((name) => (
            <label key={name}>
              {name[0]?.toUpperCase()}
              {name.slice(1)}
              <select
                value={query.get(name) ?? ''}
                onChange={(event) => {
                  update(name, event.target.value);
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
          ))}
          <label>
            Sort by
            <select
              value={sort}
              onChange={(event) => {
                update('sort', event.target.value === 'id' ? '' : event.target.value);
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
        <p role="status">
          {shown.length} of {errata.length} errata shown
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Title</th>
              <th scope="col">Documents and sections</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Reported</th>
              <th scope="col">Last activity</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((erratum) => (
              <tr key={erratum.id}>
                <th scope="row" className={styles.nowrap}>
                  <Link to={erratum.permalink}>{erratum.id}</Link>
                </th>
                <td>{erratum.title}</td>
                <td>
                  {erratum.affects.map((affected) => (
                    <div key={`${affected.document}-${affected.section}`}>
                      {affected.documentTitle} {affected.sectionLabel}
                    </div>
                  ))}
                </td>
                <td>{erratum.type}</td>
                <td>
                  <StatusBadge status={erratum.status} label={erratum.statusLabel} />
                </td>
                <td className={styles.nowrap}>{erratum.reported}</td>
                <td className={styles.nowrap}>{erratum.lastActivity}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Heading as="h2" id="report">
          Report an erratum
        </Heading>
        <p>
          Found a problem in the Usage Guide or in the revised section?{' '}
          <a href={newIssueUrl}>Open an erratum report on GitHub</a>, or write to the PKCS 11
          TC&apos;s comment list, <code>pkcs11-comment@lists.oasis-open.org</code> (subscription
          required; comments sent there fall under the OASIS Feedback License). New reports appear
          here once a maintainer has screened them.
        </p>
      </main>
    </Layout>
  );
}
