import { prophet } from '../../src/models/prophet.ts';
import { runBench } from '../lstm/bench-harness.ts';

runBench(prophet);
