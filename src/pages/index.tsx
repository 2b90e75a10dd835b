import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import styles from './index.module.css';

interface Audience {
  title: string;
  text: string;
}

const audiences: Audience[] = [
  {
    title: 'Application developers',
    text: 'Prefork servers, daemons and anything else that forks while it holds a PKCS #11 module: which pattern is safe, and what the child may do before it execs.',
  },
  {
    title: 'Module implementers',
    text: 'SoftHSM, p11-kit, OpenSC, NSS and HSM vendors: how to detect a fork cheaply, what a child should see, and how never to disturb the parent.',
  },
  {
    title: 'Wrapper and runtime authors',
    text: 'Language bindings and crypto libraries that sit between applications and modules: lazy re-initialisation instead of atfork handlers.',
  },
  {
    title: 'PKCS 11 TC editors and commenters',
    text: 'Proposed replacement text for the Usage Guide, the wording changes reviewed line by line, and every comment tracked from its mailing-list thread to its resolution.',
  },
];

export default function Home(): ReactNode {
  return (
    <Layout
      title="A tested revision of the PKCS #11 Usage Guide on fork()"
      description="Companion to the OASIS PKCS #11 Usage Guide: a revised section 2.5.2 on processes and fork(), C examples run against real modules, and an errata tracker."
    >
      <header className={styles.hero}>
        <div className="container">
          <Heading as="h1" className={styles.title}>
            PKCS #11 and <code>fork()</code>
          </Heading>
          <p className={styles.lead}>
            A companion to the OASIS <em>PKCS #11 Cryptographic Token Interface Usage Guide</em>. It
            revises §2.5.2, “Applications and processes”, whose advice to re-initialise a module
            immediately in every child process has been unsafe since 2014, and backs every
            recommendation with C examples that run against real PKCS #11 modules.
          </p>
          <div className={styles.actions}>
            <Link className="button button--primary button--lg" to="/guide/">
              Read the revised §2.5.2
            </Link>
            <Link className="button button--secondary button--lg" to="/usage-guide">
              Where it fits in the Usage Guide
            </Link>
          </div>
        </div>
      </header>
      <main className="container margin-vert--lg">
        <section aria-labelledby="what-is-here">
          <Heading as="h2" id="what-is-here">
            What is here
          </Heading>
          <ul>
            <li>
              <strong>The revised section.</strong> What a process, a child and an application are
              to Cryptoki, what a child may call after <code>fork()</code>, and the patterns that
              work, written so that the PKCS 11 Technical Committee could adopt it.
            </li>
            <li>
              <strong>Tested examples.</strong> One C file per pattern, built with warnings as
              errors and run against SoftHSM2, NSS softoken and p11-kit on Debian 12. The code shown
              in the guide is the code that was tested.
            </li>
            <li>
              <strong>An errata tracker.</strong> Each comment on the Usage Guide is a record that
              follows its thread on the OASIS lists and its issue on GitHub through to a decision.
            </li>
          </ul>
        </section>
        <section aria-labelledby="who-it-is-for">
          <Heading as="h2" id="who-it-is-for">
            Who it is for
          </Heading>
          <div className={styles.audiences}>
            {audiences.map((audience) => (
              <div key={audience.title} className={styles.audience}>
                <Heading as="h3">{audience.title}</Heading>
                <p>{audience.text}</p>
              </div>
            ))}
          </div>
        </section>
        <section aria-labelledby="status">
          <Heading as="h2" id="status">
            Status
          </Heading>
          <p>
            This is a proposed revision, not an OASIS publication. The official Usage Guide is
            published by the OASIS PKCS 11 Technical Committee; version 3.2 (2025) still carries the
            2014 text of §2.5.2.
          </p>
        </section>
      </main>
    </Layout>
  );
}
