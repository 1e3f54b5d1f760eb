import type Docker from 'dockerode';
import { benchColdStorms, STORM_ENV } from '../lib/cold-storms.js';
import { addRow } from './report.js';
import type { RuntimeImages } from './setup.js';
import { log, SERVER, SMOKE } from './settings.js';

/** Cold-start storms (issue 16 item 5): reactive stem pools, before and after a storm. */
export async function benchStorms(docker: Docker, images: RuntimeImages) {
  log('cold-start storms (fresh servers; the engine alone first)');
  const storms = await benchColdStorms(docker, images.PYTHON, SERVER, SMOKE ? { burst: 4, sweep: 6 } : { burst: 32, sweep: 60 });
  const stormNote = `FNBOX_STEM_CELLS_MAX=${STORM_ENV.FNBOX_STEM_CELLS_MAX}, FNBOX_STEM_MEMORY_BUDGET_MB=${STORM_ENV.FNBOX_STEM_MEMORY_BUDGET_MB}`;
  addRow({ section: 'cold-start storms', name: `engine: ${storms.burst.n} hardened containers created and started at once`, value: storms.engineCreatesPerSecond, unit: '/s', note: 'containers per second; bounds any first call without a stem cell' });
  addRow({ section: 'cold-start storms', name: `burst of ${storms.burst.n} first calls, fresh pool`, value: storms.burst.beforeMs, unit: 'ms', note: `wall time; ${storms.burst.beforeStem} cells ready` });
  addRow({ section: 'cold-start storms', name: `burst of ${storms.burst.n} first calls, pool has seen one`, value: storms.burst.afterMs, unit: 'ms', floor: 'fresh pool', floorValue: storms.burst.beforeMs, note: `wall time; ${storms.burst.afterStem} cells ready; ${stormNote}` });
  for (const [when, s] of [['fresh pool', storms.sweep.before], ['pool has seen one', storms.sweep.after]] as const) {
    addRow({ section: 'cold-start storms', name: `sweep of ${storms.sweep.n} new functions, ${when}, p50`, value: s.p50, unit: 'ms', note: `one after another; ${s.stems} cells ready` });
    addRow({ section: 'cold-start storms', name: `sweep of ${storms.sweep.n} new functions, ${when}, p90`, value: s.p90, unit: 'ms' });
  }
  return storms;
}
