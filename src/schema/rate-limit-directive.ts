/**
 * The @rateLimit directive's definition, declared in the schema so that the printed schema (and so
 * codegen users) see each field's budget. It is printed from each field's policy (field-policy-plugin.ts).
 */
import { DirectiveLocation, GraphQLDirective, GraphQLInt, GraphQLNonNull, GraphQLString } from 'graphql';

export const rateLimitDirective = new GraphQLDirective({
  name: 'rateLimit',
  description: 'At most `max` calls of this field per `window` (e.g. "1m", "10s") per API key.',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: {
    max: { type: new GraphQLNonNull(GraphQLInt) },
    window: { type: new GraphQLNonNull(GraphQLString) },
  },
});
