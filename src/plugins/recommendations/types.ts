/** What the recommendations plugin gives the pages (global data); the components read it. */
import type { Audience } from '../../lib/recommendations/schema';

export interface MeasuredClaim {
  id: string;
  text: string;
  pattern: string;
  variant: string;
  module: string;
  holds: boolean;
  measured: string;
  moduleVersion: string;
}

export interface RecommendationView {
  id: string;
  audience: Audience;
  title: string;
  statement: string;
  reason: string;
  since: '2.40' | '3.0';
  examples: { name: string; url: string }[];
  claims: MeasuredClaim[];
}

export interface RecommendationsData {
  recommendations: RecommendationView[];
  /** When examples/results.json was generated. */
  generated: string;
}
