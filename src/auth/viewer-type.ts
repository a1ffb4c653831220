/** The Viewer type and Query.viewer: who is calling, with which scopes. */
import { builder } from '../schema/builder.js';
import type { Viewer } from '../server/context.js';

export const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The API key making the request.',
  fields: (t) => ({
    id: t.exposeString('id'),
    scopes: t.exposeStringList('scopes'),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    // Any valid key may ask who it is; the auth plugin has already refused requests without one.
    resolve: (_root, _args, context) => {
      if (!context.viewer) throw new Error('viewer missing from an authenticated context');
      return context.viewer;
    },
  }),
);
