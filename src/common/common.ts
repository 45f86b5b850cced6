import type { Config } from '../config/config.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/** The dependency bag every service factory receives (no singletons). */
export interface Common {
  config: Config;
  logger: Logger;
  metrics: Metrics;
}
