/**
 * Which activity a trace event's time counts as (script evaluation, style recalculation, …), by
 * the event's name.
 */

/**
 * Activity groups by trace event name. The groups and most names are Lighthouse's
 * (core/lib/tracehouse/task-groups.js, Lighthouse 12); image decoding is split out of its
 * "Other" because the guide pages carry images.
 */
export const ACTIVITY_GROUPS = {
  scriptEvaluation: {
    label: 'Script evaluation',
    names: [
      'EventDispatch',
      'EvaluateScript',
      'v8.evaluateModule',
      'FunctionCall',
      'TimerFire',
      'FireIdleCallback',
      'FireAnimationFrame',
      'RunMicrotasks',
      'V8.Execute',
    ],
  },
  scriptParseCompile: {
    label: 'Script parsing & compilation',
    names: ['v8.compile', 'v8.compileModule', 'v8.parseOnBackground'],
  },
  parseHTML: { label: 'Parse HTML & CSS', names: ['ParseHTML', 'ParseAuthorStyleSheet'] },
  styleRecalc: {
    label: 'Style recalculation',
    names: ['ScheduleStyleRecalculation', 'UpdateLayoutTree', 'RecalculateStyles'],
  },
  layout: { label: 'Layout', names: ['InvalidateLayout', 'Layout'] },
  paint: {
    label: 'Paint & compositing',
    names: [
      'Animation',
      'HitTest',
      'PaintSetup',
      'Paint',
      'PaintImage',
      'RasterTask',
      'ScrollLayer',
      'UpdateLayer',
      'UpdateLayerTree',
      'CompositeLayers',
      'PrePaint',
      'Layerize',
      'Commit',
    ],
  },
  imageDecode: {
    label: 'Image decoding',
    names: ['Decode Image', 'ImageDecodeTask', 'Decode LazyPixelRef', 'Resize Image'],
  },
  garbageCollection: {
    label: 'Garbage collection',
    names: [
      'MinorGC',
      'MajorGC',
      'BlinkGC.AtomicPhase',
      'ThreadState::performIdleLazySweep',
      'ThreadState::completeSweep',
      'BlinkGCMarking',
    ],
  },
  other: { label: 'Other', names: [] as string[] },
} as const;

export type ActivityGroup = keyof typeof ACTIVITY_GROUPS;

/** The group of each event name the groups list. */
export const GROUP_OF_NAME = new Map<string, ActivityGroup>(
  (Object.keys(ACTIVITY_GROUPS) as ActivityGroup[]).flatMap((group) =>
    ACTIVITY_GROUPS[group].names.map((name) => [name, group] as const),
  ),
);
