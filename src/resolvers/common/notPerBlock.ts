import type { MiddlewareFn } from 'type-graphql';
import type { BlockPoint } from './resolveBlockPoint.js';
import { dataNotAvailable } from './resolveBlockPoint.js';

/**
 * Field middleware for values not kept per block (rolling volumes, confidence...): on an object read at a block
 * (`atBlock` set) the field answers DATA_NOT_AVAILABLE instead of a current value passed off as a past one.
 */
export const NotPerBlock: MiddlewareFn = async ({ root, info }, next) => {
  const point = (root as { atBlock?: BlockPoint } | undefined)?.atBlock;
  if (point) throw dataNotAvailable(`${info.fieldName} is not kept per block: ask for it without block (read at block ${point.number} of chain ${point.chainId})`);
  return next();
};
