import { lstm } from '../../src/models/lstm.ts';
import { runBench } from './bench-harness.ts';

runBench(lstm);
