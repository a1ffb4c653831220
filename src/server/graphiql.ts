/** What GraphiQL opens with: a working example and the X-API-Key header ready to fill. */

export const exampleQuery = `# Candles, markets and who you are. Put your key in the Headers tab below.
query Candles {
  viewer { id scopes }
  market(symbol: "BTCUSDT") { symbol baseAsset quoteAsset status }
  ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 5) {
    openTime open high low close volume closed
  }
}
`;

export function graphiqlOptions(devApiKey: string | undefined) {
  return {
    title: 'Trading gateway',
    defaultQuery: exampleQuery,
    headers: JSON.stringify({ 'X-API-Key': devApiKey ?? '<your key>' }, null, 2),
    shouldPersistHeaders: false,
    subscriptionsProtocol: 'WS' as const,
  };
}
