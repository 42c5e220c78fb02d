import { randomForest } from '../../src/models/random-forest.ts';
import { runBench } from '../lstm/bench-harness.ts';

runBench(randomForest);
