/** The main repository's labels: listed by name, created with a colour. */
import { labelJson } from '../json/issues';
import { created, validationFailed, type Route } from '../replies';
import type { FakeState } from '../state';
import { DEFAULT_LABEL_COLOR, type LabelRecord } from '../state/issues';
import { paginate } from './paginate';

export function labelRoutes(state: FakeState): Record<string, Route> {
  const { labels } = state.issues;
  return {
    'issues/list-labels-for-repo': (request) =>
      paginate(
        state,
        request,
        [...labels.values()]
          .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
          .map((label) => labelJson(state.shapes, label)),
      ),
    'issues/create-label': (request) => {
      const body = request.body as { name: string; color?: string; description?: string };
      if (labels.has(body.name.toLowerCase()))
        return validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
      const color = (body.color ?? DEFAULT_LABEL_COLOR).replace(/^#/, '');
      if (!/^[0-9a-fA-F]{6}$/.test(color))
        return validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
      const label: LabelRecord = {
        id: state.counters.nextId++,
        name: body.name,
        color: color.toLowerCase(),
        description: body.description ?? null,
      };
      labels.set(label.name.toLowerCase(), label);
      return created(labelJson(state.shapes, label));
    },
  };
}
