// Kept for existing importers: the pool math lives in `simulator/poolMath.ts`.
export { getAmountOut, scaleAmount } from '../simulator/poolMath.js';
