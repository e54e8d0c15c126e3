// Child process entry: runs the WDIO Launcher with wdio.conf.ts on the batch named by CENSORWATCH_BATCH.
import { resolve } from 'node:path';
import { Launcher } from '@wdio/cli';
import { PROJECT_ROOT } from '../src/config/settings.ts';

const launcher = new Launcher(resolve(PROJECT_ROOT, 'wdio.conf.ts'), {});
const code = await launcher.run();
process.exit(typeof code === 'number' ? code : 1);
