/**
 * Stands in for `undici` in the bundled command. cheerio's main entry imports it only for
 * `fromURL()`, which feedmill never calls; the real package is a fifth of the bundle, and
 * parsing it took ~45 ms of every start (docs/benchmarks.md). Anything that does reach for it
 * fails loudly instead of fetching with something else.
 */
function unavailable() {
  throw new Error("undici is not part of the feedmill bundle (cheerio's fromURL is not supported)");
}

export const Client = unavailable;
export const interceptors = { redirect: unavailable };
export const errors = { ResponseError: unavailable };
