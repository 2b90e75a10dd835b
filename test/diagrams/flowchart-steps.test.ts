import { describe, expect, test } from 'vitest';
import { flowchartSteps } from '../../src/lib/diagrams/flowchart-steps';

const CHART = `flowchart TD
  accTitle: A small chart
  start([Something happens]) --> q1{First question?}
  q1 -- yes --> done["It ends here.<br/>R-ONE"]
  q1 -- "no, or not sure" --> q2{Second question?}
  q2 -->|yes| other[Another end]
  q2 --> q1
`;

describe('flowchartSteps', () => {
  test('numbers the questions in order of appearance and follows each answer', () => {
    expect(flowchartSteps(CHART)).toEqual({
      start: 'Something happens',
      steps: [
        {
          number: 1,
          question: 'First question?',
          answers: [
            { label: 'yes', next: { outcome: ['It ends here.', 'R-ONE'] } },
            { label: 'no, or not sure', next: { step: 2 } },
          ],
        },
        {
          number: 2,
          question: 'Second question?',
          answers: [
            { label: 'yes', next: { outcome: ['Another end'] } },
            { label: 'then', next: { step: 1 } },
          ],
        },
      ],
    });
  });

  test('gives up on what it does not read, so the page keeps the drawing alone', () => {
    expect(flowchartSteps('sequenceDiagram\n  a->>b: hi\n')).toBeUndefined();
    expect(flowchartSteps('flowchart LR\n  a{q?} --> b\n')).toBeUndefined();
    expect(flowchartSteps('flowchart TD\n  subgraph x\n  a{q?} --> b\n  end\n')).toBeUndefined();
    expect(flowchartSteps('flowchart TD\n  a[no question] --> b[at all]\n')).toBeUndefined();
  });
});
