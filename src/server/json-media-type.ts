/**
 * The JSON media type Yoga would answer a query with, from the Accept header, or undefined when
 * Yoga would pick another (or none). As Yoga does: a missing header means any type, only utf-8
 * charsets count, the first acceptable range in the header wins, and a wildcard means application/json.
 */
export function jsonMediaType(accept: string | undefined): string | undefined {
  for (const range of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type, ...params] = range.split(';');
    const charset = params.find((param) => param.startsWith('charset='));
    if (!type || (charset !== undefined && charset !== 'charset=utf-8')) continue;
    if (type === 'application/graphql-response+json') return type;
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'application/json';
  }
  return undefined;
}
