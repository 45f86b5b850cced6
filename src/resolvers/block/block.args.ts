import { ArgsType } from 'type-graphql';
import { ChainPageArgs } from '../common/chainPageArgs.js';

@ArgsType()
export class BlocksArgs extends ChainPageArgs {}
