/**
 * npm run social-card: renders static/img/social-card.svg (the Open Graph image's source) to the
 * 1200 × 630 PNG that link previews fetch (src/lib/social-card.ts). Run it after editing the SVG.
 */
import { EXIT_OK, runCli } from '../src/lib/cli';
import { renderSocialCard, SOCIAL_CARD_IMAGE, SOCIAL_CARD_SOURCE } from '../src/lib/social-card';

const HELP = `Usage: npm run social-card

Renders ${SOCIAL_CARD_SOURCE} to ${SOCIAL_CARD_IMAGE} (1200 × 630), the site's Open Graph image.
`;

runCli(HELP, async () => {
  await renderSocialCard();
  process.stdout.write(`wrote ${SOCIAL_CARD_IMAGE}\n`);
  return EXIT_OK;
});
