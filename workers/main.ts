import { exitOnStartFailure, startWorkerProcess } from './start-worker.js';

startWorkerProcess().catch(exitOnStartFailure);
