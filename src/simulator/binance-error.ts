/**
 * An error the fake exchange answers the way Binance does: an HTTP status and the body
 * `{"code": <negative int>, "msg": "..."}`. Handlers throw it; the HTTP layer turns it into the answer.
 */
export class BinanceError extends Error {
  constructor(readonly status: number, readonly code: number, readonly msg: string) {
    super(`${status} ${code}: ${msg}`);
    this.name = 'BinanceError';
  }

  body(): { code: number; msg: string } {
    return { code: this.code, msg: this.msg };
  }
}

/** -1102, worded as Binance words it. */
export function missingParam(name: string): BinanceError {
  return new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
}

/** -1100, naming the legal pattern like Binance's message does. */
export function illegalChars(name: string, legalPattern: string): BinanceError {
  return new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '${legalPattern}'.`);
}

export const invalidSymbol = (): BinanceError => new BinanceError(400, -1121, 'Invalid symbol.');

/** -2011 "Unknown order sent.": what a cancel answers for an order that is not there (or not open). */
export const unknownOrder = (): BinanceError => new BinanceError(400, -2011, 'Unknown order sent.');
