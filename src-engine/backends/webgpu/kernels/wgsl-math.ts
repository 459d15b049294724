import { f } from '../runtime';

/**
 * WGSL scalar functions the element-wise and loss kernels share, written so their float32 accuracy does not
 * depend on the GPU's built-ins near the points where those lose it: WGSL allows `log` an absolute error of
 * 2^-21 on [0.5, 2] (a large relative error near 1), `exp(x) − 1` and `1 + y` cancel for small x and y, and
 * WGSL has no erf. Each function is a few ulps of float32 on the whole range the kernels use.
 */

const series = (terms: number[], v: string): string =>
  terms.reduceRight((acc, c) => (acc ? `${f(c)} + ${v} * (${acc})` : f(c)), '');

/** Taylor coefficients 1/k! for k = 1…9, enough for |x| < 0.5 to float32 precision. */
const EXPM1 = [1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320, 1 / 362880];
/** log(1 + y) = 2·atanh(s), s = y / (2 + y): coefficients 1/(2k + 1) for |s| ≤ 1/3. */
const ATANH = [1, 1 / 3, 1 / 5, 1 / 7, 1 / 9, 1 / 11, 1 / 13, 1 / 15, 1 / 17];
/** Numerical Recipes' erfc (Chebyshev fit), fractional error below 1.2e-7 for every x. */
const ERFC = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223,
  0.17087277,
];

export const WGSL_MATH = `
fn expm1_(x: f32) -> f32 {
  if (abs(x) < 0.5) { return x * (${series(EXPM1, 'x')}); }
  return exp(x) - 1.0;
}
fn log1p_(y: f32) -> f32 {
  if (y < -0.5 || y > 1.0) { return log(1.0 + y); }
  let s = y / (2.0 + y);
  let s2 = s * s;
  return 2.0 * s * (${series(ATANH, 's2')});
}
fn ln_(x: f32) -> f32 {
  if (x >= 0.5 && x <= 2.0) { return log1p_(x - 1.0); }
  return log(x);
}
fn sigmoid_(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}
fn tanh_(x: f32) -> f32 {
  let e = expm1_(-2.0 * abs(x));
  return sign(x) * (-e / (2.0 + e));
}
fn softplus_(x: f32) -> f32 {
  if (x > 0.0) { return x + log1p_(exp(-x)); }
  return log1p_(exp(x));
}
fn erfc_(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z + ${series(ERFC, 't')});
  return select(2.0 - r, r, x >= 0.0);
}
`;
