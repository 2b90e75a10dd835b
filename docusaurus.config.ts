import path from 'node:path';
import type { Config, PluginModule } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import type { Options as DocsOptions } from '@docusaurus/plugin-content-docs';
import type { PluginOptions as SearchOptions } from '@easyops-cn/docusaurus-search-local';
import {
  COMMENT_LIST_ADDRESS,
  loadSiteConfig,
  publishedSiteUrl,
  repositoryUrl,
} from './src/config';
import { oasisDocument } from './src/data/oasis-documents';
import { darkCodeTheme, lightCodeTheme } from './src/prism-themes';
import pluginErrata, { type PluginOptions as ErrataPluginOptions } from './src/plugins/errata';
import pluginExampleResults from './src/plugins/example-results';
import pluginPdfManifest from './src/plugins/pdf-manifest';
import pluginPrefetchOnce from './src/plugins/prefetch-once';
import pluginRobots from './src/plugins/robots';
import pluginProbeReports, {
  type PluginOptions as ProbeReportsPluginOptions,
} from './src/plugins/probe-reports';
import pluginRecommendations, {
  type PluginOptions as RecommendationsPluginOptions,
} from './src/plugins/recommendations';
import remarkErrataNotices, {
  type Options as ErrataNoticesOptions,
} from './src/remark/errata-notices';
import remarkExampleRegions, {
  type Options as ExampleRegionsOptions,
} from './src/remark/example-regions';
import remarkMermaidImages, {
  type Options as MermaidImagesOptions,
} from './src/remark/mermaid-images';
import remarkRecommendationProps, {
  type Options as RecommendationPropsOptions,
} from './src/remark/recommendation-props';
import remarkScrollableTables from './src/remark/scrollable-tables';
import remarkServerRendered, {
  type Options as ServerRenderedOptions,
} from './src/remark/server-rendered';
import remarkHighlightedCode, {
  type Options as HighlightedCodeOptions,
} from './src/remark/highlighted-code';
import pluginPrismCss, {
  drawnAsPlain,
  type PluginOptions as PrismCssPluginOptions,
} from './src/plugins/prism-css';

// This file runs in Node.js only. Everything deployment-specific comes from src/config.ts.
const site = loadSiteConfig();
const repository = repositoryUrl(site.githubRepository);
const editUrl = `${repository}/edit/${site.defaultBranch}/`;

// Docs embed tested example code by region name; a missing file or region fails the build.
const exampleRegions = [
  remarkExampleRegions,
  {
    examplesDir: path.join(__dirname, 'examples'),
    fileUrl: (file) => `${repository}/blob/${site.defaultBranch}/${file}`,
  } satisfies ExampleRegionsOptions,
] as const;

// Mermaid diagrams as the images `npm run diagrams` drew (before Docusaurus's image plugin,
// which bundles them): no page downloads Mermaid.
const mermaidImages = [
  remarkMermaidImages,
  { siteDir: __dirname } satisfies MermaidImagesOptions,
] as const;

// Prism languages beyond prism-react-renderer's own, in the browser and at build.
const prismAdditionalLanguages = ['bash'];

// Code blocks highlighted at build into static HTML (after the examples are filled in): the
// browser neither tokenises nor hydrates their tokens; src/plugins/prism-css colours them, and
// says which tokens both colour schemes draw like plain text (those get no span of their own).
const highlightedCode = [
  remarkHighlightedCode,
  {
    additionalLanguages: prismAdditionalLanguages,
    drawnAsPlain: drawnAsPlain([lightCodeTheme, darkCodeTheme]),
  } satisfies HighlightedCodeOptions,
] as const;

// Static blocks adopted by the browser without hydrating them (last: it needs every other
// plugin's output). Claim renders plain text from its props.
const serverRendered = [
  remarkServerRendered,
  { staticComponents: ['Claim'] } satisfies ServerRenderedOptions,
] as const;

const config: Config = {
  title: 'PKCS #11 and fork()',
  tagline:
    'A tested revision of Usage Guide §2.5.2, the C patterns that prove it, and the errata tracker',
  favicon: 'img/favicon.svg',

  // The Rspack/SWC build and the other Docusaurus v4 defaults.
  future: { v4: true },

  url: site.url,
  baseUrl: site.baseUrl,
  organizationName: site.githubRepository.owner,
  projectName: site.githubRepository.name,
  trailingSlash: undefined,

  // Strict: a link, anchor or Markdown link that points nowhere fails the build.
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',
  markdown: {
    // .md files are CommonMark (no JSX, classic `{#id}` heading ids); only .mdx files are MDX.
    format: 'detect',
    hooks: {
      onBrokenMarkdownLinks: 'throw',
      onBrokenMarkdownImages: 'throw',
    },
  },

  i18n: { defaultLocale: 'en', locales: ['en'] },

  presets: [
    [
      'classic',
      {
        // One docs instance at the site root: docs/guide/** is served under /guide/, and
        // docs/usage-guide.md under /usage-guide/ (ARCHITECTURE.md, information architecture).
        docs: {
          path: 'docs',
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
          editUrl,
          showLastUpdateTime: true,
          beforeDefaultRemarkPlugins: [mermaidImages],
          remarkPlugins: [
            exampleRegions,
            // Each erratum's notice under the heading its anchor names.
            [remarkErrataNotices, { siteDir: __dirname } satisfies ErrataNoticesOptions],
            // Each <Recommendation /> and <Claim /> gets the registry data it shows.
            [
              remarkRecommendationProps,
              {
                siteDir: __dirname,
                fileUrl: `${repository}/blob/${site.defaultBranch}/`,
              } satisfies RecommendationPropsOptions,
            ],
            remarkScrollableTables,
            highlightedCode,
            serverRendered,
          ],
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
        sitemap: { lastmod: 'date', changefreq: null, priority: null },
      } satisfies Preset.Options,
    ],
  ],

  plugins: [
    [
      // The recommendation registry: traceability check and downloads.
      pluginRecommendations as PluginModule,
      {
        publishedUrl: publishedSiteUrl(site),
      } satisfies RecommendationsPluginOptions,
    ],
    // robots.txt beside the sitemap.
    pluginRobots,
    // Docusaurus's prefetching, each file once.
    pluginPrefetchOnce,
    [
      // The Prism themes as class rules for both colour schemes (code highlighted at build).
      pluginPrismCss as PluginModule,
      { light: lightCodeTheme, dark: darkCodeTheme } satisfies PrismCssPluginOptions,
    ],
    // The PDF's manifest says "no PDF" until the PDF step replaces it.
    pluginPdfManifest,
    [
      // The example results as the module behaviour page shows them (a generated module).
      pluginExampleResults as PluginModule,
      {},
    ],
    [
      // The fork probe's published reports, validated, for the module behaviour page.
      pluginProbeReports as PluginModule,
      {
        fileUrl: `${repository}/blob/${site.defaultBranch}/`,
      } satisfies ProbeReportsPluginOptions,
    ],
    [
      // Docusaurus types a plugin module's content as unknown; this one types its own inside.
      pluginErrata as PluginModule,
      { origin: site.url } satisfies ErrataPluginOptions,
    ],
    [
      // Demo records of every status and one of hostile strings, for the browser tests.
      pluginErrata as PluginModule,
      {
        id: 'dogfood',
        origin: site.url,
        errataDir: 'dogfood/errata',
        routeBasePath: 'dogfood/errata',
        noIndex: true,
        feeds: false,
      } satisfies ErrataPluginOptions,
    ],
    [
      '@docusaurus/plugin-content-docs',
      {
        // Edge-case pages for the browser tests; kept out of search engines (src/theme/DocRoot).
        id: 'dogfood',
        path: 'dogfood',
        routeBasePath: 'dogfood',
        sidebarPath: './sidebars.dogfood.ts',
        editUrl,
        beforeDefaultRemarkPlugins: [mermaidImages],
        remarkPlugins: [exampleRegions, remarkScrollableTables, highlightedCode, serverRendered],
      } satisfies DocsOptions,
    ],
  ],

  themes: [
    [
      '@easyops-cn/docusaurus-search-local',
      {
        // The index is built at build time and served as a static file: search works offline.
        hashed: true,
        indexBlog: false,
        indexPages: true,
        docsRouteBasePath: '/',
        ignoreFiles: [/^dogfood\//],
        highlightSearchTermsOnTargetPage: false,
        explicitSearchResultPath: true,
      } satisfies SearchOptions,
    ],
  ],

  themeConfig: {
    // The Open Graph / Twitter card image (static/img/social-card.svg, npm run social-card).
    image: 'img/social-card.png',
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: 'PKCS #11 and fork()',
      logo: { alt: '', src: 'img/logo.svg' },
      items: [
        { type: 'docSidebar', sidebarId: 'guide', position: 'left', label: 'Revised §2.5.2' },
        { to: '/usage-guide', label: 'Usage Guide §2', position: 'left' },
        { to: '/errata', label: 'Errata', position: 'left' },
        // Rendered after the Docusaurus build (scripts/pdf.ts); pathname:// leaves it to the server.
        { to: 'pathname:///pkcs11-fork-guide.pdf', label: 'PDF', position: 'right' },
        { href: repository, label: 'GitHub', position: 'right' },
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {
          title: 'This project',
          items: [
            { label: 'Revised §2.5.2', to: '/guide/' },
            { label: 'Usage Guide §2 outline', to: '/usage-guide' },
            { label: 'Errata', to: '/errata' },
            { label: 'Source on GitHub', href: repository },
          ],
        },
        {
          title: 'OASIS PKCS 11 TC',
          items: [
            {
              label: 'Usage Guide v3.2',
              href: oasisDocument('ug-3.2-cn01').htmlUrl,
            },
            {
              label: 'Usage Guide v2.40',
              href: oasisDocument('ug-2.40-cn02').htmlUrl,
            },
            {
              label: 'Comment list archive',
              href: `${site.oasisArchiveRoot}pkcs11-comment/`,
            },
          ],
        },
      ],
      copyright: `Code under Apache-2.0, prose under CC BY 4.0. Not an OASIS publication. Comments to the TC go to ${COMMENT_LIST_ADDRESS}.`,
    },
    prism: {
      theme: lightCodeTheme,
      darkTheme: darkCodeTheme,
      additionalLanguages: prismAdditionalLanguages,
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
