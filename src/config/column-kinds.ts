// Kept free of imports: `zwgk --help` lists these without loading the config schema (zod).

export const CATEGORIES = [
  'homepage', 'news', 'notice', 'policy', 'plan', 'personnel', 'finance', 'key-area',
  'annual-report', 'guide', 'static',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SHAPES = ['S1', 'S2', 'S3', 'S5', 'S6', 'S7', 'browser'] as const;
export type ShapeId = (typeof SHAPES)[number];
