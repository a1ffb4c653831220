/** The contract's bounds of candle requests ("Default limits"): the one place they are written. */

/** The `limit` a candles field takes when none is given. */
export const defaultCandleLimit = 500;

/** Largest `limit` of one candles field. */
export const maxCandlesPerField = 50_000;

/** Largest number of candles one operation may ask for, over all its fields. */
export const maxCandlesPerOperation = 200_000;
