import { expose } from 'comlink';
import { createTrainService } from '../src/compute/trainService';

expose(createTrainService());
