// Exact Poisson limits for counts of signals, as in funnel plots (Spiegelhalter, "Funnel plots for comparing
// institutional performance", Statistics in Medicine 2005, appendix A.1.2).

/** P(X <= k) for X ~ Poisson(mean), summed in log space so large means do not underflow. */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean <= 0) return 1;
  let logTerm = -mean; // log P(X = 0)
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(mean) - Math.log(i);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/**
 * The one-sided upper limit of a count whose expectation is `mean`, at probability `p` (0.998 for 99.8 %): the
 * p-quantile of the Poisson distribution, interpolated between whole counts so that the limit moves smoothly with the
 * expectation (a count above it is unlikely, at most 1 - p, if the expectation were right). Never below 0.
 */
export function poissonUpperLimit(mean: number, p: number): number {
  if (mean <= 0) return 0;
  let r = 0;
  let logTerm = -mean;
  let cdf = Math.exp(logTerm);
  let prev = 0;
  // A quantile lies within a few standard deviations of the mean; the loop ends long before this bound.
  const bound = Math.ceil(mean + 20 * Math.sqrt(mean) + 50);
  while (cdf < p && r < bound) {
    r++;
    logTerm += Math.log(mean) - Math.log(r);
    prev = cdf;
    cdf += Math.exp(logTerm);
  }
  const alpha = cdf === prev ? 0 : (Math.min(cdf, 1) - p) / (Math.min(cdf, 1) - prev);
  return Math.max(0, r - alpha);
}

const oneDecimal = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });

/** "0,6", "3,1": a figure as Dutch readers write it, with a decimal comma. */
export const dutchDecimal = (n: number): string => oneDecimal.format(n);
export const dutchCount = (n: number): string => whole.format(n);

/** Figures are kept with two decimals: enough for the explanation's one and the chart. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;
