import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import useBaseUrl from '@docusaurus/useBaseUrl';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import { RobotsMeta, type ErrataPageProps } from './ErrataPageProps';

interface Props extends ErrataPageProps {
  log: { columns: string[]; rows: string[][] };
}

/**
 * The Comment Resolution Log that OASIS asks a TC to keep for each public review, generated from
 * the records instead of kept by hand. The same table downloads as CSV.
 */
export default function ResolutionLogPage({ log, indexRoute, noIndex, feeds }: Props): ReactNode {
  const csv = useBaseUrl(`${indexRoute}/resolution-log.csv`);
  return (
    <Layout
      title="Comment Resolution Log"
      description="Every comment on the PKCS #11 Usage Guide that this project tracks, with its disposition and resolution."
    >
      <RobotsMeta noIndex={noIndex} />
      <main className="container margin-vert--lg errata-page">
        <Heading as="h1">Comment Resolution Log</Heading>
        <p>
          Generated from the <Link to={indexRoute}>errata records</Link>.
          {feeds && (
            <>
              {' '}
              Download it as{' '}
              <a href={csv} download>
                CSV
              </a>{' '}
              for a spreadsheet; cells that a spreadsheet would run as formulas are neutralised.
            </>
          )}
        </p>
        <div
          tabIndex={0}
          role="region"
          aria-label="Comment Resolution Log"
          style={{ overflowX: 'auto' }}
        >
          <table style={{ display: 'table' }}>
            <thead>
              <tr>
                {log.columns.map((column) => (
                  <th scope="col" key={column}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {log.rows.map((row) => (
                <tr key={row[0]}>
                  {row.map((cell, index) =>
                    index === 0 ? (
                      <th scope="row" key={index}>
                        <Link to={`${indexRoute}/${cell}`}>{cell}</Link>
                      </th>
                    ) : (
                      <td key={index}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </main>
    </Layout>
  );
}
