export { plainPage, type PlainPage } from './convert';
export { loadGuideData, type GuideData } from './data';
export { buildPlainSite, createPlainSite, guideSourceFiles, writePlainGuide } from './site';
export { plainPathOf } from './paths';
